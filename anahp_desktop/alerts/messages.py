"""The words of an alert, in the operator's language, without any patient data.

An alert carries only what an operator needs to act: which computer, what
happened (the engine's own sentence), counts, batch ids and error
categories. Never a record, an encounter number, a name or a date of birth:
those never reach this module (it gets counts and ids from the state store).
"""

from __future__ import annotations

import socket
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any

from anahp_desktop import __version__
from anahp_desktop.alerts.conditions import (
    AlertCondition,
    Observation,
    Situation,
    hours_without_success,
)
from anahp_desktop.domain.clock import optional_utc_text
from anahp_desktop.translation import _, ngettext

MAX_BATCH_IDS = 10


class Severity(StrEnum):
    CRITICAL = "critical"
    WARNING = "warning"
    OK = "ok"
    TEST = "test"


@dataclass(frozen=True)
class Alert:
    """One message for one channel: a subject line, a text body, and fields for machines."""

    kind: str  # an AlertCondition value, "recovered" or "test"
    severity: Severity
    title: str
    text: str
    details: dict[str, Any] = field(default_factory=dict)
    host: str = field(default_factory=socket.gethostname)
    occurred_at: datetime | None = None

    def payload(self) -> dict[str, Any]:
        """The webhook's JSON: ``text`` for Slack/Teams-style receivers, the rest for workflows."""
        return {
            "text": f"{self.title}\n\n{self.text}",
            "title": self.title,
            "summary": self.title,
            "kind": self.kind,
            "severity": self.severity.value,
            "host": self.host,
            "app": "anahp-sync",
            "app_version": __version__,
            "occurred_at": optional_utc_text(self.occurred_at),
            "details": self.details,
        }


def raised_alert(observation: Observation, situation: Situation) -> Alert:
    host = socket.gethostname()
    outcome = situation.outcome
    if observation.condition is AlertCondition.RUN_FAILED:
        lines = [
            _("The sync on {host} failed.").format(host=host),
            outcome.message or _("(no reason was recorded)"),
            *_batch_lines(situation),
            _("Error category: {category}.").format(category=outcome.category or "-"),
        ]
        return _alert(
            observation,
            Severity.CRITICAL,
            _("ANAHP Sync: the sync failed on {host}").format(host=host),
            lines,
            situation,
            {"category": outcome.category, "message": outcome.message},
        )
    if observation.condition is AlertCondition.NO_SUCCESS:
        hours = hours_without_success(situation) or 0.0
        lines = [
            _("No sync has succeeded on {host} for {hours:.1f} hours.").format(
                host=host, hours=hours
            ),
            _("Last success: {when}.").format(when=_when(situation.last_success_at)),
            *_batch_lines(situation),
        ]
        return _alert(
            observation,
            Severity.CRITICAL,
            _("ANAHP Sync: no successful sync on {host} for {hours:.0f} hours").format(
                host=host, hours=hours
            ),
            lines,
            situation,
            {"hours_since_success": round(hours, 2)},
        )
    lines = [
        ngettext(
            "The last sync on {host} rejected {n} record as invalid.",
            "The last sync on {host} rejected {n} records as invalid.",
            outcome.rejected,
        ).format(host=host, n=outcome.rejected),
        _(
            "They are not sent until the hospital system corrects them: see the rejected "
            "records in the app or with 'anahp-sync log'."
        ),
    ]
    return _alert(
        observation,
        Severity.WARNING,
        ngettext(
            "ANAHP Sync: {n} record rejected on {host}",
            "ANAHP Sync: {n} records rejected on {host}",
            outcome.rejected,
        ).format(n=outcome.rejected, host=host),
        lines,
        situation,
        {"rejected": outcome.rejected},
    )


def recovered_alert(conditions: tuple[AlertCondition, ...], situation: Situation) -> Alert:
    host = socket.gethostname()
    lines = [
        _("The sync on {host} works again: the last run succeeded.").format(host=host),
        _("Last success: {when}.").format(when=_when(situation.last_success_at)),
    ]
    return Alert(
        "recovered",
        Severity.OK,
        _("ANAHP Sync: the sync works again on {host}").format(host=host),
        "\n".join(lines),
        {"cleared": [c.value for c in conditions], **_counts(situation)},
        host,
        situation.now,
    )


def test_alert(now: datetime) -> Alert:
    host = socket.gethostname()
    return Alert(
        "test",
        Severity.TEST,
        _("ANAHP Sync: test alert from {host}").format(host=host),
        _("This is a test: alerts from {host} reach you.").format(host=host),
        {},
        host,
        now,
    )


def _alert(
    observation: Observation,
    severity: Severity,
    title: str,
    lines: list[str],
    situation: Situation,
    extra: dict[str, Any],
) -> Alert:
    details = {"condition": observation.condition.value, **extra, **_counts(situation)}
    return Alert(
        observation.condition.value,
        severity,
        title,
        "\n".join(lines),
        details,
        socket.gethostname(),
        situation.now,
    )


def _counts(situation: Situation) -> dict[str, Any]:
    return {
        "run_id": situation.outcome.run_id,
        "failed_batches": situation.failed_batches,
        "failed_batch_ids": list(situation.failed_batch_ids[:MAX_BATCH_IDS]),
        "pending_in_batches": situation.pending_in_batches,
        "last_success_at": (optional_utc_text(situation.last_success_at)),
    }


def _batch_lines(situation: Situation) -> list[str]:
    if not situation.failed_batches:
        return []
    ids = ", ".join(situation.failed_batch_ids[:MAX_BATCH_IDS])
    more = situation.failed_batches - min(len(situation.failed_batch_ids), MAX_BATCH_IDS)
    line = _("Failed batches waiting: {n} ({ids}).").format(n=situation.failed_batches, ids=ids)
    if more > 0:
        line += " " + _("And {n} more.").format(n=more)
    return [line]


def _when(moment: datetime | None) -> str:
    return moment.strftime("%Y-%m-%d %H:%M UTC") if moment else _("never")
