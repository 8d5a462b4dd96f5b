"""The records the next sync will send, a page at a time, flagged before any send.

The desktop app's "Pending records" view pages through the view from where
the next run starts reading (watermark minus lookback), in the same keyset
order as the run, skipping versions already in a live batch or rejected, and
runs the same validation as the run so records that will be rejected show
their reasons now. Nothing is written and nothing leaves the machine.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta, tzinfo

from anahp_desktop.source.contract import SourceRow
from anahp_desktop.source.view_reader import Position, ViewReader
from anahp_desktop.state.store import StateStore
from anahp_desktop.transform.pseudonym import Pseudonymizer
from anahp_desktop.transform.validate import Rejection, Transformer

#: source pages read per call at most, so one call stays short on a view full of handled rows
MAX_READS_PER_PAGE = 20


@dataclass(frozen=True)
class PendingRecord:
    """One record version the next sync will pick up (values as read, for local display)."""

    record_id: str
    updated_at: datetime
    cnes: str
    data_alta: str
    tipo_alta: str
    cid_principal: str
    reasons: tuple[tuple[str, str], ...]  # (reason code, field); empty: will be sent

    @property
    def valid(self) -> bool:
        return not self.reasons


@dataclass(frozen=True)
class PendingPage:
    records: list[PendingRecord]
    after: Position | None  # where the next page continues; None: nothing more


class PendingPreview:
    """Keyset pages of pending records; one instance per opened view (cheap to build)."""

    def __init__(
        self,
        reader: ViewReader,
        store: StateStore,
        transformer: Transformer,
        lower: datetime | None,
    ) -> None:
        self._reader = reader
        self._store = store
        self._transformer = transformer
        self.lower = lower

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
        """Start where the next run will: the watermark minus the lookback window."""
        mark = store.get_watermark(view)
        lower = mark - timedelta(minutes=lookback_minutes) if mark else None
        # validation does not depend on the pseudonymization key: no keyring access here
        transformer = Transformer(Pseudonymizer(b"", raw=True), source_tz, source_now)
        return cls(reader, store, transformer, lower)

    def page(self, after: Position | None, limit: int) -> PendingPage:
        """Up to ``limit`` pending records strictly after ``after``."""
        found: list[PendingRecord] = []
        position = after
        for _read in range(MAX_READS_PER_PAGE):
            page = self._reader.read_page(self.lower, position, limit=limit)
            rows = page.rows
            if rows:
                handled = self._store.handled_keys(rows[0].updated_at, rows[-1].updated_at)
                for row in rows:
                    if row.key not in handled:
                        found.append(self._record(row))
                    position = Position(row.updated_at, row.id)
                    if len(found) >= limit:
                        return PendingPage(found, position)
            if page.last is None:
                return PendingPage(found, None)
            position = page.last
        return PendingPage(found, position)

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
        )


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.isoformat(sep=" ", timespec="minutes")
    return str(value)
