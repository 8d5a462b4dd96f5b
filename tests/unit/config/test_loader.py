from __future__ import annotations

import codecs
import os
import stat
from pathlib import Path

import pytest

from anahp_desktop.config import loader
from anahp_desktop.config.settings import Settings
from anahp_desktop.errors import ConfigurationError


def test_a_missing_default_file_means_defaults(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(loader, "default_config_path", lambda: tmp_path / "none.toml")
    loaded = loader.load(None, env={})
    assert loaded.settings == Settings()
    assert loaded.settings.sync.batch_size == 500 and loaded.settings.source.view == "sinha_export"


def test_a_missing_file_named_by_config_or_anahp_config_is_an_error(tmp_path: Path) -> None:
    missing = tmp_path / "typo.toml"
    with pytest.raises(ConfigurationError) as by_option:
        loader.load(missing, env={})
    assert (
        by_option.value.message
        == f"The settings file {missing} (named by --config) does not exist."
    )
    with pytest.raises(ConfigurationError) as by_variable:
        loader.load(None, env={"ANAHP_CONFIG": str(missing)})
    assert "(named by ANAHP_CONFIG) does not exist" in by_variable.value.message


SETTINGS_TEXT = '[sinha]\nuser = "José da Conceição"\n[sync]\nbatch_size = 42\n'


@pytest.mark.parametrize(
    "encode",
    [
        lambda t: t.encode("utf-8"),
        lambda t: codecs.BOM_UTF8 + t.encode("utf-8"),  # Notepad "UTF-8 with BOM", PowerShell 7
        lambda t: t.encode("utf-16"),  # PowerShell 5.1 Out-File: UTF-16 LE with a BOM
        lambda t: codecs.BOM_UTF16_BE + t.encode("utf-16-be"),
        lambda t: t.encode("utf-32"),
    ],
    ids=["utf-8", "utf-8-bom", "utf-16-le-bom", "utf-16-be-bom", "utf-32-bom"],
)
def test_files_written_by_windows_tools_are_read(tmp_path: Path, encode) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "c.toml"
    path.write_bytes(encode(SETTINGS_TEXT))
    settings = loader.load(path, env={}).settings
    assert (settings.sinha.user, settings.sync.batch_size) == ("José da Conceição", 42)


@pytest.mark.parametrize(
    ("data", "hint"),
    [
        (SETTINGS_TEXT.encode("cp1252"), 'Windows "ANSI"'),  # old Notepad's default
        (SETTINGS_TEXT.encode("utf-16-le"), "UTF-16 without a byte order mark"),
    ],
)
def test_other_encodings_get_a_sentence_not_a_crash(tmp_path: Path, data: bytes, hint: str) -> None:
    path = tmp_path / "c.toml"
    path.write_bytes(data)
    with pytest.raises(ConfigurationError) as caught:
        loader.load(path, env={})
    assert caught.value.message.startswith(f"The settings file {path} is not UTF-8 text")
    assert hint in caught.value.message and "save it again as UTF-8" in caught.value.message


def test_saved_settings_are_readable_by_their_owner_only_whatever_the_umask(
    tmp_path: Path,
) -> None:
    path = tmp_path / "new" / "anahp-sync" / "config.toml"
    previous = os.umask(0)
    try:
        loader.save(Settings(), path)
        loader.save(Settings(), path)  # replacing keeps it private
    finally:
        os.umask(previous)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    assert stat.S_IMODE((tmp_path / "new").stat().st_mode) == 0o700
    assert [p.name for p in path.parent.iterdir()] == ["config.toml"]  # no temporary left


def test_path_from_argument_then_environment_then_platform(tmp_path: Path) -> None:
    assert (
        loader.config_path(tmp_path / "a.toml", env={"ANAHP_CONFIG": "b.toml"})
        == tmp_path / "a.toml"
    )
    assert loader.config_path(None, env={"ANAHP_CONFIG": "b.toml"}) == Path("b.toml")
    assert loader.config_path(None, env={}) == loader.default_config_path()


def test_environment_overrides_the_file_with_the_old_service_names(tmp_path: Path) -> None:
    path = tmp_path / "c.toml"
    path.write_text(
        '[sinha]\nurl = "https://file.example/api"\nuser = "from-file"\n[sync]\nbatch_size = 50\n'
    )
    env = {
        "SINHA_API_URL": "https://env.example/api",
        "SINHA_API_USER": "from-env",
        "DATABASE_URL": "sqlite:///x.sqlite",
        "STATE_DATABASE_URL": "sqlite:///s.sqlite",
    }
    loaded = loader.load(path, env=env)
    s = loaded.settings
    assert (s.sinha.url, s.sinha.user, s.sync.batch_size) == (
        "https://env.example/api",
        "from-env",
        50,
    )
    assert (s.source.url, s.state.url) == ("sqlite:///x.sqlite", "sqlite:///s.sqlite")
    assert loaded.file_settings.sinha.user == "from-file"
    assert ("sinha", "user") in loaded.overridden


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("[sync\nbatch_size = 1", "not valid TOML"),
        ("[sync]\nbatch_size = 0", "sync.batch_size"),
        ("[sync]\nbatchsize = 10", "sync.batchsize"),
        ('[source]\ntimezone = "Mars/Olympus"', "source.timezone"),
        ('[source]\nview = "x; drop table y"', "source.view"),
    ],
)
def test_broken_files_give_one_sentence(tmp_path: Path, text: str, fragment: str) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(text)
    with pytest.raises(ConfigurationError) as caught:
        loader.load(path, env={})
    assert fragment in caught.value.message and "\n" not in caught.value.message


def test_save_round_trips_and_never_writes_a_password(tmp_path: Path) -> None:
    settings = Settings.model_validate(
        {
            "source": {"url": "mssql+pyodbc://sa:Sup3rSecret@db/hosp?driver=FreeTDS", "port": None},
            "state": {"url": "postgresql+psycopg://app:Pg-Secret@127.0.0.1/state"},
            "sync": {"batch_size": 123},
        }
    )
    path = tmp_path / "sub" / "config.toml"
    loader.save(settings, path)
    text = path.read_text()
    assert "Sup3rSecret" not in text and "Pg-Secret" not in text
    reloaded = loader.load(path, env={}).settings
    assert reloaded.sync.batch_size == 123
    assert reloaded.source.url == "mssql+pyodbc://sa@db/hosp?driver=FreeTDS"
