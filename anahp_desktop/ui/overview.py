"""What the dashboard needs, read on a worker thread (no Qt here)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from anahp_desktop.state import queries
from anahp_desktop.sync.pending import PendingPreview
from anahp_desktop.sync.service import StatusReport, SyncService

CHART_DAYS = 30


def local_day_bounds(days: int, today: date | None = None) -> list[datetime]:
    """Local midnights from ``days - 1`` days ago to tomorrow, as naive UTC."""
    today = today or datetime.now().astimezone().date()
    first = today - timedelta(days=days - 1)
    bounds = []
    for offset in range(days + 1):
        local = datetime.combine(first + timedelta(days=offset), time()).astimezone()
        bounds.append(local.astimezone(UTC).replace(tzinfo=None))
    return bounds


@dataclass(frozen=True)
class DailyFigures:
    days: list[tuple[date, int, int]]  # (local day, delivered, rejected)

    @property
    def today(self) -> tuple[int, int]:
        if not self.days:
            return 0, 0
        _day, delivered, rejected = self.days[-1]
        return delivered, rejected


def load_status(service: SyncService) -> StatusReport:
    return service.status()


def load_daily(service: SyncService, days: int = CHART_DAYS) -> DailyFigures:
    bounds = local_day_bounds(days)
    totals = queries.daily_totals(service.store, bounds)
    first = datetime.now().astimezone().date() - timedelta(days=days - 1)
    return DailyFigures(
        [(first + timedelta(days=i), t.delivered, t.rejected) for i, t in enumerate(totals)]
    )


def check_sinha(service: SyncService) -> None:
    service.test_sinha()


def check_database(service: SyncService) -> None:
    service.test_source()


def pending_preview(service: SyncService) -> PendingPreview:
    """What the next run would read: the pending page's rows."""
    return PendingPreview.for_next_run(
        service.reader(),
        service.store,
        view=service.settings.source.view,
        lookback_minutes=service.settings.sync.lookback_minutes,
        source_tz=ZoneInfo(service.settings.source.timezone),
        source_now=service.source_now(),
    )
