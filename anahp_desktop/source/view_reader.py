"""Reading the source view in keyset order, one bounded page at a time.

Rows are read ordered by ``(updated_at, id)`` and each page continues strictly
after the last key of the previous one, so rows sharing one ``updated_at``
across a page or batch boundary are neither skipped nor repeated, memory stays
flat whatever the backlog, and no ``OFFSET`` scan is ever issued.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import (
    ColumnElement,
    DateTime,
    Engine,
    Select,
    and_,
    column,
    func,
    literal_column,
    or_,
    select,
    table,
)
from sqlalchemy.exc import DBAPIError, SQLAlchemyError
from sqlalchemy.sql.expression import TableClause

from anahp_desktop import db_errors
from anahp_desktop.errors import SourceContractError, SourceError, SourceUnavailableError
from anahp_desktop.source.contract import COLUMN_NAMES, SourceRow, as_datetime
from anahp_desktop.translation import N_, _

WHAT = N_("the hospital database")


@dataclass(frozen=True)
class Position:
    """Where a keyset scan continues: strictly after ``(updated_at, id)``."""

    updated_at: datetime
    id: int | str


@dataclass(frozen=True)
class Page:
    rows: list[SourceRow]
    unusable_updated_at: int
    last: Position | None


def view_table(view: str) -> TableClause:
    schema, _dot, name = view.rpartition(".")
    return table(name, *(column(n) for n in COLUMN_NAMES), schema=schema or None)


class ViewReader:
    """Keyset-paged reads of the view; every database error becomes a SourceError."""

    def __init__(self, engine: Engine, view: str, page_size: int = 2000) -> None:
        self._engine = engine
        self._view = view
        self._table = view_table(view)
        self._updated_at = column("updated_at", DateTime)
        self._page_size = page_size

    # -- queries (pure: compiled by the tests for every dialect) ---------------------------

    def page_query(
        self,
        lower: datetime | None,
        after: Position | None,
        upper: datetime | None = None,
        limit: int | None = None,
    ) -> Select[Any]:
        """One page: rows at or after ``lower``, strictly after ``after``, in key order."""
        t = self._table
        conditions: list[ColumnElement[bool]] = [self._updated_at.is_not(None)]
        if lower is not None:
            conditions.append(self._updated_at >= lower)
        if upper is not None:
            conditions.append(self._updated_at <= upper)
        if after is not None:
            conditions.append(
                or_(
                    self._updated_at > after.updated_at,
                    and_(self._updated_at == after.updated_at, t.c.id > after.id),
                )
            )
        return (
            select(*(t.c[name] for name in COLUMN_NAMES))
            .where(*conditions)
            .order_by(t.c.updated_at, t.c.id)
            .limit(limit or self._page_size)
        )

    def count_query(self, lower: datetime | None) -> Select[Any]:
        conditions: list[ColumnElement[bool]] = [self._updated_at.is_not(None)]
        if lower is not None:
            conditions.append(self._updated_at >= lower)
        return select(func.count()).select_from(self._table).where(*conditions)

    def null_updated_at_query(self) -> Select[Any]:
        return select(func.count()).select_from(self._table).where(self._updated_at.is_(None))

    def probe_query(self) -> Select[Any]:
        """No rows, every column the view has (to name the ones it lacks)."""
        return select(literal_column("*")).select_from(self._table).where(literal_column("1") == 0)

    def cursor_sample_query(self) -> Select[Any]:
        return select(self._table.c.updated_at).where(self._updated_at.is_not(None)).limit(1)

    def by_ids_query(self, ids: Sequence[str]) -> Select[Any]:
        t = self._table
        return select(*(t.c[name] for name in COLUMN_NAMES)).where(
            func.cast(t.c.id, _text_type()).in_(list(ids))
        )

    # -- I/O ------------------------------------------------------------------------------

    def check_contract(self) -> None:
        """Fail early, with the missing columns named, when the view is not as agreed."""
        try:
            with self._engine.connect() as conn:
                result = conn.execute(self.probe_query())
                present = set(result.keys())
        except DBAPIError as exc:
            raise self._translate(exc) from exc
        present = {name.lower() for name in present}
        missing = [name for name in COLUMN_NAMES if name not in present]
        if missing:
            raise SourceContractError(
                _("The view {view} lacks the columns: {columns}.").format(
                    view=self._view, columns=", ".join(missing)
                )
            )
        self._check_cursor_type()

    def _check_cursor_type(self) -> None:
        """``updated_at`` must be a date-time column: the keyset compares it as one."""
        try:
            with self._engine.connect() as conn:
                sample = conn.execute(self.cursor_sample_query()).scalar()
        except DBAPIError as exc:
            raise self._translate(exc) from exc
        if sample is None:
            return
        text_allowed = self._engine.dialect.name == "sqlite"  # SQLite keeps date-times as text
        if isinstance(sample, datetime) or (text_allowed and as_datetime(sample) is not None):
            return
        raise SourceContractError(
            _(
                "The column updated_at of the view {view} returns {kind}, not a date and time "
                "(datetime2): ask the DBA to fix the view."
            ).format(view=self._view, kind=type(sample).__name__)
        )

    def pages(
        self, lower: datetime | None, after: Position | None = None, upper: datetime | None = None
    ) -> Iterator[Page]:
        """Every page from ``lower`` (inclusive) on; ends when a page comes back short."""
        while True:
            page = self.read_page(lower, after, upper)
            if page.rows or page.unusable_updated_at:
                yield page
            if page.last is None:
                return
            after = page.last

    def read_page(
        self,
        lower: datetime | None,
        after: Position | None,
        upper: datetime | None = None,
        limit: int | None = None,
    ) -> Page:
        limit = limit or self._page_size
        query = self.page_query(lower, after, upper, limit)
        try:
            with self._engine.connect() as conn:
                raw_rows = conn.execute(query).all()
        except DBAPIError as exc:
            raise self._translate(exc) from exc
        except SQLAlchemyError as exc:
            raise SourceError(db_errors.explain(db_errors.DbProblem.OTHER, _(WHAT))) from exc
        rows: list[SourceRow] = []
        unusable = 0
        for raw in raw_rows:
            updated = as_datetime(raw[1])
            if updated is None or raw[0] is None:
                unusable += 1
                continue
            rows.append(SourceRow(raw[0], updated, *raw[2:]))
        last: Position | None = None
        if len(raw_rows) >= limit:
            if not rows:
                raise SourceContractError(
                    _(
                        "The columns id and updated_at of the view {view} hold no usable keys."
                    ).format(view=self._view)
                )
            last = Position(rows[-1].updated_at, rows[-1].id)
        return Page(rows, unusable, last)

    def count(self, lower: datetime | None) -> int:
        return self._scalar(self.count_query(lower))

    def count_null_updated_at(self) -> int:
        return self._scalar(self.null_updated_at_query())

    def fetch_by_ids(self, ids: Sequence[str]) -> list[SourceRow]:
        """Current rows for these ids (to show an operator what a failed batch held)."""
        rows: list[SourceRow] = []
        for start in range(0, len(ids), 500):
            try:
                with self._engine.connect() as conn:
                    found = conn.execute(self.by_ids_query(ids[start : start + 500])).all()
            except DBAPIError as exc:
                raise self._translate(exc) from exc
            for raw in found:
                updated = as_datetime(raw[1])
                if updated is not None:
                    rows.append(SourceRow(raw[0], updated, *raw[2:]))
        return rows

    def _scalar(self, query: Select[Any]) -> int:
        try:
            with self._engine.connect() as conn:
                return int(conn.execute(query).scalar_one())
        except DBAPIError as exc:
            raise self._translate(exc) from exc

    def _translate(self, exc: DBAPIError) -> SourceError:
        problem = db_errors.classify(exc)
        if problem is db_errors.DbProblem.WRONG_TYPE:
            return SourceContractError(
                _(
                    "A column of the view {view} does not have the type of the contract "
                    "(see docs/source-view.md)."
                ).format(view=self._view)
            )
        if problem is db_errors.DbProblem.MISSING_OBJECT:
            return SourceContractError(
                _(
                    "The view {view} does not exist or lacks a column of the contract "
                    "(see docs/source-view.md)."
                ).format(view=self._view)
            )
        return SourceUnavailableError(db_errors.explain(problem, _(WHAT)), problem.value)


def _text_type() -> Any:
    from sqlalchemy import String

    return String(64)
