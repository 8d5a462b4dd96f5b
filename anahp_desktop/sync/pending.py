"""The records the next sync will send, a page at a time, flagged before any send.

The next run first sends again the batches earlier runs stored but did not
deliver, then reads the view from where its cursor starts (sync.next_run: the
one plan the run and ``status`` use too, whatever ``source.cursor`` is).
This preview pages through both in that order: records held in open batches
(keyset on their version), then the view in the run's keyset order, skipping
versions already in a live batch or rejected, with the run's own validation
so records that will be rejected show their reasons now. Nothing is written
and nothing leaves the machine.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, tzinfo

from sqlalchemy import and_, or_, select

from anahp_desktop.domain.statuses import OPEN_BATCHES, BatchStatus
from anahp_desktop.source.contract import SourceRow, as_datetime
from anahp_desktop.source.view_reader import Position, ViewReader
from anahp_desktop.state.schema import batch_records, batches
from anahp_desktop.state.store import StateStore
from anahp_desktop.sync.next_run import NextRunPlan
from anahp_desktop.transform.pseudonym import Pseudonymizer
from anahp_desktop.transform.validate import Rejection, Transformer

#: source pages read per call at most, so one call stays short on a view full of handled rows
MAX_READS_PER_PAGE = 20


@dataclass(frozen=True)
class PendingRecord:
    """One record version the next sync will send (values as read, for local display)."""

    record_id: str
    updated_at: datetime
    cnes: str
    data_alta: str
    tipo_alta: str
    cid_principal: str
    reasons: tuple[tuple[str, str], ...] = ()  # (reason code, field); empty: will be sent
    id_lote: str | None = None  # set when the record waits in a stored batch
    batch_status: BatchStatus | None = None
    atendimento: str = ""  # the encounter number as the view has it (shown locally only)

    @property
    def valid(self) -> bool:
        return not self.reasons


@dataclass(frozen=True)
class PendingFilter:
    """What the operator narrowed the list to; empty: every pending record."""

    only_rejected: bool = False  # only the records the validation will reject
    text: str = ""  # part of the record id or of the atendimento

    def keeps(self, record: PendingRecord) -> bool:
        if self.only_rejected and record.valid:
            return False
        needle = self.text.strip().casefold()
        return (
            not needle
            or needle in record.record_id.casefold()
            or (needle in record.atendimento.casefold())
        )


@dataclass(frozen=True)
class PendingCursor:
    """Where the next page continues: in the stored batches, or in the view."""

    in_batches: bool = True
    batch_key: tuple[datetime, str] | None = None
    view_position: Position | None = None


@dataclass(frozen=True)
class PendingPage:
    records: list[PendingRecord]
    after: PendingCursor | None  # None: nothing more


class PendingPreview:
    """Keyset pages of pending records; one instance per opened view (cheap to build)."""

    def __init__(
        self,
        reader: ViewReader,
        store: StateStore,
        transformer: Transformer,
        plan: NextRunPlan,
    ) -> None:
        self._reader = reader
        self._store = store
        self._transformer = transformer
        self.plan = plan

    @classmethod
    def for_next_run(
        cls,
        reader: ViewReader,
        store: StateStore,
        *,
        view: str,
        lookback_minutes: int,
        source_tz: tzinfo,
        source_now: datetime,
    ) -> PendingPreview:
        """Start where the next run will (its :class:`NextRunPlan`)."""
        plan = NextRunPlan.read(store, reader, view, lookback_minutes)
        # validation does not depend on the pseudonymization key: no keyring access here
        transformer = Transformer(Pseudonymizer(b"", raw=True), source_tz, source_now)
        return cls(reader, store, transformer, plan)

    def page(
        self, after: PendingCursor | None, limit: int, flt: PendingFilter | None = None
    ) -> PendingPage:
        """Up to ``limit`` pending records after ``after`` (None: from the start).

        With a filter, records that do not match are skipped on the way; a page
        may then come back short (each call reads a bounded number of pages).
        """
        flt = flt or PendingFilter()
        cursor = after or PendingCursor()
        found: list[PendingRecord] = []
        if cursor.in_batches and not flt.only_rejected:  # stored records passed validation
            stored, key = self._batch_page(cursor.batch_key, limit)
            found = [record for record in stored if flt.keeps(record)]
            if len(stored) >= limit:  # more stored records may follow
                return PendingPage(found, PendingCursor(True, key))
        if cursor.in_batches:
            cursor = PendingCursor(in_batches=False)
        more, position = self._view_page(cursor.view_position, limit - len(found), flt)
        found.extend(more)
        next_cursor = None if position is None else PendingCursor(False, None, position)
        return PendingPage(found, next_cursor)

    # -- records in stored batches ------------------------------------------------------------

    def _batch_page(
        self, after: tuple[datetime, str] | None, limit: int
    ) -> tuple[list[PendingRecord], tuple[datetime, str] | None]:
        r = batch_records.c
        query = (
            select(r.record_id, r.updated_at, r.id_lote, batches.c.cnes, batches.c.status)
            .join(batches, batches.c.id_lote == r.id_lote)
            .where(batches.c.status.in_(OPEN_BATCHES))
        )
        if after is not None:
            updated, record_id = after
            query = query.where(
                or_(r.updated_at > updated, and_(r.updated_at == updated, r.record_id > record_id))
            )
        query = query.order_by(r.updated_at, r.record_id).limit(limit)
        with self._store.reading() as conn:
            rows = conn.execute(query).all()
        if not rows:
            return [], after
        current = {str(row.id): row for row in self._reader.fetch_by_ids([row[0] for row in rows])}
        records = []
        for record_id, updated_at, id_lote, cnes, status in rows:
            source = current.get(record_id)
            records.append(
                PendingRecord(
                    record_id=record_id,
                    updated_at=updated_at,
                    cnes=cnes,
                    data_alta=_text(source.data_alta) if source else "",
                    tipo_alta=_text(source.tipo_alta) if source else "",
                    cid_principal=_text(source.cid_principal) if source else "",
                    id_lote=id_lote,
                    batch_status=BatchStatus(status),
                    atendimento=_text(source.atendimento) if source else "",
                )
            )
        last = rows[-1]
        return records, (last[1], last[0])

    # -- records in the view ------------------------------------------------------------------

    def _view_page(
        self, after: Position | None, limit: int, flt: PendingFilter
    ) -> tuple[list[PendingRecord], Position | None]:
        """Records of the view the next run sends, from ``after`` on in its cursor's order.

        Each read asks for no more rows than records are still wanted, so a page
        never stops inside a read: it continues where the reader's page ended (a
        position in the cursor's own order: time, rowversion or change version).
        """
        found: list[PendingRecord] = []
        position = after
        for _read in range(MAX_READS_PER_PAGE):
            wanted = limit - len(found)
            if wanted <= 0:
                return found, position
            page = self._reader.next_run_page(self.plan.start, position, wanted)
            rows = page.rows
            if rows:
                handled = self._store.handled_keys(
                    min(row.updated_at for row in rows), max(row.updated_at for row in rows)
                )
                records = (self._record(row) for row in rows if row.key not in handled)
                found.extend(record for record in records if flt.keeps(record))
            if page.last is None:
                return found, None
            position = page.last
        return found, position

    def _record(self, row: SourceRow) -> PendingRecord:
        result = self._transformer.transform(row)
        reasons: tuple[tuple[str, str], ...] = ()
        if isinstance(result, Rejection):
            reasons = tuple((code.value, name) for code, name in result.reasons)
        return PendingRecord(
            record_id=str(row.id),
            updated_at=row.updated_at,
            cnes=_text(row.cnes),
            data_alta=_text(row.data_alta),
            tipo_alta=_text(row.tipo_alta),
            cid_principal=_text(row.cid_principal),
            reasons=reasons,
            atendimento=_text(row.atendimento),
        )


def _text(value: object) -> str:
    """A value for display; dates (SQLite returns them as text) to the minute."""
    if value is None:
        return ""
    moment = as_datetime(value) if isinstance(value, str | datetime) else None
    if moment is not None:
        return moment.isoformat(sep=" ", timespec="minutes")
    return str(value)
