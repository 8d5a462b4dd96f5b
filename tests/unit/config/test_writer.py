"""The settings file writer: unique temporary files, a retry while Windows holds the file, one step.

Windows refuses to replace a file while another program holds it open (an
antivirus scan, the indexer, an editor): ``os.replace`` raises
``PermissionError`` there. Linux has no such lock, so the tests give the
writer a ``replace`` that behaves like Windows' while the file is "held".
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from anahp_desktop.config import loader
from anahp_desktop.config.settings import Settings
from anahp_desktop.config.writer import RETRY_DELAYS_S, ConfigWriter
from anahp_desktop.errors import ConfigurationError, SecretsUnavailableError
from anahp_desktop.secrets import MemoryBackend, SecretName, Secrets

#: what Windows says (WinError 32, ERROR_SHARING_VIOLATION) when another program holds the file
SHARING_VIOLATION = "The process cannot access the file because it is being used by another process"


class HeldFile:
    """``os.replace`` as on Windows while another program holds the target open."""

    def __init__(self, held_for: int) -> None:
        self.held_for = held_for  # refusals before the other program lets go (-1: never)
        self.calls: list[tuple[Path, Path]] = []

    def __call__(self, source: Path, target: Path) -> None:
        self.calls.append((source, target))
        if self.held_for < 0 or len(self.calls) <= self.held_for:
            raise PermissionError(13, SHARING_VIOLATION, str(source), None, str(target))
        source.replace(target)


def settings(interval: int) -> Settings:
    return Settings.model_validate({"sync": {"interval_minutes": interval}})


def on_file(path: Path) -> int:
    return loader.load(path, env={}).settings.sync.interval_minutes


@pytest.fixture
def path(tmp_path: Path) -> Iterator[Path]:
    target = tmp_path / "anahp-sync" / "config.toml"
    ConfigWriter(target).save(settings(15))
    yield target
    assert sorted(p.name for p in target.parent.iterdir()) == ["config.toml"]  # no temp left


def test_a_file_held_for_a_moment_is_saved_after_short_waits(path: Path) -> None:
    sleeps: list[float] = []
    held = HeldFile(held_for=3)
    ConfigWriter(path, replace=held, sleep=sleeps.append).save(settings(30))
    assert on_file(path) == 30
    assert sleeps == list(RETRY_DELAYS_S[:3])


def test_a_file_held_for_good_is_one_sentence_and_the_old_file_stays(path: Path) -> None:
    sleeps: list[float] = []
    writer = ConfigWriter(path, replace=HeldFile(held_for=-1), sleep=sleeps.append)
    with pytest.raises(ConfigurationError) as caught:
        writer.save(settings(45))
    assert "is held open by another program" in caught.value.message
    assert str(path) in caught.value.message
    assert sleeps == list(RETRY_DELAYS_S)
    assert on_file(path) == 15


def test_every_save_writes_its_own_temporary_file(path: Path) -> None:
    held = HeldFile(held_for=0)
    writer = ConfigWriter(path, replace=held)
    for interval in (20, 25, 30):
        writer.save(settings(interval))
    temporaries = [source for source, _target in held.calls]
    assert len(set(temporaries)) == 3
    assert all(t.parent == path.parent and t.name.startswith("config.toml.") for t in temporaries)


def test_saves_from_two_threads_do_not_overlap(path: Path) -> None:
    inside = 0
    most_inside = 0
    guard = threading.Lock()

    def slow_replace(source: Path, target: Path) -> None:
        nonlocal inside, most_inside
        with guard:
            inside += 1
            most_inside = max(most_inside, inside)
        threading.Event().wait(0.002)
        source.replace(target)
        with guard:
            inside -= 1

    writer = ConfigWriter(path, replace=slow_replace)
    errors: list[BaseException] = []

    def pause_resume(offset: int) -> None:
        try:
            for i in range(40):
                writer.save(settings(10 + offset + 2 * i))
        except BaseException as exc:  # collected: the test fails below with it
            errors.append(exc)

    threads = [threading.Thread(target=pause_resume, args=(n,)) for n in (0, 1)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == [] and most_inside == 1
    assert on_file(path) in {10 + 78, 11 + 78}


def test_typed_secrets_and_the_file_are_one_step(path: Path) -> None:
    store = Secrets(MemoryBackend({SecretName.SINHA_PASSWORD: "old-sinha"}), env={})
    typed = {SecretName.SINHA_PASSWORD: "new-sinha", SecretName.DATABASE_PASSWORD: "new-db"}
    writer = ConfigWriter(path, replace=HeldFile(held_for=-1), sleep=lambda _s: None)
    with pytest.raises(ConfigurationError):
        writer.save(settings(50), typed, store)
    # the file could not take its place: the passwords are as they were
    assert store.get(SecretName.SINHA_PASSWORD) == "old-sinha"
    assert store.get(SecretName.DATABASE_PASSWORD) is None
    assert on_file(path) == 15

    ConfigWriter(path).save(settings(50), typed, store)
    assert store.get(SecretName.SINHA_PASSWORD) == "new-sinha" and on_file(path) == 50


class RefusingSecondSecret(MemoryBackend):
    def set(self, name: SecretName, value: str) -> None:
        if self.values and name not in self.values:
            raise SecretsUnavailableError("the keyring refused it")
        super().set(name, value)


def test_a_keyring_refusal_leaves_the_file_and_the_first_secret_as_they_were(path: Path) -> None:
    store = Secrets(RefusingSecondSecret(), env={})
    typed = {SecretName.DATABASE_PASSWORD: "db", SecretName.SINHA_PASSWORD: "sinha"}
    with pytest.raises(SecretsUnavailableError):
        ConfigWriter(path).save(settings(60), typed, store)
    assert store.get(SecretName.DATABASE_PASSWORD) is None and on_file(path) == 15


def test_an_unwritable_folder_is_one_sentence(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    with pytest.raises(ConfigurationError, match="Cannot write the settings file"):
        ConfigWriter(blocker / "config.toml").save(settings(15))
