"""Logging a WeChat account in: the QR code the puppet service asks to be scanned, drawn in
the terminal and saved as an image, and what the operator is told while the scan waits."""

from __future__ import annotations

import logging
import sys
from pathlib import Path
from typing import TextIO

import segno

logger = logging.getLogger(__name__)

# The puppet service's scan statuses (wechaty-puppet's ScanStatus).
SCAN_CANCEL, SCAN_WAITING, SCAN_SCANNED, SCAN_CONFIRMED, SCAN_TIMEOUT = 1, 2, 3, 4, 5


class LoginQr:
    """Shows each new login code once: in the terminal (`out`) and as a PNG at `path`."""

    def __init__(self, path: Path, out: TextIO | None = None) -> None:
        self.path = path
        self._out = out
        self._shown = ""

    def scan(self, status: int, qrcode: str) -> None:
        if status == SCAN_SCANNED:
            logger.warning("WeChat login: the QR code was scanned; confirm the login on the phone")
        elif status in (SCAN_CANCEL, SCAN_TIMEOUT):
            logger.warning("WeChat login: the QR code was cancelled or expired; a new one follows")
        elif qrcode and qrcode != self._shown:
            self._show(qrcode)

    def remind(self) -> None:
        logger.warning(
            "WeChat login: still waiting for the QR code to be scanned with the bot account's "
            "phone (the code is drawn above and saved at %s)",
            self.path,
        )

    def _show(self, qrcode: str) -> None:
        code = segno.make(qrcode, error="m", micro=False)
        out = self._out or sys.stderr
        code.terminal(out=out, compact=True)
        out.flush()
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            code.save(str(self.path), scale=8, border=4)
            saved = f"saved at {self.path}"
        except OSError as error:
            saved = f"not saved: cannot write {self.path}: {error.strerror}"
        self._shown = qrcode
        logger.warning(
            "WeChat login: scan the QR code above with the bot account's phone (%s); "
            "waiting for the scan",
            saved,
        )
