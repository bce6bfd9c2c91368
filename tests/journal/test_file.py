"""The journal file: records survive a reopen (a crash), in order; handled ones do not come
back; a torn last record is ignored; the size is a bound, with warnings as it fills."""

from __future__ import annotations

import logging
import os
from pathlib import Path

import pytest

from bot.journal.file import HEADER_SIZE, MIN_SIZE, JournalError, JournalFile, JournalFull
from tests.small_disk import SmallDisk

SIZE = MIN_SIZE


def overwrite(path: Path, offset: int, data: bytes) -> None:
    with open(path, "r+b") as file:
        file.seek(offset)
        file.write(data)


def payloads(journal: JournalFile) -> list[bytes]:
    found = []
    while (record := journal.first()) is not None:
        found.append(record.payload)
        journal.mark_handled(record)
    return found


async def test_records_written_are_read_back_in_order_after_a_reopen(tmp_path: Path) -> None:
    path = tmp_path / "j" / "inbound.journal"
    journal = JournalFile.open(path, SIZE)
    for n in range(5):
        await journal.append(f"message {n}".encode())
    journal.close()  # as a crash leaves it: nothing marked handled

    again = JournalFile.open(path, SIZE)

    assert again.pending == 5
    assert payloads(again) == [f"message {n}".encode() for n in range(5)]


async def test_handled_records_are_not_read_again(tmp_path: Path) -> None:
    path = tmp_path / "inbound.journal"
    journal = JournalFile.open(path, SIZE)
    records = [await journal.append(f"m{n}".encode()) for n in range(4)]
    journal.mark_handled(records[0])
    journal.mark_handled(records[1])
    journal.close()

    again = JournalFile.open(path, SIZE)

    assert payloads(again) == [b"m2", b"m3"]


async def test_an_emptied_journal_starts_over_and_old_records_never_come_back(
    tmp_path: Path,
) -> None:
    path = tmp_path / "inbound.journal"
    journal = JournalFile.open(path, SIZE)
    for n in range(3):
        await journal.append(f"old {n}".encode())
    assert payloads(journal) == [b"old 0", b"old 1", b"old 2"]
    assert journal.used == 0  # the space is free again
    await journal.append(b"new")  # written where "old 0" was
    journal.close()

    again = JournalFile.open(path, SIZE)

    assert payloads(again) == [b"new"]


async def test_a_record_torn_by_a_crash_in_mid_write_is_ignored_and_overwritten(
    tmp_path: Path,
) -> None:
    path = tmp_path / "inbound.journal"
    journal = JournalFile.open(path, SIZE)
    await journal.append(b"whole")
    torn = await journal.append(b"torn in the middle of its write")
    journal.close()
    overwrite(path, torn.end - 5, b"\0" * 5)  # the last bytes never reached the disk

    again = JournalFile.open(path, SIZE)
    assert again.pending == 1
    await again.append(b"next")
    again.close()

    assert payloads(JournalFile.open(path, SIZE)) == [b"whole", b"next"]


async def test_a_damaged_header_reads_every_record_again(tmp_path: Path) -> None:
    path = tmp_path / "inbound.journal"
    journal = JournalFile.open(path, SIZE)
    first = await journal.append(b"handled")
    await journal.append(b"waiting")
    journal.mark_handled(first)
    journal.close()
    overwrite(path, 12, b"\xff\xff")

    again = JournalFile.open(path, SIZE)

    # Read again, the handled one too: the inbound log's key finds it (see test_intake).
    assert payloads(again) == [b"handled", b"waiting"]


async def test_the_whole_size_is_reserved_on_disk_when_opened(tmp_path: Path) -> None:
    path = tmp_path / "inbound.journal"
    JournalFile.open(path, SIZE).close()

    assert os.stat(path).st_blocks * 512 >= SIZE
    assert oct(os.stat(path).st_mode & 0o777) == "0o600"  # message texts: the owner only


async def test_a_full_journal_refuses_the_next_record_and_warns_as_it_fills(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    journal = JournalFile.open(tmp_path / "inbound.journal", SIZE)
    payload = b"x" * 1000
    with caplog.at_level(logging.WARNING, logger="bot.journal.file"), pytest.raises(JournalFull):
        for _ in range(SIZE):
            await journal.append(payload)
    written = journal.pending

    assert written == (SIZE - HEADER_SIZE) // (1000 + 16)
    warnings = [r.getMessage() for r in caplog.records]
    assert [w.split(" is ")[1].split(" full")[0] for w in warnings] == ["50%", "80%", "95%"]
    assert all("new messages are refused" in w for w in warnings)
    journal.mark_handled(journal.first())  # type: ignore[arg-type]
    with pytest.raises(JournalFull):  # handled space comes back only once it is empty
        await journal.append(payload)


async def test_one_process_at_a_time(tmp_path: Path) -> None:
    path = tmp_path / "inbound.journal"
    first = JournalFile.open(path, SIZE)

    with pytest.raises(JournalError, match="in use by another process"):
        JournalFile.open(path, SIZE)
    first.close()
    JournalFile.open(path, SIZE).close()


async def test_no_room_on_disk_for_the_journal_is_a_clear_error_at_start(
    small_disk: SmallDisk,
) -> None:
    small_disk.fill()

    with pytest.raises(JournalError, match="the disk is full"):
        JournalFile.open(small_disk.path / "inbound.journal", SIZE)


async def test_records_still_fit_when_the_disk_fills_up_after_the_start(
    small_disk: SmallDisk,
) -> None:
    path = small_disk.path / "inbound.journal"
    journal = JournalFile.open(path, SIZE)
    small_disk.fill()

    for n in range(20):
        await journal.append(f"while the disk is full {n}".encode())
    journal.close()

    assert JournalFile.open(path, SIZE).pending == 20
