"""Unhandled exceptions in the desktop app: the traceback to the log file, a sentence on screen.

Python calls ``sys.excepthook`` for an exception nobody caught (PySide6 routes exceptions
raised in slots and event handlers there too, from whichever thread ran them) and
``threading.excepthook`` for one that ends a thread. Both land in :class:`CrashReporter`:
the traceback is logged at once, and the dialog is shown on the GUI thread through a
queued signal. The app keeps running; the operator chooses to keep working or to quit,
and quitting goes through the normal shutdown (the sync worker is stopped).
"""

from __future__ import annotations

import logging
import os
import sys
import threading
import traceback
from collections.abc import Callable, Mapping
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QObject, Qt, QTimer, Signal, Slot
from PySide6.QtWidgets import QApplication

from anahp_desktop.ui import log_folder
from anahp_desktop.ui.dialogs.unexpected_error import ErrorReport, UnexpectedErrorDialog

log = logging.getLogger(__name__)

# Set to "gui" or "thread" to raise a deliberate error 2 s after start (screenshots, support).
DEBUG_RAISE_ENV = "ANAHP_DEBUG_RAISE"

ExcInfo = tuple[type[BaseException], BaseException, TracebackType | None]


def describe(
    exc_type: type[BaseException], tb: TracebackType | None, log_file: Path
) -> ErrorReport:
    """The error's type and the app's own frame nearest to it (not the message: it may hold data)."""
    frames = traceback.extract_tb(tb)
    ours = [f for f in frames if "anahp_desktop" in Path(f.filename).parts] or frames
    name, line = (Path(ours[-1].filename).name, ours[-1].lineno or 0) if ours else ("?", 0)
    return ErrorReport(exc_type.__name__, name, line, threading.current_thread().name, log_file)


class CrashReporter(QObject):
    """Signals: reported(ErrorReport): an unhandled error was logged (emitted from any thread)."""

    reported = Signal(object)

    def __init__(
        self, parent: QObject | None = None, on_quit: Callable[[], object] | None = None
    ) -> None:
        super().__init__(parent)
        self._on_quit = on_quit or QApplication.quit
        self.dialog: UnexpectedErrorDialog | None = None
        self._previous: tuple[Callable[..., object], Callable[..., object]] | None = None
        self.reported.connect(self._show, Qt.ConnectionType.QueuedConnection)

    def install(self) -> CrashReporter:
        self._previous = (sys.excepthook, threading.excepthook)
        sys.excepthook = self.handle
        threading.excepthook = self._handle_thread
        return self

    def uninstall(self) -> None:
        if self._previous is not None:
            sys.excepthook, threading.excepthook = self._previous
            self._previous = None

    def handle(
        self, exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None
    ) -> None:
        """Log the traceback; the dialog follows on the GUI thread."""
        if issubclass(exc_type, KeyboardInterrupt):
            sys.__excepthook__(exc_type, exc, tb)
            return
        report = self.log_error((exc_type, exc, tb))
        self.reported.emit(report)

    def _handle_thread(self, args: threading.ExceptHookArgs) -> None:
        if args.exc_value is None or issubclass(args.exc_type, SystemExit):
            return
        self.handle(args.exc_type, args.exc_value, args.exc_traceback)

    def log_error(self, info: ExcInfo) -> ErrorReport:
        report = describe(info[0], info[2], log_folder.log_file())
        log.error("Unexpected error in thread %s at %s", report.thread, report.where, exc_info=info)
        if sys.stderr is not None:  # a developer's terminal; a windowed Windows exe has none
            traceback.print_exception(*info, file=sys.stderr)
        return report

    def show_fatal(self, info: ExcInfo) -> None:
        """An error while starting, before the event loop: log, tell, and let the caller exit."""
        report = self.log_error(info)
        dialog = UnexpectedErrorDialog(report)
        dialog.keep_button.hide()  # nothing to keep working in
        dialog.exec()

    @Slot(object)
    def _show(self, report: ErrorReport) -> None:
        try:
            if self.dialog is not None and self.dialog.isVisible():
                self.dialog.add_repeat()
                return
            self.dialog = UnexpectedErrorDialog(report)
            self.dialog.quit_requested.connect(self._on_quit)
            self.dialog.show()
            self.dialog.raise_()
            self.dialog.activateWindow()
        except Exception:  # never loop: a failing dialog must not report itself again
            log.exception("cannot show the unexpected-error window")


def schedule_debug_error(
    environ: Mapping[str, str] | None = None, delay_ms: int = 2000
) -> str | None:
    """Raise a deliberate error soon (``ANAHP_DEBUG_RAISE=gui|thread``), to see the dialog."""
    kind = (environ if environ is not None else os.environ).get(DEBUG_RAISE_ENV, "")
    if kind not in ("gui", "thread"):
        return None

    def fail() -> None:
        raise RuntimeError(f"deliberate error ({DEBUG_RAISE_ENV}={kind})")

    if kind == "gui":
        QTimer.singleShot(delay_ms, fail)
    else:
        QTimer.singleShot(
            delay_ms, lambda: threading.Thread(target=fail, name="debug-raise").start()
        )
    return kind
