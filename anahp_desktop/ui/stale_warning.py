"""Each status read checked for staleness; the warning goes to the status bar and the tray."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Signal

from anahp_desktop.sync.service import StatusReport
from anahp_desktop.ui.context import AppContext
from anahp_desktop.ui.presenters.staleness import StaleWatch


class StaleWarning(QObject):
    """Signals: message(str, int): for the status bar (0: until replaced),
    balloon(str, str): a tray balloon's title and text (once per stale spell, window unseen).
    """

    message = Signal(str, int)
    balloon = Signal(str, str)

    def __init__(
        self, context: AppContext, window_visible: Callable[[], bool], parent: QObject | None
    ) -> None:
        super().__init__(parent)
        self._context = context
        self._window_visible = window_visible
        self._watch = StaleWatch()

    def show_status(self, report: StatusReport) -> None:
        hours = self._context.settings.app.stale_warning_hours
        stale = self._watch.check(report, hours, window_visible=self._window_visible())
        if stale is not None:
            self.message.emit(stale.message, 0)
        if stale is not None and stale.balloon:
            self.balloon.emit(self._watch.balloon_title(), stale.message)
