"""The README's build command produces a bundle that works frozen: versions, self-test, demo, size.

Builds once per run (scripts/build into a temporary folder, ~30-60 s) and runs the frozen
programs the way an operator would. The frozen self-test imports every module, builds every
database dialect, probes the keyring, runs the migrations and opens the main window
offscreen, so a module PyInstaller missed fails here, not on a hospital's server.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from anahp_desktop import __version__

pytestmark = pytest.mark.bundle

ROOT = Path(__file__).resolve().parents[2]
EXE = ".exe" if sys.platform == "win32" else ""
#: the issue's budget for the Linux one-folder bundle (bytes, as an archive would carry them)
SIZE_BUDGET = 150_000_000
SECRETS_ENV = ("DATABASE_PASSWORD", "SINHA_API_PASSWORD", "ANAHP_PSEUDONYM_KEY")


@dataclass(frozen=True)
class Bundle:
    folder: Path
    build_seconds: float

    def program(self, name: str) -> Path:
        return self.folder / f"{name}{EXE}"


@pytest.fixture(scope="module")
def bundle(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Bundle]:
    if sys.platform.startswith("linux") and not os.environ.get("CI"):
        from shutil import which

        if which("objdump") is None:
            pytest.skip("PyInstaller needs objdump (binutils); .ci/run installs it")
    base = tmp_path_factory.mktemp("bundle")
    started = time.monotonic()
    done = subprocess.run(
        [
            str(ROOT / "scripts" / "build"),
            "--dist",
            str(base / "dist"),
            "--work",
            str(base / "work"),
        ],
        capture_output=True,
        text=True,
        timeout=900,
        cwd=ROOT,
    )
    assert done.returncode == 0, (
        f"scripts/build failed:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
    )
    yield Bundle(base / "dist" / "anahp-sync", time.monotonic() - started)


def frozen_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    """A clean environment: the bundle must not lean on the test's Python or settings."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("PYTHON", "VIRTUAL_ENV", "ANAHP_", "PYTEST"))
        and key not in SECRETS_ENV
    }
    env.update(
        HOME=str(tmp_path / "home"),
        XDG_CONFIG_HOME=str(tmp_path / "config"),
        XDG_STATE_HOME=str(tmp_path / "state"),
        XDG_DATA_HOME=str(tmp_path / "data"),
        XDG_CACHE_HOME=str(tmp_path / "cache"),
        QT_QPA_PLATFORM="offscreen",
        LANGUAGE="en",
    )
    env.update(extra)
    return env


def run(
    program: Path, *args: str, env: dict[str, str], timeout: float = 120
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(program), *args], capture_output=True, text=True, env=env, timeout=timeout
    )


def test_both_programs_tell_the_package_version(bundle: Bundle, tmp_path: Path) -> None:
    env = frozen_env(tmp_path)
    for name in ("anahp-desktop", "anahp-sync"):
        done = run(bundle.program(name), "--version", env=env)
        assert done.returncode == 0, done.stderr
        assert done.stdout.strip() == f"{name} {__version__}"


def test_frozen_self_test_passes(bundle: Bundle, tmp_path: Path) -> None:
    secret_service = bool(os.environ.get("ANAHP_TEST_SECRET_SERVICE"))
    if os.environ.get("CI"):
        assert secret_service, "scripts/test runs the tests inside a Secret Service session"
    # with the real Secret Service the bundled backend must answer; without, the secrets
    # come from the environment (a server's scheduled task)
    extra = {} if secret_service else {name: "from-env" for name in SECRETS_ENV}
    done = run(bundle.program("anahp-desktop"), "--self-test", env=frozen_env(tmp_path, **extra))
    report = done.stdout
    assert done.returncode == 0, f"{report}\n{done.stderr}"
    assert report.splitlines()[0].startswith(f"ANAHP Sync {__version__} self-test ({bundle.folder}")
    assert "Secret Service answers" in report if secret_service else "environment" in report
    assert "ok       Main window: opened offscreen in" in report
    assert report.splitlines()[-1] == "All checks passed."

    headless = run(bundle.program("anahp-sync"), "--self-test", env=frozen_env(tmp_path, **extra))
    assert headless.returncode == 0, f"{headless.stdout}\n{headless.stderr}"
    assert "Main window" not in headless.stdout  # the console program never loads Qt


