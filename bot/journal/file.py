"""The journal's file: an append-only sequence of records, each synced to disk before it counts.

Layout: a header page, then frames. The header holds a magic string, the generation and
the offset of the first record not yet handled ("done"). A frame is its length, a CRC-32
of (generation, payload), the generation and the payload. Reading stops at the first frame
that does not check out: a frame torn by a crash in mid-write, the zeros of space never
written, or a frame of an earlier generation. So emptying the journal costs one header
write (the generation moves on and every old frame stops counting), never a scrub.

The whole size is reserved on disk when the file is opened (posix_fallocate), so a disk
that fills up later cannot take the journal's space: the journal is where messages go
precisely when the database's disk is full, and it may well share that disk.

Handled records are marked by moving "done" without a sync: after a power cut a few
handled records may be read again, and replaying them is harmless (the inbound log's
unique key finds them). One process at a time: the file is locked (flock) while open.
"""

from __future__ import annotations

import asyncio
import errno
import fcntl
import logging
import os
import struct
import zlib
from collections import deque
from dataclasses import dataclass
from pathlib import Path

logger = logging.getLogger(__name__)

MAGIC = b"GBJRNL01"
_HEADER = struct.Struct("<8sQQI")  # magic, generation, done offset, CRC-32 of the rest
HEADER_SIZE = 4096  # the header alone in the first page: rewritten in one sector
_FRAME = struct.Struct("<IIQ")  # payload length, CRC-32 of generation + payload, generation
MIN_SIZE = HEADER_SIZE + 64 * 1024
WARN_AT = (0.5, 0.8, 0.95)  # fill levels logged once each as the journal fills


class JournalError(Exception):
    """The journal cannot be used (locked by another process, no room on disk to reserve)."""


class JournalFull(JournalError):
    """The record does not fit in what is left of the journal's size."""


@dataclass(frozen=True, slots=True)
class Record:
    offset: int
    end: int  # where the next frame starts
    payload: bytes


