"""``anahp-sync check``: the monitoring-plugin answer Zabbix, PRTG and Nagios understand.

One line, ``ANAHP SYNC <STATE> - <sentence> | <performance data>``, and the
exit code 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN (``--format prtg``: the
``value:message`` line PRTG's EXE/Script sensor reads, same exit codes). It is computed from the
same :class:`~anahp_desktop.sync.service.StatusReport` that ``anahp-sync
status`` prints, so the two can never disagree.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import IntEnum

from anahp_desktop.domain.statuses import RunStatus
from anahp_desktop.sync.service import StatusReport
from anahp_desktop.translation import _, ngettext

DEFAULT_WARN_HOURS = 6.0
DEFAULT_CRIT_HOURS = 24.0
MAX_REASON_CHARS = 160


class CheckState(IntEnum):
    OK = 0
    WARNING = 1
    CRITICAL = 2
    UNKNOWN = 3


@dataclass(frozen=True)
class CheckResult:
    state: CheckState
    summary: str
    perfdata: str = ""
    pending: int = 0

    def line(self) -> str:
        """The monitoring-plugin line (Nagios, Icinga, Zabbix)."""
        text = f"ANAHP SYNC {self.state.name} - {self.summary}"
        return f"{text} | {self.perfdata}" if self.perfdata else text

    def prtg_line(self) -> str:
        """PRTG's EXE/Script sensor reads ``value:message``: the pending records, then the text."""
        return f"{self.pending}:{self.state.name} - {self.summary}"


def evaluate(
    report: StatusReport, now: datetime, warn_hours: float, crit_hours: float
) -> CheckResult:
    """The state, the sentence and the performance data for one status report."""
    hours = hours_since_success(report, now)
    reasons: list[str] = []
    state = CheckState.OK
    if hours is None:
        state = CheckState.CRITICAL
        reasons.append(_("no sync has succeeded yet"))
    elif hours >= crit_hours:
        state = CheckState.CRITICAL
        reasons.append(
            _("no sync succeeded for {hours:.1f} h (critical at {limit:g} h)").format(
                hours=hours, limit=crit_hours
            )
        )
    elif hours >= warn_hours:
        state = CheckState.WARNING
        reasons.append(
            _("no sync succeeded for {hours:.1f} h (warning at {limit:g} h)").format(
                hours=hours, limit=warn_hours
            )
        )
    last = report.last_run
    if last is not None and last.status == RunStatus.FAILED:
        state = max(state, CheckState.WARNING)
        reasons.append(
            _("the last sync failed: {reason}").format(reason=_one_line(last.message or "-"))
        )
    if report.failed_batches:
        state = max(state, CheckState.WARNING)
        reasons.append(
            ngettext(
                "{n} failed batch waits to be sent again",
                "{n} failed batches wait to be sent again",
                report.failed_batches,
            ).format(n=report.failed_batches)
        )
    if hours is not None and state is CheckState.OK:
        reasons.append(_("last success {hours:.1f} h ago").format(hours=hours))
    reasons.append(
        ngettext("{n} record pending", "{n} records pending", report.pending).format(
            n=report.pending
        )
    )
    return CheckResult(
        state, "; ".join(reasons), perfdata(report, hours, warn_hours, crit_hours), report.pending
    )


def unknown(reason: str) -> CheckResult:
    return CheckResult(CheckState.UNKNOWN, _one_line(reason))


def hours_since_success(report: StatusReport, now: datetime) -> float | None:
    success = report.last_success
    if success is None:
        return None
    return max(0.0, (now - (success.finished_at or success.started_at)) / timedelta(hours=1))


def perfdata(
    report: StatusReport, hours: float | None, warn_hours: float, crit_hours: float
) -> str:
    """``label=value[UOM];warn;crit;min`` items, ``U`` where a value is not known."""
    last = report.last_run
    duration = "U"
    if last is not None and last.finished_at is not None:
        duration = f"{(last.finished_at - last.started_at).total_seconds():.1f}s"
    return " ".join(
        (
            f"pending={report.pending};;;0",
            f"failed_batches={report.failed_batches};;;0",
            f"hours_since_success={'U' if hours is None else f'{hours:.2f}'};"
            f"{warn_hours:g};{crit_hours:g};0",
            f"last_run_duration={duration};;;0",
        )
    )


def parse_hours(text: str | None, default: float) -> float:
    """A number of hours from the command line; ValueError with the reason otherwise."""
    if text is None:
        return default
    try:
        value = float(text.replace(",", "."))
    except ValueError:
        raise ValueError(_("{text!r} is not a number of hours").format(text=text)) from None
    if not value > 0:
        raise ValueError(_("the number of hours must be positive, not {text}").format(text=text))
    return value


def _one_line(text: str) -> str:
    """Monitoring tools read one line, and ``|`` starts the performance data."""
    flat = " ".join(text.split()).replace("|", "/")
    return flat if len(flat) <= MAX_REASON_CHARS else flat[: MAX_REASON_CHARS - 1] + "…"
