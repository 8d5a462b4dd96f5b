"""Reads what the dashboard shows off the GUI thread and reports it as signals.

The status figures, the daily chart and the two connection tests each run on
the :class:`TaskRunner`; the window only connects these signals to widgets.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import partial

from PySide6.QtCore import QObject, QTimer, Signal

from anahp_desktop.sync.service import StatusReport, SyncService
from anahp_desktop.ui import overview
from anahp_desktop.ui.tasks import TaskRunner

log = logging.getLogger(__name__)

DATABASE, SINHA = "database", "sinha"
# the dashboard's figures are read again this often (cheap, indexed counts)
STATUS_REFRESH_MS = 60_000


class OverviewLoader(QObject):
    """Signals:
    status_loaded(StatusReport), status_failed(str),
    daily_loaded(DailyFigures), daily_failed(str),
    connection_checked(str, object, str, object): which (``DATABASE`` or ``SINHA``),
        ok (None: the test is under way), message, error category or None.
    """

    status_loaded = Signal(StatusReport)
    status_failed = Signal(str)
    daily_loaded = Signal(overview.DailyFigures)
    daily_failed = Signal(str)
    connection_checked = Signal(str, object, str, object)

    def __init__(
        self, runner: TaskRunner, service: Callable[[], SyncService], parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._runner = runner
        self._service = service  # the current one: settings replace it
        self._timer = QTimer(self, interval=STATUS_REFRESH_MS)
        self._timer.timeout.connect(self.refresh)

    def refresh_periodically(self, on: bool) -> None:
        """From start-up on, the figures are read again every STATUS_REFRESH_MS."""
        if on:
            self._timer.start()
        else:
            self._timer.stop()

    def refresh(self, check_connections: bool = False) -> None:
        service = self._service()
        self._runner.submit(
            partial(overview.load_status, service),
            self.status_loaded.emit,
            lambda exc: self.status_failed.emit(str(exc)),
        )
        self._runner.submit(
            partial(overview.load_daily, service), self.daily_loaded.emit, self._daily_error
        )
        if check_connections:
            self._check(DATABASE, partial(overview.check_database, service))
            self._check(SINHA, partial(overview.check_sinha, service))

    def _check(self, which: str, test: Callable[[], None]) -> None:
        self.connection_checked.emit(which, None, "", None)
        self._runner.submit(
            test,
            lambda _r: self.connection_checked.emit(which, True, "", None),
            lambda exc: self.connection_checked.emit(which, False, str(exc), _category(which, exc)),
        )

    def _daily_error(self, exc: Exception) -> None:
        log.warning("the daily figures are unavailable: %s", exc, exc_info=exc)
        self.daily_failed.emit(str(exc))


def _category(which: str, exc: Exception) -> str | None:
    """SINHA's error category names the card's title; the database card keeps its own."""
    return getattr(exc, "category", None) if which == SINHA else None