class JournalFile:
    """Open with `JournalFile.open(path, size)`; `close()` when done."""

    def __init__(self, path: Path, fd: int, size: int) -> None:
        self.path = path
        self.size = size
        self._fd = fd
        self._generation = 1
        self._done = HEADER_SIZE
        self._end = HEADER_SIZE
        self._pending: deque[Record] = deque()
        self._synced_to = HEADER_SIZE
        self._sync: asyncio.Task[None] | None = None
        self._warned = 0  # how many of WARN_AT have been logged since the journal was empty

    @classmethod
    def open(cls, path: Path, size: int) -> JournalFile:
        """Open (creating it, with its directory) and lock the journal, reserve `size` bytes
        on disk, and read the records not yet handled."""
        if size < MIN_SIZE:
            raise JournalError(f"a journal needs at least {MIN_SIZE} bytes, not {size}")
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)  # message texts
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            raise JournalError(
                f"the journal {path} is in use by another process: give each process "
                "its own [journal] path"
            ) from None
        try:
            size = max(size, os.fstat(fd).st_size)
            os.posix_fallocate(fd, 0, size)
            journal = cls(path, fd, size)
            journal._load()
        except OSError as error:
            os.close(fd)
            if error.errno == errno.ENOSPC:
                raise JournalError(
                    f"cannot reserve {size} bytes for the journal {path}: the disk is full"
                ) from None
            raise JournalError(f"cannot open the journal {path}: {error}") from None
        return journal

    # -- what is in it ---------------------------------------------------------------------
    @property
    def pending(self) -> int:
        """Records written and not yet marked handled."""
        return len(self._pending)

    @property
    def used(self) -> int:
        """Bytes taken by records since the journal was last empty."""
        return self._end - HEADER_SIZE

    @property
    def capacity(self) -> int:
        return self.size - HEADER_SIZE

    def first(self) -> Record | None:
        return self._pending[0] if self._pending else None

    def records(self) -> list[Record]:
        """Every pending record, oldest first."""
        return list(self._pending)

    # -- writing ---------------------------------------------------------------------------
    async def append(self, payload: bytes) -> Record:
        """Write one record and return once it is on disk (syncs are shared by the appends
        waiting at the same time). JournalFull when it does not fit."""
        record = self.write(payload)
        await self.synced()
        return record

    def write(self, payload: bytes) -> Record:
        """Write one record, in order, without waiting for the disk (see `synced`)."""
        frame = _FRAME.pack(len(payload), _crc(self._generation, payload), self._generation)
        end = self._end + len(frame) + len(payload)
        if end > self.size:
            raise JournalFull(f"the journal {self.path} is full ({self.capacity} bytes of records)")
        os.pwrite(self._fd, frame + payload, self._end)
        record = Record(self._end, end, payload)
        self._end = end
        self._pending.append(record)
        self._warn_as_it_fills()
        return record

    async def synced(self) -> None:
        """Wait until everything written so far is on disk."""
        while self._synced_to < self._end:
            if self._sync is None:
                self._sync = asyncio.ensure_future(self._flush())
            await asyncio.shield(self._sync)

    async def _flush(self) -> None:
        target = self._end
        try:
            await asyncio.to_thread(os.fdatasync, self._fd)
            self._synced_to = max(self._synced_to, target)
        finally:
            self._sync = None

    def mark_handled(self, record: Record) -> None:
        """The oldest pending record was handled: it is not read again (after a restart
        either). When none is left the journal starts over, its space free again."""
        if not self._pending or self._pending[0] != record:
            raise ValueError("records are marked handled in the order they were written")
        self._pending.popleft()
        if self._pending:
            self._done = record.end
            self._write_header(sync=False)
            return
        self._generation += 1
        self._done = self._end = self._synced_to = HEADER_SIZE
        self._write_header(sync=True)  # old frames must not count again after a crash
        self._warned = 0

    def close(self) -> None:
        if self._fd >= 0:
            os.close(self._fd)  # releases the lock
            self._fd = -1

    # -- reading it back -------------------------------------------------------------------
    def _load(self) -> None:
        header = os.pread(self._fd, _HEADER.size, 0)
        magic, generation, done, crc = _HEADER.unpack(header.ljust(_HEADER.size, b"\0"))
        if magic == MAGIC and crc == zlib.crc32(header[: _HEADER.size - 4]):
            self._generation, self._done = generation, max(done, HEADER_SIZE)
        elif magic != b"\0" * len(MAGIC):
            # A torn header: read every frame of the first frame's generation. Records
            # handled before are read again; the inbound log finds them.
            logger.warning("the journal %s had a damaged header; reading it all again", self.path)
            self._generation, self._done = self._first_generation(), HEADER_SIZE
        else:  # a new file
            self._write_header(sync=True)
        self._end = self._done
        for record in self._frames(self._done):
            self._pending.append(record)
            self._end = record.end
        self._synced_to = self._end
        if self._pending:
            logger.warning(
                "the journal %s holds %d message(s) not yet handled; they are handled first",
                self.path,
                len(self._pending),
            )
        elif self._done != HEADER_SIZE:
            self._generation += 1
            self._done = self._end = self._synced_to = HEADER_SIZE
            self._write_header(sync=True)

    def _frames(self, offset: int) -> list[Record]:
        records = []
        while offset + _FRAME.size <= self.size:
            length, crc, generation = _FRAME.unpack(os.pread(self._fd, _FRAME.size, offset))
            start, end = offset + _FRAME.size, offset + _FRAME.size + length
            if length == 0 or generation != self._generation or end > self.size:
                break
            payload = os.pread(self._fd, length, start)
            if _crc(generation, payload) != crc:
                break  # torn by a crash in mid-write: it was never acknowledged
            records.append(Record(offset, end, payload))
            offset = end
        return records

    def _first_generation(self) -> int:
        _length, _crc_value, generation = _FRAME.unpack(
            os.pread(self._fd, _FRAME.size, HEADER_SIZE)
        )
        return int(generation) or 1

    def _write_header(self, *, sync: bool) -> None:
        body = struct.pack("<8sQQ", MAGIC, self._generation, self._done)
        os.pwrite(self._fd, body + struct.pack("<I", zlib.crc32(body)), 0)
        if sync:
            os.fdatasync(self._fd)

    def _warn_as_it_fills(self) -> None:
        fill = self.used / self.capacity
        while self._warned < len(WARN_AT) and fill >= WARN_AT[self._warned]:
            logger.warning(
                "the journal %s is %d%% full (%d messages waiting for the database); "
                "when it is full, new messages are refused",
                self.path,
                round(WARN_AT[self._warned] * 100),
                len(self._pending),
            )
            self._warned += 1


def _crc(generation: int, payload: bytes) -> int:
    return zlib.crc32(payload, zlib.crc32(struct.pack("<Q", generation)))
