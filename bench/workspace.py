"""The benchmark's private folder: generated sources, settings files, the emulator process.

Every child process gets private HOME and XDG folders inside the workspace
(nothing touches the developer's settings, logs or keyring), the secrets in
environment variables (the engine then never asks a keyring), English
messages and Qt offscreen.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import tomli_w

from anahp_desktop.demo.generator import HOSPITALS, GeneratorOptions, create_source

SINHA_USER = "bench"
SINHA_PASSWORD = "bench-sinha-password"
PSEUDONYM_KEY = "bench-pseudonymization-key-32-bytes-or-more"
TIMEZONE = "America/Sao_Paulo"
BATCH_SIZE = 500
URL_PATTERN = re.compile(r"https?://127\.0\.0\.1:\d+/api")


def clean_options(records: int) -> GeneratorOptions:
    """Every row valid and accepted by SINHA: the naive baseline sends what the engine sends."""
    return GeneratorOptions(
        records=records, invalid_rate=0.0, server_reject_rate=0.0, null_updated_at=0
    )


def realistic_options(records: int) -> GeneratorOptions:
    """The generator's defaults: a few percent invalid, a few 422s from SINHA, ties."""
    return GeneratorOptions(records=records)


def cli_command() -> list[str]:
    """``anahp-sync`` from this venv (the console script; ``-m`` if it is not installed)."""
    script = Path(sys.executable).with_name("anahp-sync")
    if script.exists():
        return [str(script)]
    return [sys.executable, "-m", "anahp_desktop.cli.main"]


@dataclass
class Workspace:
    root: Path

    def __post_init__(self) -> None:
        self.root.mkdir(parents=True, exist_ok=True)
        for name in ("home", "config", "data", "cache", "state"):
            (self.root / "xdg" / name).mkdir(parents=True, exist_ok=True)

    def env(self, **extra: str) -> dict[str, str]:
        env = dict(os.environ)
        for name in ("DATABASE_URL", "STATE_DATABASE_URL", "SINHA_API_URL", "SINHA_API_USER"):
            env.pop(name, None)
        xdg = self.root / "xdg"
        env.update(
            HOME=str(xdg / "home"),
            XDG_CONFIG_HOME=str(xdg / "config"),
            XDG_DATA_HOME=str(xdg / "data"),
            XDG_CACHE_HOME=str(xdg / "cache"),
            XDG_STATE_HOME=str(xdg / "state"),
            LANGUAGE="en",
            SINHA_API_PASSWORD=SINHA_PASSWORD,
            ANAHP_PSEUDONYM_KEY=PSEUDONYM_KEY,
            PYTHON_KEYRING_BACKEND="keyring.backends.fail.Keyring",
            QT_QPA_PLATFORM="offscreen",
        )
        env.pop("ANAHP_CONFIG", None)
        env.pop("PYTHONDONTWRITEBYTECODE", None)  # an installed app has its bytecode compiled
        env.update(extra)
        return env

    def source(self, records: int, *, realistic: bool = False, single_cnes: bool = False) -> Path:
        """A generated source database (made once per size and kind, then reused).

        ``single_cnes``: one hospital only, so N x 500 records make exactly N batches.
        """
        kind = ("realistic" if realistic else "clean") + ("-1cnes" if single_cnes else "")
        path = self.root / f"source-{kind}-{records}.sqlite"
        if not path.exists():
            # in a process of its own: generating 1M rows takes ~100 MB, and a child started
            # later inherits this process's peak in its ru_maxrss (Linux notes the old image's
            # peak at exec), which would inflate the memory figures
            part = path.with_suffix(".part")
            command = [sys.executable, "-m", "bench.workspace", str(part), str(records)]
            command += ["--realistic"] * realistic + ["--single-cnes"] * single_cnes
            subprocess.run(command, check=True, cwd=Path(__file__).resolve().parent.parent)
            part.replace(path)
        return path

    def fresh_state(self, name: str) -> Path:
        """An empty state store path for a new installation named ``name``.

        Any earlier file and its WAL are removed, and so is the installation's
        record of its store beside ``config-<name>.toml``
        (:func:`anahp_desktop.state.identity.identity_path`, which
        ``tests/bench`` compares with :meth:`identity_record`): with it,
        ``anahp-sync`` rightly refuses a store that was emptied under it.
        """
        path = self.root / f"state-{name}.sqlite"
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(str(path) + suffix).unlink(missing_ok=True)
        self.identity_record(name).unlink(missing_ok=True)
        return path

    def identity_record(self, name: str) -> Path:
        """Where the engine records which store the settings file ``config-<name>.toml`` uses.

        Not imported from the engine: that would load SQLAlchemy into this
        process, whose size the memory figures must stay clear of.
        """
        return self.root / f"config-{name}.store-identity.json"

    def config(self, name: str, source: Path, state: Path, sinha_url: str, **sync: Any) -> Path:
        """A settings file as an installation has it (passwords stay in the environment)."""
        settings = {
            "source": {"url": f"sqlite:///{source}", "timezone": TIMEZONE},
            "state": {"url": f"sqlite:///{state}"},
            "sinha": {"url": sinha_url, "user": SINHA_USER, "read_timeout_s": 60},
            "sync": {"batch_size": BATCH_SIZE, **sync},
            "app": {"operator": "bench", "schedule_paused": True, "minimize_to_tray": False},
        }
        path = self.root / f"config-{name}.toml"
        path.write_text(tomli_w.dumps(settings), encoding="utf-8")
        return path

    def remove(self) -> None:
        shutil.rmtree(self.root, ignore_errors=True)


