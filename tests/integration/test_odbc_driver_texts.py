"""What the real drivers print when a connection fails, and what the operator reads then.

Both drivers production meets run here: FreeTDS (Debian's tdsodbc) and
Microsoft ODBC Driver 18 for SQL Server (the PyPI wheel mssql-python-odbc;
scripts/test registers both through a private odbcinst.ini). Each situation
is staged on loopback -- a closed port, a host name DNS does not know, a
named instance with no SQL Server Browser answering, a refused login, a
database the login cannot open, a self-signed certificate, a certificate for
another name, a TLS 1.0-only server, a server without TLS -- and met by the
real driver. Every diagnostic record it leaves is read (tests/helpers/
odbc_diag.py) and classified both as pyodbc shows it on Windows (all records
joined) and elsewhere (the first only); the app's own connection test then
gives the operator's sentence. Run with ``-s`` to see every text.

With CI=1 a missing driver fails these tests instead of skipping them.
"""

from __future__ import annotations

import os
import socket
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from anahp_desktop import db_errors
from anahp_desktop.config.settings import Settings
from anahp_desktop.db_errors import DbProblem
from anahp_desktop.errors import SourceUnavailableError
from anahp_desktop.secrets import MemoryBackend, SecretName, Secrets
from anahp_desktop.source import mssql_connection
from anahp_desktop.sync.service import SyncService
from tests.helpers.odbc_diag import DiagRecord, connect_diagnostics, pyodbc_text
from tests.helpers.tds_server import (
    ENCRYPT_NOT_SUP,
    ENCRYPT_ON,
    FakeTdsServer,
    closed_port,
    sql_server_tls,
)
from tests.helpers.tls import TlsFiles, make_tls

pytestmark = pytest.mark.freetds

FREETDS = "FreeTDS"
MSODBC18 = "ODBC Driver 18 for SQL Server"
PASSWORD = "pw-Driver-Texts-1"
LOGIN_TIMEOUT_S = 2
#: a name no DNS resolves (RFC 6761 reserves .invalid)
UNKNOWN_HOST = "sqlserver.hospital.invalid"


@pytest.fixture(params=[FREETDS, MSODBC18], ids=["freetds", "msodbc18"])
def driver(request: pytest.FixtureRequest) -> str:
    name = str(request.param)
    if name not in mssql_connection.installed_drivers():
        message = f"the ODBC driver {name!r} is not registered (scripts/test registers both)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return name


@pytest.fixture(scope="module")
def tls_files(tmp_path_factory: pytest.TempPathFactory) -> TlsFiles:
    return make_tls(tmp_path_factory.mktemp("tds-tls"))


@dataclass
class Failure:
    records: list[DiagRecord]
    operator: SourceUnavailableError

    def classified(self) -> tuple[DbProblem, DbProblem]:
        """(as pyodbc shows it on Windows, as it shows it elsewhere)."""
        return (
            db_errors.classify(Exception(pyodbc_text(self.records, windows=True))),
            db_errors.classify(Exception(pyodbc_text(self.records, windows=False))),
        )


def settings_for(driver: str, host: str, port: int | None, **source: object) -> Settings:
    values: dict[str, object] = {
        "host": host,
        "port": port,
        "database": "hospital",
        "username": "sinha_sync",
        "driver": driver,
        "encrypt": False,
        "login_timeout_s": LOGIN_TIMEOUT_S,
    }
    values.update(source)
    return Settings.model_validate({"source": values})


def fail(settings: Settings) -> Failure:
    """Meet the situation twice: through unixODBC directly (every record), then the app."""
    target = mssql_connection.target_from_settings(settings.source)
    text = mssql_connection.connection_string(target, PASSWORD)
    records = connect_diagnostics(text, settings.source.login_timeout_s)
    print(f"\n{target.driver} / {target.host}:{target.port or target.instance}:")
    for record in records:
        print(f"  [{record.state}] ({record.native}) {record.text}")
    secrets = Secrets(MemoryBackend({SecretName.DATABASE_PASSWORD: PASSWORD}), env={})
    service = SyncService(settings, secrets)
    try:
        with pytest.raises(SourceUnavailableError) as caught:
            service.test_source()
    finally:
        service.close()
    assert records, "the driver connected: the situation was not staged"
    message = caught.value.message
    assert "\n" not in message and "Traceback" not in message and PASSWORD not in message
    assert "[FreeTDS]" not in message and "[Microsoft]" not in message
    return Failure(records, caught.value)


def expect(failure: Failure, windows: DbProblem, elsewhere: DbProblem) -> None:
    assert failure.classified() == (windows, elsewhere)
    assert failure.operator.message == db_errors.explain(
        DbProblem(failure.operator.problem), "the hospital database"
    )


