"""A real, small file system for tests of a full or read-only disk: a tmpfs of a few MB.

    disk = SmallDisk.mount(tmp_path / "disk", megabytes=8)
    disk.fill()        # every free byte taken by a filler file: writes fail with ENOSPC
    disk.free()        # the filler removed
    disk.read_only()   # remounted read-only: writes fail with EROFS
    disk.writable()
    disk.unmount()

Mounting needs root (CI runs the suite as root). Without it the `small_disk` fixture
skips, and fails instead under GRIDBOT_REQUIRE_ALL_TESTS=1, like the other real components.
"""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

FILLER = ".filler"


class SmallDisk:
    def __init__(self, path: Path) -> None:
        self.path = path

    @classmethod
    def mount(cls, path: Path, *, megabytes: int) -> SmallDisk:
        path.mkdir(parents=True, exist_ok=True)
        _run("mount", "-t", "tmpfs", "-o", f"size={megabytes}m,mode=0700", "tmpfs", str(path))
        return cls(path)

    def fill(self) -> None:
        """Take every free block, down to the last one."""
        with open(self.path / FILLER, "ab", buffering=0) as filler:
            for chunk in (1 << 20, 1 << 16, 1 << 12, 1 << 9, 1):
                with contextlib.suppress(OSError):
                    while True:
                        filler.write(b"\0" * chunk)
        probe = self.path / ".probe"
        try:
            with open(probe, "wb", buffering=0) as file:
                file.write(b"x" * 4096)
        except OSError as error:
            assert error.errno == errno.ENOSPC, error
        else:  # pragma: no cover - the disk was not full after all
            raise AssertionError("the small disk still takes writes after fill()")
        finally:
            probe.unlink(missing_ok=True)

    def free(self) -> None:
        (self.path / FILLER).unlink(missing_ok=True)

    def read_only(self) -> None:
        _run("mount", "-o", "remount,ro", str(self.path))

    def writable(self) -> None:
        _run("mount", "-o", "remount,rw", str(self.path))

    def unmount(self) -> None:
        _run("umount", "-l", str(self.path))


def _run(*command: str) -> None:
    subprocess.run(command, check=True, capture_output=True, text=True)


def _missing_requirement() -> str | None:
    if os.geteuid() != 0:
        return "mounting a small tmpfs for the full-disk tests needs root"
    if shutil.which("mount") is None:
        return "the mount command is missing"
    return None


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[SmallDisk]:
    missing = _missing_requirement()
    if missing is not None:
        if os.environ.get("GRIDBOT_REQUIRE_ALL_TESTS") == "1":
            pytest.fail(f"{missing} (GRIDBOT_REQUIRE_ALL_TESTS=1)")
        pytest.skip(missing)
    disk = SmallDisk.mount(tmp_path / "disk", megabytes=16)
    try:
        yield disk
    finally:
        disk.unmount()
