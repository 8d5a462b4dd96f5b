"""The real unixODBC + FreeTDS driver, as CI installs it (.ci/run: unixodbc, tdsodbc).

The login-packet tests run with Microsoft ODBC Driver 18 too (from PyPI, registered by
scripts/test): its braces rules differ from FreeTDS's (tests/unit/source/
test_mssql_connection.py), and the stand-in reads what each really sent.

No SQL Server runs here, so the driver talks to what can: a closed port, a
server that accepts TCP and never answers, and a fake TDS server that reads
the login packet the driver sends (tests/helpers/tds_server.py). That proves
what unit tests cannot: the driver accepts our connection string and its
keywords, parses every awkward password exactly, honours the login timeout,
and each failure reaches the operator as one sentence.

With CI=1 a missing FreeTDS driver fails these tests instead of skipping them.
"""

from __future__ import annotations

import os
import socket
import struct
import threading
import time
from collections.abc import Iterator

import pytest
from sqlalchemy.engine import Engine

from anahp_desktop import db_errors
from anahp_desktop.config.settings import Settings, SourceAuth
from anahp_desktop.errors import ConfigurationError, SourceUnavailableError
from anahp_desktop.secrets import MemoryBackend, SecretName, Secrets
from anahp_desktop.source import mssql_connection
from anahp_desktop.source.connection import create_database_engine, source_url
from anahp_desktop.sync.service import SyncService
from tests.helpers.tds_server import (
    ENCRYPT_NOT_SUP,
    ENCRYPT_OFF,
    ENCRYPT_ON,
    FakeTdsServer,
    closed_port,
)
from tests.unit.source.test_mssql_connection import AWKWARD_PASSWORDS

pytestmark = pytest.mark.freetds

PASSWORD = "pa;ss{wo}rd= çã"
#: generous: a loaded CI machine may be slow to schedule the thread that gives up
SLACK_S = 1.5


@pytest.fixture(scope="module", autouse=True)
def freetds_driver() -> None:
    if "FreeTDS" in mssql_connection.installed_drivers():
        return
    message = "the FreeTDS ODBC driver is not registered (apt-get install unixodbc tdsodbc)"
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


def service(port: int | None, *, password: str = PASSWORD, **source: object) -> SyncService:
    values: dict[str, object] = {
        "host": "127.0.0.1",
        "port": port,
        "database": "hospital",
        "username": "sinha_sync",
        "driver": "FreeTDS",
        "encrypt": False,
        "login_timeout_s": 2,
    }
    values.update(source)
    settings = Settings.model_validate({"source": values})
    secrets = Secrets(MemoryBackend({SecretName.DATABASE_PASSWORD: password}), env={})
    return SyncService(settings, secrets)


def failure_of(svc: SyncService) -> tuple[SourceUnavailableError, float]:
    started = time.monotonic()
    try:
        with pytest.raises(SourceUnavailableError) as caught:
            svc.test_source()
    finally:
        svc.close()
    return caught.value, time.monotonic() - started


def assert_one_clean_sentence(message: str) -> None:
    assert "\n" not in message and "Traceback" not in message
    assert "FreeTDS]" not in message and "SQLDriverConnect" not in message
    assert "[Microsoft]" not in message
    assert PASSWORD not in message


def test_pyodbc_lists_freetds() -> None:
    assert "FreeTDS" in mssql_connection.installed_drivers()
    assert mssql_connection.default_driver() in mssql_connection.installed_drivers()


def test_builder_url_is_accepted_by_sqlalchemy_without_connecting() -> None:
    svc = service(1433)
    engine = svc.source_engine  # create_engine only: nothing listens on 1433 here
    assert isinstance(engine, Engine)
    assert (engine.dialect.name, engine.dialect.driver) == ("mssql", "pyodbc")
    args, _kwargs = engine.dialect.create_connect_args(engine.url)
    assert args[0].startswith("DRIVER={FreeTDS};SERVER=127.0.0.1;PORT=1433;")
    svc.close()


def test_closed_port_fails_at_once_with_a_sentence() -> None:
    with closed_port() as port:
        error, elapsed = failure_of(service(port))
    print(f"closed port: {elapsed:.3f} s")
    assert error.problem == db_errors.DbProblem.PORT_CLOSED  # FreeTDS's text, then the probe
    assert error.message == db_errors.explain(
        db_errors.DbProblem.PORT_CLOSED, "the hospital database"
    )
    assert_one_clean_sentence(error.message)
    assert elapsed < 2 + SLACK_S


def test_a_server_that_never_answers_fails_within_the_login_timeout(any_driver: str) -> None:
    with FakeTdsServer("silent") as server:
        error, elapsed = failure_of(service(server.port, login_timeout_s=2, driver=any_driver))
        assert server.seen.connections >= 1  # it did connect, then waited for an answer
    print(f"silent server, login_timeout_s=2: {elapsed:.3f} s")
    assert error.problem == db_errors.DbProblem.TIMEOUT
    assert_one_clean_sentence(error.message)
    assert 2 - 0.2 <= elapsed < 2 + SLACK_S


def test_the_login_timeout_setting_is_what_counts() -> None:
    """One second more in the setting is one second more of waiting, not a fixed driver delay."""
    waited: dict[int, float] = {}
    for seconds in (1, 2):
        with FakeTdsServer("silent") as server:
            _error, waited[seconds] = failure_of(service(server.port, login_timeout_s=seconds))
        print(f"silent server, login_timeout_s={seconds}: {waited[seconds]:.3f} s")
    assert 1 - 0.2 <= waited[1] < 1 + SLACK_S
    assert 0.6 <= waited[2] - waited[1] <= 1.4