def test_frozen_self_test_names_a_missing_keyring_in_portuguese(
    bundle: Bundle, tmp_path: Path
) -> None:
    env = frozen_env(tmp_path, PYTHON_KEYRING_BACKEND="keyring.backends.fail.Keyring")
    done = run(bundle.program("anahp-desktop"), "--self-test", "--lang", "pt_BR", env=env)
    assert done.returncode == 1
    lines = done.stdout.splitlines()
    problems = [line for line in lines if line.startswith("PROBLEMA")]
    assert len(problems) == 1, done.stdout
    assert "Cofre de senhas" in problems[0] and "Solução:" in problems[0]
    assert "Janela principal: aberta fora da tela" in done.stdout  # the Qt catalogue, frozen
    assert lines[-1] == "1 problema encontrado."
    assert "Traceback" not in done.stdout + done.stderr


def test_frozen_demo_delivers_and_logs_the_version(bundle: Bundle, tmp_path: Path) -> None:
    folder = tmp_path / "demo"
    env = frozen_env(tmp_path)
    args = ("demo", "--dir", str(folder), "--fresh", "--records", "1500", "--json")
    done = run(bundle.program("anahp-sync"), *args, env=env, timeout=300)
    assert done.returncode == 0, done.stderr
    summary = json.loads(done.stdout)
    assert summary["status"] == "success" and summary["delivered"] > 1000
    assert summary["pending"] == 0
    with sqlite3.connect(folder / "state.sqlite") as db:
        versions = {row[0] for row in db.execute("select distinct app_version from operations_log")}
    assert versions == {__version__}
    again = run(bundle.program("anahp-sync"), "demo", "--dir", str(folder), "--json", env=env)
    assert again.returncode == 0 and json.loads(again.stdout)["delivered"] == 0  # nothing twice


def test_bundle_carries_what_the_app_loads_and_not_what_it_does_not(bundle: Bundle) -> None:
    internal = bundle.folder / "_internal"
    expected = [
        "resources/icons/app.svg",
        "resources/icons/tray-error.svg",
        "resources/i18n/anahp_desktop_pt_BR.qm",
        "anahp_desktop/locale/pt_BR/LC_MESSAGES/anahp_sync.mo",
        "anahp_desktop/state/migrations/env.py",
        "anahp_desktop/state/migrations/versions/0001_initial.py",
    ]
    for relative in expected:
        assert (internal / relative).is_file(), relative
    # the distribution's metadata (--version and every operations_log row read it)
    metadata = [
        *internal.glob("anahp_sync_desktop*/METADATA"),
        *internal.glob("anahp_sync_desktop*/PKG-INFO"),
    ]
    assert len(metadata) == 1
    assert f"Version: {__version__}" in metadata[0].read_text(encoding="utf-8")
    names = {path.name for path in internal.rglob("*")}
    unwanted = (
        "Qt6Quick",
        "Qt6Qml",
        "Qt6Pdf",
        "Qt6VirtualKeyboard",
        "qwayland",
        "keyrings",
        "mypy",
    )
    leaked = sorted(name for name in names if any(part in name for part in unwanted))
    assert leaked == []


def test_bundle_stays_within_its_size_budget(bundle: Bundle) -> None:
    files = [path for path in bundle.folder.rglob("*") if path.is_file() and not path.is_symlink()]
    size = sum(path.stat().st_size for path in files)
    print(
        f"\nbundle: {size / 1e6:.1f} MB ({size / 2**20:.1f} MiB), built in {bundle.build_seconds:.0f} s"
    )
    assert size <= SIZE_BUDGET, f"{size / 1e6:.1f} MB > {SIZE_BUDGET / 1e6:.0f} MB"
