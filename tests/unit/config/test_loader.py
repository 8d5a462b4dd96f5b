from __future__ import annotations

from pathlib import Path

import pytest

from anahp_desktop.config import loader
from anahp_desktop.config.settings import Settings
from anahp_desktop.errors import ConfigurationError


def test_missing_file_means_defaults(tmp_path: Path) -> None:
    loaded = loader.load(tmp_path / "none.toml", env={})
    assert loaded.settings == Settings()
    assert loaded.settings.sync.batch_size == 500 and loaded.settings.source.view == "sinha_export"


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
