"""Every wrong setting gives one human sentence from the CLI, no traceback, within the timeout."""

from __future__ import annotations

import socket
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

from anahp_desktop.demo.emulator import SinhaEmulator
from tests.helpers.cli import run_cli
from tests.helpers.fixtures import PSEUDONYM_KEY, SINHA_PASSWORD, SINHA_USER
from tests.helpers.pg import admin_url
from tests.helpers.source_db import SourceDb
from tests.helpers.tls import make_tls

LOGIN_TIMEOUT_S = 3


@dataclass(frozen=True)
class Scenario:
    name: str
    source_url: str
    sinha_url: str
    env: dict[str, str]
    expected_code: int
    fragment: str


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def tls_sinha(tmp_path: Path) -> Iterator[SinhaEmulator]:
    tls = make_tls(tmp_path / "tls")
    with SinhaEmulator(SINHA_USER, SINHA_PASSWORD, ssl_context=tls.server_context()) as server:
        yield server


def scenarios(source: SourceDb, sinha: SinhaEmulator, tls_sinha: SinhaEmulator) -> list[Scenario]:
    env = {"SINHA_API_PASSWORD": SINHA_PASSWORD, "ANAHP_PSEUDONYM_KEY": PSEUDONYM_KEY}
    pg = make_url(admin_url())
    pg_no_password = pg._replace(password=None)
    return [
        Scenario(
            "unreachable database host",
            pg_no_password.set(port=closed_port()).render_as_string(False),
            sinha.url,
            env | {"DATABASE_PASSWORD": "x"},
            1,
            "Cannot reach",
        ),
        Scenario(
            "wrong database password",
            pg_no_password.render_as_string(False),
            sinha.url,
            env | {"DATABASE_PASSWORD": "not-the-password"},
            2,
            "user name and password",
        ),
        Scenario(
            "wrong database name",
            pg_no_password.set(database="no_such_db").render_as_string(False),
            sinha.url,
            env | {"DATABASE_PASSWORD": pg.password or ""},
            2,
            "does not exist",
        ),
        Scenario(
            "missing ODBC driver",
            "mssql+pyodbc://sa@127.0.0.1:1433/hosp?driver=ODBC+Driver+99+for+SQL+Server",
            sinha.url,
            env | {"DATABASE_PASSWORD": "x"},
            2,
            "driver",
        ),
        Scenario(
            "database URL that is not a URL", "this is not a url", sinha.url, env, 2, "DATABASE_URL"
        ),
        Scenario(
            "SINHA URL that is not a URL", source.url, "sinha.example/api", env, 2, "SINHA URL"
        ),
        Scenario(
            "SINHA unreachable",
            source.url,
            f"http://127.0.0.1:{closed_port()}/api",
            env,
            1,
            "refused the connection",
        ),
        Scenario("SINHA certificate not trusted", source.url, tls_sinha.url, env, 2, "certificate"),
        Scenario(
            "wrong SINHA password",
            source.url,
            sinha.url,
            env | {"SINHA_API_PASSWORD": "nope"},
            2,
            "SINHA refused the user name or password",
        ),
        Scenario(
            "no pseudonymization key",
            source.url,
            sinha.url,
            {"SINHA_API_PASSWORD": SINHA_PASSWORD},
            2,
            "pseudonymization key",
        ),
        Scenario(
            "empty pseudonymization key variable",
            source.url,
            sinha.url,
            env | {"ANAHP_PSEUDONYM_KEY": ""},
            2,
            "ANAHP_PSEUDONYM_KEY is set but empty",
        ),
        Scenario(
            "https:// to a plain-HTTP port",
            source.url,
            sinha.url.replace("http://", "https://"),
            env,
            2,
            "does not speak TLS",
        ),
        Scenario(
            "a database this app does not work with",
            "mysql+pymysql://sinha@127.0.0.1:3306/hospital",
            sinha.url,
            env | {"DATABASE_PASSWORD": "x"},
            2,
            "does not work with mysql databases",
        ),
        Scenario(
            "SINHA URL with a password and a typo",
            source.url,
            "htps://sinha-user:Url-Pa55word@sinha.example.org/api",
            env,
            2,
            "SINHA URL",
        ),
    ]


