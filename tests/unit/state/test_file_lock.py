"""The OS file lock: exclusive per open file, dropped when its holder dies, on POSIX and Windows."""

from __future__ import annotations

import errno
import fcntl
import os
import signal
import subprocess
import sys
import types
from pathlib import Path

import pytest

from anahp_desktop.errors import StateStoreError
from anahp_desktop.state.file_lock import FileLock, PosixCalls, WindowsCalls

HOLD_SCRIPT = """
import sys, time
from pathlib import Path
from anahp_desktop.state.file_lock import FileLock
lock = FileLock(Path(sys.argv[1]))
assert lock.try_lock()
print("locked", flush=True)
time.sleep(60)
"""


def fake_msvcrt(calls: list[tuple[int, int, int]]) -> types.ModuleType:
    """``msvcrt`` as the C runtime's _locking behaves, on top of this system's real flock.

    LK_NBLCK on a region another handle holds fails with EACCES; LK_UNLCK frees it. The
    region starts at the file position, which the stub records with each call.
    """
    module = types.ModuleType("msvcrt")
    module.LK_NBLCK = 2  # type: ignore[attr-defined]
    module.LK_UNLCK = 0  # type: ignore[attr-defined]

    def locking(fd: int, mode: int, nbytes: int) -> None:
        calls.append((mode, os.lseek(fd, 0, os.SEEK_CUR), nbytes))
        if mode == module.LK_UNLCK:
            fcntl.flock(fd, fcntl.LOCK_UN)
            return
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise OSError(errno.EACCES, "Permission denied") from None

    module.locking = locking  # type: ignore[attr-defined]
    return module


@pytest.fixture(params=["posix", "windows"])
def calls(request: pytest.FixtureRequest) -> PosixCalls | WindowsCalls:
    if request.param == "posix":
        return PosixCalls()
    return WindowsCalls(fake_msvcrt([]))


def test_one_holder_at_a_time_even_within_one_process(
    tmp_path: Path, calls: PosixCalls | WindowsCalls
) -> None:
    first, second = FileLock(tmp_path / "x.lock", calls), FileLock(tmp_path / "x.lock", calls)
    assert first.try_lock()
    assert not second.try_lock()
    assert not second.held
    first.unlock()
    assert second.try_lock()
    assert first.try_lock() is False
    second.unlock()


def test_the_windows_branch_locks_one_byte_at_offset_zero_and_unlocks_it(tmp_path: Path) -> None:
    seen: list[tuple[int, int, int]] = []
    msvcrt = fake_msvcrt(seen)
    lock = FileLock(tmp_path / "x.lock", WindowsCalls(msvcrt))
    other = FileLock(tmp_path / "x.lock", WindowsCalls(msvcrt))
    assert lock.try_lock()
    assert not other.try_lock()
    lock.unlock()
    assert seen == [(msvcrt.LK_NBLCK, 0, 1), (msvcrt.LK_NBLCK, 0, 1), (msvcrt.LK_UNLCK, 0, 1)]


def test_the_windows_branch_reports_other_errors_as_a_sentence(tmp_path: Path) -> None:
    msvcrt = types.ModuleType("msvcrt")
    msvcrt.LK_NBLCK, msvcrt.LK_UNLCK = 2, 0  # type: ignore[attr-defined]

    def broken(_fd: int, _mode: int, _n: int) -> None:
        raise OSError(errno.EBADF, "Bad file descriptor")

    msvcrt.locking = broken  # type: ignore[attr-defined]
    with pytest.raises(StateStoreError, match=r"Cannot use the sync lock file .*Bad file"):
        FileLock(tmp_path / "x.lock", WindowsCalls(msvcrt)).try_lock()


def test_a_holder_killed_with_sigkill_frees_the_lock_at_once(tmp_path: Path) -> None:
    path = tmp_path / "x.lock"
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD_SCRIPT, str(path)], stdout=subprocess.PIPE, text=True
    )
    assert holder.stdout is not None and holder.stdout.readline() == "locked\n"
    lock = FileLock(path)
    assert not lock.try_lock()
    holder.send_signal(signal.SIGKILL)
    holder.wait()
    holder.stdout.close()
    assert lock.try_lock()  # no wait, no expiry
    lock.unlock()


def test_a_removed_or_replaced_lock_file_is_noticed(tmp_path: Path) -> None:
    path = tmp_path / "x.lock"
    lock = FileLock(path)
    assert lock.try_lock() and lock.still_ours()
    replacement = tmp_path / "other"
    replacement.write_text("")
    os.replace(replacement, path)
    assert not lock.still_ours()
    lock.unlock()
    assert lock.try_lock()
    path.unlink()
    assert not lock.still_ours()
    lock.unlock()


def test_a_lock_in_a_missing_folder_is_one_sentence(tmp_path: Path) -> None:
    with pytest.raises(StateStoreError, match=r"Cannot use the sync lock file .*No such file"):
        FileLock(tmp_path / "missing" / "x.lock").try_lock()


def test_lock_within_waits_for_a_short_holder_and_gives_up_on_a_long_one(tmp_path: Path) -> None:
    first, second = FileLock(tmp_path / "x.lock"), FileLock(tmp_path / "x.lock")
    assert first.try_lock()
    assert not second.lock_within(0.05)
    first.unlock()
    assert second.lock_within(0.05)
    second.unlock()