MSODBC18 = "ODBC Driver 18 for SQL Server"


@pytest.fixture(params=["FreeTDS", MSODBC18], ids=["freetds", "msodbc18"])
def any_driver(request: pytest.FixtureRequest) -> str:
    """FreeTDS and Microsoft ODBC Driver 18 (scripts/test registers both)."""
    name = str(request.param)
    if name not in mssql_connection.installed_drivers():
        if os.environ.get("CI"):
            pytest.fail(f"the ODBC driver {name!r} is not registered")
        pytest.skip(f"the ODBC driver {name!r} is not registered")
    return name


def test_refused_login_says_check_user_and_password(any_driver: str) -> None:
    with FakeTdsServer("refuse") as server:
        error, _elapsed = failure_of(service(server.port, driver=any_driver))
        login = server.seen.login
    assert error.problem == db_errors.DbProblem.AUTH
    assert_one_clean_sentence(error.message)
    assert (login["user_name"], login["password"], login["database"]) == (
        "sinha_sync",
        PASSWORD,
        "hospital",
    )
    assert login["app_name"] == mssql_connection.APPLICATION_NAME
    assert not server.seen.integrated_security


@pytest.mark.parametrize("password", [p for p in AWKWARD_PASSWORDS if p])
def test_the_driver_sends_every_awkward_password_exactly(password: str, any_driver: str) -> None:
    with FakeTdsServer("refuse") as server:
        failure_of(service(server.port, password=password, driver=any_driver))
        assert server.seen.login["password"] == password


def test_awkward_database_and_user_names_arrive_exactly(any_driver: str) -> None:
    with FakeTdsServer("refuse") as server:
        failure_of(
            service(
                server.port,
                database="Hospital; São {José}",
                username="dom=user",
                driver=any_driver,
            )
        )
        assert server.seen.login["database"] == "Hospital; São {José}"
        assert server.seen.login["user_name"] == "dom=user"


def test_encrypt_makes_the_driver_refuse_a_server_without_tls() -> None:
    with FakeTdsServer("refuse", server_encryption=ENCRYPT_NOT_SUP) as server:
        error, _elapsed = failure_of(service(server.port, encrypt=True))
        assert server.seen.client_encryption == ENCRYPT_ON
        assert server.seen.login == {}  # the password never left the machine
    assert_one_clean_sentence(error.message)


def test_without_encrypt_the_driver_still_offers_tls_for_the_login() -> None:
    with FakeTdsServer("refuse", server_encryption=ENCRYPT_NOT_SUP) as server:
        failure_of(service(server.port, encrypt=False))
        assert server.seen.client_encryption == ENCRYPT_OFF  # "request", not "off"
        assert server.seen.login["password"] == PASSWORD


def test_windows_authentication_with_freetds_is_refused_before_connecting() -> None:
    svc = service(1433, auth=SourceAuth.WINDOWS)
    with pytest.raises(ConfigurationError, match="Microsoft ODBC Driver"):
        svc.test_source()
    svc.close()


def test_a_driver_that_is_not_installed_is_named() -> None:
    error, _elapsed = failure_of(service(1433, driver="ODBC Driver 99 for SQL Server"))
    assert error.problem == db_errors.DbProblem.DRIVER_MISSING
    assert "ODBC Driver 18" in error.message


@pytest.fixture
def sql_browser() -> Iterator[dict[str, int]]:
    """A SQL Server Browser on UDP 1434 that names the instance's TCP port."""
    udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    try:
        udp.bind(("127.0.0.1", 1434))
    except OSError:
        udp.close()
        pytest.skip("UDP port 1434 is taken on this machine")
    udp.settimeout(10)
    instances: dict[str, int] = {}

    def answer() -> None:
        try:
            request, address = udp.recvfrom(1024)
        except OSError:
            return
        name = request[1:].rstrip(b"\x00").decode()
        text = (
            f"ServerName;FAKE;InstanceName;{name};IsClustered;No;Version;15.0.2000.5;"
            f"tcp;{instances.get(name, 1)};;"
        ).encode()
        udp.sendto(b"\x05" + struct.pack("<H", len(text)) + text, address)

    thread = threading.Thread(target=answer, daemon=True)
    thread.start()
    yield instances
    udp.close()
    thread.join(timeout=5)


def test_named_instance_is_found_through_the_sql_browser(sql_browser: dict[str, int]) -> None:
    with FakeTdsServer("refuse") as server:
        sql_browser["SQLEXPRESS"] = server.port
        error, _elapsed = failure_of(service(None, host="127.0.0.1\\SQLEXPRESS"))
        assert error.problem == db_errors.DbProblem.AUTH  # it reached the instance's port
        assert server.seen.login["password"] == PASSWORD


def test_engine_creation_alone_never_connects() -> None:
    settings = Settings.model_validate(
        {"source": {"host": "203.0.113.1", "username": "u", "driver": "FreeTDS"}}
    )
    secrets = Secrets(MemoryBackend({SecretName.DATABASE_PASSWORD: "x"}), env={})
    started = time.monotonic()
    create_database_engine(source_url(settings.source, secrets), settings.source).dispose()
    assert time.monotonic() - started < 1.0
