"""Whether a process of this machine still exists, on Windows and POSIX.

The sync lock itself never asks this: the operating system or the database
server frees a lock when its holder dies. This only keeps messages honest:
a run recorded as started by a process of this machine that no longer exists
is never described as running.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol

#: OpenProcess access right enough to read an exit code (Vista and later)
PROCESS_QUERY_LIMITED_INFORMATION = 0x1000
#: GetExitCodeProcess's answer for a process that has not ended
STILL_ACTIVE = 259
ERROR_ACCESS_DENIED = 5


class Kernel32(Protocol):
    """The three kernel32 calls used, plus ctypes' saved last error (tests give a stand-in)."""

    def OpenProcess(self, access: int, inherit: bool, pid: int) -> Any: ...
    def GetExitCodeProcess(self, handle: Any, code: Any) -> int: ...
    def CloseHandle(self, handle: Any) -> int: ...


def process_exists(pid: int) -> bool:
    """True while a process with this id runs on this machine (a zombie counts as gone)."""
    if pid <= 0:
        return False
    if sys.platform == "win32":  # pragma: no cover - exercised through windows_process_exists
        import ctypes  # here: the POSIX branch needs none of it

        kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)  # type: ignore[attr-defined]
        return windows_process_exists(pid, kernel32, ctypes.get_last_error)  # type: ignore[attr-defined]
    return posix_process_exists(pid)


def posix_process_exists(
    pid: int, kill: Callable[[int, int], None] = os.kill, proc: Path = Path("/proc")
) -> bool:
    """Signal 0 checks existence without sending anything; /proc tells a zombie apart."""
    try:
        kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # it exists, under another user
    return not _is_zombie(proc / str(pid) / "stat")


def windows_process_exists(pid: int, kernel32: Kernel32, last_error: Callable[[], int]) -> bool:
    """OpenProcess, then STILL_ACTIVE; never ``os.kill``, which terminates on Windows."""
    import ctypes

    handle = kernel32.OpenProcess(PROCESS_QUERY_LIMITED_INFORMATION, False, pid)
    if not handle:
        return bool(last_error() == ERROR_ACCESS_DENIED)  # exists, but not ours to open
    try:
        code = ctypes.c_ulong(0)
        if not kernel32.GetExitCodeProcess(handle, ctypes.byref(code)):
            return True  # opened, so it exists; its state is unknown
        return code.value == STILL_ACTIVE
    finally:
        kernel32.CloseHandle(handle)


def _is_zombie(stat: Path) -> bool:
    try:
        text = stat.read_text(encoding="ascii", errors="replace")
    except OSError:
        return False  # no /proc (macOS): signal 0 is all there is
    # "pid (command name) state ...": the name may hold spaces and parentheses
    state = text.rpartition(")")[2].split()
    return bool(state) and state[0] in ("Z", "X")
