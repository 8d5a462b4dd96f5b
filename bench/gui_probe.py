"""The desktop app, measured from inside: run as ``python -m bench.gui_probe KIND ...``.

``stall``: the real main window and sync worker; a heartbeat timer on the GUI
thread notes every gap between its ticks while a sync runs; the longest gap
beyond the timer's interval is the longest stall.

``log``: the real main window on a state store holding a large log; the
time from clicking "Operations log" to its first page on screen, then from
choosing a status to its first page, then from typing a search and pressing
Enter to its first page.

``startup``: ``anahp-desktop`` itself (``anahp_desktop.ui.app.main``) as a
user launches it; an event filter notes when the main window is first
exposed and quits. The parent measures from before it started this process.

Each prints one JSON line. Qt runs offscreen (the parent sets the platform).
"""

from __future__ import annotations

import argparse
import gc
import json
import sys
import time
from typing import Any

HEARTBEAT_MS = 5
AFTER_RUN_MS = 1500
WAIT_LIMIT_S = 1800


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.gui_probe")
    parser.add_argument("kind", choices=("stall", "log", "startup"))
    parser.add_argument("--config", required=True)
    parser.add_argument("--search", default="")
    parser.add_argument("--t0", type=float, default=0.0, help="time.monotonic() at launch")
    args = parser.parse_args(argv)
    if args.kind == "startup":
        return _startup(args.config, args.t0)
    result = _stall(args.config) if args.kind == "stall" else _log(args.config, args.search)
    print(json.dumps(result), flush=True)
    return 0


# -- helpers ----------------------------------------------------------------------------------


def _window(config: str) -> Any:
    """The app's main window as ``anahp-desktop --config`` builds it, shown and started."""
    from PySide6.QtWidgets import QApplication

    from anahp_desktop.ui import i18n
    from anahp_desktop.ui.context import from_config
    from anahp_desktop.ui.main_window import MainWindow
    from anahp_desktop.ui.style import STYLE_SHEET

    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv[:1])
    context = from_config(config)
    i18n.install(app, "en")
    app.setStyleSheet(STYLE_SHEET)
    window = MainWindow(context)
    window.show()
    loaded = []
    window.overview_loaded.connect(lambda: loaded.append(True))
    window.start()
    _wait(app, lambda: bool(loaded))
    _wait(app, lambda: window.runner.pending == 0)
    return app, window


def _wait(app: Any, done: Any, limit_s: float = WAIT_LIMIT_S) -> None:
    """Run the Qt event loop (as ``app.exec()`` does) until ``done()``."""
    from PySide6.QtCore import QEventLoop, QTimer

    if done():
        return
    deadline = time.monotonic() + limit_s
    loop = QEventLoop()
    poll = QTimer()
    poll.setInterval(2)

    def check() -> None:
        if done() or time.monotonic() > deadline:
            loop.quit()

    poll.timeout.connect(check)
    poll.start()
    loop.exec()
    poll.stop()
    if not done():
        raise TimeoutError("the app did not get there in time")


def _spin(milliseconds: int) -> None:
    """Run the event loop for a while."""
    from PySide6.QtCore import QEventLoop, QTimer

    loop = QEventLoop()
    QTimer.singleShot(milliseconds, loop.quit)
    loop.exec()


class _Heartbeat:
    """Notes the gaps between ticks of a precise timer on the GUI thread."""

    def __init__(self) -> None:
        from PySide6.QtCore import Qt, QTimer

        self.gaps: list[float] = []
        self.at: list[float] = []  # when each gap ended (perf_counter)
        self._last = 0.0
        self.timer = QTimer()
        self.timer.setTimerType(Qt.TimerType.PreciseTimer)
        self.timer.setInterval(HEARTBEAT_MS)
        self.timer.timeout.connect(self._tick)

    def start(self) -> None:
        self._last = time.perf_counter()
        self.timer.start()

    def stop(self) -> None:
        self.timer.stop()

    def _tick(self) -> None:
        now = time.perf_counter()
        self.gaps.append((now - self._last) * 1000)
        self.at.append(now)
        self._last = now


class _GcPauses:
    """Notes how long each garbage collection takes (every thread waits for it)."""

    def __init__(self) -> None:
        self.pauses: list[float] = []
        self._started = 0.0
        gc.callbacks.append(self._note)

    def stop(self) -> None:
        gc.callbacks.remove(self._note)

    def _note(self, phase: str, _info: dict[str, Any]) -> None:
        if phase == "start":
            self._started = time.perf_counter()
        else:
            self.pauses.append((time.perf_counter() - self._started) * 1000)


# -- stall ------------------------------------------------------------------------------------


