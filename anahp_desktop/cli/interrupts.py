"""Ctrl+C, SIGTERM, Ctrl+Break and Windows console events end a run cleanly.

Python's default answer to Ctrl+C is a ``KeyboardInterrupt`` in the main
thread, wherever it happens to be: the sending threads never hear of it and
finish their retries (minutes under a long ``Retry-After``) while the sync lock
is held. Instead, the first interrupt only sets the run's cancel event: waits
end at once, the requests on their way finish within their deadline, every
batch stays stored and open, the run is written as cancelled and the sync lock
is released. The next run resumes where this one stopped. A second interrupt
stops at once (a ``KeyboardInterrupt``), which loses nothing either: the
delivery protocol survives being killed at any moment.

Signals: SIGINT (Ctrl+C), SIGTERM (``kill``, ``docker stop``, systemd),
SIGHUP (the terminal closed) and, on Windows, SIGBREAK (Ctrl+Break).

Windows console events: closing the console window, logging off and shutting
down do not reach Python as signals the process survives; Windows ends the
process as soon as the console control handler returns. So a handler of our
own (``SetConsoleCtrlHandler``) sets the cancel event and waits, at most
:data:`CONSOLE_GRACE_S`, for :meth:`InterruptGuard.finished` before it
returns. Ctrl+C and Ctrl+Break are left to the C runtime, which turns them
into SIGINT and SIGBREAK.

Usage (``anahp-sync sync``; ``run --every`` uses the same guard)::

    with InterruptGuard(on_first=say) as guard:
        summary = service.run(trigger, cancel=guard.cancel)
    if guard.reason: ...
"""

from __future__ import annotations

import signal
import sys
import threading
from collections.abc import Callable
from types import FrameType, TracebackType
from typing import Any, Protocol

#: console control events (wincon.h)
CTRL_C_EVENT = 0
CTRL_BREAK_EVENT = 1
CTRL_CLOSE_EVENT = 2
CTRL_LOGOFF_EVENT = 5
CTRL_SHUTDOWN_EVENT = 6
#: the events after which Windows ends the process once the handler returns
CONSOLE_ENDING_EVENTS = {
    CTRL_CLOSE_EVENT: "console closed",
    CTRL_LOGOFF_EVENT: "logoff",
    CTRL_SHUTDOWN_EVENT: "shutdown",
}
#: Windows allows a handler about 5 s on close (and on logoff/shutdown) before it ends the process
CONSOLE_GRACE_S = 4.5
#: the signals that cancel a run, where the platform has them
SIGNAL_NAMES = ("SIGINT", "SIGTERM", "SIGHUP", "SIGBREAK")

ConsoleHandler = Callable[[int], bool]


class ConsoleApi(Protocol):
    """Registering a console control handler (``SetConsoleCtrlHandler``); injectable for tests."""

    def add(self, handler: ConsoleHandler) -> None: ...

    def remove(self, handler: ConsoleHandler) -> None: ...


class Kernel32Console:
    """``SetConsoleCtrlHandler`` through ctypes.

    ``kernel32`` and ``callback_type`` (``WINFUNCTYPE(BOOL, DWORD)``) are what
    Windows provides; tests pass stand-ins so this same code runs elsewhere.
    """

    def __init__(
        self, kernel32: Any = None, callback_type: Callable[..., Any] | None = None
    ) -> None:
        if kernel32 is None or callback_type is None:
            import ctypes
            from ctypes import wintypes

            kernel32 = kernel32 or ctypes.WinDLL("kernel32", use_last_error=True)  # type: ignore[attr-defined]
            callback_type = callback_type or ctypes.WINFUNCTYPE(wintypes.BOOL, wintypes.DWORD)  # type: ignore[attr-defined]
        self._kernel32 = kernel32
        self._callback_type = callback_type
        #: by handler (equal bound methods, not the same object): ctypes must keep each alive
        self._routines: dict[ConsoleHandler, Any] = {}

    def add(self, handler: ConsoleHandler) -> None:
        routine = self._callback_type(lambda event: 1 if handler(int(event)) else 0)
        if not self._kernel32.SetConsoleCtrlHandler(routine, True):
            raise OSError("SetConsoleCtrlHandler failed")
        self._routines[handler] = routine

    def remove(self, handler: ConsoleHandler) -> None:
        routine = self._routines.pop(handler, None)
        if routine is not None:
            self._kernel32.SetConsoleCtrlHandler(routine, False)


def default_console() -> ConsoleApi | None:
    """The console API of this platform: Windows only."""
    return Kernel32Console() if sys.platform == "win32" else None


class InterruptGuard:
    """Turns the first interrupt into ``cancel.set()``; the second into ``KeyboardInterrupt``.

    ``reason`` names what interrupted the run (``"SIGINT"``, ``"console closed"``…),
    or is None. ``on_first`` is called once, with that reason, on the first
    interrupt (the CLI prints one sentence). Signal handlers can only be set from
    the main thread; elsewhere only the console handler is installed.
    """

    def __init__(
        self,
        cancel: threading.Event | None = None,
        *,
        on_first: Callable[[str], None] | None = None,
        console: ConsoleApi | None = None,
        use_console: bool = True,
        grace_s: float = CONSOLE_GRACE_S,
    ) -> None:
        self.cancel = cancel or threading.Event()
        self.reason: str | None = None
        self._on_first = on_first
        self._console = console if console is not None or not use_console else default_console()
        self._grace_s = grace_s
        self._finished = threading.Event()
        self._previous: dict[int, Any] = {}
        self._lock = threading.Lock()

    # -- lifecycle ----------------------------------------------------------------------

    def install(self) -> InterruptGuard:
        if threading.current_thread() is threading.main_thread():
            for name in SIGNAL_NAMES:
                number = getattr(signal, name, None)
                # a signal someone chose to ignore stays ignored (nohup: SIGHUP)
                if number is not None and signal.getsignal(number) is not signal.SIG_IGN:
                    self._previous[number] = signal.signal(number, self._on_signal)
        if self._console is not None:
            self._console.add(self._on_console_event)
        return self

    def finished(self) -> None:
        """The work has stopped and its state is written: a waiting console handler may return."""
        self._finished.set()

    def uninstall(self) -> None:
        self.finished()
        for number, previous in self._previous.items():
            signal.signal(number, previous)
        self._previous.clear()
        if self._console is not None:
            self._console.remove(self._on_console_event)

    def __enter__(self) -> InterruptGuard:
        return self.install()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.uninstall()

    # -- handlers -----------------------------------------------------------------------

    def request(self, reason: str) -> bool:
        """Ask the work to stop; False when it had already been asked (the caller may insist)."""
        with self._lock:
            if self.cancel.is_set() and self.reason is not None:
                return False
            self.reason = reason
            self.cancel.set()
        if self._on_first is not None:
            self._on_first(reason)
        return True

    def _on_signal(self, number: int, _frame: FrameType | None) -> None:
        if not self.request(signal.Signals(number).name):
            raise KeyboardInterrupt  # a second interrupt: stop now

    def _on_console_event(self, event: int) -> bool:
        """Runs on a thread Windows creates; True = handled, do not call the next handler."""
        reason = CONSOLE_ENDING_EVENTS.get(event)
        if reason is None:
            return False  # Ctrl+C / Ctrl+Break: the C runtime makes them SIGINT / SIGBREAK
        self.request(reason)
        self._finished.wait(self._grace_s)  # Windows ends the process when this returns
        return True