SCENARIO_NAMES = [
    "unreachable database host",
    "wrong database password",
    "wrong database name",
    "missing ODBC driver",
    "database URL that is not a URL",
    "SINHA URL that is not a URL",
    "SINHA unreachable",
    "SINHA certificate not trusted",
    "wrong SINHA password",
    "no pseudonymization key",
    "empty pseudonymization key variable",
    "https:// to a plain-HTTP port",
    "a database this app does not work with",
    "SINHA URL with a password and a typo",
]


@pytest.mark.parametrize("name", SCENARIO_NAMES)
def test_wrong_setting_gives_one_sentence_quickly(
    name: str,
    tmp_path: Path,
    source_db: SourceDb,
    emulator: SinhaEmulator,
    tls_sinha: SinhaEmulator,
) -> None:
    scenario = {s.name: s for s in scenarios(source_db, emulator, tls_sinha)}[name]
    source_db.add_valid(3)
    config = tmp_path / "config.toml"
    config.write_text(
        f'[source]\nurl = "{scenario.source_url}"\nlogin_timeout_s = {LOGIN_TIMEOUT_S}\n\n'
        f'[state]\nurl = "{source_db.state_url}"\n\n'
        f'[sinha]\nurl = "{scenario.sinha_url}"\nuser = "{SINHA_USER}"\nconnect_timeout_s = {LOGIN_TIMEOUT_S}\n\n'
        "[sync]\nmax_attempts = 2\nbackoff_initial_s = 0.01\nbackoff_max_s = 0.02\n"
    )
    started = time.monotonic()
    result = run_cli("--config", str(config), "sync", env=scenario.env)
    elapsed = time.monotonic() - started
    text = result.stdout + result.stderr
    assert result.code == scenario.expected_code, text
    assert scenario.fragment in text, text
    assert "Traceback" not in text and "sqlalchemy" not in text.lower() and "httpx" not in text
    assert "Url-Pa55word" not in text  # a password inside a URL is never echoed
    error_lines = [line for line in result.stderr.splitlines() if line.startswith("Error")]
    summary_errors = [line for line in result.stdout.splitlines() if scenario.fragment in line]
    assert len(error_lines) + len(summary_errors) >= 1
    assert len(error_lines) <= 1
    # python start-up + one login timeout (+ one retry for SINHA) at most
    assert elapsed < 2 * LOGIN_TIMEOUT_S + 8, f"took {elapsed:.1f} s"


def test_each_scenario_is_also_a_clear_message_from_the_connection_tests(
    source_db: SourceDb,
    emulator: SinhaEmulator,
    tls_sinha: SinhaEmulator,
    make_settings: Callable[..., object],
) -> None:
    """The desktop's "Test connection" buttons call these; they raise AnahpError with the same sentences."""
    from anahp_desktop.errors import AnahpError
    from anahp_desktop.secrets import MemoryBackend, SecretName, Secrets
    from anahp_desktop.sync.service import SyncService

    for scenario in scenarios(source_db, emulator, tls_sinha):
        settings = (
            make_settings(
                source={"url": scenario.source_url, "login_timeout_s": LOGIN_TIMEOUT_S},
                sinha={"url": scenario.sinha_url, "connect_timeout_s": LOGIN_TIMEOUT_S},
            )
            if "URL that is not" not in scenario.name and "typo" not in scenario.name
            else None
        )
        if settings is None:
            continue  # refused by the settings form itself (pydantic) before any test
        secrets = Secrets(
            MemoryBackend(
                {
                    SecretName.DATABASE_PASSWORD: scenario.env.get("DATABASE_PASSWORD", ""),
                    SecretName.SINHA_PASSWORD: scenario.env.get("SINHA_API_PASSWORD", ""),
                }
            ),
            env={},
        )
        service = SyncService(settings, secrets)  # type: ignore[arg-type]
        messages = []
        for check in (service.test_source, service.test_sinha):
            try:
                check()
            except AnahpError as exc:
                messages.append(exc.message)
        service.close()
        if "pseudonymization key" in scenario.name:
            continue  # both connections are fine; only a sync needs the key
        assert any(scenario.fragment in m for m in messages), (scenario.name, messages)
        assert all("\n" not in m and "Traceback" not in m for m in messages)
