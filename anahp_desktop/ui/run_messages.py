"""The sentences the operator reads about runs: started, finished, idle, stale."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from anahp_desktop.domain.statuses import RunStatus, Trigger
from anahp_desktop.sync.events import RunSummary
from anahp_desktop.ui import formatting
from anahp_desktop.ui.sync_controller import SyncRequest


class RunMessages:
    """Plain functions grouped for translation (context "RunMessages")."""

    @staticmethod
    def started_text(request: SyncRequest) -> str:
        if request.only_batches is not None:
            return QCoreApplication.translate(
                "RunMessages",
                "Sending %n waiting batch(es) again…",
                None,
                len(request.only_batches),
            )
        if request.trigger == Trigger.SCHEDULED:
            return QCoreApplication.translate("RunMessages", "Scheduled sync running…")
        return QCoreApplication.translate("RunMessages", "Sync running…")

    @staticmethod
    def finished_text(summary: RunSummary) -> str:
        # "nenhum registro": Qt's Portuguese rule would say "0 registro" for none
        delivered = (
            QCoreApplication.translate(
                "RunMessages", "%Ln record(s) delivered", None, summary.delivered
            )
            if summary.delivered
            else QCoreApplication.translate("RunMessages", "no records delivered")
        )
        if summary.rejected:
            delivered += ", " + QCoreApplication.translate(
                "RunMessages", "%Ln rejected", None, summary.rejected
            )
        when = formatting.clock_time(summary.finished_at)
        if summary.trigger == Trigger.RETRY and summary.status == RunStatus.SUCCESS:
            text = QCoreApplication.translate(
                "RunMessages",
                "Retry finished at %1: %Ln record(s) delivered.",
                None,
                summary.delivered,
            ).replace("%1", when)
            if summary.pending:
                text += " " + QCoreApplication.translate(
                    "RunMessages",
                    "%Ln record(s) still wait in other batches.",
                    None,
                    summary.pending,
                )
            return text
        if summary.status == RunStatus.SUCCESS:
            if summary.batches == 0 and summary.rejected == 0:
                return QCoreApplication.translate(
                    "RunMessages", "Sync finished at %1: nothing new to send."
                ).replace("%1", when)
            return (
                QCoreApplication.translate("RunMessages", "Sync finished at %1: %2.")
                .replace("%1", when)
                .replace("%2", delivered)
            )
        if summary.status == RunStatus.CANCELLED:
            return (
                QCoreApplication.translate(
                    "RunMessages",
                    "Sync cancelled at %1 (%2); the rest waits for the next sync.",
                )
                .replace("%1", when)
                .replace("%2", delivered)
            )
        reason = summary.message or ""
        return (
            QCoreApplication.translate("RunMessages", "Sync failed at %1 (%2): %3")
            .replace("%1", when)
            .replace("%2", delivered)
            .replace("%3", reason)
        )
