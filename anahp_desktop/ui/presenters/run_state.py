"""The words for where things stand: every view says them from one StatusReport.

The dashboard's headline and cards, the pending view's summary and the tray's
tooltip and icon all come from here, and this from the engine's verdict
(:mod:`anahp_desktop.sync.work_left`): no view guesses on its own, so no view
can contradict another. "Success" is said only when nothing is left to send.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication

from anahp_desktop.domain.statuses import Trigger
from anahp_desktop.state.queries import BatchBacklog
from anahp_desktop.sync.service import StatusReport
from anahp_desktop.sync.work_left import Verdict
from anahp_desktop.ui import formatting, icons
from anahp_desktop.ui.presenters import lock_text
from anahp_desktop.ui.views.cards import ERROR, NEUTRAL, OK, WARNING


@dataclass(frozen=True)
class CardText:
    value: str
    detail: str
    tone: str


def _when(report: StatusReport) -> str:
    last = report.last_run
    if last is None:
        return ""
    return formatting.date_time(last.finished_at or last.started_at, seconds=False)


def headline(report: StatusReport) -> str:
    """One sentence: how things stand and what is left (first: another copy's run)."""
    elsewhere = lock_text.running_elsewhere(report.running)
    if elsewhere:
        return elsewhere
    verdict, when, left = report.verdict, _when(report), report.pending
    last = report.last_run
    if verdict is Verdict.NEVER_RUN or last is None:
        if left:
            return QCoreApplication.translate(
                "RunState",
                "No sync has run yet: %Ln record(s) wait to be sent. Click “Sync now” to send them.",
                None,
                left,
            )
        return QCoreApplication.translate(
            "RunState", "No sync has run yet. Click “Sync now” to send the pending records."
        )
    if verdict is Verdict.NOTHING_LEFT:
        return QCoreApplication.translate(
            "RunState", "Nothing left to send. The last sync, at %1, was completed."
        ).replace("%1", when)
    if verdict is Verdict.RECORDS_WAIT:
        if last.trigger == Trigger.RETRY:
            return QCoreApplication.translate(
                "RunState",
                "The retry at %1 was completed, but %Ln record(s) still wait to be sent: "
                "the next sync sends them.",
                None,
                left,
            ).replace("%1", when)
        return QCoreApplication.translate(
            "RunState",
            "The last sync, at %1, was completed; %Ln new record(s) wait for the next sync.",
            None,
            left,
        ).replace("%1", when)
    if verdict is Verdict.CANCELLED:
        return QCoreApplication.translate(
            "RunState",
            "The last sync, at %1, was cancelled; %Ln record(s) wait for the next sync.",
            None,
            left,
        ).replace("%1", when)
    text = (
        QCoreApplication.translate("RunState", "The last sync, at %1, failed: %2")
        .replace("%1", when)
        .replace(
            "%2", last.message or QCoreApplication.translate("RunState", "no reason was recorded.")
        )
    )
    if left:
        text += " " + QCoreApplication.translate(
            "RunState", "%Ln record(s) wait to be sent.", None, left
        )
    return text


def tone(report: StatusReport) -> str:
    return {
        Verdict.NEVER_RUN: NEUTRAL,
        Verdict.NOTHING_LEFT: OK,
        Verdict.RECORDS_WAIT: WARNING if report.batches.batches else NEUTRAL,
        Verdict.CANCELLED: WARNING,
        Verdict.FAILED: ERROR,
    }[report.verdict]


def tray_state(report: StatusReport) -> icons.TrayState:
    """The tray icon when no run is going: red while the last run's failure stands."""
    return icons.ERROR if report.verdict is Verdict.FAILED else icons.IDLE


def counts_text(delivered: int, rejected: int) -> str:
    """ "12 delivered, 1 rejected"; "nothing delivered" rather than "0 entregue"."""
    text = (
        QCoreApplication.translate("RunState", "%Ln delivered", None, delivered)
        if delivered
        else QCoreApplication.translate("RunState", "nothing delivered")
    )
    if rejected:
        text += ", " + QCoreApplication.translate("RunState", "%Ln rejected", None, rejected)
    return text


def last_card(report: StatusReport) -> CardText:
    last = report.last_run
    verdict = report.verdict
    if last is None:
        return CardText(
            QCoreApplication.translate("RunState", "Never"),
            QCoreApplication.translate("RunState", "No sync has run yet."),
            NEUTRAL,
        )
    if verdict is Verdict.NOTHING_LEFT:
        value = formatting.status_label(last.status)  # "Success": nothing is left
    elif verdict is Verdict.RECORDS_WAIT:
        value = (
            QCoreApplication.translate("RunState", "Retry completed")
            if last.trigger == Trigger.RETRY
            else QCoreApplication.translate("RunState", "Completed")
        )
    else:
        value = formatting.status_label(last.status)
    detail = (
        _when(report)
        + " · "
        + formatting.trigger_label(last.trigger)
        + "\n"
        + counts_text(last.delivered, last.rejected)
    )
    if last.message and verdict is not Verdict.NOTHING_LEFT:
        detail += "\n" + last.message
    if verdict is not Verdict.NOTHING_LEFT and report.last_success is not None:
        success = report.last_success
        detail += "\n" + QCoreApplication.translate("RunState", "Last success: %1").replace(
            "%1", formatting.date_time(success.finished_at or success.started_at, seconds=False)
        )
    return CardText(value, detail, tone(report))


def pending_card(report: StatusReport) -> CardText:
    lines = []
    if report.pending_in_batches:
        lines.append(
            QCoreApplication.translate(
                "RunState",
                "%Ln of them in stored batches",
                None,
                report.pending_in_batches,
            )
        )
    if report.null_updated_at:
        lines.append(
            QCoreApplication.translate(
                "RunState",
                "%Ln row(s) without updated_at can never be sent",
                None,
                report.null_updated_at,
            )
        )
    return CardText(
        formatting.number(report.pending), "\n".join(lines), WARNING if report.pending else OK
    )


def batches_card(report: StatusReport) -> CardText:
    """The batches waiting, by why: failed, never sent, conflict."""
    lines = waiting_lines(report.batches, records=False)
    batches = report.batches
    if batches.batches:
        lines.append(QCoreApplication.translate("RunState", "Click to see them"))
    needs_someone = batches.failed or batches.conflict or batches.unconfirmed
    level = ERROR if needs_someone else WARNING if batches.unsent else OK
    return CardText(formatting.number(batches.batches), "\n".join(lines), level)


def waiting_lines(batches: BatchBacklog, *, records: bool = True) -> list[str]:
    """One line per reason batches wait ("1 failed", "6 never sent: the run stopped"…)."""
    parts: list[tuple[int, int, str]] = [
        (
            batches.failed,
            batches.failed_records,
            QCoreApplication.translate("RunState", "%Ln failed", None, batches.failed),
        ),
        (
            batches.unsent,
            batches.unsent_records,
            QCoreApplication.translate(
                "RunState", "%Ln never sent (the run stopped before it)", None, batches.unsent
            ),
        ),
        (
            batches.conflict,
            batches.conflict_records,
            QCoreApplication.translate(
                "RunState", "%Ln refused as a conflict (409)", None, batches.conflict
            ),
        ),
        (
            batches.unconfirmed,
            batches.unconfirmed_records,
            QCoreApplication.translate(
                "RunState",
                "%Ln not confirmed by SINHA (check with ANAHP, then retry)",
                None,
                batches.unconfirmed,
            ),
        ),
    ]
    lines = []
    for count, held, text in parts:
        if not count:
            continue
        if records:
            text += " · " + QCoreApplication.translate("RunState", "%Ln record(s)", None, held)
        lines.append(text)
    return lines


def pending_summary(report: StatusReport) -> str:
    """The pending view's line about records held in stored batches ("" when none)."""
    if not report.pending_in_batches:
        return ""
    return QCoreApplication.translate(
        "RunState",
        "%Ln record(s) wait in stored batches (%1). The next sync sends them first; "
        "“Retry all waiting batches” in the operations log sends them now.",
        None,
        report.pending_in_batches,
    ).replace("%1", "; ".join(waiting_lines(report.batches)))


def stale_text(hours: int) -> str:
    return QCoreApplication.translate(
        "RunState", "No sync has succeeded for more than %n hour(s).", None, hours
    )
