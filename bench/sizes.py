"""How big each part runs: ``full`` is the issue's sizes, ``tiny`` takes seconds (CI)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Sizes:
    throughput_records: int
    latency_batches: int
    latency_ms: float
    rss_small: int
    rss_large: int
    gui_sync_records: int
    log_rows: int
    process_small: int  # whole-process comparison: the "100k" size ...
    process_large: int  # ... and the "1M" one (scaling_ratio = large rate / small rate)
    repeats: int  # runs per figure; the median is reported


SIZES = {
    "full": Sizes(
        throughput_records=100_000,
        latency_batches=200,
        latency_ms=50.0,
        rss_small=100_000,
        rss_large=1_000_000,
        gui_sync_records=100_000,
        log_rows=1_000_000,
        process_small=100_000,
        process_large=1_000_000,
        repeats=3,
    ),
    "small": Sizes(
        throughput_records=20_000,
        latency_batches=40,
        latency_ms=50.0,
        rss_small=10_000,
        rss_large=100_000,
        gui_sync_records=20_000,
        log_rows=100_000,
        process_small=20_000,
        process_large=200_000,
        repeats=1,
    ),
    "tiny": Sizes(
        throughput_records=2_000,
        latency_batches=4,
        latency_ms=50.0,
        rss_small=1_000,
        rss_large=5_000,
        gui_sync_records=2_000,
        log_rows=10_000,
        process_small=2_000,
        process_large=20_000,
        repeats=1,
    ),
}
