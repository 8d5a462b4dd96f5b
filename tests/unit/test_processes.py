"""Telling a live process of this machine from one that is gone, on POSIX and Windows."""

from __future__ import annotations

import ctypes
import os
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from anahp_desktop.processes import (
    ERROR_ACCESS_DENIED,
    PROCESS_QUERY_LIMITED_INFORMATION,
    STILL_ACTIVE,
    posix_process_exists,
    process_exists,
    windows_process_exists,
)


def test_this_process_exists_and_a_killed_and_reaped_one_does_not() -> None:
    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    assert process_exists(os.getpid())
    assert process_exists(child.pid)
    child.send_signal(signal.SIGKILL)
    child.wait()
    assert not process_exists(child.pid)
    assert not process_exists(0) and not process_exists(-5)


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc")
def test_a_killed_child_its_parent_has_not_reaped_is_gone() -> None:
    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        child.send_signal(signal.SIGKILL)
        for _ in range(200):  # the kernel makes it a zombie a moment later
            state = Path(f"/proc/{child.pid}/stat").read_text().rpartition(")")[2].split()[0]
            if state == "Z":
                break
            os.sched_yield()
        assert state == "Z"
        assert not process_exists(child.pid)
    finally:
        child.wait()


def test_a_process_of_another_user_counts_as_existing(tmp_path: Path) -> None:
    def refused(_pid: int, _signal: int) -> None:
        raise PermissionError(1, "Operation not permitted")

    assert posix_process_exists(4242, kill=refused, proc=tmp_path)


class Kernel32Stub:
    """kernel32 as Windows answers for a table of processes: pid -> exit code (or "denied")."""

    def __init__(self, processes: dict[int, int | str]) -> None:
        self.processes = processes
        self.last_error = 0
        self.opened: list[tuple[int, bool, int]] = []
        self.closed: list[int] = []

    def OpenProcess(self, access: int, inherit: bool, pid: int) -> int:
        self.opened.append((access, inherit, pid))
        state = self.processes.get(pid)
        if state is None:
            self.last_error = 87  # ERROR_INVALID_PARAMETER: no such process
            return 0
        if state == "denied":
            self.last_error = ERROR_ACCESS_DENIED
            return 0
        return 1000 + pid

    def GetExitCodeProcess(self, handle: int, code: Any) -> int:
        exit_code = self.processes[handle - 1000]
        assert isinstance(exit_code, int)
        ctypes.cast(code, ctypes.POINTER(ctypes.c_ulong)).contents.value = exit_code
        return 1

    def CloseHandle(self, handle: int) -> int:
        self.closed.append(handle)
        return 1


def test_the_windows_branch_reads_the_exit_code_and_closes_every_handle() -> None:
    kernel32 = Kernel32Stub({10: STILL_ACTIVE, 11: 0, 12: "denied"})
    assert windows_process_exists(10, kernel32, lambda: kernel32.last_error)
    assert not windows_process_exists(11, kernel32, lambda: kernel32.last_error)  # ended
    assert windows_process_exists(12, kernel32, lambda: kernel32.last_error)  # another user's
    assert not windows_process_exists(13, kernel32, lambda: kernel32.last_error)  # no such pid
    assert [pid for _a, _i, pid in kernel32.opened] == [10, 11, 12, 13]
    assert {access for access, _i, _p in kernel32.opened} == {PROCESS_QUERY_LIMITED_INFORMATION}
    assert kernel32.closed == [1010, 1011]


def test_windows_is_never_asked_through_os_kill(monkeypatch: pytest.MonkeyPatch) -> None:
    """On Windows os.kill(pid, 0) would terminate the process: the Windows branch never calls it."""

    def forbidden(*_args: object) -> None:
        raise AssertionError("os.kill called")

    monkeypatch.setattr(os, "kill", forbidden)
    kernel32 = Kernel32Stub({10: STILL_ACTIVE})
    assert windows_process_exists(10, kernel32, lambda: 0)
