"""The installation self-test: each check finds what it should, and a problem is one line with its fix."""

from __future__ import annotations

import io
import os
import threading
from collections.abc import Iterator
from pathlib import Path

import keyring
import keyring.backend
import pytest

from anahp_desktop import selftest
from anahp_desktop.cli.main import main as cli_main
from anahp_desktop.secrets import ENV_VARIABLES
from anahp_desktop.state import migrate

ENGINE_CHECK_COUNT = len(selftest.ENGINE_CHECKS)


class WorkingKeyring(keyring.backend.KeyringBackend):
    priority = 1

    def get_password(self, service: str, username: str) -> str | None:
        return None

    def set_password(self, service: str, username: str, password: str) -> None:
        raise NotImplementedError

    def delete_password(self, service: str, username: str) -> None:
        raise NotImplementedError


class LockedKeyring(WorkingKeyring):
    """A keyring that waits for a password prompt nobody answers."""

    def __init__(self) -> None:
        super().__init__()
        self.release = threading.Event()

    def get_password(self, service: str, username: str) -> str | None:
        self.release.wait(30)
        return None


@pytest.fixture
def use_keyring() -> Iterator[object]:
    previous = keyring.get_keyring()

    def use(backend: keyring.backend.KeyringBackend) -> None:
        keyring.set_keyring(backend)

    yield use
    keyring.set_keyring(previous)


def test_a_complete_installation_passes_every_check(use_keyring) -> None:  # type: ignore[no-untyped-def]
    use_keyring(WorkingKeyring())
    results = selftest.run_checks(selftest.ENGINE_CHECKS)
    assert [r for r in results if not r.ok] == []
    names = [r.name for r in results]
    assert names[:2] == ["Version", "Modules"] and len(names) == ENGINE_CHECK_COUNT
    by_name = {r.name: r.detail for r in results}
    assert "FreeTDS" in by_name["ODBC drivers"] or by_name["ODBC drivers"]
    assert by_name["State store migrations"].startswith(f"revision {migrate.head_revision()}")
    assert by_name["Time zones"] == "America/Sao_Paulo"
    assert selftest.exit_code(results) == 0
    assert selftest.summary(results) == "All checks passed."


def test_no_keyring_is_one_problem_line_with_the_fix() -> None:
    # conftest makes the default backend keyring's "fail" backend, as on a server with no session
    check = selftest.check_keyring()
    assert not check.ok
    line = check.line()
    assert "\n" not in line
    assert line.startswith("PROBLEM  Keyring: no usable keyring (keyring.backends.fail.Keyring")
    assert "Fix: run the app in a desktop session" in line and "SINHA_API_PASSWORD" in line
    assert "keyrings.alt" not in line  # keyring's own advice is not for our operators


