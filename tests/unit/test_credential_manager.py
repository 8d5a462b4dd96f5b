"""Credential Manager failures reach the operator as the keyring sentence with Windows' number.

keyring's real ``WinVaultKeyring`` runs over a simulated Credential Manager
(tests/helpers/windows_vault.py): what fails on Windows -- a task with "Do not
store password", a WinRM or SSH session, a secret longer than a credential
holds -- raises ``pywintypes.error`` there, which is no ``KeyringError``.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import pytest

from anahp_desktop import credential_manager
from anahp_desktop.cli import main as cli
from anahp_desktop.errors import SecretsUnavailableError
from anahp_desktop.secrets import KeyringBackend, SecretName, Secrets
from tests.helpers.windows_vault import Vault, error
from tests.helpers.windows_vault import credential_manager as simulated


@pytest.fixture
def vault() -> Iterator[Vault]:
    with simulated() as store:
        yield store


def keyring_secrets() -> Secrets:
    return Secrets(KeyringBackend(), env={})


def test_secrets_are_kept_under_the_entry_names_windows_shows(vault: Vault) -> None:
    secrets = keyring_secrets()
    secrets.set(SecretName.DATABASE_PASSWORD, "db-sênha")
    secrets.set(SecretName.SINHA_PASSWORD, "sinha-çã")
    secrets.set(SecretName.PSEUDONYM_KEY, "k" * 44)
    # Control Panel -> Credential Manager -> Windows Credentials -> Generic Credentials
    assert vault.targets() == {
        "anahp-sync": "pseudonym-key",  # the entry stored last keeps the bare name
        "database-password@anahp-sync": "database-password",
        "sinha-password@anahp-sync": "sinha-password",
    }
    stored = (SecretName.DATABASE_PASSWORD, SecretName.SINHA_PASSWORD, SecretName.PSEUDONYM_KEY)
    assert [secrets.get(name) for name in stored] == ["db-sênha", "sinha-çã", "k" * 44]


def test_no_logon_session_is_the_keyring_sentence_with_windows_error_1312(vault: Vault) -> None:
    vault.logon_session = False
    with pytest.raises(SecretsUnavailableError) as caught:
        keyring_secrets().get(SecretName.SINHA_PASSWORD)
    message = caught.value.message
    assert "Windows error 1312: A specified logon session does not exist" in message
    assert "SINHA_API_PASSWORD" in message and "export-for-task" in message
    assert caught.value.category == "secrets"
    assert isinstance(caught.value.__cause__, error)  # the Windows error stays in the chain


def test_a_secret_longer_than_a_credential_holds_says_the_limit(vault: Vault) -> None:
    with pytest.raises(SecretsUnavailableError) as caught:
        keyring_secrets().set(
            SecretName.SINHA_PASSWORD, "x" * (credential_manager.MAX_CHARACTERS + 1)
        )
    assert "Windows error 1783: The stub received bad data" in caught.value.message
    assert "at most 1280 characters" in caught.value.message
    keyring_secrets().set(SecretName.SINHA_PASSWORD, "x" * credential_manager.MAX_CHARACTERS)


def test_delete_in_a_session_without_credentials_is_the_sentence_too(vault: Vault) -> None:
    vault.logon_session = False
    with pytest.raises(SecretsUnavailableError, match="Windows error 1312"):
        keyring_secrets().delete(SecretName.DATABASE_PASSWORD)


def test_an_oserror_with_winerror_is_mapped_like_pywintypes_error() -> None:
    raw = OSError()
    raw.winerror = 5  # type: ignore[attr-defined]  # what pywin32-ctypes' make_error builds
    raw.strerror = "Access is denied."
    found = credential_manager.windows_error(raw)
    assert found == credential_manager.WinError(5, "", "Access is denied.")
    text = credential_manager.sentence(
        found, "SINHA password", "SINHA_API_PASSWORD", "sinha-password"
    )
    assert text.startswith("The Windows Credential Manager refused to keep the SINHA password")
    assert "(Windows error 5: Access is denied)" in text


def test_anything_else_is_not_a_windows_error() -> None:
    assert credential_manager.windows_error(TypeError("bug")) is None
    assert credential_manager.windows_error(OSError(2, "No such file")) is None
    assert credential_manager.windows_error(error(1312, "CredRead", "x")) is not None


def test_a_bug_in_the_backend_is_not_disguised(monkeypatch: pytest.MonkeyPatch) -> None:
    import keyring

    def broken(service: str, username: str) -> str:
        raise TypeError("a bug")

    monkeypatch.setattr(keyring, "get_password", broken)
    with pytest.raises(TypeError, match="a bug"):
        keyring_secrets().get(SecretName.SINHA_PASSWORD)


def write_config(path: Path) -> Path:
    path.write_text('[source]\nurl = "sqlite:///nowhere.sqlite"\n', encoding="utf-8")
    return path


def test_a_scheduled_run_without_a_logon_session_exits_2_with_one_sentence(
    vault: Vault, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    vault.logon_session = False
    code = cli.main(["sync", "--config", str(write_config(tmp_path / "config.toml"))])
    err = capsys.readouterr().err
    assert code == cli.EXIT_CONFIG, err
    assert "Unexpected error" not in err and "Traceback" not in err
    assert [line for line in err.splitlines() if line] == [err.strip()]
    assert "Windows error 1312" in err


def test_secrets_set_of_a_too_long_value_exits_2(
    vault: Vault,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("y" * 1500 + "\n"))
    code = cli.main(["secrets", "set", "sinha-password"])
    err = capsys.readouterr().err
    assert code == cli.EXIT_CONFIG and "Windows error 1783" in err and "1280" in err
    assert vault.targets() == {}


def test_the_self_test_names_the_windows_error(vault: Vault) -> None:
    from anahp_desktop import selftest

    vault.logon_session = False
    check = selftest.check_keyring()
    assert not check.ok
    assert "Windows error 1312: A specified logon session does not exist" in check.detail


def test_the_readme_lists_the_entries_as_windows_shows_them(vault: Vault) -> None:
    from tests.helpers import readme_commands

    secrets = keyring_secrets()
    for name in SecretName:
        secrets.set(name, f"value-of-{name.value}")
    windows = readme_commands.section(
        readme_commands.README.read_text(encoding="utf-8"), "Windows notes"
    )
    entries = " ".join(windows.split())
    for target in vault.targets():
        assert f"`{target}`" in entries
    assert "`pseudonym-key@anahp-sync`" in entries  # the entry names a secret saved earlier
