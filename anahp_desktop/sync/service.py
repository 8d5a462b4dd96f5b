"""Wiring: from settings and secrets to a ready sync run, status or connection test.

The CLI and the desktop app's worker both go through :class:`SyncService`, so
they build connections, resolve secrets and report errors the same way.
Everything is created lazily: asking for the log does not touch SINHA or the
keyring's SINHA password.
"""

from __future__ import annotations

import getpass
import logging
import threading
import uuid
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

import httpx
from sqlalchemy import Engine, inspect
from sqlalchemy.engine import URL
from sqlalchemy.exc import SQLAlchemyError

from anahp_desktop.alerts.conditions import RunOutcome, channels_on
from anahp_desktop.config.settings import Settings
from anahp_desktop.config.urls import redact
from anahp_desktop.domain.clock import optional_utc_text, to_source_local, utc_now, utc_text
from anahp_desktop.domain.statuses import RunResult, RunStatus, Trigger
from anahp_desktop.errors import AnahpError, ConfigurationError, SyncAlreadyRunningError
from anahp_desktop.network.connection import ConnectionPlan, plan_connection
from anahp_desktop.network.proxy import SystemProxySources
from anahp_desktop.secrets import SecretName, Secrets
from anahp_desktop.sinha.client import SinhaClient
from anahp_desktop.sinha.retry_policy import RetryPolicy
from anahp_desktop.sinha.transport_security import trust_for
from anahp_desktop.source.connection import create_database_engine, source_url, state_url
from anahp_desktop.source.view_reader import WHAT as SOURCE_WHAT
from anahp_desktop.source.view_reader import ViewReader
from anahp_desktop.state import identity, location, migrate
from anahp_desktop.state.store import StateStore
from anahp_desktop.state.sync_lock import RunningSync, running_sync
from anahp_desktop.sync.backlog import unread_records
from anahp_desktop.sync.events import Listener, RunSummary, ignore
from anahp_desktop.sync.runner import SyncJob, run_sync
from anahp_desktop.sync.work_left import Verdict, verdict
from anahp_desktop.transform.pseudonym import Pseudonymizer
from anahp_desktop.translation import _

# state.queries (the desktop app's and status' questions) is imported by status(), not by a
# sync: it builds a dozen row classes a run never uses
if TYPE_CHECKING:
    from anahp_desktop.alerts.notifier import Delivery, Notifier
    from anahp_desktop.sinha.diagnosis import ConnectionReport
    from anahp_desktop.state import queries

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class StatusReport:
    """What ``anahp-sync status`` prints and every view of the window derives from."""

    unread: int  # records of the view the next full run reads and sends
    batches: queries.BatchBacklog  # stored batches waiting, by why they wait
    rejected_records: int
    null_updated_at: int
    last_success: queries.RunRow | None
    last_run: queries.RunRow | None
    watermark: datetime | None
    running: RunningSync | None = None  # a sync holding the lock now, in any process

    @property
    def pending(self) -> int:
        """Every record left to send: in stored batches and not read yet."""
        return self.unread + self.batches.records

    @property
    def pending_in_batches(self) -> int:
        return self.batches.records

    @property
    def failed_batches(self) -> int:
        """Batches that were sent and failed (409 conflicts included)."""
        return self.batches.failed + self.batches.conflict + self.batches.unconfirmed

    @property
    def verdict(self) -> Verdict:
        return verdict(self.last_run, self.pending)

    def as_dict(self) -> dict[str, Any]:
        def run(row: queries.RunRow | None) -> dict[str, Any] | None:
            if row is None:
                return None
            return {
                "run_id": row.run_id,
                "status": row.status,
                "trigger": row.trigger,
                "started_at": utc_text(row.started_at),
                "finished_at": optional_utc_text(row.finished_at),
                "delivered": row.delivered,
                "rejected": row.rejected,
                "message": row.message,
            }

        batches = self.batches
        return {
            "verdict": self.verdict.value,
            "pending": self.pending,
            "pending_in_batches": self.pending_in_batches,
            "unread": self.unread,
            "failed_batches": self.failed_batches,
            "waiting_batches": {
                "failed": batches.failed,
                "failed_records": batches.failed_records,
                "conflict": batches.conflict,
                "conflict_records": batches.conflict_records,
                "unconfirmed": batches.unconfirmed,
                "unconfirmed_records": batches.unconfirmed_records,
                "never_sent": batches.unsent,
                "never_sent_records": batches.unsent_records,
            },
            "rejected_records": self.rejected_records,
            "null_updated_at": self.null_updated_at,
            "last_success": run(self.last_success),
            "last_run": run(self.last_run),
            "watermark": self.watermark.isoformat() if self.watermark else None,
            "running": _running_dict(self.running),
        }


