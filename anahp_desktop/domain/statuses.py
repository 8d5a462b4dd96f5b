"""Statuses and triggers, as stored in the state store and printed in JSON.

Each is a ``StrEnum`` whose values are the words the tables have always held,
so rows written before these classes existed read back as members. The named
sets below are the rules of the delivery protocol written once: the store,
the sender, the queries and the window all ask them.
"""

from __future__ import annotations

from enum import StrEnum
from typing import TypeVar

E = TypeVar("E", bound=StrEnum)


class BatchStatus(StrEnum):
    """Lifecycle of a batch intent (``sinha_batches.status``)."""

    PENDING = "pending"  # intent written, never sent
    SENDING = "sending"  # a POST may have reached SINHA: look it up before sending again
    FAILED = "failed"  # last attempt failed with a definite answer; retried by the next run
    CONFLICT = "conflict"  # 409: needs an operator; retried only on request
    #: SINHA's receipt and its lookup both fail to confirm it: needs an operator, body kept;
    #: retried only on request (and then looked up first)
    UNCONFIRMED = "unconfirmed"
    DELIVERED = "delivered"  # SINHA holds it (201, 200, or found by GET)
    SPLIT = "split"  # 413: replaced by two smaller batches
    SUPERSEDED = "superseded"  # 400/422: bad records rejected, the rest in a new batch

    @property
    def is_open(self) -> bool:
        """Not delivered and not replaced: it still has records to send."""
        return self in OPEN_BATCHES

    @property
    def looked_up_first(self) -> bool:
        """The next attempt asks SINHA whether it holds the batch before posting it."""
        return self in LOOKED_UP_FIRST


class AttemptStatus(StrEnum):
    """How one attempt at one batch ended (``operations_log.status``)."""

    RUNNING = "running"
    SUCCESS = "success"
    FAILED = "failed"
    REJECTED = "rejected"
    INTERRUPTED = "interrupted"


class RunStatus(StrEnum):
    """How a run ended (``sinha_runs.status``; ``sync --json``'s ``status``)."""

    RUNNING = "running"
    SUCCESS = "success"
    FAILED = "failed"
    CANCELLED = "cancelled"
    INTERRUPTED = "interrupted"


class Trigger(StrEnum):
    """Who started a run, or where a logged attempt came from."""

    MANUAL = "manual"
    SCHEDULED = "scheduled"
    CLI = "cli"
    RETRY = "retry"  # the operator sent chosen batches again (reads no view, moves no schedule)
    #: attempts of the service this app replaced, read by migrate-from-service (never a run)
    IMPORTED = "imported"


class RunResult(StrEnum):
    """What a run's end means for the alerts and the schedule's back-off."""

    SUCCESS = "success"
    FAILED = "failed"  # failed, could not start, or was killed
    CANCELLED = "cancelled"  # says nothing about failure or success
    SKIPPED = "skipped"  # another copy was syncing: this slot did not run

    @classmethod
    def of(cls, status: RunStatus) -> RunResult:
        if status == RunStatus.SUCCESS:  # == : a status read back as text compares too
            return cls.SUCCESS
        if status == RunStatus.CANCELLED:
            return cls.CANCELLED
        return cls.FAILED


class RejectionOrigin(StrEnum):
    """Who rejected a record version (``sinha_rejections.origin``)."""

    VALIDATION = "validation"  # this app's validation: never sent
    SINHA = "sinha"  # SINHA named it in a 400/422: the rest of its batch went on


def known(kind: type[E], text: str | None) -> E | None:
    """``text`` as a member of ``kind``; None when empty or not one (an older copy wrote it)."""
    try:
        return kind(text) if text else None
    except ValueError:
        return None


#: batches with records still to send; every view counts them as waiting
OPEN_BATCHES: tuple[BatchStatus, ...] = (
    BatchStatus.PENDING,
    BatchStatus.SENDING,
    BatchStatus.FAILED,
    BatchStatus.CONFLICT,
    BatchStatus.UNCONFIRMED,
)
#: sent again by the next run without asking anyone (retry, second level)
RESENT_BY_NEXT_RUN: tuple[BatchStatus, ...] = (
    BatchStatus.PENDING,
    BatchStatus.SENDING,
    BatchStatus.FAILED,
)
#: the next attempt asks SINHA whether it holds the batch before posting it
LOOKED_UP_FIRST: tuple[BatchStatus, ...] = (BatchStatus.SENDING, BatchStatus.UNCONFIRMED)
#: batches whose record versions count as handled (a split or superseded one gave them away)
HOLDING_RECORDS: tuple[BatchStatus, ...] = (*OPEN_BATCHES, BatchStatus.DELIVERED)

#: attempts that did not deliver (the log's "failures" filter)
FAILED_ATTEMPTS: tuple[AttemptStatus, ...] = (
    AttemptStatus.FAILED,
    AttemptStatus.REJECTED,
    AttemptStatus.INTERRUPTED,
)

#: the triggers a run can be started with (``imported`` only labels old attempts)
RUN_TRIGGERS: tuple[Trigger, ...] = (Trigger.MANUAL, Trigger.SCHEDULED, Trigger.CLI, Trigger.RETRY)
