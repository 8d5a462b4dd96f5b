"""The SQL Server connection builder: the exact ODBC string for every combination.

The settings window's fields and ``DATABASE_URL`` both end up in
``connection_string``; what pyodbc receives is checked through SQLAlchemy's
own ``create_connect_args`` so ``odbc_connect`` is proven to arrive unchanged.
"""

from __future__ import annotations

import pytest
from sqlalchemy import create_engine
from sqlalchemy.engine import URL, make_url

from anahp_desktop.config.settings import SourceAuth, SourceSettings
from anahp_desktop.errors import ConfigurationError
from anahp_desktop.secrets import MemoryBackend, SecretName, Secrets
from anahp_desktop.source import mssql_connection, odbc_string
from anahp_desktop.source.connection import source_url, state_url
from anahp_desktop.source.mssql_connection import (
    MssqlTarget,
    connection_string,
    default_driver,
    sqlalchemy_url,
    target_from_settings,
    target_from_url,
)

MS18 = "ODBC Driver 18 for SQL Server"
MS17 = "ODBC Driver 17 for SQL Server"
FREETDS = "FreeTDS"
TAIL_MS = "APP=anahp-sync;Encrypt=yes;TrustServerCertificate=no"
TAIL_TDS = "APP=anahp-sync;TDS_Version=7.4;ClientCharset=UTF-8;Encryption=require"

#: passwords a hospital DBA really hands out
AWKWARD_PASSWORDS = [
    "simple",
    "semi;colon",
    "{braced}",
    "close}brace",
    "two}}braces",
    "=starts-with-equals",
    "a=b;c={d}",
    " leading space",
    "trailing space ",
    "inner space",
    "Não-ASCII çãõ €",
    "ends-with}",
    "",
]


def target(**overrides: object) -> MssqlTarget:
    values: dict[str, object] = {
        "host": "sql01.hospital.local",
        "database": "hospital",
        "driver": MS18,
        "username": "sinha_sync",
    }
    values.update(overrides)
    return MssqlTarget(**values)  # type: ignore[arg-type]


def received_by_pyodbc(url: URL) -> str:
    """What pyodbc.connect() would be called with, through SQLAlchemy's own code."""
    engine = create_engine(url)  # builds the dialect; does not connect
    args, kwargs = engine.dialect.create_connect_args(engine.url)
    assert kwargs == {}
    return str(args[0])


# -- one exact string per combination --------------------------------------------------------


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        (
            {},
            f"DRIVER={{{MS18}}};SERVER=sql01.hospital.local;DATABASE=hospital;"
            f"UID=sinha_sync;PWD=pw;{TAIL_MS}",
        ),
        (
            {"port": 1444},
            f"DRIVER={{{MS18}}};SERVER=sql01.hospital.local,1444;DATABASE=hospital;"
            f"UID=sinha_sync;PWD=pw;{TAIL_MS}",
        ),
        (
            {"instance": "SQLEXPRESS", "driver": MS17},
            f"DRIVER={{{MS17}}};SERVER=sql01.hospital.local\\SQLEXPRESS;DATABASE=hospital;"
            f"UID=sinha_sync;PWD=pw;{TAIL_MS}",
        ),
        (
            {"auth": SourceAuth.WINDOWS},
            f"DRIVER={{{MS18}}};SERVER=sql01.hospital.local;DATABASE=hospital;"
            f"Trusted_Connection=yes;{TAIL_MS}",
        ),
        (
            {"auth": SourceAuth.WINDOWS, "instance": "PROD", "username": ""},
            f"DRIVER={{{MS18}}};SERVER=sql01.hospital.local\\PROD;DATABASE=hospital;"
            f"Trusted_Connection=yes;{TAIL_MS}",
        ),
        (
            {"encrypt": False},
            f"DRIVER={{{MS18}}};SERVER=sql01.hospital.local;DATABASE=hospital;"
            "UID=sinha_sync;PWD=pw;APP=anahp-sync;Encrypt=no;TrustServerCertificate=no",
        ),
        (
            {"trust_server_certificate": True},
            f"DRIVER={{{MS18}}};SERVER=sql01.hospital.local;DATABASE=hospital;"
            "UID=sinha_sync;PWD=pw;APP=anahp-sync;Encrypt=yes;TrustServerCertificate=yes",
        ),
        (
            {"database": ""},
            f"DRIVER={{{MS18}}};SERVER=sql01.hospital.local;UID=sinha_sync;PWD=pw;{TAIL_MS}",
        ),
        (
            {"extra": (("ApplicationIntent", "ReadOnly"), ("MultiSubnetFailover", "yes"))},
            f"DRIVER={{{MS18}}};SERVER=sql01.hospital.local;DATABASE=hospital;"
            "UID=sinha_sync;PWD=pw;APP=anahp-sync;ApplicationIntent=ReadOnly;"
            "MultiSubnetFailover=yes;Encrypt=yes;TrustServerCertificate=no",
        ),
        (
            {"driver": FREETDS},
            "DRIVER={FreeTDS};SERVER=sql01.hospital.local;PORT=1433;DATABASE=hospital;"
            f"UID=sinha_sync;PWD=pw;{TAIL_TDS}",
        ),
        (
            {"driver": FREETDS, "port": 1444},
            "DRIVER={FreeTDS};SERVER=sql01.hospital.local;PORT=1444;DATABASE=hospital;"
            f"UID=sinha_sync;PWD=pw;{TAIL_TDS}",
        ),
        (
            {"driver": FREETDS, "instance": "SQLEXPRESS"},
            "DRIVER={FreeTDS};SERVER=sql01.hospital.local\\SQLEXPRESS;DATABASE=hospital;"
            f"UID=sinha_sync;PWD=pw;{TAIL_TDS}",
        ),
        (
            {"driver": FREETDS, "encrypt": False},
            "DRIVER={FreeTDS};SERVER=sql01.hospital.local;PORT=1433;DATABASE=hospital;"
            "UID=sinha_sync;PWD=pw;APP=anahp-sync;TDS_Version=7.4;ClientCharset=UTF-8;"
            "Encryption=request",
        ),
    ],
)
def test_exact_connection_string(overrides: dict[str, object], expected: str) -> None:
    password = None if overrides.get("auth") is SourceAuth.WINDOWS else "pw"
    built = connection_string(target(**overrides), password)
    assert built == expected
    assert received_by_pyodbc(sqlalchemy_url(target(**overrides), password)) == expected


