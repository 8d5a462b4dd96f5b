"""Plain-text renderings of run summaries, status and log rows for the terminal."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from anahp_desktop.state.queries import LogRow, RunRow
from anahp_desktop.sync.events import RunSummary
from anahp_desktop.sync.service import StatusReport
from anahp_desktop.translation import _


def summary_text(summary: RunSummary) -> str:
    headline = {
        "success": _("Sync finished."),
        "failed": _("Sync finished with failures."),
        "cancelled": _("Sync cancelled."),
    }.get(summary.status, summary.status)
    lines = [
        headline,
        _("Delivered: {n} records in {b} batches.").format(n=summary.delivered, b=summary.batches),
        _("Rejected as invalid: {n}.").format(n=summary.rejected),
        _("Still pending: {n} records.").format(n=summary.pending),
    ]
    if summary.failures:
        lines.append(_("Failed batches: {n}.").format(n=summary.failures))
    if summary.null_updated_at:
        lines.append(
            _("Records without updated_at (never sent): {n}.").format(n=summary.null_updated_at)
        )
    if summary.message and summary.status != "success":
        lines.append(summary.message)
    return "\n".join(lines)


def status_text(report: StatusReport) -> str:
    lines = [
        _("Pending records: {n} (of which {b} in stored batches).").format(
            n=report.pending, b=report.pending_in_batches
        ),
        _("Last successful sync: {when}.").format(when=_run_when(report.last_success)),
        _("Last sync: {when}.").format(when=_run_when(report.last_run, with_status=True)),
        _("Failed batches: {n}.").format(n=report.failed_batches),
        _("Rejected records: {n}.").format(n=report.rejected_records),
        _("Records without updated_at: {n}.").format(n=report.null_updated_at),
    ]
    return "\n".join(lines)


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
