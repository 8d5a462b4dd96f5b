"""The state store's side of ``migrate-from-service``: the starting point and the history.

One transaction writes the view's watermark (the old service's last successful
sync), the floor below which no version is ever read again (see
``CursorState.floor``) and the service's attempts as imported log rows. Before
that, :func:`inspect_state` looks at the store without creating or changing
anything, for the dry run and to refuse a store that already has its own syncs.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Engine, func, insert, inspect, select
from sqlalchemy.exc import SQLAlchemyError

from anahp_desktop.domain.statuses import Trigger
from anahp_desktop.errors import ConfigurationError
from anahp_desktop.state.schema import operations_log, runs, watermark
from anahp_desktop.state.store import StateStore, floor_name, translate
from anahp_desktop.translation import _


@dataclass(frozen=True)
class StateCheck:
    """What the state store already holds that matters to a migration."""

    runs: int = 0
    last_run: datetime | None = None
    watermark: datetime | None = None
    floor: datetime | None = None
    imported_rows: int = 0

    def refuse_unless_new(self, start: datetime) -> bool:
        """True when this very migration was already written; raise when another one or this
        app's own syncs are there (the migration is for a new installation only)."""
        if self.floor is not None:
            if self.floor == start:
                return True
            raise ConfigurationError(
                _(
                    "This state store was already migrated from the old service, starting after "
                    "{floor}; it cannot start again from {start}. Nothing was changed."
                ).format(floor=_shown(self.floor), start=_shown(start))
            )
        if self.runs or self.watermark is not None:
            raise ConfigurationError(
                _(
                    "This state store already holds this app's own syncs (the last started at "
                    "{when} UTC): the migration prepares a new installation only. Nothing was "
                    "changed."
                ).format(when=_shown(self.last_run) if self.last_run else "?")
            )
        return False


def inspect_state(engine: Engine, view: str) -> StateCheck:
    """Read what is there; a store whose tables do not exist yet is new."""
    try:
        own_schema = engine.get_execution_options().get("schema_translate_map", {}).get(None)
        names = set(inspect(engine).get_table_names(schema=own_schema or runs.schema))
        if not {runs.name, watermark.name} <= names:
            return StateCheck()
        with engine.connect() as conn:
            count, last = conn.execute(select(func.count(), func.max(runs.c.started_at))).one()
            marks = dict(
                conn.execute(
                    select(watermark.c.name, watermark.c.updated_at).where(
                        watermark.c.name.in_([view, floor_name(view)])
                    )
                ).all()
            )
            imported = 0
            if operations_log.name in names:
                imported = conn.execute(
                    select(func.count()).where(operations_log.c.trigger == Trigger.IMPORTED)
                ).scalar_one()
    except SQLAlchemyError as exc:
        raise translate(exc) from exc
    return StateCheck(
        runs=int(count),
        last_run=last,
        watermark=marks.get(view),
        floor=marks.get(floor_name(view)),
        imported_rows=int(imported),
    )


def seed(
    store: StateStore,
    view: str,
    start: datetime,
    attempts: Iterable[list[dict[str, Any]]],
) -> None:
    """Watermark, floor and imported attempts, in one transaction (all or nothing)."""
    now = store.clock()
    with store.transaction() as conn:
        for name in (view, floor_name(view)):
            conn.execute(
                insert(watermark).values(
                    name=name, updated_at=start, record_id=None, cursor_value=None, changed_at=now
                )
            )
        for chunk in attempts:
            conn.execute(insert(operations_log), chunk)


def _shown(moment: datetime) -> str:
    return moment.isoformat(sep=" ", timespec="seconds")
