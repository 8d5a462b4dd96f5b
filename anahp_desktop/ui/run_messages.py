"""The sentences the operator reads about runs: started, finished, idle, stale."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from anahp_desktop.sync.events import RunSummary
from anahp_desktop.sync.service import StatusReport
from anahp_desktop.ui import formatting
from anahp_desktop.ui.sync_controller import SyncRequest


class RunMessages:
    """Plain functions grouped for translation (context "RunMessages")."""

    @staticmethod
    def started_text(request: SyncRequest) -> str:
        if request.only_batches is not None:
            return QCoreApplication.translate(
                "RunMessages", "Sending %n failed batch(es) again…", None, len(request.only_batches)
            )
        if request.trigger == "scheduled":
            return QCoreApplication.translate("RunMessages", "Scheduled sync running…")
        return QCoreApplication.translate("RunMessages", "Sync running…")

    @staticmethod
    def finished_text(summary: RunSummary) -> str:
        delivered = formatting.number(summary.delivered)
        rejected = formatting.number(summary.rejected)
        when = formatting.clock_time(summary.finished_at)
        if summary.status == "success":
            if summary.batches == 0 and summary.rejected == 0:
                return QCoreApplication.translate(
                    "RunMessages", "Sync finished at %1: nothing new to send."
                ).replace("%1", when)
            return (
                QCoreApplication.translate(
                    "RunMessages", "Sync finished at %1: %2 records delivered, %3 rejected."
                )
                .replace("%1", when)
                .replace("%2", delivered)
                .replace("%3", rejected)
            )
        if summary.status == "cancelled":
            return (
                QCoreApplication.translate(
                    "RunMessages",
                    "Sync cancelled at %1 after %2 records delivered; the rest waits for the next sync.",
                )
                .replace("%1", when)
                .replace("%2", delivered)
            )
        reason = summary.message or ""
        return (
            QCoreApplication.translate(
                "RunMessages", "Sync failed at %1 (%2 records delivered): %3"
            )
            .replace("%1", when)
            .replace("%2", delivered)
            .replace("%3", reason)
        )

    @staticmethod
    def idle_text(report: StatusReport) -> str:
        last = report.last_run
        if last is None:
            return QCoreApplication.translate(
                "RunMessages", "No sync has run yet. Click “Sync now” to send the pending records."
            )
        when = formatting.date_time(last.finished_at or last.started_at, seconds=False)
        if last.status == "success":
            return QCoreApplication.translate("RunMessages", "Last sync %1 went well.").replace(
                "%1", when
            )
        return QCoreApplication.translate("RunMessages", "Last sync %1: %2.").replace(
            "%1", when
        ).replace("%2", formatting.status_label(last.status).lower()) + (
            " " + last.message if last.message else ""
        )

    @staticmethod
    def stale_text(hours: int) -> str:
        return QCoreApplication.translate(
            "RunMessages", "No sync has succeeded for more than %n hour(s).", None, hours
        )
