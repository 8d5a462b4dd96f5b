"""The ODBC driver choice: Driver 18, then 17, then others; never Windows' legacy driver silently.

The driver lists are what ``pyodbc.drivers()`` returns on a typical hospital PC
(every Windows has the legacy ``SQL Server`` driver; many have Native Client
from an old SQL Server Management Studio) -- there is no Windows here, so the
list is given to pyodbc itself where a test goes through the engine.
"""

from __future__ import annotations

import pyodbc
import pytest

from anahp_desktop.config.settings import SourceSettings
from anahp_desktop.errors import ConfigurationError
from anahp_desktop.secrets import MemoryBackend, SecretName, Secrets
from anahp_desktop.source import mssql_connection
from anahp_desktop.source.connection import source_url
from anahp_desktop.source.odbc_drivers import DriverKind, choose_driver, kind, rank

MS18 = "ODBC Driver 18 for SQL Server"
MS17 = "ODBC Driver 17 for SQL Server"
MS13 = "ODBC Driver 13.1 for SQL Server"
NC11 = "SQL Server Native Client 11.0"
NC10 = "SQL Server Native Client 10.0"
LEGACY = "SQL Server"
ACCESS = "Microsoft Access Driver (*.mdb, *.accdb)"
EXCEL = "Microsoft Excel Driver (*.xls, *.xlsx, *.xlsm, *.xlsb)"
#: pyodbc.drivers() on a Windows 10 PC with Office, an old SSMS and Driver 17: Windows lists
#: the legacy driver first
WINDOWS_PC = [LEGACY, ACCESS, EXCEL, NC11, MS17]


def test_windows_lists_the_legacy_driver_first_and_the_choice_is_driver_17() -> None:
    choice = choose_driver(WINDOWS_PC)
    assert (choice.name, choice.installed, choice.note) == (MS17, (MS17, NC11, LEGACY), "")


@pytest.mark.parametrize(
    "available,expected",
    [
        ([LEGACY, MS17, MS18], MS18),
        ([MS13, MS17], MS17),
        ([LEGACY, NC11, MS13], MS13),
        (["FreeTDS", NC11], "FreeTDS"),
        ([NC10, NC11, LEGACY], NC11),
    ],
)
def test_preference_is_18_then_17_then_other_microsoft_then_freetds_then_native_client(
    available: list[str], expected: str
) -> None:
    assert choose_driver(available).name == expected


def test_ranking_leaves_out_drivers_of_other_databases() -> None:
    assert rank([ACCESS, "PostgreSQL Unicode", LEGACY, MS18, "FreeTDS", NC11]) == [
        MS18,
        "FreeTDS",
        NC11,
        LEGACY,
    ]


def test_only_the_legacy_driver_means_no_choice_and_a_sentence_naming_driver_18() -> None:
    choice = choose_driver([LEGACY, ACCESS])
    assert (choice.name, choice.usable, choice.installed) == ("", False, (LEGACY,))
    assert "datetime2" in choice.note and "ODBC Driver 18 for SQL Server" in choice.note


def test_only_native_client_is_used_with_a_sentence() -> None:
    choice = choose_driver([LEGACY, NC11])
    assert (choice.name, choice.usable) == (NC11, True)
    assert "no longer supports" in choice.note and MS18 in choice.note


def test_nothing_installed_says_what_to_install() -> None:
    choice = choose_driver([ACCESS])
    assert (choice.name, choice.installed) == ("", ())
    assert "No ODBC driver for SQL Server is installed" in choice.note


def test_a_chosen_driver_is_kept_and_the_legacy_one_is_named_for_what_it_is() -> None:
    assert choose_driver(WINDOWS_PC, MS17) == choose_driver(WINDOWS_PC)
    kept = choose_driver([MS18, LEGACY], LEGACY)
    assert kept.name == LEGACY and "datetime2" in kept.note


def test_kinds() -> None:
    assert [kind(n) for n in (MS18, MS17, MS13, "FreeTDS", NC11, "SQL Native Client", LEGACY)] == [
        DriverKind.ODBC_18,
        DriverKind.ODBC_17,
        DriverKind.MICROSOFT_OTHER,
        DriverKind.FREETDS,
        DriverKind.NATIVE_CLIENT,
        DriverKind.NATIVE_CLIENT,
        DriverKind.LEGACY,
    ]
    assert kind(ACCESS) is None


@pytest.fixture
def windows_drivers(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    drivers = list(WINDOWS_PC)
    monkeypatch.setattr(pyodbc, "drivers", lambda: list(drivers))
    return drivers


def _secrets() -> Secrets:
    return Secrets(MemoryBackend({SecretName.DATABASE_PASSWORD: "pw"}), env={})


def test_the_engine_with_an_empty_driver_setting_uses_the_same_choice(
    windows_drivers: list[str],
) -> None:
    settings = SourceSettings(host="sql01", database="hospital", username="sinha")
    assert mssql_connection.target_from_settings(settings).driver == MS17
    url = source_url(settings, _secrets())
    odbc_connect = url.query["odbc_connect"]
    assert isinstance(odbc_connect, str)
    assert f"DRIVER={{{MS17}}}" in odbc_connect.replace("+", " ")


def test_the_engine_refuses_the_legacy_driver_with_the_sentence(
    windows_drivers: list[str],
) -> None:
    windows_drivers[:] = [LEGACY, ACCESS]
    settings = SourceSettings(host="sql01", database="hospital", username="sinha")
    with pytest.raises(ConfigurationError, match="datetime2"):
        source_url(settings, _secrets())
    with pytest.raises(ConfigurationError, match="datetime2"):
        source_url(SourceSettings(url="mssql+pyodbc://u:p@sql01/hospital"), _secrets())
    chosen = SourceSettings(host="sql01", database="h", username="sinha", driver=LEGACY)
    with pytest.raises(ConfigurationError, match="datetime2"):
        source_url(chosen, _secrets())
