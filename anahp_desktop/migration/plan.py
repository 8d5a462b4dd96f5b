"""Migration in two steps: :func:`prepare` reads everything and changes nothing (the dry
run); :func:`apply` writes secrets, the state store's starting point and the settings.

The starting point is the service's last successful sync, ``T``, in the view's
time: the watermark is set to ``T`` (each run re-reads its lookback window
below the watermark, as always) and ``T`` becomes the floor: no version
stamped at or before ``T`` is ever read again, so the lookback window never
sends what the service delivered. The price, stated in docs/migration.md: a
record stamped before ``T`` whose transaction committed after the service's
last read was missed by the service and is not sent by this app either.

``apply`` writes in an order that can be repeated: the keyring first (when it
is unusable nothing else is written), then one state-store transaction, then
the settings file. Running the same migration again changes nothing more.
"""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime, tzinfo
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from pydantic import ValidationError
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from anahp_desktop.config import loader
from anahp_desktop.config.settings import CursorMode, Settings
from anahp_desktop.errors import ConfigurationError, InsecureTransportError, SecretsUnavailableError
from anahp_desktop.migration import service_log
from anahp_desktop.migration.preview import FirstSyncPreview, first_sync_preview
from anahp_desktop.migration.service_env import ServiceEnvironment
from anahp_desktop.migration.timestamp_file import (
    LastSync,
    in_view_time,
    read_last_sync,
    zone_named,
)
from anahp_desktop.secrets import MemoryBackend, SecretName, Secrets
from anahp_desktop.sinha.transport_security import check_url
from anahp_desktop.source.connection import create_database_engine, state_url
from anahp_desktop.state import location, migrate, previous_service, schema
from anahp_desktop.state.previous_service import StateCheck
from anahp_desktop.sync.service import SyncService
from anahp_desktop.translation import _

#: cursors a time can seed; any other (change tracking keeps a server version) is refused
SEEDABLE_CURSORS = frozenset(
    # change_tracking: its first run reads the whole view once, above the floor
    {CursorMode.TIMESTAMP, CursorMode.ROWVERSION, CursorMode.CHANGE_TRACKING}
)
#: drivers the service may have used (it was asynchronous) -> the ones this app uses
DRIVER_FOR = {
    "mssql+aioodbc": "mssql+pyodbc",
    "postgresql": "postgresql+psycopg",
    "postgresql+psycopg2": "postgresql+psycopg",
    "postgresql+asyncpg": "postgresql+psycopg",
    "sqlite+aiosqlite": "sqlite",
}


@dataclass(frozen=True)
class MigrationRequest:
    """What the operator gave: the service's settings and timestamp file, and choices."""

    service: ServiceEnvironment
    timestamp_file: Path
    base: Settings  # the settings file as it is (defaults on a new installation)
    timestamp_zone: str | None = None  # the clock of a timestamp written without offset
    state_url: str | None = None  # None: keep the base settings' state store
    store_secrets: bool = True  # from a .env file: to the keyring; from the environment: stay


@dataclass(frozen=True)
class MigrationPlan:
    """Everything the dry run shows; :func:`apply` writes exactly this."""

    request: MigrationRequest
    settings: Settings
    last_sync: LastSync
    start: datetime  # in the view's time zone, naive
    preview: FirstSyncPreview
    service_log: service_log.ServiceLog | None
    state: StateCheck
    already_done: bool
    driver_change: tuple[str, str] | None  # (the service's driver, this app's)
    to_do: tuple[str, ...]  # what the operator still does before the first sync
    secrets: tuple[SecretName, ...]  # what goes to the keyring (empty: stays in the environment)

    @property
    def log_zone(self) -> tzinfo:
        """Times in the service's table are read in the zone of its timestamp file."""
        if self.last_sync.moment.tzinfo is not None:
            return self.last_sync.moment.tzinfo
        return zone_named(self.request.timestamp_zone or "UTC")


@dataclass
class MigrationResult:
    plan: MigrationPlan
    config_path: Path
    tally: service_log.ImportTally = field(default_factory=service_log.ImportTally)