def test_windows_authentication_never_sends_a_password() -> None:
    built = connection_string(target(auth=SourceAuth.WINDOWS), "must-not-appear")
    assert "must-not-appear" not in built and "UID=" not in built and "PWD=" not in built


@pytest.mark.parametrize(
    ("overrides", "fragment"),
    [
        ({"driver": FREETDS, "auth": SourceAuth.WINDOWS}, "Microsoft ODBC Driver"),
        ({"instance": "SQLEXPRESS", "port": 1444}, "not both"),
        ({"host": ""}, "host is not set"),
        ({"driver": ""}, "No ODBC driver"),
        ({"username": ""}, "login (user name) is not set"),
    ],
)
def test_impossible_combinations_are_refused_with_a_sentence(
    overrides: dict[str, object], fragment: str
) -> None:
    with pytest.raises(ConfigurationError, match=fragment.replace("(", r"\(").replace(")", r"\)")):
        connection_string(target(**overrides), "pw")


# -- passwords with characters that mean something in a connection string -------------------


@pytest.mark.parametrize("password", AWKWARD_PASSWORDS)
def test_microsoft_driver_reads_back_every_password(password: str) -> None:
    built = connection_string(target(), password)
    assert dict(odbc_string.parse(built))["PWD"] == password
    assert received_by_pyodbc(sqlalchemy_url(target(), password)) == built


@pytest.mark.parametrize("password", AWKWARD_PASSWORDS)
def test_freetds_reads_back_every_password(password: str) -> None:
    built = connection_string(target(driver=FREETDS), password)
    assert dict(odbc_string.parse(built, freetds=True))["PWD"] == password
    assert received_by_pyodbc(sqlalchemy_url(target(driver=FREETDS), password)) == built


def test_braces_are_doubled_for_microsoft_and_kept_single_for_freetds() -> None:
    assert "PWD={a;b}}c};" in connection_string(target(), "a;b}c")
    assert "PWD={a;b}c};" in connection_string(target(driver=FREETDS), "a;b}c")


def test_freetds_cannot_take_a_brace_followed_by_a_semicolon() -> None:
    assert "PWD={a}};b};" in connection_string(target(), "a};b")  # Microsoft: fine
    with pytest.raises(ConfigurationError, match="FreeTDS cannot take"):
        connection_string(target(driver=FREETDS), "a};b")


def test_url_characters_in_a_password_survive_odbc_connect() -> None:
    # SQLAlchemy 2.0 URL-decodes odbc_connect, 2.1 does not: either way pyodbc gets this
    for password in ("a+b", "100%41", "%2B+%20", "x y"):
        built = connection_string(target(), password)
        assert received_by_pyodbc(sqlalchemy_url(target(), password)) == built