# -- the network ------------------------------------------------------------------------------


def test_a_closed_port(driver: str) -> None:
    with closed_port() as port:
        failure = fail(settings_for(driver, "127.0.0.1", port))
    if driver == FREETDS:
        expect(failure, DbProblem.UNREACHABLE, DbProblem.UNREACHABLE)
    else:  # Driver 18 retries until the login timeout; its second record names the refusal
        expect(failure, DbProblem.PORT_CLOSED, DbProblem.TIMEOUT)
    assert failure.operator.problem == DbProblem.PORT_CLOSED  # the app's probe says which


def test_a_host_name_nobody_knows(driver: str) -> None:
    failure = fail(settings_for(driver, UNKNOWN_HOST, 1433))
    if driver == FREETDS:
        expect(failure, DbProblem.HOST_UNKNOWN, DbProblem.UNREACHABLE)
    else:
        expect(failure, DbProblem.HOST_UNKNOWN, DbProblem.TIMEOUT)
    assert failure.operator.problem == DbProblem.HOST_UNKNOWN


@pytest.fixture
def silent_browser() -> Iterator[None]:
    """UDP 1434 on loopback with nobody answering (taken, so no stray Browser can answer)."""
    udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    try:
        udp.bind(("127.0.0.1", 1434))
    except OSError:
        udp.close()
        pytest.skip("UDP port 1434 is taken on this machine")
    yield
    udp.close()


def test_a_named_instance_when_the_sql_browser_does_not_answer(
    driver: str, silent_browser: None
) -> None:
    if driver == FREETDS:
        pytest.skip("FreeTDS waits about 16 s for the Browser whatever the timeout (docs)")
    failure = fail(settings_for(driver, "127.0.0.1", None, instance="SQLEXPRESS"))
    expect(failure, DbProblem.INSTANCE_NOT_FOUND, DbProblem.TIMEOUT)
    assert failure.operator.problem == DbProblem.INSTANCE_NOT_FOUND


# -- the server refuses -----------------------------------------------------------------------


def test_a_refused_login(driver: str) -> None:
    with FakeTdsServer("refuse") as server:
        failure = fail(settings_for(driver, "127.0.0.1", server.port))
    expect(failure, DbProblem.AUTH, DbProblem.AUTH)


def test_a_database_the_login_cannot_open(driver: str) -> None:
    """The server's text is its own (and translated on a Brazilian server): the number decides."""
    refusal = (4060, 'Não é possível abrir o banco de dados "hospital" solicitado pelo logon.')
    with FakeTdsServer("refuse", login_error=refusal) as server:
        failure = fail(settings_for(driver, "127.0.0.1", server.port))
    expect(failure, DbProblem.DATABASE_MISSING, DbProblem.DATABASE_MISSING)


@pytest.mark.parametrize(
    ("number", "problem"),
    [
        (1205, DbProblem.DEADLOCK),
        (3960, DbProblem.SNAPSHOT_CONFLICT),
        (3961, DbProblem.SNAPSHOT_CONFLICT),
        (1934, DbProblem.SET_OPTIONS),
        (229, DbProblem.PERMISSION),
        (15151, DbProblem.PERMISSION),  # ALTER SCHEMA ... TRANSFER without the right
        (2760, DbProblem.PERMISSION),  # CREATE SCHEMA / a table in a schema it may not use
    ],
)
def test_server_errors_are_told_apart_by_the_number_the_driver_prints(
    driver: str, number: int, problem: DbProblem
) -> None:
    """Whatever the language of the server's message, the driver appends its number."""
    with FakeTdsServer("refuse", login_error=(number, "Mensagem do servidor em português.")) as srv:
        failure = fail(settings_for(driver, "127.0.0.1", srv.port))
    windows, elsewhere = failure.classified()
    assert windows == problem
    assert elsewhere == problem


# -- TLS ----------------------------------------------------------------------------------------


def test_a_self_signed_certificate(driver: str, tls_files: TlsFiles) -> None:
    """Driver 18 checks the certificate (Encrypt=yes); FreeTDS only with a 'ca file' (docs)."""
    tls = sql_server_tls(tls_files)
    with FakeTdsServer("refuse", server_encryption=ENCRYPT_ON, tls=tls) as server:
        failure = fail(settings_for(driver, "127.0.0.1", server.port, encrypt=True))
        reached_login = bool(server.seen.login)
    if driver == FREETDS:
        assert reached_login  # encrypted, but the certificate was not checked
        expect(failure, DbProblem.AUTH, DbProblem.AUTH)
    else:
        assert not reached_login  # the password never left the machine
        expect(failure, DbProblem.TLS_UNTRUSTED, DbProblem.TLS_UNTRUSTED)