def prepare(
    request: MigrationRequest, secrets: Secrets, *, now_utc: datetime | None = None
) -> MigrationPlan:
    """Read and check everything; nothing is written anywhere. Raises an AnahpError."""
    now = now_utc or datetime.now(UTC).replace(tzinfo=None)
    last = read_last_sync(request.timestamp_file, now)
    settings, driver_change = _settings(request)
    if settings.source.cursor not in SEEDABLE_CURSORS:
        raise ConfigurationError(
            _(
                "The {cursor} cursor keeps a position that a time cannot give: migrate with "
                'source.cursor = "timestamp" (the first syncs then send only what the old '
                "service had not), and change the cursor afterwards as docs/sql-server.md "
                "explains. Nothing was changed."
            ).format(cursor=settings.source.cursor)
        )
    written_in = zone_named(request.timestamp_zone) if request.timestamp_zone else None
    start = in_view_time(last, ZoneInfo(settings.source.timezone), written_in, now)
    service = SyncService(settings, _service_secrets(request.service))
    try:
        reader = service.reader()
        reader.check_contract()
        preview = first_sync_preview(reader, start)
        log = service_log.find(service.source_engine)
        _refuse_shared_table(settings, log)
        state = _inspect_state(service, settings)
    finally:
        service.close()
    already_done = state.refuse_unless_new(start)
    return MigrationPlan(
        request=request,
        settings=settings,
        last_sync=last,
        start=start,
        preview=preview,
        service_log=log,
        state=state,
        already_done=already_done,
        driver_change=driver_change,
        to_do=_to_do(settings, secrets),
        secrets=_secrets_to_store(request),
    )


def apply(
    plan: MigrationPlan,
    secrets: Secrets,
    config_path: Path,
    *,
    save: Callable[[Settings, Path], None] = loader.save,
) -> MigrationResult:
    """Write the migration; an AnahpError leaves the parts not yet written untouched."""
    result = MigrationResult(plan, config_path)
    own = _service_secrets(plan.request.service)
    for name in plan.secrets:
        value = own.get(name)
        if value:
            secrets.set(name, value)
    _make_sqlite_folder(plan.settings.state.url)
    service = SyncService(plan.settings, own)
    try:
        store = service.store  # creates or updates the state tables
        check = previous_service.inspect_state(store.engine, plan.settings.source.view)
        if not check.refuse_unless_new(plan.start):
            attempts = _attempts(plan, service, result)
            previous_service.seed(store, plan.settings.source.view, plan.start, attempts)
    finally:
        service.close()
    save(plan.settings, config_path)
    return result


# -- helpers ----------------------------------------------------------------------------------


def _settings(request: MigrationRequest) -> tuple[Settings, tuple[str, str] | None]:
    url, change = _app_driver(request.service.database_url)
    data: dict[str, Any] = request.base.model_dump()
    data["source"]["url"] = url
    data["sinha"]["url"] = request.service.sinha_url
    data["sinha"]["user"] = request.service.sinha_user
    if request.state_url is not None:
        data["state"]["url"] = request.state_url.strip()
    try:
        settings = Settings.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        raise ConfigurationError(
            _("The old service's setting for {name} is not usable here: {reason}").format(
                name=".".join(str(part) for part in first["loc"]), reason=first["msg"]
            )
        ) from None
    with contextlib.suppress(InsecureTransportError):  # allowed; named in the to-do list
        check_url(settings.sinha)
    return settings, change


def _app_driver(url: str) -> tuple[str, tuple[str, str] | None]:
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise ConfigurationError(
            _("The old service's DATABASE_URL is not a database URL this app can read.")
        ) from None
    wanted = DRIVER_FOR.get(parsed.drivername)
    if wanted is None:
        return url, None
    converted = parsed.set(drivername=wanted).render_as_string(hide_password=False)
    return converted, (parsed.drivername, wanted)


def _service_secrets(service: ServiceEnvironment) -> Secrets:
    """The service's own secrets, in memory: what the migration connects with."""
    values = {SecretName.SINHA_PASSWORD: service.sinha_password}
    password = make_url(service.database_url).password
    if password:
        values[SecretName.DATABASE_PASSWORD] = password
    return Secrets(MemoryBackend(values), env={})