class Emulator:
    """``anahp-sync emulator --port 0`` in a process of its own."""

    def __init__(self, process: subprocess.Popen[str], url: str) -> None:
        self.process = process
        self.url = url

    def admin(self, path: str, body: dict[str, Any] | None = None) -> dict[str, Any]:
        base = self.url.rsplit("/api", 1)[0]
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(base + "/_emulator/" + path, data=data)
        with urllib.request.urlopen(request, timeout=30) as response:
            result: dict[str, Any] = json.loads(response.read())
        return result

    def reset(self) -> None:
        self.admin("reset", {})

    def state(self) -> dict[str, Any]:
        return self.admin("state")


@contextmanager
def emulator(workspace: Workspace, faults: dict[str, Any] | None = None) -> Iterator[Emulator]:
    command = [
        *cli_command(),
        "emulator",
        "--port",
        "0",
        "--user",
        SINHA_USER,
        "--faults",
        json.dumps(faults or {}),
    ]
    process = subprocess.Popen(
        command,
        env=workspace.env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        assert process.stdout is not None
        deadline = time.monotonic() + 30
        url = None
        while url is None and time.monotonic() < deadline:
            line = process.stdout.readline()
            if not line:
                break
            match = URL_PATTERN.search(line)
            url = match.group(0) if match else None
        if url is None:
            raise RuntimeError("the SINHA emulator did not start")
        yield Emulator(process, url)
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        if process.stdout is not None:
            process.stdout.close()


def generate(path: Path, records: int, *, realistic: bool, single_cnes: bool) -> None:
    options = realistic_options(records) if realistic else clean_options(records)
    create_source(path, options)
    if single_cnes:
        with sqlite3.connect(path) as db:
            db.execute("UPDATE internacoes SET cnes = ?", (HOSPITALS[0],))
        db.close()


if __name__ == "__main__":
    import argparse

    parser = argparse.ArgumentParser(prog="python -m bench.workspace")
    parser.add_argument("path", type=Path)
    parser.add_argument("records", type=int)
    parser.add_argument("--realistic", action="store_true")
    parser.add_argument("--single-cnes", action="store_true")
    arguments = parser.parse_args()
    generate(
        arguments.path,
        arguments.records,
        realistic=arguments.realistic,
        single_cnes=arguments.single_cnes,
    )
