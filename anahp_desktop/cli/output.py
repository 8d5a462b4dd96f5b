"""Plain-text renderings of run summaries, status and log rows for the terminal."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING, assert_never

from anahp_desktop.domain.statuses import RunStatus
from anahp_desktop.state.sync_lock import running_now_text
from anahp_desktop.sync.events import RunSummary
from anahp_desktop.sync.service import StatusReport
from anahp_desktop.sync.work_left import Verdict
from anahp_desktop.translation import _, ngettext

if TYPE_CHECKING:  # the row classes: not imported by a sync, which prints neither
    from anahp_desktop.state.queries import LogRow, RunRow


def _headline(status: RunStatus) -> str:
    match status:
        case RunStatus.SUCCESS:
            return _("Sync finished.")
        case RunStatus.FAILED:
            return _("Sync finished with failures.")
        case RunStatus.CANCELLED:
            return _("Sync cancelled.")
        case RunStatus.RUNNING | RunStatus.INTERRUPTED:  # no finished run ends so
            return status.value
        case _:
            assert_never(status)


def summary_text(summary: RunSummary) -> str:
    headline = _headline(summary.status)
    lines = [
        headline,
        _("Delivered: {n} records in {b} batches.").format(n=summary.delivered, b=summary.batches),
        _("Rejected as invalid: {n}.").format(n=summary.rejected),
        _("Still pending: {n} records.").format(n=summary.pending)
        if summary.unread is not None
        else _(
            "Still pending: {n} records in stored batches, and those of the view not read yet "
            "(the view could not be counted now)."
        ).format(n=summary.pending),
    ]
    if summary.failures:
        lines.append(_("Failed batches: {n}.").format(n=summary.failures))
    if summary.null_updated_at:
        lines.append(
            _("Records without updated_at (never sent): {n}.").format(n=summary.null_updated_at)
        )
    if summary.message and summary.status != RunStatus.SUCCESS:
        lines.append(summary.message)
    return "\n".join(lines)


def status_text(report: StatusReport) -> str:
    """The same verdict and figures as the window's dashboard (sync/work_left.py)."""
    lines = [
        verdict_text(report),
        _("Pending records: {n}.").format(n=report.pending),
        *("  " + line for line in waiting_lines(report)),
        _("Last successful sync: {when}.").format(when=_run_when(report.last_success)),
        _("Rejected records: {n}.").format(n=report.rejected_records),
        _("Records without updated_at: {n}.").format(n=report.null_updated_at),
        running_now_text(report.running),
    ]
    return "\n".join(lines)


def verdict_text(report: StatusReport) -> str:
    last = report.last_run
    when = _run_when(last)
    verdict = report.verdict
    if verdict is Verdict.NEVER_RUN or last is None:
        return _("No sync has run yet.")
    if verdict is Verdict.NOTHING_LEFT:
        return _("Nothing left to send: the last sync, at {when}, was completed.").format(when=when)
    if verdict is Verdict.RECORDS_WAIT:
        return ngettext(
            "The last sync, at {when}, was completed; {n} record still waits to be sent.",
            "The last sync, at {when}, was completed; {n} records still wait to be sent.",
            report.pending,
        ).format(when=when, n=report.pending)
    if verdict is Verdict.CANCELLED:
        return _("The last sync, at {when}, was cancelled.").format(when=when)
    return _("The last sync, at {when}, failed: {reason}").format(
        when=when, reason=last.message or _("no reason was recorded.")
    )


def waiting_lines(report: StatusReport) -> list[str]:
    """Where the pending records wait, one line per reason (none when nothing waits)."""
    batches = report.batches
    lines = []
    if batches.failed:
        lines.append(
            ngettext(
                "{n} in {b} batch that failed (sent again first by the next sync).",
                "{n} in {b} batches that failed (sent again first by the next sync).",
                batches.failed,
            ).format(n=batches.failed_records, b=batches.failed)
        )
    if batches.unsent:
        lines.append(
            ngettext(
                "{n} in {b} batch built but never sent (the run stopped before it).",
                "{n} in {b} batches built but never sent (the run stopped before them).",
                batches.unsent,
            ).format(n=batches.unsent_records, b=batches.unsent)
        )
    if batches.conflict:
        lines.append(
            ngettext(
                "{n} in {b} batch SINHA answered with a conflict (409): sent again on request.",
                "{n} in {b} batches SINHA answered with a conflict (409): sent again on request.",
                batches.conflict,
            ).format(n=batches.conflict_records, b=batches.conflict)
        )
    if batches.unconfirmed:
        lines.append(
            ngettext(
                "{n} in {b} batch SINHA did not confirm (its receipt and its lookup disagree with "
                "what was sent): check it with ANAHP, then retry it.",
                "{n} in {b} batches SINHA did not confirm (their receipts and lookups disagree "
                "with what was sent): check them with ANAHP, then retry them.",
                batches.unconfirmed,
            ).format(n=batches.unconfirmed_records, b=batches.unconfirmed)
        )
    if report.unread:
        lines.append(_("{n} not read from the view yet.").format(n=report.unread))
    return lines


def log_table(rows: Sequence[LogRow]) -> str:
    if not rows:
        return _("No log rows.")
    header = (
        _("started (UTC)"),
        _("status"),
        _("trigger"),
        "id_lote",
        _("try"),
        "HTTP",
        _("records"),
        _("error"),
    )
    body = [
        (
            _fmt(row.started_at),
            row.status,
            row.trigger,
            row.id_lote or "-",
            str(row.attempt),
            str(row.http_status or "-"),
            str(row.records_sent),
            (row.error_message or "")[:60],
        )
        for row in rows
    ]
    widths = [max(len(str(cell)) for cell in column) for column in zip(header, *body, strict=False)]
    return "\n".join(
        "  ".join(str(cell).ljust(width) for cell, width in zip(line, widths, strict=True)).rstrip()
        for line in (header, *body)
    )


def _run_when(run: RunRow | None, *, with_status: bool = False) -> str:
    if run is None:
        return _("never")
    text = _fmt(run.finished_at or run.started_at) + " UTC"
    if with_status:
        text += f" ({run.status})"
    return text


def _fmt(moment: datetime | None) -> str:
    return moment.strftime("%Y-%m-%d %H:%M:%S") if moment else "-"
