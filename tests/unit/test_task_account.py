"""``export-for-task``: settings the task's account can read, secrets only it can read, never plaintext.

Windows is simulated (tests/helpers/simulated_windows.py): DPAPI through the
same ctypes structures, icacls played on a model of the ACLs, an
administrator or not.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from anahp_desktop.config import loader
from anahp_desktop.config.settings import AlertSettings, NetworkSettings, Settings
from anahp_desktop.errors import ConfigurationError, SecretsUnavailableError
from anahp_desktop.secret_file import ENTROPY, SecretFile, for_settings
from anahp_desktop.secrets import MemoryBackend, SecretName, Secrets
from anahp_desktop.task_account import export_for_task, needed_secrets
from anahp_desktop.windows import acl
from tests.helpers.fake_dpapi import Computer
from tests.helpers.simulated_windows import SimulatedWindows

ACCOUNT = r"HOSPITAL\svc-anahp$"
OPERATOR = r"HOSPITAL\ana.operadora"
SECRETS = {
    SecretName.DATABASE_PASSWORD: "db-Sênha;1",
    SecretName.SINHA_PASSWORD: "sinha-Çhave-2",
    SecretName.PSEUDONYM_KEY: "pseudonym-key-" + "k" * 32,
}


def sql_server_settings(**source: object) -> Settings:
    values: dict[str, object] = {
        "host": "sql01",
        "database": "hospital",
        "username": "sinha_reader",
        "driver": "ODBC Driver 18 for SQL Server",
    }
    values.update(source)
    # the state in SQL Server (the hospital database, chosen): nothing for the task to share
    return Settings.model_validate(
        {"source": values, "state": {"url": "source"}, "sinha": {"user": "hospital"}}
    )


def operator_keyring() -> Secrets:
    return Secrets(MemoryBackend(dict(SECRETS)), env={})


def no_prompt(name: SecretName) -> str:
    raise AssertionError(f"asked for {name}")


@pytest.fixture
def windows() -> SimulatedWindows:
    return SimulatedWindows(user=OPERATOR)


def test_the_task_gets_settings_it_can_read_and_secrets_only_it_can_read(
    tmp_path: Path, windows: SimulatedWindows
) -> None:
    folder = tmp_path / "ProgramData" / "anahp-sync"
    export = export_for_task(
        sql_server_settings(), operator_keyring(), ACCOUNT, folder, windows.host(), no_prompt
    )
    assert export.secrets == tuple(SECRETS)

    task = loader.load(folder / "config.toml", env={}).settings
    assert (task.secrets.file, task.secrets.account) == (str(folder / "secrets.dpapi"), ACCOUNT)
    assert task.source.host == "sql01" and task.sinha.user == "hospital"

    config_acl = windows.acl_of_saved(folder / "config.toml")
    assert config_acl.protected
    assert config_acl.who_can("R") == {acl.ADMINISTRATORS, acl.SYSTEM, OPERATOR, ACCOUNT}
    assert config_acl.who_can("W") == {acl.ADMINISTRATORS, acl.SYSTEM, OPERATOR}

    secrets_acl = windows.acl_of_saved(folder / "secrets.dpapi")
    assert secrets_acl.protected and secrets_acl.owner == acl.ADMINISTRATORS
    assert secrets_acl.who_can("R") == {acl.ADMINISTRATORS, acl.SYSTEM, ACCOUNT}
    assert OPERATOR not in secrets_acl.grants

    folder_acl = windows.acl_of(folder)
    assert folder_acl.grants == {
        acl.ADMINISTRATORS: "(OI)(CI)(F)",
        acl.SYSTEM: "(OI)(CI)(F)",
        OPERATOR: "(M)",
        ACCOUNT: "(RX)",
    }

    # no secret in plaintext anywhere the export wrote
    for path in folder.rglob("*"):
        content = path.read_bytes()
        for value in SECRETS.values():
            assert value.encode() not in content and value.encode("utf-16-le") not in content

    # what the task reads, on this computer
    task_secrets = Secrets(SecretFile(Path(task.secrets.file), ACCOUNT, windows.host), env={})
    assert {name: task_secrets.require(name) for name in SECRETS} == SECRETS
    assert windows.computer.allocated == {}  # every DPAPI output was given back (LocalFree)


def test_the_exact_icacls_command_lines(tmp_path: Path, windows: SimulatedWindows) -> None:
    folder = tmp_path / "anahp-sync"
    export_for_task(
        sql_server_settings(), operator_keyring(), ACCOUNT, folder, windows.host(), no_prompt
    )
    lines = windows.command_lines("icacls")
    assert lines[:2] == [
        ["icacls", str(folder), "/reset", "/Q"],
        [
            "icacls",
            str(folder),
            "/inheritance:r",
            "/grant:r",
            "*S-1-5-32-544:(OI)(CI)(F)",
            "*S-1-5-18:(OI)(CI)(F)",
            r"HOSPITAL\ana.operadora:(M)",
            r"HOSPITAL\svc-anahp$:(RX)",
        ],
    ]
    secret_lines = [line for line in lines if ".dpapi." in line[1]]
    assert [line[2:] for line in secret_lines] == [
        ["/reset", "/Q"],
        [
            "/inheritance:r",
            "/grant:r",
            "*S-1-5-32-544:(F)",
            "*S-1-5-18:(F)",
            r"HOSPITAL\svc-anahp$:(R)",
        ],
        ["/setowner", "*S-1-5-32-544"],
    ]


def test_system_is_given_by_its_well_known_sid(tmp_path: Path, windows: SimulatedWindows) -> None:
    folder = tmp_path / "anahp-sync"
    export_for_task(
        sql_server_settings(auth="windows"),
        operator_keyring(),
        "SYSTEM",
        folder,
        windows.host(),
        no_prompt,
    )
    assert windows.acl_of_saved(folder / "secrets.dpapi").who_can("R") == {
        acl.ADMINISTRATORS,
        acl.SYSTEM,
    }


def test_windows_authentication_needs_no_database_password() -> None:
    assert needed_secrets(sql_server_settings(auth="windows")) == [
        SecretName.SINHA_PASSWORD,
        SecretName.PSEUDONYM_KEY,
    ]
    assert needed_secrets(sql_server_settings()) == [
        SecretName.DATABASE_PASSWORD,
        SecretName.SINHA_PASSWORD,
        SecretName.PSEUDONYM_KEY,
    ]
    url = Settings.model_validate(
        {"source": {"url": "mssql+pyodbc://u:inline@h/db?driver=FreeTDS"}}
    )
    assert SecretName.DATABASE_PASSWORD not in needed_secrets(url)


def test_a_proxy_login_and_alerts_add_their_secrets_to_what_the_task_needs() -> None:
    settings = sql_server_settings().model_copy(
        update={
            "network": NetworkSettings(proxy="http://proxy:3128", proxy_user="svc"),
            "alerts": AlertSettings(email=True, smtp_user="mailer", webhook=True),
        }
    )
    assert needed_secrets(settings) == list(SecretName)


def test_a_secret_missing_from_the_keyring_is_asked_for(
    tmp_path: Path, windows: SimulatedWindows
) -> None:
    keyring = Secrets(MemoryBackend({SecretName.SINHA_PASSWORD: "from-keyring"}), env={})
    asked: list[SecretName] = []

    def prompt(name: SecretName) -> str:
        asked.append(name)
        return f"typed-{name.value}"

    folder = tmp_path / "anahp-sync"
    export = export_for_task(
        sql_server_settings(auth="windows"), keyring, ACCOUNT, folder, windows.host(), prompt
    )
    assert asked == [SecretName.PSEUDONYM_KEY] and export.prompted == (SecretName.PSEUDONYM_KEY,)
    task_secrets = Secrets(SecretFile(folder / "secrets.dpapi", ACCOUNT, windows.host), env={})
    assert task_secrets.get(SecretName.PSEUDONYM_KEY) == "typed-pseudonym-key"
    assert task_secrets.get(SecretName.SINHA_PASSWORD) == "from-keyring"
    assert task_secrets.get(SecretName.DATABASE_PASSWORD) is None


def test_the_secret_file_needs_an_administrator(tmp_path: Path, windows: SimulatedWindows) -> None:
    windows.admin = False
    with pytest.raises(ConfigurationError, match="Run as administrator"):
        export_for_task(
            sql_server_settings(),
            operator_keyring(),
            ACCOUNT,
            tmp_path / "anahp-sync",
            windows.host(),
            no_prompt,
        )
    assert not (tmp_path / "anahp-sync").exists()


def test_the_operator_updates_the_settings_without_an_administrator(
    tmp_path: Path, windows: SimulatedWindows
) -> None:
    folder = tmp_path / "anahp-sync"
    export_for_task(
        sql_server_settings(), operator_keyring(), ACCOUNT, folder, windows.host(), no_prompt
    )
    before = (folder / "secrets.dpapi").read_bytes()
    windows.admin = False
    windows.commands.clear()
    changed = sql_server_settings(database="hospital2")
    export = export_for_task(
        changed, operator_keyring(), ACCOUNT, folder, windows.host(), no_prompt, settings_only=True
    )
    assert export.settings_only and export.secrets == ()
    assert loader.load(folder / "config.toml", env={}).settings.source.database == "hospital2"
    assert (folder / "secrets.dpapi").read_bytes() == before
    # only the new settings file's ACL was written: the administrator's folder ACL stays
    assert all(".toml." in line[1] for line in windows.command_lines("icacls"))


def test_a_sqlite_state_store_outside_the_shared_folder_is_refused_with_the_fix(
    tmp_path: Path, windows: SimulatedWindows
) -> None:
    own = tmp_path / "AppData" / "state.sqlite"
    settings = sql_server_settings()
    settings.state.url = f"sqlite:///{own}"
    folder = tmp_path / "anahp-sync"
    with pytest.raises(ConfigurationError) as caught:
        export_for_task(settings, operator_keyring(), ACCOUNT, folder, windows.host(), no_prompt)
    message = caught.value.message
    assert str(own) in message and str(folder / "state" / "state.sqlite") in message
    assert "Quit ANAHP Sync" in message


def test_a_sqlite_state_store_in_the_shared_folder_is_writable_by_both(
    tmp_path: Path, windows: SimulatedWindows
) -> None:
    folder = tmp_path / "anahp-sync"
    settings = sql_server_settings()
    settings.state.url = f"sqlite:///{folder / 'state' / 'state.sqlite'}"
    export = export_for_task(
        settings, operator_keyring(), ACCOUNT, folder, windows.host(), no_prompt
    )
    assert export.state_shared and (folder / "state").is_dir()
    state = windows.acl_of(folder / "state")
    assert state.grants == {
        acl.ADMINISTRATORS: "(OI)(CI)(F)",
        acl.SYSTEM: "(OI)(CI)(F)",
        OPERATOR: "(OI)(CI)(M)",
        ACCOUNT: "(OI)(CI)(M)",
    }
    assert ["icacls", str(folder / "state"), "/reset", "/T", "/Q"] in windows.commands


def test_icacls_refusing_an_unknown_account_is_one_sentence(
    tmp_path: Path, windows: SimulatedWindows
) -> None:
    import subprocess

    def unknown(argv: list[str]) -> subprocess.CompletedProcess[str] | None:
        if any(arg.startswith("HOSPITAL\\nobody") for arg in argv):
            return subprocess.CompletedProcess(
                argv,
                1332,
                "HOSPITAL\\nobody: No mapping between account names and security "
                "IDs was done.\nSuccessfully processed 0 files; Failed processing 1 files\n",
                "",
            )
        return None

    windows.answer = unknown
    with pytest.raises(ConfigurationError) as caught:
        export_for_task(
            sql_server_settings(),
            operator_keyring(),
            r"HOSPITAL\nobody",
            tmp_path / "anahp-sync",
            windows.host(),
            no_prompt,
        )
    assert "Windows refused to set who may read" in caught.value.message
    assert "No mapping between account names and security IDs" in caught.value.message


# -- reading the secret file ---------------------------------------------------------------


@pytest.fixture
def written(tmp_path: Path, windows: SimulatedWindows) -> Path:
    path = tmp_path / "secrets.dpapi"
    SecretFile(path, ACCOUNT, windows.host).write(SECRETS)
    return path


def test_a_file_copied_to_another_computer_cannot_be_read(
    written: Path, windows: SimulatedWindows
) -> None:
    elsewhere = SimulatedWindows(computer=Computer("OTHER-PC"))
    with pytest.raises(SecretsUnavailableError) as caught:
        SecretFile(written, ACCOUNT, elsewhere.host).get(SecretName.SINHA_PASSWORD)
    assert "cannot be decrypted here (Windows error 0x8009000b)" in caught.value.message


def test_an_account_without_read_access_is_told_which_account_may(
    written: Path, windows: SimulatedWindows, monkeypatch: pytest.MonkeyPatch
) -> None:
    def denied(self: Path, *args: object, **kwargs: object) -> str:
        raise PermissionError(13, "Access is denied", str(self))

    monkeypatch.setattr(Path, "read_text", denied)
    with pytest.raises(SecretsUnavailableError) as caught:
        SecretFile(written, ACCOUNT, windows.host).get(SecretName.SINHA_PASSWORD)
    assert OPERATOR in caught.value.message and ACCOUNT in caught.value.message


def test_a_missing_or_foreign_file_is_one_sentence(
    tmp_path: Path, windows: SimulatedWindows
) -> None:
    with pytest.raises(SecretsUnavailableError, match="does not exist"):
        SecretFile(tmp_path / "none.dpapi", ACCOUNT, windows.host).get(SecretName.SINHA_PASSWORD)
    foreign = tmp_path / "foreign.dpapi"
    foreign.write_text(json.dumps({"secrets": {}}))
    with pytest.raises(SecretsUnavailableError, match="is not an ANAHP Sync secret file"):
        SecretFile(foreign, ACCOUNT, windows.host).get(SecretName.SINHA_PASSWORD)


def test_the_entropy_binds_the_blob_to_this_app(written: Path, windows: SimulatedWindows) -> None:
    data = json.loads(written.read_text())
    blob = __import__("base64").b64decode(data["secrets"]["sinha-password"])
    assert (
        windows.computer.dpapi().unprotect(blob, ENTROPY)
        == SECRETS[SecretName.SINHA_PASSWORD].encode()
    )
    from anahp_desktop.windows.dpapi import DpapiError

    with pytest.raises(DpapiError):
        windows.computer.dpapi().unprotect(blob, b"another program")


def test_changing_one_secret_keeps_the_others(written: Path, windows: SimulatedWindows) -> None:
    store = Secrets(SecretFile(written, ACCOUNT, windows.host), env={})
    store.set(SecretName.SINHA_PASSWORD, "new-sinha")
    assert store.get(SecretName.SINHA_PASSWORD) == "new-sinha"
    assert store.get(SecretName.DATABASE_PASSWORD) == SECRETS[SecretName.DATABASE_PASSWORD]
    windows.admin = False
    with pytest.raises(SecretsUnavailableError, match="needs an administrator"):
        store.set(SecretName.SINHA_PASSWORD, "x")


def test_settings_with_a_secret_file_use_it(tmp_path: Path) -> None:
    settings = Settings.model_validate(
        {"secrets": {"file": str(tmp_path / "s.dpapi"), "account": ACCOUNT}}
    )
    backend = for_settings(settings).backend
    assert isinstance(backend, SecretFile) and backend.account == ACCOUNT
    assert not isinstance(for_settings(Settings()).backend, SecretFile)


def test_a_credential_manager_refused_in_the_elevated_prompt_means_asking(
    tmp_path: Path, windows: SimulatedWindows
) -> None:
    from tests.helpers.windows_vault import credential_manager

    asked: list[SecretName] = []

    def prompt(name: SecretName) -> str:
        asked.append(name)
        return f"typed-{name.value}"

    with credential_manager() as vault:
        vault.logon_session = False  # Windows error 1312 on every call
        export_for_task(
            sql_server_settings(auth="windows"),
            Secrets(env={}),
            ACCOUNT,
            tmp_path / "anahp-sync",
            windows.host(),
            prompt,
        )
    assert asked == [SecretName.SINHA_PASSWORD, SecretName.PSEUDONYM_KEY]


def test_a_password_inside_the_operator_s_database_url_goes_to_the_secret_file(
    tmp_path: Path, windows: SimulatedWindows
) -> None:
    settings = Settings.model_validate(
        {
            "source": {"url": "mssql+pyodbc://sinha:Url-Sênha@sql01/hospital?driver=FreeTDS"},
            "state": {"url": "source"},
        }
    )
    folder = tmp_path / "anahp-sync"
    keyring = Secrets(
        MemoryBackend({SecretName.SINHA_PASSWORD: "s", SecretName.PSEUDONYM_KEY: "k"}), env={}
    )
    export_for_task(settings, keyring, ACCOUNT, folder, windows.host(), no_prompt)
    assert "Url-Sênha" not in (folder / "config.toml").read_text(encoding="utf-8")
    task_secrets = Secrets(SecretFile(folder / "secrets.dpapi", ACCOUNT, windows.host), env={})
    assert task_secrets.get(SecretName.DATABASE_PASSWORD) == "Url-Sênha"
