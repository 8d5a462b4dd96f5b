"""The producer half of a run: read the view, validate, batch, write intents.

It runs on its own thread so that reading, validating and storing the next
batch overlap the HTTP request of the current one. Each page ends with one
transaction that stores the page's full batches and rejections *before* they
are handed to the sender, so nothing handed over can be lost by a crash.
"""

from __future__ import annotations

import queue
import threading
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from anahp_desktop.domain.statuses import RejectionOrigin
from anahp_desktop.domain.values import RecordKey
from anahp_desktop.source.contract import SourceRow, printable, storage_id
from anahp_desktop.source.scan_state import ScanEnd, ScanStart
from anahp_desktop.source.view_reader import ViewReader
from anahp_desktop.state.records import PreparedBatch, RejectedRecord
from anahp_desktop.state.store import StateStore
from anahp_desktop.sync.batching import Batcher
from anahp_desktop.transform.validate import Rejection, Transformer

FUTURE_IDS_KEPT = 20
new_key = tuple.__new__


@dataclass
class ExtractionStats:
    """What the producer saw; read by the run after the producer finished."""

    rows_read: int = 0
    already_handled: int = 0
    rejected: int = 0
    duplicates: int = 0
    unusable_keys: int = 0
    future_rows: int = 0
    future_ids: list[str] = field(default_factory=list)
    last_key: RecordKey | None = None
    complete: bool = False
    scan_end: ScanEnd | None = None  # what the scan read, for the cursor's next watermark
    source_now: datetime | None = None  # the database's clock when it has one, else ours
    notices: list[str] = field(default_factory=list)
    #: Change Tracking: ids of records that left the view (deleted, discharge undone)
    gone_ids: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Done:
    stats: ExtractionStats


@dataclass(frozen=True)
class Failed:
    error: BaseException


Item = PreparedBatch | Done | Failed


class Producer:
    """Feeds stored batches into ``out``; stops early when ``stop`` is set."""

    def __init__(
        self,
        reader: ViewReader,
        store: StateStore,
        transformer: Transformer,
        batcher: Batcher,
        *,
        run_id: str,
        start: ScanStart,
        source_now: datetime,
        future_tolerance: timedelta,
        out: queue.Queue[Item],
        stop: threading.Event,
    ) -> None:
        self._reader = reader
        self._store = store
        self._transformer = transformer
        self._batcher = batcher
        self._run_id = run_id
        self._start = start
        self._source_now = source_now
        self._future_tolerance = future_tolerance
        self._future_limit = source_now + future_tolerance
        self._out = out
        self._stop = stop
        self.stats = ExtractionStats()
        self._thread = threading.Thread(target=self._run, name="sync-extract", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def join(self) -> None:
        self._thread.join()

    def _run(self) -> None:
        try:
            with self._reader.scan(self._start) as scan:
                self.stats.scan_end = scan.end
                self.stats.notices.extend(scan.notices)
                self.stats.source_now = scan.source_now or self._source_now
                self._future_limit = self.stats.source_now + self._future_tolerance
                for page in scan.pages():
                    if self._stop.is_set():
                        return
                    self.stats.unusable_keys += page.unusable_updated_at
                    self.stats.gone_ids.extend(page.gone)
                    ready, rejected = self._process(page.rows)
                    if not self._hand_over(ready, rejected):
                        return
            if not self._hand_over(self._batcher.flush(), []):
                return
            self.stats.complete = True
            self._put(Done(self.stats))
        except BaseException as exc:
            self._put(Failed(exc))

    def _process(self, rows: list[SourceRow]) -> tuple[list[PreparedBatch], list[RejectedRecord]]:
        ready: list[PreparedBatch] = []
        rejected: list[RejectedRecord] = []
        if not rows:
            return ready, rejected
        # rows come in the cursor's order (rowversion, change version): not always by time
        moments = [row.updated_at for row in rows]
        handled = self._store.handled_keys(min(moments), max(moments))
        stats = self.stats
        transform, add, future_limit = (
            self._transformer.transform,
            self._batcher.add,
            self._future_limit,
        )
        last_key = stats.last_key
        for row in rows:  # the hottest loop of a run: names are local on purpose
            key = new_key(RecordKey, (storage_id(row[0]), row[1]))  # SourceRow.key, inlined
            if key == last_key:
                stats.duplicates += 1  # the view returned the same version twice
                continue
            last_key = key
            if handled and key in handled:
                stats.already_handled += 1
                continue
            if row[1] > future_limit:
                stats.future_rows += 1
                if len(stats.future_ids) < FUTURE_IDS_KEPT:
                    stats.future_ids.append(key.record_id)
            result = transform(row)
            if isinstance(result, Rejection):
                stats.rejected += 1
                cnes = printable(str(row.cnes).strip())[:16] if row.cnes is not None else None
                rejected.append(
                    RejectedRecord(key, cnes, tuple(result.reasons), RejectionOrigin.VALIDATION)
                )
                continue
            # valid, so cnes is 7 digits once trimmed (an int cnes is written as one)
            cnes = row.cnes.strip() if type(row.cnes) is str else str(row.cnes).strip()
            batch = add(cnes, key, result)
            if batch is not None:
                ready.append(batch)
        stats.rows_read += len(rows)
        stats.last_key = last_key
        return ready, rejected

    def _hand_over(self, ready: list[PreparedBatch], rejected: list[RejectedRecord]) -> bool:
        self._store.save_intents(ready, rejected, self._run_id)
        return all(self._put(batch) for batch in ready)

    def _put(self, item: Item) -> bool:
        while not self._stop.is_set():
            try:
                self._out.put(item, timeout=0.2)
                return True
            except queue.Full:
                continue
        return False