def test_no_keyring_is_fine_when_every_secret_comes_from_the_environment(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for variable in ENV_VARIABLES.values():
        monkeypatch.setenv(variable, "from-env")
    check = selftest.check_keyring()
    assert check.ok and "every secret comes from the environment" in check.detail


def test_a_keyring_that_never_answers_is_reported_not_waited_for(use_keyring) -> None:  # type: ignore[no-untyped-def]
    locked = LockedKeyring()
    use_keyring(locked)
    try:
        check = selftest.check_keyring(timeout_s=0.2)
    finally:
        locked.release.set()
    assert not check.ok
    assert "did not answer within 0 s (is it locked?)" in check.detail


def test_a_working_keyring_is_named(use_keyring) -> None:  # type: ignore[no-untyped-def]
    use_keyring(WorkingKeyring())
    check = selftest.check_keyring()
    assert check.ok and check.detail == "tests.unit.test_selftest.WorkingKeyring answers"


def test_a_missing_module_is_named(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(
        selftest, "RUNTIME_IMPORTS", (*selftest.RUNTIME_IMPORTS, "keyring.backends.nowhere")
    )
    check = selftest.check_imports()
    assert not check.ok
    assert "keyring.backends.nowhere (ModuleNotFoundError" in check.detail
    assert check.fix.startswith("the installation is incomplete")


def test_no_sql_server_driver_says_which_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    pyodbc = pytest.importorskip("pyodbc")
    monkeypatch.setattr(pyodbc, "drivers", lambda: ["PostgreSQL Unicode"])
    check = selftest.check_odbc()
    assert not check.ok
    assert check.detail == "no ODBC driver for SQL Server is installed (found: PostgreSQL Unicode)"
    assert "Microsoft ODBC Driver 18" in check.fix


def test_a_check_that_crashes_is_a_problem_not_a_traceback() -> None:
    def check_broken() -> selftest.Check:
        raise RuntimeError("boom")

    results = selftest.run_checks([check_broken])
    assert results == [selftest.Check("broken", False, "RuntimeError: boom")]
    assert selftest.summary(results) == "1 problem found."


def test_anahp_sync_self_test_prints_the_report_and_fails_on_a_problem(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert cli_main(["--self-test"]) == 1  # the test keyring refuses every call
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("ANAHP Sync ") and " self-test (" in out[0]
    assert sum(line.startswith("PROBLEM") for line in out) == 1
    assert out[-2] == "1 problem found."


def test_the_report_in_portuguese() -> None:
    from anahp_desktop import translation

    translation.install("pt_BR")
    try:
        stream = io.StringIO()
        selftest.main(stream)
        text = stream.getvalue()
    finally:
        translation.install("en")
    assert "Cofre de senhas" in text and "Migrações do banco de estado" in text
    assert "PROBLEMA" in text and "Solução:" in text


@pytest.mark.parametrize(
    "drivers,ok,detail",
    [
        (
            ["SQL Server", "Microsoft Access Driver (*.mdb, *.accdb)"],
            False,
            "Only Windows' legacy ODBC driver \"SQL Server\" is installed: it reads the view's "
            "datetime2 columns as text, so the view cannot be read with it. Install Microsoft "
            "ODBC Driver 18 for SQL Server. (installed: SQL Server; missing: ODBC Driver 18 "
            "for SQL Server)",
        ),
        (
            ["SQL Server", "SQL Server Native Client 11.0"],
            False,
            "SQL Server Native Client 11.0 is SQL Server Native Client, which Microsoft no "
            "longer supports: it works for now; install Microsoft ODBC Driver 18 for SQL "
            "Server. (installed: SQL Server Native Client 11.0, SQL Server; missing: ODBC "
            "Driver 18 for SQL Server)",
        ),
        (
            ["SQL Server", "ODBC Driver 17 for SQL Server"],
            True,
            "uses ODBC Driver 17 for SQL Server (installed: ODBC Driver 17 for SQL Server, "
            "SQL Server; missing: ODBC Driver 18 for SQL Server)",
        ),
        (
            ["SQL Server", "ODBC Driver 18 for SQL Server"],
            True,
            "uses ODBC Driver 18 for SQL Server (installed: ODBC Driver 18 for SQL Server, "
            "SQL Server)",
        ),
    ],
)
def test_windows_driver_lists_name_what_is_installed_and_what_is_missing(
    monkeypatch: pytest.MonkeyPatch, drivers: list[str], ok: bool, detail: str
) -> None:
    pyodbc = pytest.importorskip("pyodbc")
    monkeypatch.setattr(pyodbc, "drivers", lambda: list(drivers))
    check = selftest.check_odbc()
    assert (check.ok, check.detail) == (ok, detail)
    assert check.ok or "Microsoft ODBC Driver 18 for SQL Server (x64)" in check.fix


def test_files_readable_by_other_accounts_are_a_problem_with_the_fix(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for variable in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME"):
        monkeypatch.setenv(variable, str(tmp_path / variable.lower()))
    from anahp_desktop.state import location

    state = location.default_state_path()
    state.parent.mkdir(parents=True, mode=0o700)
    state.write_text("")
    os.chmod(state, 0o600)
    assert selftest.check_private_files().ok
    os.chmod(state, 0o644)  # as a version before this fix created it
    check = selftest.check_private_files()
    assert not check.ok
    assert check.detail == f"readable by other accounts of this computer: {state}"
    assert "chmod go=" in check.fix and "icacls" in check.fix