def _running_dict(running: RunningSync | None) -> dict[str, Any] | None:
    if running is None:
        return None
    holder = running.holder
    return {
        "host": holder.host if holder else None,
        "pid": holder.pid if holder else None,
        "trigger": holder.trigger if holder else None,
        "since": optional_utc_text(holder.since) if holder else None,
    }


class SyncService:
    """Builds and caches the engine's parts for one set of settings."""

    def __init__(
        self,
        settings: Settings,
        secrets: Secrets,
        *,
        transport: httpx.BaseTransport | None = None,
        clock: Callable[[], datetime] = utc_now,
        policy: RetryPolicy | None = None,
        proxy_sources: SystemProxySources | None = None,
        identity_file: Path | None = None,
    ) -> None:
        """``identity_file``: where this installation records which state store it uses
        (beside its settings, :func:`anahp_desktop.state.identity.identity_path`); None
        (tests, the demo) checks nothing."""
        self.settings = settings
        self.secrets = secrets
        self._identity = identity.IdentityRecord(identity_file) if identity_file else None
        self._transport = transport
        self._clock = clock
        self._policy = policy
        #: where network.proxy = "system" looks (None: this machine's environment and registry)
        self._proxy_sources = proxy_sources
        self._source_engine: Engine | None = None
        self._state_engine: Engine | None = None
        self._store: StateStore | None = None
        self._lock = threading.RLock()

    # -- parts --------------------------------------------------------------------------

    @property
    def source_engine(self) -> Engine:
        with self._lock:
            if self._source_engine is None:
                url = source_url(self.settings.source, self.secrets)
                self._source_engine = create_database_engine(url, self.settings.source)
            return self._source_engine

    @property
    def store(self) -> StateStore:
        """The state store, its tables created or migrated on first use, and checked to be
        the one this installation used (StateStoreIdentityError if it is empty instead)."""
        with self._lock:
            if self._store is None:
                store = self._open_store()
                identity.verify(
                    store,
                    self._identity,
                    self.state_location(),
                    legacy_state_in_source=self._legacy_state_in_source,
                )
                self._store = store
            return self._store

    def fresh_start(self) -> identity.Identity:
        """Make the (empty) configured store this installation's store: the operator confirmed."""
        with self._lock:
            store = self._store or self._open_store()
            made = identity.fresh_start(store, self._identity, self.state_location())
            self._store = store
            return made

    def state_location(self) -> str:
        """Where the state store is, for the operator (never with a password)."""
        setting = self.settings.state.url
        if location.in_source_database(setting):
            return _(SOURCE_WHAT)
        if location.is_default(setting):
            return str(location.default_state_path())
        return redact(setting)

    def _open_store(self) -> StateStore:
        in_source = location.in_source_database(self.settings.state.url)
        url = state_url(self.settings.state.url, self.settings.source, self.secrets)
        if in_source and _same_url(url, self.source_engine.url):
            engine = self.source_engine  # the state lives in the hospital database
        else:
            engine = create_database_engine(url, self.settings.source, must_exist=False)
            self._state_engine = engine
        engine = migrate.in_schema(engine, self.settings.state.schema_name)
        migrate.upgrade(engine, SOURCE_WHAT if in_source else migrate.WHAT)
        _enable_wal(engine)
        return StateStore(engine, self._clock)

    def _legacy_state_in_source(self) -> bool:
        """A new default store while the hospital database holds this app's state tables:
        an installation from before the default moved. Unknown (no source yet) is no."""
        if not location.is_default(self.settings.state.url):
            return False
        try:
            return inspect(self.source_engine).has_table(migrate.VERSION_TABLE)
        except (AnahpError, SQLAlchemyError) as exc:
            log.info("could not look for state tables in the hospital database: %s", exc)
            return False

    def reader(self) -> ViewReader:
        return ViewReader.from_settings(
            self.source_engine, self.settings.source, self.settings.sync.page_size
        )

    def client(self) -> SinhaClient:
        password = self.secrets.require(SecretName.SINHA_PASSWORD)
        if not self.settings.sinha.user:
            raise ConfigurationError(
                _("The SINHA user is not set: fill it in the settings or set SINHA_API_USER.")
            )
        return SinhaClient(
            self.settings.sinha,
            self.settings.sinha.user,
            password,
            transport=self._transport,
            connection=self.connection_plan(self.settings.sinha.url),
        )

    def connection_plan(self, url: str) -> ConnectionPlan:
        """Trust and proxy route for ``url`` (SINHA, or the alert webhook), from the settings."""
        return plan_connection(
            url,
            trust=trust_for(self.settings.sinha),
            network=self.settings.network,
            secrets=self.secrets,
            sources=self._proxy_sources,
        )

    def pseudonymizer(self) -> Pseudonymizer:
        if self.settings.sync.send_raw_atendimento:
            return Pseudonymizer(b"", raw=True)
        return Pseudonymizer.from_key(self.secrets.require(SecretName.PSEUDONYM_KEY))

    def source_now(self) -> datetime:
        """The current time as the view's ``updated_at`` values are written (naive, local)."""
        return to_source_local(self._clock(), ZoneInfo(self.settings.source.timezone))

    # -- operations ---------------------------------------------------------------------

    def run(
        self,
        trigger: Trigger,
        *,
        listener: Listener = ignore,
        cancel: threading.Event | None = None,
        only_batches: list[str] | None = None,
        operator: str | None = None,
    ) -> RunSummary:
        """One sync. Configuration problems raise before anything is locked or sent.

        A run that cannot start (settings, keyring, a database out of reach) is
        still recorded as a failed run with its reason when the state store can
        be written, so no view goes on showing the success before it. Alerts are
        evaluated when it ends, or when it could not start.
        """
        operator = operator or self.settings.app.operator or _os_user()
        try:
            summary = self._run(trigger, listener, cancel, only_batches, operator)
        except SyncAlreadyRunningError:
            raise  # not a run of its own: the other one is going and alerts for itself
        except AnahpError as exc:
            self._record_failed_start(trigger, operator, exc)
            self.alert_after_run(RunOutcome(RunResult.FAILED, exc.category, exc.message))
            raise
        self.alert_after_run(outcome_of(summary))
        return summary

    def _record_failed_start(self, trigger: Trigger, operator: str, exc: AnahpError) -> None:
        try:
            self.store.record_failed_start(str(uuid.uuid4()), trigger, operator, exc.message)
        except AnahpError as unrecorded:  # the store itself is the problem: the error says so
            log.warning("a run that could not start was not recorded: %s", unrecorded.message)

    def _run(
        self,
        trigger: Trigger,
        listener: Listener,
        cancel: threading.Event | None,
        only_batches: list[str] | None,
        operator: str,
    ) -> RunSummary:
        client = self.client()
        pseudonymizer = self.pseudonymizer()
        reader = self.reader()
        store = self.store
        try:
            job = SyncJob(
                settings=self.settings,
                reader=reader,
                store=store,
                client=client,
                pseudonymizer=pseudonymizer,
                source_tz=ZoneInfo(self.settings.source.timezone),
                source_now=self.source_now(),
                trigger=trigger,
                operator=operator,
                listener=listener,
                cancel=cancel or threading.Event(),
                policy=self._policy,
                only_batches=only_batches,
            )
            return run_sync(job)
        finally:
            client.close()

    def notifier(self) -> Notifier:
        from anahp_desktop.alerts.notifier import Notifier  # SMTP and e-mail: only when used

        return Notifier(self.settings.alerts, self.secrets, self.connection_plan, self._clock)

    def alert_after_run(self, outcome: RunOutcome) -> list[Delivery]:
        """Send the alerts this outcome calls for; never raises (the run's outcome stands).

        With no channel on, the notifier (SMTP, e-mail, webhook modules) is not even imported.
        """
        if not channels_on(self.settings.alerts):
            return []
        notifier = self.notifier()
        try:
            return notifier.after_run(self.store, outcome)
        except AnahpError as exc:
            log.warning("alerts could not be evaluated (%s): %s", exc.category, exc.message)
        except Exception:  # a bug in alerting must not turn a finished run into a crash
            log.exception("alerts could not be evaluated")
        return []

    def status(self) -> StatusReport:
        from anahp_desktop.state import queries

        store = self.store
        unfinished = queries.newest_unfinished_run(store)  # read before the lock is asked
        running = running_sync(store)
        reader = self.reader()
        state = store.get_cursor_state(self.settings.source.view)
        mark = state.updated_at if state else None
        batches = queries.batch_backlog(store)
        unread = unread_records(
            store, reader, self.settings.source.view, self.settings.sync.lookback_minutes
        )
        return StatusReport(
            unread=unread,
            batches=batches,
            rejected_records=queries.rejected_count(store),
            null_updated_at=reader.count_null_updated_at(),
            last_success=queries.last_run(store, successful=True),
            last_run=_last_run(store, unfinished if running is None else None),
            watermark=mark,
            running=running,
        )

    def purge_old_log(self) -> int:
        cutoff = self._clock() - timedelta(days=self.settings.privacy.log_retention_days)
        return self.store.purge_before(cutoff)

    def test_source(self) -> None:
        """Connect and check the view's columns; raises an AnahpError with the reason."""
        self.reader().check_contract()

    def test_sinha(self) -> None:
        with self.client() as client:
            client.check_status()

    def diagnose_sinha(self) -> ConnectionReport:
        """ "Test connection": the route, and what verified the certificate or what broke."""
        from anahp_desktop.sinha.diagnosis import diagnose

        return diagnose(self.client)

    def close(self) -> None:
        for engine in (self._source_engine, self._state_engine):
            if engine is not None:
                engine.dispose()