def test_trusting_the_certificate_sends_the_login_encrypted(
    driver: str, tls_files: TlsFiles
) -> None:
    tls = sql_server_tls(tls_files)
    with FakeTdsServer("refuse", server_encryption=ENCRYPT_ON, tls=tls) as server:
        settings = settings_for(
            driver, "127.0.0.1", server.port, encrypt=True, trust_server_certificate=True
        )
        failure = fail(settings)
        assert server.seen.tls_version == "TLSv1.2"
        assert server.seen.login["password"] == PASSWORD  # read from inside the TLS channel
    expect(failure, DbProblem.AUTH, DbProblem.AUTH)


def test_a_certificate_for_another_name(
    driver: str, tls_files: TlsFiles, monkeypatch: pytest.MonkeyPatch
) -> None:
    if driver == FREETDS:
        pytest.skip("FreeTDS checks names only with a 'ca file' in freetds.conf")
    monkeypatch.setenv("SSL_CERT_FILE", str(tls_files.ca_bundle))  # OpenSSL trusts the test CA
    tls = sql_server_tls(tls_files)
    with FakeTdsServer("refuse", server_encryption=ENCRYPT_ON, tls=tls) as server:
        failure = fail(settings_for(driver, "127.0.0.1", server.port, encrypt=True))
    expect(failure, DbProblem.TLS_NAME_MISMATCH, DbProblem.TLS_NAME_MISMATCH)


def test_a_server_that_offers_only_tls_1_0(driver: str, tls_files: TlsFiles) -> None:
    tls = sql_server_tls(tls_files, oldest=True)
    with FakeTdsServer("refuse", server_encryption=ENCRYPT_ON, tls=tls) as server:
        failure = fail(
            settings_for(
                driver, "127.0.0.1", server.port, encrypt=True, trust_server_certificate=True
            )
        )
    if driver == FREETDS:  # FreeTDS still speaks TLS 1.0 (GnuTLS) and logs in
        expect(failure, DbProblem.AUTH, DbProblem.AUTH)
    else:
        expect(failure, DbProblem.TLS_OLD_PROTOCOL, DbProblem.TLS_OLD_PROTOCOL)


def test_encryption_required_from_a_server_without_tls(driver: str) -> None:
    with FakeTdsServer("refuse", server_encryption=ENCRYPT_NOT_SUP) as server:
        failure = fail(settings_for(driver, "127.0.0.1", server.port, encrypt=True))
        assert server.seen.login == {}  # the password never left the machine
    if driver == FREETDS:  # "Unable to connect to data source; Adaptive Server connection failed"
        expect(failure, DbProblem.UNREACHABLE, DbProblem.UNREACHABLE)
    else:
        expect(failure, DbProblem.TLS_NOT_OFFERED, DbProblem.TLS_NOT_OFFERED)


def test_the_driver_tests_ran_with_both_drivers_registered() -> None:
    drivers = mssql_connection.installed_drivers()
    if os.environ.get("CI"):
        assert {FREETDS, MSODBC18} <= set(drivers), drivers
    ini = Path(os.environ.get("ODBCSYSINI", "/etc")) / "odbcinst.ini"
    assert ini.exists()


def test_encrypt_strict_reaches_driver_18_as_tds_8(driver: str) -> None:
    """Encrypt=strict from a DATABASE_URL: the driver opens with TLS, before any TDS packet."""
    if driver == FREETDS:
        pytest.skip("refused before connecting (tests/unit/source/test_mssql_connection.py)")
    with FakeTdsServer("refuse") as server:
        url = (
            f"mssql+pyodbc://sinha_sync@127.0.0.1:{server.port}/hospital"
            "?driver=ODBC+Driver+18+for+SQL+Server&Encrypt=strict"
        )
        settings = Settings.model_validate({"source": {"url": url, "login_timeout_s": 2}})
        secrets = Secrets(MemoryBackend({SecretName.DATABASE_PASSWORD: PASSWORD}), env={})
        service = SyncService(settings, secrets)
        try:
            with pytest.raises(SourceUnavailableError):
                service.test_source()
        finally:
            service.close()
        assert server.seen.tds8 and server.seen.login == {}


def test_the_drivers_text_goes_to_the_log_and_never_to_the_operator(
    driver: str, caplog: pytest.LogCaptureFixture
) -> None:
    with closed_port() as port, caplog.at_level("WARNING", logger="anahp_desktop"):
        failure = fail(settings_for(driver, "127.0.0.1", port))
    logged = [r.getMessage() for r in caplog.records if "cannot connect" in r.getMessage()]
    assert len(logged) == 1 and failure.records[0].text in logged[0]
    assert failure.records[0].text not in failure.operator.message
