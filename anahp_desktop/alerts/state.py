"""What each alert channel was last told, per condition, in the state store.

Kept with the runs and batches, so a restart, another copy of the app or the
scheduled command all share one memory: an alert is not sent twice because
the process that sent it ended.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, func, insert, select, update

from anahp_desktop.alerts.conditions import AlertCondition, Channel, RunOutcome, Situation
from anahp_desktop.domain.statuses import BatchStatus
from anahp_desktop.state.queries import batch_backlog, last_run
from anahp_desktop.state.schema import alert_state, batches, runs
from anahp_desktop.state.store import StateStore

FAILED_IDS_SHOWN = 10


def told(store: StateStore, channel: Channel) -> dict[str, str]:
    """condition -> fingerprint this channel was last sent."""
    query = select(alert_state.c.condition, alert_state.c.fingerprint).where(
        alert_state.c.channel == channel.value
    )
    with store.reading() as conn:
        return {row.condition: row.fingerprint for row in conn.execute(query)}


def remember(
    store: StateStore,
    channel: Channel,
    changes: dict[AlertCondition, str],
    now: datetime,
) -> None:
    """Record what was just sent ("" forgets a condition that cleared)."""
    with store.transaction() as conn:
        for condition, fingerprint in changes.items():
            key = (alert_state.c.channel == channel.value) & (
                alert_state.c.condition == condition.value
            )
            if not fingerprint:
                conn.execute(delete(alert_state).where(key))
                continue
            updated = conn.execute(
                update(alert_state).where(key).values(fingerprint=fingerprint, notified_at=now)
            )
            if updated.rowcount == 0:
                conn.execute(
                    insert(alert_state).values(
                        channel=channel.value,
                        condition=condition.value,
                        fingerprint=fingerprint,
                        notified_at=now,
                    )
                )


def situation(store: StateStore, outcome: RunOutcome, now: datetime) -> Situation:
    """The facts for the conditions, read from the state store only (never the source view)."""
    success = last_run(store, successful=True)
    backlog = batch_backlog(store)
    failed_ids = select(batches.c.id_lote).where(
        batches.c.status.in_([BatchStatus.FAILED, BatchStatus.SENDING, BatchStatus.CONFLICT]),
        batches.c.attempts > 0,
    )
    with store.reading() as conn:
        first = conn.execute(select(func.min(runs.c.started_at))).scalar_one_or_none()
        ids = tuple(
            conn.execute(failed_ids.order_by(batches.c.min_updated_at).limit(FAILED_IDS_SHOWN))
            .scalars()
            .all()
        )
    return Situation(
        now=now,
        outcome=outcome,
        last_success_at=(success.finished_at or success.started_at) if success else None,
        first_run_at=first,
        failed_batch_ids=ids,
        failed_batches=backlog.failed + backlog.conflict,  # sent and refused, or waiting on 409
        pending_in_batches=backlog.records,
    )
