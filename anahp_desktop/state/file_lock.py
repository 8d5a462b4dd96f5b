"""An exclusive lock on a file that the operating system drops when its holder dies.

POSIX: ``flock`` (one lock per open file, so two objects of one process
exclude each other too, and closing an unrelated descriptor of the same file
never drops it -- unlike ``fcntl``/``lockf`` record locks). Windows:
``msvcrt.locking`` on the file's first byte (``LockFileEx`` underneath), also
per open handle. Both are released by the system when the process ends,
however it ends; Windows may take a moment to do so after a crash.

The lock files stay in place: deleting a lock file while another process has
it open is how two holders end up locking two different files.
"""

from __future__ import annotations

import errno
import os
import sys
import time
from pathlib import Path
from types import ModuleType
from typing import Protocol

from anahp_desktop.errors import StateStoreError
from anahp_desktop.translation import _

#: how often a waiting ``lock_within`` tries again
POLL_S = 0.005


class LockCalls(Protocol):
    """The two system calls a file lock needs, per platform."""

    def try_lock(self, fd: int) -> bool: ...
    def unlock(self, fd: int) -> None: ...


class PosixCalls:
    def try_lock(self, fd: int) -> bool:
        import fcntl

        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True

    def unlock(self, fd: int) -> None:
        import fcntl

        fcntl.flock(fd, fcntl.LOCK_UN)


class WindowsCalls:
    """``msvcrt.locking`` on byte 0; ``msvcrt`` is passed in so tests can run this here."""

    #: what _locking sets when the region is locked by another handle (EDEADLOCK: LK_LOCK gave up)
    BUSY = frozenset({errno.EACCES, getattr(errno, "EDEADLOCK", errno.EDEADLK)})

    def __init__(self, msvcrt: ModuleType) -> None:
        self._msvcrt = msvcrt

    def try_lock(self, fd: int) -> bool:
        os.lseek(fd, 0, os.SEEK_SET)  # the region starts at the current position
        try:
            self._msvcrt.locking(fd, self._msvcrt.LK_NBLCK, 1)
        except OSError as exc:
            if exc.errno in self.BUSY:
                return False
            raise
        return True

    def unlock(self, fd: int) -> None:
        os.lseek(fd, 0, os.SEEK_SET)
        self._msvcrt.locking(fd, self._msvcrt.LK_UNLCK, 1)


def platform_calls() -> LockCalls:
    if sys.platform == "win32":  # pragma: no cover - tested through WindowsCalls
        import msvcrt

        return WindowsCalls(msvcrt)
    return PosixCalls()


class FileLock:
    """One exclusive lock on ``path``; not re-entrant, not shared between threads."""

    def __init__(self, path: Path, calls: LockCalls | None = None) -> None:
        self.path = path
        self._calls = calls or platform_calls()
        self._fd: int | None = None

    @property
    def held(self) -> bool:
        return self._fd is not None

    def try_lock(self) -> bool:
        """Take the lock now or say it is taken; never waits."""
        if self._fd is not None:
            raise RuntimeError(f"{self.path} is already locked by this object")
        fd = self._open()
        try:
            taken = self._calls.try_lock(fd)
        except OSError as exc:
            os.close(fd)
            raise self._error(exc) from exc
        if not taken:
            os.close(fd)
            return False
        self._fd = fd
        return True

    def lock_within(self, seconds: float) -> bool:
        """Take the lock, waiting up to ``seconds`` for a short-lived holder to let go."""
        deadline = time.monotonic() + seconds
        while not self.try_lock():
            if time.monotonic() >= deadline:
                return False
            time.sleep(POLL_S)
        return True

    def still_ours(self) -> bool:
        """True while the file at ``path`` is the one locked (not removed or replaced)."""
        if self._fd is None:
            return False
        try:
            mine, there = os.fstat(self._fd), os.stat(self.path)
        except OSError:
            return False
        return (mine.st_dev, mine.st_ino) == (there.st_dev, there.st_ino)

    def unlock(self) -> None:
        fd, self._fd = self._fd, None
        if fd is None:
            return
        try:
            self._calls.unlock(fd)
        finally:
            os.close(fd)  # closing drops the lock in any case

    def _open(self) -> int:
        try:
            return os.open(self.path, os.O_RDWR | os.O_CREAT, 0o666)
        except PermissionError:
            try:  # another account created it: flock needs no write access
                return os.open(self.path, os.O_RDONLY)
            except OSError as exc:
                raise self._error(exc) from exc
        except OSError as exc:
            raise self._error(exc) from exc

    def _error(self, exc: OSError) -> StateStoreError:
        return StateStoreError(
            _("Cannot use the sync lock file {path}: {reason}.").format(
                path=self.path, reason=exc.strerror or type(exc).__name__
            )
        )