def test_a_url_rendered_to_text_and_parsed_again_still_works() -> None:
    url = sqlalchemy_url(target(), "p@ss;w0rd}+%")
    text = url.render_as_string(hide_password=False)
    assert received_by_pyodbc(make_url(text)) == connection_string(target(), "p@ss;w0rd}+%")


# -- the settings window's fields --------------------------------------------------------------


def test_settings_fields_build_the_target() -> None:
    settings = SourceSettings(
        host="sql01",
        instance="PROD",
        database="hospital",
        username="sinha",
        driver=MS17,
        encrypt=False,
        trust_server_certificate=True,
    )
    assert target_from_settings(settings) == MssqlTarget(
        host="sql01",
        instance="PROD",
        database="hospital",
        driver=MS17,
        username="sinha",
        encrypt=False,
        trust_server_certificate=True,
    )


@pytest.mark.parametrize(
    ("host", "expected"),
    [
        ("sql01\\SQLEXPRESS", ("sql01", "SQLEXPRESS", None)),
        ("sql01,1444", ("sql01", "", 1444)),
        (" sql01 ", ("sql01", "", None)),
    ],
)
def test_instance_or_port_typed_into_the_host_field(
    host: str, expected: tuple[str, str, int | None]
) -> None:
    built = target_from_settings(SourceSettings(host=host, driver=MS18, username="u"))
    assert (built.host, built.instance, built.port) == expected


def test_driver_defaults_to_the_best_installed() -> None:
    assert default_driver([FREETDS, MS17]) == MS17
    assert default_driver([FREETDS, MS17, MS18]) == MS18
    assert default_driver([FREETDS]) == FREETDS
    assert default_driver([]) == MS18  # named in the error when nothing is installed


def test_password_comes_from_the_keyring_for_the_settings_fields() -> None:
    settings = SourceSettings(host="sql01", database="hospital", username="sinha", driver=MS18)
    secrets = Secrets(MemoryBackend({SecretName.DATABASE_PASSWORD: "k;ey}ring"}), env={})
    built = received_by_pyodbc(source_url(settings, secrets))
    assert dict(odbc_string.parse(built))["PWD"] == "k;ey}ring"


def test_windows_authentication_does_not_touch_the_keyring() -> None:
    settings = SourceSettings(host="sql01", database="h", auth=SourceAuth.WINDOWS, driver=MS18)
    secrets = Secrets(MemoryBackend(), env={})  # empty: a lookup would raise
    assert "Trusted_Connection=yes" in received_by_pyodbc(source_url(settings, secrets))


# -- DATABASE_URL ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (
            "mssql+pyodbc://sinha:p%40ss%3Bw%7Drd@sql01:1444/hospital"
            "?driver=ODBC+Driver+18+for+SQL+Server",
            f"DRIVER={{{MS18}}};SERVER=sql01,1444;DATABASE=hospital;UID=sinha;"
            f"PWD={{p@ss;w}}}}rd}};{TAIL_MS}",
        ),
        (
            "mssql+pyodbc://sinha:pw@sql01\\SQLEXPRESS/hospital?driver=ODBC+Driver+17+for+SQL+Server",
            f"DRIVER={{{MS17}}};SERVER=sql01\\SQLEXPRESS;DATABASE=hospital;UID=sinha;PWD=pw;"
            f"{TAIL_MS}",
        ),
        (
            "mssql+pyodbc://sinha:pw@sql01%5CSQLEXPRESS/hospital?driver=FreeTDS",
            "DRIVER={FreeTDS};SERVER=sql01\\SQLEXPRESS;DATABASE=hospital;UID=sinha;PWD=pw;"
            f"{TAIL_TDS}",
        ),
        (
            "mssql+pyodbc://@sql01/hospital?driver=ODBC+Driver+18+for+SQL+Server"
            "&Trusted_Connection=yes",
            f"DRIVER={{{MS18}}};SERVER=sql01;DATABASE=hospital;Trusted_Connection=yes;{TAIL_MS}",
        ),
        (
            "mssql+pyodbc://sinha:pw@sql01/hospital?driver=ODBC+Driver+18+for+SQL+Server"
            "&encrypt=no&TRUSTSERVERCERTIFICATE=yes&ApplicationIntent=ReadOnly",
            f"DRIVER={{{MS18}}};SERVER=sql01;DATABASE=hospital;UID=sinha;PWD=pw;APP=anahp-sync;"
            "ApplicationIntent=ReadOnly;Encrypt=no;TrustServerCertificate=yes",
        ),
        (
            "mssql+pyodbc://sinha:pw@10.0.0.5:1433/hospital?driver=FreeTDS&Encrypt=no",
            "DRIVER={FreeTDS};SERVER=10.0.0.5;PORT=1433;DATABASE=hospital;UID=sinha;PWD=pw;"
            "APP=anahp-sync;TDS_Version=7.4;ClientCharset=UTF-8;Encryption=request",
        ),
    ],
)
def test_database_url_forms(url: str, expected: str) -> None:
    settings = SourceSettings(url=url)
    secrets = Secrets(MemoryBackend(), env={})
    assert received_by_pyodbc(source_url(settings, secrets)) == expected


