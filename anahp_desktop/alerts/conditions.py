"""Which alert conditions hold after a run, and what each channel must now be told.

A condition is *raised* once, when it starts holding (or its kind changes:
another error category), and stays quiet while it goes on; a *recovery* is
sent once, when a failure or "no success for N hours" that a channel was told
about stops holding. ``fingerprint`` is what a channel was last told about a
condition ("" = nothing, or it cleared); it is kept in the state store, so a
restart neither repeats nor forgets an alert.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from anahp_desktop.config.settings import AlertSettings
from anahp_desktop.domain.categories import ErrorCategory
from anahp_desktop.domain.statuses import RunResult


class AlertCondition(StrEnum):
    RUN_FAILED = "run_failed"
    NO_SUCCESS = "no_success"
    RECORDS_REJECTED = "records_rejected"


#: conditions whose end is announced ("recovered"); rejections just stop
RECOVERABLE = (AlertCondition.RUN_FAILED, AlertCondition.NO_SUCCESS)


class Channel(StrEnum):
    EMAIL = "email"
    WEBHOOK = "webhook"


def channels_on(settings: AlertSettings) -> tuple[Channel, ...]:
    """The channels the settings turn on (none: nothing to evaluate after a run)."""
    wanted = ((Channel.EMAIL, settings.email), (Channel.WEBHOOK, settings.webhook))
    return tuple(channel for channel, on in wanted if on)


@dataclass(frozen=True)
class RunOutcome:
    """What the run that just ended tells the alerts (a run that could not start is FAILED)."""

    result: RunResult
    category: ErrorCategory | None = None
    message: str | None = None
    rejected: int = 0
    run_id: str | None = None


@dataclass(frozen=True)
class Situation:
    """The facts the conditions are decided on: the run just ended and the state store."""

    now: datetime
    outcome: RunOutcome
    last_success_at: datetime | None
    first_run_at: datetime | None
    failed_batch_ids: tuple[str, ...] = ()
    failed_batches: int = 0
    pending_in_batches: int = 0


@dataclass(frozen=True)
class Observation:
    condition: AlertCondition
    holds: bool
    fingerprint: str = ""


@dataclass(frozen=True)
class ChannelPlan:
    """What one channel must be sent now, and what to remember once it was sent."""

    raised: tuple[Observation, ...] = ()
    recovered: tuple[AlertCondition, ...] = ()
    #: conditions that cleared without a message (rejections): just forget them
    forgotten: tuple[AlertCondition, ...] = ()

    @property
    def empty(self) -> bool:
        return not (self.raised or self.recovered or self.forgotten)


def observe(settings: AlertSettings, situation: Situation) -> list[Observation]:
    """Each condition's state; a cancelled run leaves the run's own conditions as they were."""
    observations = []
    outcome = situation.outcome
    if outcome.result is not RunResult.CANCELLED:
        failed = outcome.result is RunResult.FAILED
        observations.append(
            Observation(
                AlertCondition.RUN_FAILED,
                failed and settings.on_failure,
                f"failed:{outcome.category or ErrorCategory.ERROR}" if failed else "",
            )
        )
        rejected = outcome.rejected > 0 and settings.on_rejected
        observations.append(
            Observation(AlertCondition.RECORDS_REJECTED, rejected, "rejected" if rejected else "")
        )
    observations.append(_no_success(settings, situation))
    return observations


def hours_without_success(situation: Situation) -> float | None:
    """Hours since the last success (or since the first run, if none ever succeeded)."""
    since = situation.last_success_at or situation.first_run_at
    if since is None:
        return None
    return max(0.0, (situation.now - since) / timedelta(hours=1))


def _no_success(settings: AlertSettings, situation: Situation) -> Observation:
    hours = hours_without_success(situation)
    limit = settings.no_success_hours
    holds = bool(limit) and hours is not None and hours >= limit
    return Observation(AlertCondition.NO_SUCCESS, holds, f"stale:{limit}h" if holds else "")


def plan_channel(observations: list[Observation], told: Mapping[str, str]) -> ChannelPlan:
    """Compare what holds with what this channel was told (``told``: condition -> fingerprint)."""
    raised, recovered, forgotten = [], [], []
    for observation in observations:
        before = told.get(observation.condition, "")
        if observation.holds:
            if before != observation.fingerprint:
                raised.append(observation)
        elif before:
            if observation.condition in RECOVERABLE:
                recovered.append(observation.condition)
            else:
                forgotten.append(observation.condition)
    return ChannelPlan(tuple(raised), tuple(recovered), tuple(forgotten))
