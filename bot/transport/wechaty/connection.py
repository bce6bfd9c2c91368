"""One puppet-service connection kept alive: connect, notice login, logout and a dropped
stream, log each clearly, reconnect with backoff.

The Wechaty library's own start() swallows these failures (prints, or sleeps 60 s and
retries), so this class drives the puppet-service client itself. It takes the client as
a factory, so that only bot/transport/wechaty/transport.py imports the wechaty packages.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable, Mapping
from typing import Any

from bot.transport.wechaty.mapping import describe

logger = logging.getLogger(__name__)

Listener = Callable[[Any], None]


class PuppetConnection:
    def __init__(
        self,
        *,
        endpoint: str,
        connect: Callable[[], Any],
        listeners: Mapping[str, Listener],
        retry_initial: float,
        retry_max: float,
        on_scan: Callable[[int, str], None] = lambda status, qrcode: None,
    ) -> None:
        host, _, port = endpoint.rpartition(":")
        if not host or not port.isdigit():
            raise ValueError(f"the puppet service endpoint must be host:port, not {endpoint!r}")
        self.endpoint = endpoint
        self._address = (host, int(port))
        self._connect = connect
        self._listeners = listeners
        self._retry = (retry_initial, retry_max)
        self._on_scan = on_scan
        self.problem = "no answer yet"  # why we are not logged in, for error messages
        self.puppet: Any = None  # the client while connected
        self.scan_pending = False  # the service waits for the account's QR code scan
        self._logged_in = asyncio.Event()
        self._logged_out = asyncio.Event()
        self._logged_out.set()
        self._changed = asyncio.Event()  # set (and replaced) at each change of the above

    @property
    def logged_in(self) -> bool:
        return self._logged_in.is_set()

    async def wait_until(self, *, logged_in: bool) -> None:
        await (self._logged_in if logged_in else self._logged_out).wait()

    async def next_change(self) -> None:
        """Wait for a login, a logout, a scan request or a lost connection."""
        await self._changed.wait()

    async def run(self) -> None:
        """Stay connected until cancelled."""
        delay = self._retry[0]
        while True:
            try:
                await self._session(time.monotonic())
                self.problem = "the puppet service ended the event stream"
            except Exception as error:
                self.problem = describe(error)
            was_logged_in = self.logged_in
            self.close()
            if was_logged_in:
                delay = self._retry[0]
                logger.error(
                    "lost the Wechaty puppet service at %s: %s; reconnecting in %g s",
                    *(self.endpoint, self.problem, delay),
                )
            else:
                logger.warning(
                    "cannot connect to the Wechaty puppet service at %s: %s; retrying in %g s",
                    *(self.endpoint, self.problem, delay),
                )
            await asyncio.sleep(delay)
            delay = min(delay * 2, self._retry[1])

    def close(self) -> None:
        self._set_logged_in(False)
        self.scan_pending = False
        self._change()
        puppet, self.puppet = self.puppet, None
        if puppet is not None and puppet.channel is not None:
            puppet.channel.close()

    async def _session(self, started: float) -> None:
        # The client checks the endpoint with a blocking 3 s telnet; a quick async probe
        # first keeps the event loop free while the service is down.
        async with asyncio.timeout(3):
            _, writer = await asyncio.open_connection(*self._address)
        writer.close()
        await writer.wait_closed()
        puppet = self._connect()
        puppet.on("login", lambda payload: self._login(payload, started))
        puppet.on("logout", self._logout)
        puppet.on("scan", self._scan)
        for event, listener in self._listeners.items():
            puppet.on(event, listener)
        self.puppet = puppet
        self.problem = "connected, but no WeChat account logged in"
        await puppet.start()  # returns (or raises) when the event stream ends

    def _login(self, payload: Any, started: float) -> None:
        self._set_logged_in(True)
        elapsed_ms = (time.monotonic() - started) * 1000
        logger.info("logged in to WeChat as %s (%.0f ms)", payload.contact_id, elapsed_ms)

    def _logout(self, payload: Any) -> None:
        self._set_logged_in(False)
        self.problem = "the WeChat account logged out"
        logger.error("the WeChat account %s logged out", payload.contact_id)

    def _scan(self, payload: Any) -> None:
        self.problem = "the puppet service waits for a QR code scan"
        if not self.logged_in:
            self.scan_pending = True
            self._change()
        status = getattr(payload.status, "value", payload.status)
        self._on_scan(int(status or 0), payload.qrcode or "")

    def _set_logged_in(self, logged_in: bool) -> None:
        (self._logged_in if logged_in else self._logged_out).set()
        (self._logged_out if logged_in else self._logged_in).clear()
        if logged_in:
            self.scan_pending = False
        self._change()

    def _change(self) -> None:
        changed, self._changed = self._changed, asyncio.Event()
        changed.set()
