"""The old service's .env, read as Docker Compose reads it."""

from __future__ import annotations

from pathlib import Path

import pytest

from anahp_desktop.errors import ConfigurationError
from anahp_desktop.migration.service_env import from_environment, parse_env, read_env_file

SERVICE_ENV = """\
# ANAHP Data Sync Service
DATABASE_URL=mssql+pyodbc://sync:p%40ss@db.hospital.local/his?driver=ODBC+Driver+17+for+SQL+Server
SINHA_API_URL=https://sinha.example.org/api  # production
SINHA_API_USER='sinha_user'
SINHA_API_PASSWORD="s3nha \\"quoted\\" $$dollar"
SECRET_KEY=09d25e094faa6ca2556c818166b7a9563b93f7099f6f0f4caa6cf63b88e8d3e7
ALGORITHM=HS256
ACCESS_TOKEN_EXPIRE_MINUTES=30
export LAST_SYNC_TIMESTAMP_FILE=/var/data/last_sync_timestamp.txt
TZ=America/Sao_Paulo
"""


def write(tmp_path: Path, text: str, name: str = ".env") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_the_services_env_file_gives_every_setting_and_names_what_is_no_longer_needed(
    tmp_path: Path,
) -> None:
    env = read_env_file(write(tmp_path, SERVICE_ENV))
    assert env.database_url.endswith("/his?driver=ODBC+Driver+17+for+SQL+Server")
    assert env.sinha_url == "https://sinha.example.org/api"
    assert env.sinha_user == "sinha_user"
    assert env.sinha_password == 's3nha "quoted" $dollar'
    assert env.timestamp_file == "/var/data/last_sync_timestamp.txt"
    assert env.jwt_settings == ("SECRET_KEY", "ALGORITHM", "ACCESS_TOKEN_EXPIRE_MINUTES")
    assert env.other_names == ("TZ",)
    assert env.expanded == ("SINHA_API_PASSWORD",)
    assert env.origin == str(tmp_path / ".env")


@pytest.mark.parametrize(
    ("line", "value"),
    [
        ("A=plain", "plain"),
        ("A=with # a comment", "with"),
        ("A=no#comment", "no#comment"),
        ("A='single $HOME \\' quote'", "single $HOME ' quote"),
        ('A="tab\\there" # comment', "tab\there"),
        ('A="keep # inside"', "keep # inside"),
        ("A=${B}-x", "b-x"),
        ("A=$B$B", "bb"),
        ("A=${MISSING:-fallback}", "fallback"),
        ("A=${EMPTY:-fallback}", "fallback"),
        ("A=${EMPTY-fallback}", ""),
        ("A=${B:+set}", "set"),
        ("A=cost$$5", "cost$5"),
        ("A=$1literal", "$1literal"),
        ("  export   A = spaced  ", "spaced"),
    ],
)
def test_values_follow_the_compose_env_file_rules(line: str, value: str) -> None:
    values, _expanded = parse_env(line + "\n", "t", {"B": "b", "EMPTY": ""})
    assert values["A"] == value


def test_later_lines_see_earlier_ones_and_a_bare_name_comes_from_the_environment() -> None:
    values, expanded = parse_env("B=one\nA=${B}2\nHOSTNAME\nNOT_SET\n", "t", {"HOSTNAME": "h"})
    assert values == {"B": "one", "A": "one2", "HOSTNAME": "h"}
    assert expanded == ("A",)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("1BAD=x\n", "Line 1 of t is not NAME=value."),
        ("A='open\n", "Line 1 of t opens a quote it never closes."),
        ('A="x" trailing\n', "Line 1 of t has text after the closing quote."),
        ("A=${NEEDED:?set it}\n", "Line 1 of t needs NEEDED, which is not set."),
    ],
)
def test_a_broken_line_is_named_by_its_number_and_never_quoted(text: str, message: str) -> None:
    with pytest.raises(ConfigurationError) as caught:
        parse_env(text, "t", {})
    assert caught.value.message == message


def test_a_missing_required_setting_is_named(tmp_path: Path) -> None:
    path = write(tmp_path, "DATABASE_URL=sqlite:///x\nSINHA_API_USER=u\n")
    with pytest.raises(ConfigurationError) as caught:
        read_env_file(path)
    assert caught.value.message.startswith(f"{path} lacks SINHA_API_URL, SINHA_API_PASSWORD:")


def test_a_missing_or_non_utf8_file_is_one_sentence(tmp_path: Path) -> None:
    with pytest.raises(ConfigurationError, match=r"does not exist: give the old service's \.env"):
        read_env_file(tmp_path / "nope.env")
    latin1 = tmp_path / "latin1.env"
    latin1.write_bytes("SINHA_API_PASSWORD=senhaçã\n".encode("latin-1"))
    with pytest.raises(ConfigurationError, match="is not UTF-8 text"):
        read_env_file(latin1)


def test_a_bom_is_ignored(tmp_path: Path) -> None:
    path = tmp_path / ".env"
    path.write_bytes(SERVICE_ENV.encode("utf-8-sig"))
    assert read_env_file(path).database_url.startswith("mssql+pyodbc://")


def test_the_environment_of_a_container_is_read_without_other_variables() -> None:
    env = from_environment(
        {
            "DATABASE_URL": "sqlite:////data/h.sqlite",
            "SINHA_API_URL": "https://s/api",
            "SINHA_API_USER": "u",
            "SINHA_API_PASSWORD": "p",
            "ALGORITHM": "HS256",
            "PATH": "/usr/bin",
        }
    )
    assert (env.origin, env.jwt_settings, env.other_names) == (
        "the environment",
        ("ALGORITHM",),
        (),
    )
    assert env.timestamp_file == ""