def test_url_without_password_takes_database_password_from_the_environment() -> None:
    settings = SourceSettings(url="mssql+pyodbc://sinha@sql01/hospital?driver=FreeTDS")
    secrets = Secrets(MemoryBackend(), env={"DATABASE_PASSWORD": "from;env"})
    built = received_by_pyodbc(source_url(settings, secrets))
    assert dict(odbc_string.parse(built, freetds=True))["PWD"] == "from;env"


def test_url_target_keeps_the_password_apart() -> None:
    parsed, password = target_from_url(
        "mssql+pyodbc://sinha:s%C3%A9cret@sql01/hospital?driver=FreeTDS"
    )
    assert password == "sécret"
    assert parsed.username == "sinha" and parsed.driver == FREETDS


def test_a_ready_odbc_connect_url_is_used_as_given() -> None:
    raw = "DRIVER={FreeTDS};SERVER=h;PORT=1;UID=u;PWD=p;TDS_Version=7.4"
    url = URL.create("mssql+pyodbc", query={"odbc_connect": raw}).render_as_string(False)
    settings = SourceSettings(url=url)
    assert received_by_pyodbc(source_url(settings, Secrets(MemoryBackend(), env={}))) == raw


def test_state_store_on_sql_server_goes_through_the_same_builder() -> None:
    source = SourceSettings(host="sql01", database="hospital", username="sinha", driver=MS18)
    secrets = Secrets(MemoryBackend({SecretName.DATABASE_PASSWORD: "pw"}), env={})
    assert received_by_pyodbc(state_url("source", source, secrets)) == connection_string(
        mssql_connection.target_from_settings(source), "pw"
    )


def test_encrypt_strict_is_never_downgraded() -> None:
    """Encrypt=strict (TDS 8.0: TLS before anything else) reaches Driver 18 as strict."""
    url = (
        "mssql+pyodbc://sinha:pw@sql01/hospital?driver=ODBC+Driver+18+for+SQL+Server&Encrypt=strict"
    )
    text = received_by_pyodbc(source_url(SourceSettings(url=url), Secrets(MemoryBackend(), env={})))
    assert text.endswith(";Encrypt=strict;TrustServerCertificate=no")


@pytest.mark.parametrize("driver", ["ODBC+Driver+17+for+SQL+Server", "FreeTDS"])
def test_encrypt_strict_with_a_driver_that_cannot_is_refused(driver: str) -> None:
    url = f"mssql+pyodbc://sinha:pw@sql01/hospital?driver={driver}&Encrypt=strict"
    with pytest.raises(ConfigurationError, match="Encrypt=strict"):
        source_url(SourceSettings(url=url), Secrets(MemoryBackend(), env={}))


def test_the_state_store_never_inherits_application_intent_read_only() -> None:
    """A read-only replica serves the view; the state store in the same database must write."""
    from anahp_desktop.source.connection import state_url

    url = (
        "mssql+pyodbc://sinha:pw@sql01/hospital?driver=ODBC+Driver+18+for+SQL+Server"
        "&ApplicationIntent=ReadOnly&MultiSubnetFailover=yes"
    )
    settings = SourceSettings(url=url)
    secrets = Secrets(MemoryBackend(), env={})
    assert "ApplicationIntent=ReadOnly" in received_by_pyodbc(source_url(settings, secrets))
    state = received_by_pyodbc(state_url("source", settings, secrets))
    assert "ApplicationIntent" not in state and "MultiSubnetFailover=yes" in state


def test_a_state_url_that_asks_for_a_read_only_replica_is_refused() -> None:
    from anahp_desktop.source.connection import state_url

    url = (
        "mssql+pyodbc://sinha:pw@sql01/state?driver=ODBC+Driver+18+for+SQL+Server"
        "&applicationintent=readonly"
    )
    with pytest.raises(ConfigurationError, match="ApplicationIntent"):
        state_url(url, SourceSettings(), Secrets(MemoryBackend(), env={}))
