"""Taking over from the old service: its .env, its timestamp file and its operations_log.

The hospital database holds the view and a table shaped as the service kept it;
the first sync after the migration must send only versions changed after the
service's last successful sync -- none it had delivered -- on SQLite and on a
real PostgreSQL server.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.engine import make_url

from anahp_desktop.config import loader
from anahp_desktop.config.settings import CursorMode, Settings
from anahp_desktop.config.urls import strip_password
from anahp_desktop.demo.emulator import SinhaEmulator
from anahp_desktop.domain.statuses import Trigger
from anahp_desktop.errors import ConfigurationError
from anahp_desktop.migration import plan as migration
from anahp_desktop.migration.report import plan_text, result_text
from anahp_desktop.migration.service_env import read_env_file
from anahp_desktop.secrets import KEYRING_SERVICE, MemoryBackend, SecretName, Secrets
from anahp_desktop.state import queries
from anahp_desktop.state.queries import LogFilter
from anahp_desktop.sync.service import SyncService
from tests.helpers.cli import run_cli
from tests.helpers.fixtures import (
    PSEUDONYM_KEY,
    SINHA_PASSWORD,
    SINHA_USER,
    no_wait_policy,
)
from tests.helpers.pg import PgSourceDb, fresh_database
from tests.helpers.source_db import BASE_TIME, SourceDb

#: the service's last successful sync: 08:30 in São Paulo, written by an aware datetime
LAST_SYNC_TEXT = "2026-10-01T11:30:00+00:00"
LAST_SYNC_VIEW_TIME = BASE_TIME + timedelta(minutes=30)
SERVICE_LOG_ROWS = [
    ("20261001-0001", "success", "2026-10-01 11:00:05", None, 200, '{"registros": ["AT1"]}'),
    ("20261001-0002", "failed", "2026-10-01 11:15:05", "503 Service Unavailable", 503, "{}"),
    ("20261001-0002", "success", "2026-10-01 11:30:00", None, 201, "{}"),
]


@dataclass
class Hospital:
    """The hospital database (view + the service's table) and where the app's state goes."""

    db: SourceDb | PgSourceDb
    state_url: str
    folder: Path

    def service_table(self, conn: Any) -> None:
        conn.execute(
            text(
                "CREATE TABLE operations_log (id INTEGER PRIMARY KEY, id_lote VARCHAR(64), "
                "status VARCHAR(20), created_at TIMESTAMP, error_message VARCHAR(500), "
                "response_code INTEGER, request_body TEXT)"
            )
        )
        for index, row in enumerate(SERVICE_LOG_ROWS, start=1):
            conn.execute(
                text(
                    "INSERT INTO operations_log VALUES (:i, :lote, :status, :at, :msg, :code, :body)"
                ),
                {
                    "i": index,
                    "lote": row[0],
                    "status": row[1],
                    "at": datetime.fromisoformat(row[2]),
                    "msg": row[3],
                    "code": row[4],
                    "body": row[5],
                },
            )


@pytest.fixture(params=["sqlite", "postgresql"])
def hospital(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Hospital]:
    if request.param == "sqlite":
        db = SourceDb(tmp_path / "hospital.sqlite").create()
        place = Hospital(db, f"sqlite:///{tmp_path / 'app-state' / 'state.sqlite'}", tmp_path)
        engine = create_engine(db.url)
        with engine.begin() as conn:
            place.service_table(conn)
        engine.dispose()
        yield place
        return
    with fresh_database() as url, fresh_database() as state:
        pg = PgSourceDb(url).create()
        place = Hospital(pg, state, tmp_path)
        with pg.engine.begin() as conn:
            place.service_table(conn)
        try:
            yield place
        finally:
            pg.dispose()


def service_files(place: Hospital, emulator: SinhaEmulator) -> tuple[Path, Path]:
    env = place.folder / ".env"
    env.write_text(
        "\n".join(
            [
                "# the old service's settings, as its README describes them",
                f"DATABASE_URL={place.db.url}",
                f"SINHA_API_URL={emulator.url}",
                f"SINHA_API_USER={SINHA_USER}",
                f"SINHA_API_PASSWORD='{SINHA_PASSWORD}'",
                "SECRET_KEY=09d25e094faa6ca2556c818166b7a9563b93f7099f6f0f4caa6cf63b88e8d3e7",
                "ALGORITHM=HS256",
                "ACCESS_TOKEN_EXPIRE_MINUTES=30",
                "LAST_SYNC_TIMESTAMP_FILE=/var/data/last_sync_timestamp.txt",
                "",
            ]
        ),
        encoding="utf-8",
    )
    stamp = place.folder / "last_sync_timestamp.txt"
    stamp.write_text(LAST_SYNC_TEXT, encoding="utf-8")
    return env, stamp


def fill_view(place: Hospital) -> set[tuple[str, datetime]]:
    """40 records a minute apart from 08:00; the service delivered those up to 08:30.

    Record 5 changed again at 08:50: that newer version is the service's never-sent one.
    Returns the versions the first sync must send, and only those."""
    place.db.add_valid(40, step=timedelta(minutes=1))
    changed = BASE_TIME + timedelta(minutes=50)
    place.db.execute(
        "UPDATE src SET updated_at = ? WHERE id = ?",
        (
            changed
            if isinstance(place.db, PgSourceDb)
            else changed.strftime("%Y-%m-%d %H:%M:%S.%f"),
            "5" if isinstance(place.db, PgSourceDb) else 5,
        ),
    )
    newer = {(str(i), BASE_TIME + timedelta(minutes=i - 1)) for i in range(32, 41)}
    return newer | {("5", changed)}


def sent_versions(emulator: SinhaEmulator) -> list[tuple[str, datetime]]:
    return [
        (record_id, datetime.fromisoformat(at).replace(tzinfo=None))
        for (record_id, at), count in emulator.state.versions.items()
        for _ in range(count)
    ]


def request_for(place: Hospital, env: Path, stamp: Path) -> migration.MigrationRequest:
    return migration.MigrationRequest(
        service=read_env_file(env),
        timestamp_file=stamp,
        base=Settings(),
        state_url=place.state_url,
    )


def test_after_the_migration_the_first_sync_sends_only_what_the_service_had_not(
    hospital: Hospital, emulator: SinhaEmulator
) -> None:
    expected = fill_view(hospital)
    env, stamp = service_files(hospital, emulator)
    config = hospital.folder / "config" / "config.toml"
    keyring = MemoryBackend({SecretName.PSEUDONYM_KEY: PSEUDONYM_KEY})
    secrets = Secrets(keyring, env={})

    plan = migration.prepare(request_for(hospital, env, stamp), secrets)
    dry_run = plan_text(plan, config, dry_run=True)
    # the dry run: what the first sync sends, per CNES and in time, and nothing written
    assert plan.start == LAST_SYNC_VIEW_TIME
    assert [(c.cnes, c.records) for c in plan.preview.per_cnes] == [("2077485", 10)]
    assert (plan.preview.first, plan.preview.last) == (
        BASE_TIME + timedelta(minutes=31),
        BASE_TIME + timedelta(minutes=50),
    )
    assert plan.preview.delivered_before == 30
    assert "Dry run: nothing was changed." in dry_run
    assert "  2077485         10  2026-10-01 08:31:00  2026-10-01 08:50:00" in dry_run
    assert "No longer needed: SECRET_KEY, ALGORITHM, ACCESS_TOKEN_EXPIRE_MINUTES" in dry_run
    assert "read: id_lote → id_lote, status → status, created_at → started_at, " in dry_run
    assert "skipped: id, request_body" in dry_run
    assert SINHA_PASSWORD not in dry_run
    assert not config.exists()
    assert keyring.values == {SecretName.PSEUDONYM_KEY: PSEUDONYM_KEY}
    assert state_tables(hospital.state_url) == set()

    result = migration.apply(plan, secrets, config)
    assert (result.tally.imported, result.tally.without_time) == (3, 0)
    assert "3 attempts of the old service were added to the log" in result_text(result)
    assert keyring.values[SecretName.SINHA_PASSWORD] == SINHA_PASSWORD
    database_password = make_url(hospital.db.url).password
    assert keyring.values.get(SecretName.DATABASE_PASSWORD) == database_password
    written = config.read_text(encoding="utf-8")
    assert SINHA_PASSWORD not in written
    assert not database_password or database_password not in written

    settings = loader.load(config, env={}).settings
    assert settings.state.url == strip_password(hospital.state_url)  # the password: keyring
    service = SyncService(settings, secrets, policy=no_wait_policy())
    try:
        summary = service.run(Trigger.CLI)
        history = queries.log_rows(service.store, LogFilter(triggers=(Trigger.IMPORTED,)), limit=10)
        again = service.run(Trigger.CLI)
    finally:
        service.close()

    assert (summary.status, summary.delivered, summary.rejected) == ("success", 10, 0)
    assert sorted(sent_versions(emulator)) == sorted(expected)  # each once, none delivered before
    assert again.delivered == 0
    assert [(row.id_lote, row.status, row.http_status) for row in reversed(history)] == [
        ("20261001-0001", "success", 200),
        ("20261001-0002", "failed", 503),
        ("20261001-0002", "success", 201),
    ]
    assert history[0].started_at == datetime(2026, 10, 1, 11, 30)  # read in the file's zone: UTC
    assert history[1].error_message == "503 Service Unavailable"
    assert {row.app_version for row in history} == {"previous-service"}


def state_tables(url: str) -> set[str]:
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite" and not Path(parsed.database or "").exists():
        return set()
    engine = create_engine(url)
    try:
        return set(inspect(engine).get_table_names())
    finally:
        engine.dispose()


def test_running_the_same_migration_again_changes_nothing_and_another_is_refused(
    tmp_path: Path, emulator: SinhaEmulator
) -> None:
    place = Hospital(SourceDb(tmp_path / "hospital.sqlite").create(), "", tmp_path)
    place.state_url = f"sqlite:///{tmp_path / 'state.sqlite'}"
    fill_view(place)
    with sqlite3.connect(tmp_path / "hospital.sqlite") as conn:
        conn.execute("CREATE TABLE operations_log (id_lote TEXT, status TEXT, timestamp TEXT)")
        conn.execute("INSERT INTO operations_log VALUES ('L', 'ok', '2026-10-01T08:00:00')")
    conn.close()
    env, stamp = service_files(place, emulator)
    config = tmp_path / "config.toml"
    secrets = Secrets(MemoryBackend({SecretName.PSEUDONYM_KEY: PSEUDONYM_KEY}), env={})

    first = migration.apply(
        migration.prepare(request_for(place, env, stamp), secrets), secrets, config
    )
    again_plan = migration.prepare(request_for(place, env, stamp), secrets)
    again = migration.apply(again_plan, secrets, config)

    assert (first.tally.imported, again_plan.already_done, again.tally.imported) == (1, True, 0)
    assert "Already imported: not imported again." in plan_text(again_plan, config, dry_run=True)
    stamp.write_text("2026-10-01T11:45:00+00:00", encoding="utf-8")
    with pytest.raises(ConfigurationError, match="already migrated from the old service"):
        migration.prepare(request_for(place, env, stamp), secrets)


def test_the_services_table_beside_the_apps_own_state_is_refused_with_the_fix(
    tmp_path: Path, emulator: SinhaEmulator
) -> None:
    place = Hospital(SourceDb(tmp_path / "hospital.sqlite").create(), "", tmp_path)
    with sqlite3.connect(tmp_path / "hospital.sqlite") as conn:
        conn.execute("CREATE TABLE operations_log (id_lote TEXT, status TEXT, timestamp TEXT)")
    conn.close()
    env, stamp = service_files(place, emulator)
    # the app's state chosen in the hospital database, beside the service's table
    in_source = Settings.model_validate({"state": {"url": "source"}})
    request = migration.MigrationRequest(read_env_file(env), stamp, in_source)
    with pytest.raises(ConfigurationError) as caught:
        migration.prepare(request, Secrets(MemoryBackend(), env={}))
    assert "--state-url on the command line), for example sqlite:///" in caught.value.message


def test_a_cursor_a_time_cannot_seed_is_refused(
    tmp_path: Path, emulator: SinhaEmulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    # today every cursor can start from a time; h11's change tracking keeps a server version
    monkeypatch.setattr(migration, "SEEDABLE_CURSORS", frozenset({CursorMode.TIMESTAMP}))
    place = Hospital(SourceDb(tmp_path / "hospital.sqlite").create(), "", tmp_path)
    env, stamp = service_files(place, emulator)
    base = Settings.model_validate({"source": {"cursor": "rowversion"}})
    request = migration.MigrationRequest(read_env_file(env), stamp, base)
    with pytest.raises(ConfigurationError, match="The rowversion cursor keeps a position"):
        migration.prepare(request, Secrets(MemoryBackend(), env={}))


# -- the command line ---------------------------------------------------------------------------


def test_the_command_line_migration_with_the_real_keyring_then_the_first_sync(
    tmp_path: Path, emulator: SinhaEmulator
) -> None:
    if os.environ.get("ANAHP_TEST_SECRET_SERVICE") != "1":
        message = "run through scripts/test: needs the Secret Service keyring"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    from keyring.backends import SecretService

    place = Hospital(SourceDb(tmp_path / "hospital.sqlite").create(), "", tmp_path)
    expected = fill_view(place)
    env, stamp = service_files(place, emulator)
    state = f"sqlite:///{tmp_path / 'state.sqlite'}"
    cli_env = {
        "PYTHON_KEYRING_BACKEND": "keyring.backends.SecretService.Keyring",
        "ANAHP_CONFIG": str(tmp_path / "config.toml"),
    }
    args = ["migrate-from-service", "--env-file", str(env), "--timestamp-file", str(stamp)]
    args += ["--state-url", state]

    dry = run_cli(*args, "--dry-run", env=cli_env)
    assert dry.code == 0, dry.stderr
    assert "What the first sync will send" in dry.stdout
    assert not (tmp_path / "config.toml").exists()

    done = run_cli(*args, env=cli_env)
    assert done.code == 0, done.stderr
    assert "The migration is done" in done.stdout
    real_keyring = SecretService.Keyring()
    try:
        stored = real_keyring.get_password(KEYRING_SERVICE, SecretName.SINHA_PASSWORD.value)
        assert stored == SINHA_PASSWORD
        sync = run_cli("sync", env={**cli_env, "ANAHP_PSEUDONYM_KEY": PSEUDONYM_KEY})
    finally:
        real_keyring.delete_password(KEYRING_SERVICE, SecretName.SINHA_PASSWORD.value)
    assert sync.code == 0, sync.stdout + sync.stderr
    assert sorted(sent_versions(emulator)) == sorted(expected)


def test_the_command_line_refuses_a_missing_timestamp_file_in_one_sentence(
    tmp_path: Path, emulator: SinhaEmulator
) -> None:
    place = Hospital(SourceDb(tmp_path / "hospital.sqlite").create(), "", tmp_path)
    env, _stamp = service_files(place, emulator)  # LAST_SYNC_TIMESTAMP_FILE: a container path
    result = run_cli(
        "migrate-from-service",
        "--env-file",
        str(env),
        "--dry-run",
        env={"ANAHP_CONFIG": str(tmp_path / "config.toml")},
    )
    assert result.code == 2
    assert result.stdout == ""
    assert result.stderr == (
        "Error: The timestamp file /var/data/last_sync_timestamp.txt does not exist. Give the "
        "file the old service wrote (its LAST_SYNC_TIMESTAMP_FILE, kept in a Docker volume) with "
        "--timestamp-file: without it the app cannot know what was already delivered. Nothing "
        "was changed.\n"
    )
    assert not (tmp_path / "config.toml").exists()


def test_the_command_line_speaks_portuguese(tmp_path: Path, emulator: SinhaEmulator) -> None:
    place = Hospital(SourceDb(tmp_path / "hospital.sqlite").create(), "", tmp_path)
    env, stamp = service_files(place, emulator)
    stamp.write_text("27/11/2026 14:05", encoding="utf-8")
    result = run_cli(
        "--lang",
        "pt_BR",
        "migrate-from-service",
        "--env-file",
        str(env),
        "--timestamp-file",
        str(stamp),
        "--dry-run",
        env={"ANAHP_CONFIG": str(tmp_path / "config.toml")},
    )
    assert result.code == 2
    assert result.stderr.startswith("Erro: O arquivo de data e hora")
    assert "Nada foi alterado." in result.stderr


def test_in_a_container_the_migration_reads_the_environment_and_needs_no_keyring(
    tmp_path: Path, emulator: SinhaEmulator
) -> None:
    place = Hospital(SourceDb(tmp_path / "hospital.sqlite").create(), "", tmp_path)
    expected = fill_view(place)
    _env, stamp = service_files(place, emulator)
    container = {
        # what docker-compose.yml gives the container: the service's .env, and its own additions
        "DATABASE_URL": place.db.url,
        "SINHA_API_URL": emulator.url,
        "SINHA_API_USER": SINHA_USER,
        "SINHA_API_PASSWORD": SINHA_PASSWORD,
        "SECRET_KEY": "unused",
        "LAST_SYNC_TIMESTAMP_FILE": str(stamp),
        "ANAHP_CONFIG": str(tmp_path / "data" / "config.toml"),
        "STATE_DATABASE_URL": f"sqlite:///{tmp_path / 'data' / 'state.sqlite'}",
        "ANAHP_PSEUDONYM_KEY": PSEUDONYM_KEY,
        "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring",  # no keyring in a container
    }
    done = run_cli("migrate-from-service", "--from-environment", env=container)
    assert done.code == 0, done.stderr
    assert "Secrets stay in the environment" in done.stdout
    assert "Migration from the old service (the environment)." in done.stdout
    sync = run_cli("sync", env=container)
    assert sync.code == 0, sync.stdout + sync.stderr
    assert sorted(sent_versions(emulator)) == sorted(expected)
