"""InterruptGuard: the first interrupt cancels the run, the second stops at once; Windows
console events through the same code, with the Windows calls injected."""

from __future__ import annotations

import os
import signal
import threading
import time
from collections.abc import Callable
from typing import Any

import pytest

from anahp_desktop.cli.interrupts import (
    CTRL_BREAK_EVENT,
    CTRL_C_EVENT,
    CTRL_CLOSE_EVENT,
    CTRL_LOGOFF_EVENT,
    CTRL_SHUTDOWN_EVENT,
    InterruptGuard,
    Kernel32Console,
)


class FakeKernel32:
    """``SetConsoleCtrlHandler`` as Windows keeps it: a list, the last added called first."""

    def __init__(self) -> None:
        self.handlers: list[Any] = []
        self.calls: list[tuple[Any, bool]] = []

    def SetConsoleCtrlHandler(self, routine: Any, add: bool) -> int:
        self.calls.append((routine, add))
        if add:
            self.handlers.append(routine)
        else:
            self.handlers.remove(routine)
        return 1

    def send(self, event: int) -> int:
        """What Windows does on a console event: call each handler until one returns TRUE."""
        for routine in reversed(self.handlers):
            if routine(event):
                return 1
        return 0


def identity(function: Callable[[int], int]) -> Callable[[int], int]:
    return function  # ctypes.WINFUNCTYPE(BOOL, DWORD) on Windows


def console() -> tuple[FakeKernel32, Kernel32Console]:
    kernel32 = FakeKernel32()
    return kernel32, Kernel32Console(kernel32, identity)


@pytest.mark.parametrize(
    ("event", "reason"),
    [
        (CTRL_CLOSE_EVENT, "console closed"),
        (CTRL_LOGOFF_EVENT, "logoff"),
        (CTRL_SHUTDOWN_EVENT, "shutdown"),
    ],
)
def test_closing_the_console_cancels_and_holds_windows_off_until_the_run_finished(
    event: int, reason: str
) -> None:
    kernel32, api = console()
    said: list[str] = []
    guard = InterruptGuard(on_first=said.append, console=api, grace_s=10)
    with guard:
        answered: list[int] = []
        handler = threading.Thread(target=lambda: answered.append(kernel32.send(event)))
        handler.start()  # Windows calls the handler on a thread of its own
        assert guard.cancel.wait(2)
        time.sleep(0.2)
        assert handler.is_alive() and answered == []  # returning would end the process now
        guard.finished()  # the run wrote its outcome and released the lease
        handler.join(2)
    assert answered == [1]
    assert (guard.reason, said) == (reason, [reason])
    assert kernel32.handlers == []  # removed on exit


def test_the_console_handler_gives_up_waiting_before_windows_does() -> None:
    kernel32, api = console()
    with InterruptGuard(console=api, grace_s=0.2):
        started = time.monotonic()
        assert kernel32.send(CTRL_CLOSE_EVENT) == 1
        assert time.monotonic() - started < 1


@pytest.mark.parametrize("event", [CTRL_C_EVENT, CTRL_BREAK_EVENT])
def test_ctrl_c_and_ctrl_break_are_left_to_the_c_runtime_as_signals(event: int) -> None:
    kernel32, api = console()
    with InterruptGuard(console=api) as guard:
        assert kernel32.send(event) == 0  # next handler: the C runtime -> SIGINT / SIGBREAK
        assert not guard.cancel.is_set()


def test_the_first_sigint_cancels_and_the_second_stops_at_once() -> None:
    said: list[str] = []
    previous = signal.getsignal(signal.SIGINT)
    with InterruptGuard(on_first=said.append, use_console=False) as guard:
        os.kill(os.getpid(), signal.SIGINT)
        time.sleep(0.05)  # the handler runs between bytecodes of the main thread
        assert guard.cancel.is_set() and guard.reason == "SIGINT" and said == ["SIGINT"]
        with pytest.raises(KeyboardInterrupt):
            os.kill(os.getpid(), signal.SIGINT)
            time.sleep(1)
    assert signal.getsignal(signal.SIGINT) is previous


@pytest.mark.parametrize("name", ["SIGTERM", "SIGHUP"])
def test_sigterm_and_sighup_cancel_too(name: str) -> None:
    number = getattr(signal, name)
    with InterruptGuard(use_console=False) as guard:
        os.kill(os.getpid(), number)
        time.sleep(0.05)
        assert guard.reason == name and guard.cancel.is_set()


def test_outside_the_main_thread_only_the_console_handler_is_installed() -> None:
    kernel32, api = console()
    previous = signal.getsignal(signal.SIGINT)
    errors: list[BaseException] = []

    def install() -> None:
        try:
            with InterruptGuard(console=api):
                assert signal.getsignal(signal.SIGINT) is previous
                assert len(kernel32.handlers) == 1
        except BaseException as exc:
            errors.append(exc)

    thread = threading.Thread(target=install)
    thread.start()
    thread.join()
    assert errors == []


def test_a_signal_ignored_on_purpose_stays_ignored() -> None:
    previous = signal.signal(signal.SIGHUP, signal.SIG_IGN)  # as under nohup
    try:
        with InterruptGuard(use_console=False) as guard:
            assert signal.getsignal(signal.SIGHUP) is signal.SIG_IGN
            os.kill(os.getpid(), signal.SIGHUP)
            time.sleep(0.05)
            assert not guard.cancel.is_set()
        assert signal.getsignal(signal.SIGHUP) is signal.SIG_IGN
    finally:
        signal.signal(signal.SIGHUP, previous)
