"""When no sync has succeeded for too long: the status bar says so, a balloon once."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from PySide6.QtCore import QCoreApplication

from anahp_desktop.sync.service import StatusReport
from anahp_desktop.ui.presenters import run_state


@dataclass(frozen=True)
class StaleWarning:
    message: str  # the status bar's
    balloon: bool  # also a tray balloon (once, while the window is not seen)


class StaleWatch:
    """Says when no sync has succeeded for too long, and balloons once per stale spell."""

    def __init__(self) -> None:
        self._warned = False

    @staticmethod
    def balloon_title() -> str:
        return QCoreApplication.translate("MainWindow", "ANAHP Sync: no recent sync")

    def check(
        self, report: StatusReport, hours: int, *, window_visible: bool, now: datetime | None = None
    ) -> StaleWarning | None:
        success = report.last_success
        reference = success.finished_at if success is not None else None
        if reference is None and report.last_run is not None:
            reference = report.last_run.started_at
        if reference is None:
            return None
        now = now or datetime.now(UTC).replace(tzinfo=None)  # the store keeps naive UTC
        if now - reference <= timedelta(hours=hours):
            self._warned = False
            return None
        # a balloon only for a window the operator does not see (one would cover a dialog)
        balloon = not self._warned and not window_visible
        self._warned = self._warned or balloon
        return StaleWarning(run_state.stale_text(hours), balloon)
