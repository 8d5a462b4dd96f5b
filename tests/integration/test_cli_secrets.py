"""``anahp-sync secrets``: the pseudonymization key rule, generated keys, keyrings that keep nothing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.helpers.cli import run_cli

MIN_PSEUDONYM_KEY_BYTES = (
    32  # the rule, as a literal: this file also ran against the code before it
)

FILE_KEYRING = "tests.helpers.file_keyring.FileKeyring"
KEY_ENTRY = "anahp-sync/pseudonym-key"


@pytest.fixture
def keyring_file(tmp_path: Path) -> Path:
    return tmp_path / "keyring.json"


def keyring_env(path: Path) -> dict[str, str]:
    return {"PYTHON_KEYRING_BACKEND": FILE_KEYRING, "ANAHP_TEST_KEYRING_FILE": str(path)}


def stored(path: Path) -> dict[str, str]:
    return dict(json.loads(path.read_text())) if path.exists() else {}


@pytest.mark.parametrize("weak", [" ", "1", "x" * (MIN_PSEUDONYM_KEY_BYTES - 1), "ab" * 20])
def test_a_weak_key_is_refused_with_one_sentence_and_nothing_stored(
    weak: str, keyring_file: Path
) -> None:
    result = run_cli(
        "secrets", "set", "pseudonym-key", env=keyring_env(keyring_file), input=f"{weak}\n{weak}\n"
    )
    assert result.code == 2, result.stderr
    assert "Traceback" not in result.stderr
    assert "secrets generate pseudonym-key" in result.stderr
    assert stored(keyring_file) == {}


def test_set_reads_the_secret_back_and_stores_a_strong_key(keyring_file: Path) -> None:
    key = "a-passphrase-of-more-than-32-bytes-Ωç"
    result = run_cli(
        "secrets", "set", "pseudonym-key", env=keyring_env(keyring_file), input=f"{key}\n{key}\n"
    )
    assert result.code == 0, result.stderr
    assert stored(keyring_file) == {KEY_ENTRY: key}


def test_set_with_a_keyring_that_keeps_nothing_is_an_error_not_a_success() -> None:
    result = run_cli(
        "secrets",
        "set",
        "sinha-password",
        env={"PYTHON_KEYRING_BACKEND": "keyring.backends.null.Keyring"},
        input="the-password\n",
    )
    assert result.code == 2, result.stdout + result.stderr
    assert "Stored" not in result.stdout
    assert "does not give it back" in result.stderr
    assert "Traceback" not in result.stderr


def test_generate_stores_a_random_strong_key_and_never_prints_it(keyring_file: Path) -> None:
    first = run_cli("secrets", "generate", "pseudonym-key", env=keyring_env(keyring_file))
    assert first.code == 0, first.stderr
    key = stored(keyring_file)[KEY_ENTRY]
    assert len(key.encode()) >= MIN_PSEUDONYM_KEY_BYTES
    assert key not in first.stdout + first.stderr
    status = run_cli("secrets", "status", env=keyring_env(keyring_file))
    assert "pseudonym-key: stored in the keyring" in status.stdout


def test_generate_never_replaces_a_stored_key_unless_asked(keyring_file: Path) -> None:
    env = keyring_env(keyring_file)
    assert run_cli("secrets", "generate", "pseudonym-key", env=env).code == 0
    key = stored(keyring_file)[KEY_ENTRY]
    again = run_cli("secrets", "generate", "pseudonym-key", env=env)
    assert again.code == 2
    assert "changes every atendimento_hash" in again.stderr and "--replace" in again.stderr
    assert stored(keyring_file)[KEY_ENTRY] == key
    replaced = run_cli("secrets", "generate", "pseudonym-key", "--replace", env=env)
    assert replaced.code == 0
    assert stored(keyring_file)[KEY_ENTRY] not in (key, "")


def test_sync_refuses_a_weak_key_from_the_environment_with_rc_2(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text('[sinha]\nurl = "http://127.0.0.1:9/api"\nuser = "u"\n')
    result = run_cli(
        "--config",
        str(config),
        "sync",
        env={"SINHA_API_PASSWORD": "x", "ANAHP_PSEUDONYM_KEY": "1", "DATABASE_URL": "sqlite://"},
    )
    assert result.code == 2, result.stderr
    assert (
        "pseudonymization key is too short: it has 1 bytes and needs at least 32 bytes"
        in result.stderr
    )


def test_an_empty_key_variable_gets_its_own_sentence_not_a_keyring_one(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text('[sinha]\nurl = "http://127.0.0.1:9/api"\nuser = "u"\n')
    result = run_cli(
        "--config",
        str(config),
        "sync",
        env={"SINHA_API_PASSWORD": "x", "ANAHP_PSEUDONYM_KEY": "", "DATABASE_URL": "sqlite://"},
    )
    assert result.code == 2, result.stderr
    assert "ANAHP_PSEUDONYM_KEY is set but empty" in result.stderr
    assert "keyring to keep" not in result.stderr