def outcome_of(summary: RunSummary) -> RunOutcome:
    return RunOutcome(
        RunResult.of(summary.status),
        summary.error_category,
        summary.message,
        summary.rejected,
        summary.run_id,
    )


def _last_run(store: StateStore, unfinished: queries.RunRow | None) -> queries.RunRow | None:
    """The last run; one still marked "running" while nobody holds the lock was killed.

    A live run holds the lock from before its row says "running" until after it
    says how it ended, so a row read as "running" before the lock was found free,
    and still "running" after, belongs to a process that died: it is shown as
    interrupted, not as never run (the next run records it so).
    """
    from anahp_desktop.state import queries

    finished = queries.last_run(store)
    if unfinished is None or queries.run_status(store, unfinished.run_id) != RunStatus.RUNNING:
        return finished
    if finished is not None and finished.started_at > unfinished.started_at:
        return finished
    return replace(
        unfinished,
        status=RunStatus.INTERRUPTED,
        message=_("The app stopped during this attempt (closed or killed)."),
    )


def _same_url(first: URL, second: URL) -> bool:
    return first.render_as_string(hide_password=False) == second.render_as_string(
        hide_password=False
    )


def _enable_wal(engine: Engine) -> None:
    """SQLite state stores: let readers (the GUI) work while a sync writes."""
    if engine.dialect.name != "sqlite":
        return
    try:
        with engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA journal_mode=WAL")
    except SQLAlchemyError:
        return  # a read-only file keeps its mode; the first write will say why


def _os_user() -> str:
    try:
        return getpass.getuser()
    except (OSError, KeyError):
        return ""


__all__ = ["AnahpError", "StatusReport", "SyncService"]
