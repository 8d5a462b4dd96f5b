"""Secrets never leak; patient identifiers never leave; TLS and plain-http rules; log retention.

The leak test runs the real command line against a real PostgreSQL source that needs a
password, with known secret values for the database, SINHA and the pseudonymization key,
and looks for each of them in everything the app writes or prints.
"""

from __future__ import annotations

import json
import socket
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import MetaData, create_engine, select
from sqlalchemy.engine import make_url

from anahp_desktop import applog
from anahp_desktop.config.settings import Settings
from anahp_desktop.demo.emulator import SinhaEmulator
from anahp_desktop.domain.statuses import BatchStatus, Trigger
from anahp_desktop.state.schema import batches, operations_log
from anahp_desktop.sync.service import SyncService
from tests.helpers.cli import run_cli
from tests.helpers.pg import PgSourceDb, fresh_database
from tests.helpers.source_db import BASE_TIME, SourceDb, valid_row
from tests.helpers.tls import make_tls

SINHA_SECRET = "Sinha-S3cret-e52d"
PSEUDONYM_SECRET = "Pseudo-K3y-77aa-long-enough-to-be-a-key"
BIRTH_DATE = "1937-02-11"


def everything_in(engine_url: str) -> str:
    """Every value of every state table (not the hospital's own tables), as text."""
    from anahp_desktop.state.schema import metadata as state_tables

    engine = create_engine(engine_url)
    meta = MetaData()
    meta.reflect(engine, only=[*state_tables.tables, "anahp_alembic_version"])
    parts = []
    with engine.connect() as conn:
        for table in meta.sorted_tables:
            for row in conn.execute(select(table)):
                parts.append(" ".join(str(value) for value in row))
    engine.dispose()
    return "\n".join(parts)


def log_files_text() -> str:
    folder = applog.log_dir()
    return (
        "\n".join(p.read_text(errors="replace") for p in folder.glob("*.log*"))
        if folder.exists()
        else ""
    )


def test_no_secret_and_no_patient_identifier_leaks_anywhere(tmp_path: Path) -> None:
    with (
        fresh_database() as url,
        SinhaEmulator("hospital", SINHA_SECRET, keep_bodies=True) as sinha,
    ):
        db_password = make_url(url).password
        assert db_password and len(db_password) > 8
        source = PgSourceDb(url).create()
        rows = [
            valid_row(
                i,
                BASE_TIME + timedelta(seconds=i),
                atendimento=f"ENC-PRIVATE-{i:04d}",
                data_nascimento=datetime.fromisoformat(BIRTH_DATE).date(),
            )
            for i in range(1, 26)
        ]
        rows.append(
            valid_row(
                "bad",
                BASE_TIME + timedelta(minutes=5),
                atendimento="ENC-PRIVATE-BAD",
                cnes="123",
                data_nascimento=datetime.fromisoformat(BIRTH_DATE).date(),
            )
        )
        source.insert(rows)
        source.dispose()
        sinha.script = ["503", "lose"]  # failures write error messages and response bodies too
        url_without_password = (
            make_url(url)._replace(password=None).render_as_string(hide_password=False)
        )
        config = tmp_path / "config.toml"
        config.write_text(
            f'[source]\nurl = "{url_without_password}"\n\n[state]\nurl = "source"\n\n'
            f'[sinha]\nurl = "{sinha.url}"\nuser = "hospital"\n\n'
            "[sync]\nbatch_size = 10\nbackoff_initial_s = 0.01\nbackoff_max_s = 0.02\n"
        )
        env = {
            "DATABASE_PASSWORD": db_password,
            "SINHA_API_PASSWORD": SINHA_SECRET,
            "ANAHP_PSEUDONYM_KEY": PSEUDONYM_SECRET,
        }
        outputs = [
            run_cli("--config", str(config), "sync", "--json", env=env),
            run_cli("--config", str(config), "status", "--json", env=env),
            run_cli("--config", str(config), "log", "--json", env=env),
            run_cli("--config", str(config), "sync", env=env | {"SINHA_API_PASSWORD": "wrong-one"}),
            run_cli("--config", str(config), "sync", env=env | {"DATABASE_PASSWORD": "wrong-db"}),
        ]
        assert outputs[0].code == 0, outputs[0].stderr
        assert json.loads(outputs[0].stdout)["delivered"] == 25
        assert outputs[4].code == 2 and "password" in outputs[4].stderr

        written = {
            "config file": config.read_text(),
            "app log files": log_files_text(),
            "state store": everything_in(url),
            "CLI output": "\n".join(o.stdout + o.stderr for o in outputs),
        }
        sent = b"\n".join(sinha.bodies).decode()
    assert written["app log files"], "the app wrote no log file"
    for secret in (db_password, SINHA_SECRET, PSEUDONYM_SECRET):
        for where, text in written.items():
            assert secret not in text, f"a secret leaked into the {where}"
        assert secret not in sent
    for where, text in written.items() | {("what was sent", sent)}:
        assert "ENC-PRIVATE" not in text, f"a raw encounter number appears in {where}"
        assert BIRTH_DATE not in text, f"a birth date appears in {where}"