def _secrets_to_store(request: MigrationRequest) -> tuple[SecretName, ...]:
    if not request.store_secrets:
        return ()
    names = [SecretName.SINHA_PASSWORD]
    if make_url(request.service.database_url).password:
        names.insert(0, SecretName.DATABASE_PASSWORD)
    return tuple(names)


def _refuse_shared_table(settings: Settings, log: service_log.ServiceLog | None) -> None:
    """The app's state tables cannot live beside the service's table of the same name."""
    in_source = location.in_source_database(settings.state.url)
    if log is None or not in_source or schema.operations_log.schema is not None:
        return
    if _state_in_own_schema(settings):
        return  # on SQL Server the app's tables live in their own schema (anahp), not in dbo
    raise ConfigurationError(
        _(
            "The hospital database holds the old service's table operations_log, and this app "
            'keeps its own table of that name where its state lives (state.url = "source": '
            "the same database): choose another place for the app's state (This app's state in "
            "the window, --state-url on the command line), for example {example}. Nothing was "
            "changed."
        ).format(example=suggested_state_url())
    )


def _state_in_own_schema(settings: Settings) -> bool:
    """The state in the hospital's SQL Server: in the schema state.schema_name (state/migrate.py)."""
    on_sql_server = bool(settings.source.host) or settings.source.url.startswith("mssql")
    return on_sql_server and bool(settings.state.schema_name)


def suggested_state_url() -> str:
    """A SQLite state store in the app's data folder: one machine runs the sync."""
    from platformdirs import user_data_dir

    folder = Path(user_data_dir(loader.APP_DIR_NAME, appauthor=False))
    return f"sqlite:///{(folder / 'state.sqlite').as_posix()}"


def _inspect_state(service: SyncService, settings: Settings) -> StateCheck:
    """The state store as it is, without creating a file, a table or a row."""
    if location.in_source_database(settings.state.url):
        engine = migrate.in_schema(service.source_engine, settings.state.schema_name)
        return previous_service.inspect_state(engine, settings.source.view)
    url = state_url(settings.state.url, settings.source, service.secrets)
    if url.get_backend_name() == "sqlite" and not Path(url.database or "").exists():
        return StateCheck()  # a new file: connecting would create it
    engine = create_database_engine(url, settings.source, must_exist=False)
    try:
        return previous_service.inspect_state(engine, settings.source.view)
    finally:
        engine.dispose()


def _make_sqlite_folder(url: str) -> None:
    if not url:
        return
    try:
        parsed = make_url(url)
    except ArgumentError:
        return  # the state store's own check names the problem
    if parsed.get_backend_name() == "sqlite" and parsed.database and parsed.database != ":memory:":
        try:
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise ConfigurationError(
                _("Cannot create the folder for the state store {path}: {reason}.").format(
                    path=parsed.database, reason=exc.strerror
                )
            ) from exc


def _attempts(
    plan: MigrationPlan, service: SyncService, result: MigrationResult
) -> Iterable[list[dict[str, Any]]]:
    log = plan.service_log
    if log is None or not log.importable or plan.state.imported_rows:
        return []
    run_id = str(uuid.uuid4())
    return service_log.read_attempts(
        service.source_engine, log, plan.log_zone, run_id, result.tally
    )


def _to_do(settings: Settings, secrets: Secrets) -> tuple[str, ...]:
    """What still stands between the migration and a first sync that works."""
    steps: list[str] = []
    try:
        check_url(settings.sinha)
    except InsecureTransportError as exc:
        steps.append(exc.message)
    if not settings.sync.send_raw_atendimento:
        try:
            has_key = bool(secrets.get(SecretName.PSEUDONYM_KEY))
        except SecretsUnavailableError:
            has_key = False
        if not has_key:
            steps.append(
                _(
                    "Set the pseudonymization key (the old service had none): "
                    "'anahp-sync secrets set pseudonym-key', the settings window, or the "
                    "environment variable ANAHP_PSEUDONYM_KEY. Keep a copy: the same key must "
                    "be used from now on."
                )
            )
    return tuple(steps)