def _stall(config: str) -> dict[str, Any]:
    from anahp_desktop.domain.statuses import Trigger
    from anahp_desktop.ui.views.sidebar import PAGE_PROGRESS

    app, window = _window(config)
    summaries: list[Any] = []
    window.controller.finished.connect(summaries.append)
    window.controller.failed.connect(summaries.append)
    pauses = _GcPauses()
    heartbeat = _Heartbeat()
    heartbeat.start()
    started = time.perf_counter()
    window.nav.setCurrentRow(PAGE_PROGRESS)  # what an operator watches during a run
    window.request_sync(Trigger.MANUAL)
    _wait(app, lambda: bool(summaries))
    run_s = time.perf_counter() - started
    _spin(AFTER_RUN_MS)  # the refreshes that follow a run
    heartbeat.stop()
    pauses.stop()
    summary = summaries[0]
    window.shutdown()
    longest = max(range(len(heartbeat.gaps)), key=heartbeat.gaps.__getitem__, default=None)
    gaps = sorted(heartbeat.gaps)
    stall = [max(0.0, g - HEARTBEAT_MS) for g in gaps]
    return {
        "max_stall_ms": round(stall[-1], 1) if stall else None,
        "p99_stall_ms": round(stall[int(len(stall) * 0.99)], 1) if stall else None,
        "stalls_over_50ms": sum(1 for s in stall if s > 50),
        "ticks": len(gaps),
        "max_gc_pause_ms": round(max(pauses.pauses, default=0.0), 1),
        "gc_collections": len(pauses.pauses),
        "run_s": round(run_s, 2),
        # when the longest stall ended, in seconds after the click (> run_s: after the run)
        "max_stall_at_s": (
            round(heartbeat.at[longest] - started, 2) if longest is not None else None
        ),
        "delivered": getattr(summary, "delivered", None),
        "status": getattr(summary, "status", repr(summary)),
    }


# -- log --------------------------------------------------------------------------------------


def _log(config: str, search: str) -> dict[str, Any]:
    from anahp_desktop.ui.views.sidebar import PAGE_LOG

    app, window = _window(config)
    view = window.log_view
    model = view.model
    counted: list[str] = []
    pages: list[float] = []
    model.page_loaded.connect(lambda: pages.append(time.perf_counter()))

    def shown(action: Any) -> float:
        # as an operator does: the next click once the list (and its count) is there
        _wait(app, lambda: window.runner.pending == 0)
        before = len(pages)
        started = time.perf_counter()
        action()
        _wait(app, lambda: len(pages) > before and not model.loading)
        window.repaint()  # the rows painted, not only loaded
        return (time.perf_counter() - started) * 1000

    counting = view.tr("Counting…")

    def count_done() -> bool:
        text = view.count_label.text()  # "1.234 entradas", or "Nenhuma entrada" for none
        return bool(text) and text != counting

    open_ms = shown(lambda: window.nav.setCurrentRow(PAGE_LOG))
    rows_open = model.rowCount()
    status = view.filters.status
    failed = status.findText(view.filters.tr("Failed"))  # the status filter's "Failed"
    status_ms = shown(lambda: status.setCurrentIndex(failed))
    rows_status = model.rowCount()

    def search_and_enter() -> None:
        view.filters.text.setText(search)
        view.filters.text.returnPressed.emit()

    count_started = time.perf_counter()
    text_ms = shown(search_and_enter)
    rows_text = model.rowCount()
    _wait(app, count_done)
    count_ms = (time.perf_counter() - count_started) * 1000
    counted.append(view.count_label.text())
    window.shutdown()
    return {
        "open_ms": round(open_ms, 1),
        "status_filter_ms": round(status_ms, 1),
        "text_filter_ms": round(text_ms, 1),
        "total_ms": round(open_ms + status_ms + text_ms, 1),
        "count_after_filters_ms": round(count_ms, 1),
        "rows_shown": [rows_open, rows_status, rows_text],
        "count_label": counted[0],
    }


# -- startup ----------------------------------------------------------------------------------


def _startup(config: str, t0: float) -> int:
    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtGui import QWindow
    from PySide6.QtWidgets import QApplication

    app = QApplication(sys.argv[:1])
    result: dict[str, Any] = {}

    class ExposeWatcher(QObject):
        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if (
                not result
                and event.type() == QEvent.Type.Expose
                and isinstance(watched, QWindow)
                and watched.isExposed()
                and any(
                    widget.inherits("QMainWindow") and widget.windowHandle() is watched
                    for widget in app.topLevelWidgets()
                )
            ):
                result["window_s"] = time.monotonic() - t0
                QTimer.singleShot(0, app.quit)
            return False

    watcher = ExposeWatcher()
    app.installEventFilter(watcher)
    from anahp_desktop.ui import app as desktop

    code = desktop.main(["--config", config])
    result["exit_code"] = code
    print(json.dumps(result), flush=True)
    return 0 if "window_s" in result else 1


if __name__ == "__main__":
    sys.exit(main())