def test_exception_messages_never_carry_a_password(make_settings: Callable[..., object]) -> None:
    from anahp_desktop.errors import AnahpError
    from anahp_desktop.secrets import MemoryBackend, SecretName, Secrets

    settings = make_settings(
        source={"url": "postgresql+psycopg://someone@127.0.0.1:1/x", "login_timeout_s": 2}
    )
    secrets = Secrets(
        MemoryBackend(
            {
                SecretName.DATABASE_PASSWORD: "Db-Pw-Leak-Check",
                SecretName.SINHA_PASSWORD: "x",
                SecretName.PSEUDONYM_KEY: "y",
            }
        ),
        env={},
    )
    service = SyncService(settings, secrets)  # type: ignore[arg-type]
    with pytest.raises(AnahpError) as caught:
        service.test_source()
    assert "Db-Pw-Leak-Check" not in str(caught.value) and "Db-Pw-Leak-Check" not in repr(
        caught.value
    )
    assert "Cannot reach" in caught.value.message
    service.close()


def test_delivered_batches_keep_record_keys_not_payloads(
    source_db: SourceDb, emulator: SinhaEmulator, make_service: Callable[..., SyncService]
) -> None:
    source_db.add_valid(25)
    service = make_service()
    service.run(Trigger.CLI)
    with service.store.reading() as conn:
        rows = conn.execute(
            select(batches.c.status, batches.c.payload, batches.c.last_response_body)
        ).all()
    assert rows and all(r.status == BatchStatus.DELIVERED for r in rows)
    assert all(r.payload is None and r.last_response_body is None for r in rows)
    assert (
        len(
            service.store.batch_keys(
                service.store.open_batches(statuses=[BatchStatus.DELIVERED])[0].id_lote
            )
        )
        == 10
    )


def test_retention_purges_old_log_rows_only(
    tmp_path: Path,
    source_db: SourceDb,
    emulator: SinhaEmulator,
    make_settings: Callable[..., object],
) -> None:
    from tests.helpers.fixtures import memory_secrets, no_wait_policy

    source_db.add_valid(10)
    settings = make_settings(privacy={"log_retention_days": 30})
    service = SyncService(settings, memory_secrets(), policy=no_wait_policy())  # type: ignore[arg-type]
    service.run(Trigger.CLI)
    with service.store.transaction() as conn:  # that attempt happened 31 days ago
        conn.execute(operations_log.update().values(started_at=datetime.now() - timedelta(days=31)))
    source_db.add_valid(10, start=BASE_TIME + timedelta(hours=1))
    service.run(Trigger.CLI)
    with service.store.reading() as conn:
        before = conn.execute(select(operations_log.c.started_at)).scalars().all()
    assert len(before) == 2
    assert service.purge_old_log() == 1
    with service.store.reading() as conn:
        after = conn.execute(select(operations_log.c.started_at)).scalars().all()
    assert after == [max(before)]
    service.close()


def test_tls_is_verified_and_a_custom_ca_bundle_is_honoured(
    tmp_path: Path, source_db: SourceDb, make_settings: Callable[..., Settings]
) -> None:
    from tests.helpers.fixtures import SINHA_PASSWORD, SINHA_USER, memory_secrets, no_wait_policy

    tls = make_tls(tmp_path / "tls")
    source_db.add_valid(3)
    with SinhaEmulator(SINHA_USER, SINHA_PASSWORD, ssl_context=tls.server_context()) as sinha:
        assert sinha.url.startswith("https://")
        untrusted = SyncService(
            make_settings(sinha={"url": sinha.url}), memory_secrets(), policy=no_wait_policy()
        )
        summary = untrusted.run(Trigger.CLI)
        assert (summary.status, summary.error_category, summary.delivered) == ("failed", "tls", 0)
        assert "certificate" in (summary.message or "")
        untrusted.close()
        trusted = SyncService(
            make_settings(sinha={"url": sinha.url, "ca_bundle": str(tls.ca_bundle)}),
            memory_secrets(),
            policy=no_wait_policy(),
        )
        assert trusted.run(Trigger.CLI).delivered == 3
        trusted.close()


def test_plain_http_to_another_host_needs_an_explicit_setting_and_warns(
    tmp_path: Path, source_db: SourceDb
) -> None:
    from tests.helpers.fixtures import PSEUDONYM_KEY, SINHA_PASSWORD, SINHA_USER

    host = socket.gethostname()
    try:
        address = socket.gethostbyname(host)
    except OSError:
        pytest.skip("this machine's host name does not resolve")
    source_db.add_valid(2)
    with SinhaEmulator(SINHA_USER, SINHA_PASSWORD, host="0.0.0.0") as sinha:
        url = f"http://{host}:{sinha.port}/api"
        base = (
            f'[source]\nurl = "{source_db.url}"\n[state]\nurl = "{source_db.state_url}"\n'
            f'[sinha]\nurl = "{url}"\nuser = "{SINHA_USER}"\n'
        )
        env = {"SINHA_API_PASSWORD": SINHA_PASSWORD, "ANAHP_PSEUDONYM_KEY": PSEUDONYM_KEY}
        refused_config = tmp_path / "refused.toml"
        refused_config.write_text(base)
        refused = run_cli("--config", str(refused_config), "sync", env=env)
        assert (
            refused.code == 2
            and "http://" in refused.stderr
            and "allow_insecure_http" in refused.stderr
        )
        assert sinha.state.posts == 0
        allowed_config = tmp_path / "allowed.toml"
        allowed_config.write_text(
            base.replace("[sinha]\n", "[sinha]\nallow_insecure_http = true\n")
        )
        allowed = run_cli("--config", str(allowed_config), "sync", env=env)
        assert allowed.code == 0, allowed.stderr + f" (host {host} = {address})"
        assert "unencrypted" in allowed.stderr
