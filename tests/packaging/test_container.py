"""The container files, checked where no container engine runs.

The image cannot be built here (no Docker engine; podman cannot start
containers on these machines), so: hadolint lints the Dockerfile, shellcheck
the install script, the compose file is read as data, and the install script
-- every step the image's build runs -- runs on this machine into a private
folder, with Microsoft ODBC Driver 18 from Microsoft's PyPI wheel because
packages.microsoft.com cannot be reached from CI.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
SERVICE_VARIABLES = ("DATABASE_URL", "SINHA_API_URL", "SINHA_API_USER", "SINHA_API_PASSWORD")


def tool(name: str) -> str:
    path = BIN / name
    assert path.exists(), f"{name} comes with the dev extras (scripts/bootstrap dev)"
    return str(path)


def instructions() -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) of the Dockerfile, continuation lines joined."""
    joined = (ROOT / "Dockerfile").read_text(encoding="utf-8").replace("\\\n", " ")
    found = []
    for line in joined.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            word, _space, rest = line.partition(" ")
            found.append((word.upper(), " ".join(rest.split())))
    return found


def test_the_dockerfile_passes_hadolint_without_a_single_remark() -> None:
    done = subprocess.run(
        [tool("hadolint"), "--config", str(ROOT / ".hadolint.yaml"), "Dockerfile"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert (done.returncode, done.stdout, done.stderr) == (0, "", "")


def test_the_install_script_passes_shellcheck() -> None:
    done = subprocess.run(
        [tool("shellcheck"), "packaging/container/install.sh"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert (done.returncode, done.stdout) == (0, "")


def test_the_image_is_slim_python_runs_as_a_user_and_checks_its_health() -> None:
    steps = instructions()
    kinds = [kind for kind, _args in steps]
    assert steps[0] == ("FROM", "python:3.11-slim-bookworm")
    runs = [args for kind, args in steps if kind == "RUN"]
    assert "/src/packaging/container/install.sh" in runs[0]  # every install step: one script
    assert dict(steps)["USER"] == "10001:10001"
    assert kinds.index("USER") > max(i for i, kind in enumerate(kinds) if kind == "RUN")
    assert dict(steps)["HEALTHCHECK"].endswith('CMD ["anahp-sync", "check"]')
    assert (dict(steps)["ENTRYPOINT"], dict(steps)["CMD"]) == ('["anahp-sync"]', '["run"]')
    rules = [
        line
        for line in (ROOT / ".dockerignore").read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]
    assert rules[0] == "*"  # nothing reaches the build unless named: never a .env or a venv
    assert not any(".env" in rule or "venv" in rule for rule in rules[1:])


def test_compose_reads_the_services_env_file_unchanged() -> None:
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text(encoding="utf-8"))
    service = compose["services"]["anahp-sync"]
    assert service["env_file"] == [
        {"path": ".env", "required": True},
        {"path": "anahp.env", "required": False},
    ]
    environment = service["environment"]
    assert not set(SERVICE_VARIABLES) & set(environment)  # the .env's values win, as they were
    assert environment["ANAHP_CONFIG"].startswith("/var/data/")
    assert environment["STATE_DATABASE_URL"].endswith(
        ":-sqlite:////var/data/anahp-sync/state.sqlite}"
    )
    assert service["volumes"] == ["anahp-sync-data:/var/data"]
    assert (service["command"], service["restart"]) == (["run"], "unless-stopped")


def run_install(tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    full = {k: v for k, v in os.environ.items() if k not in ("ACCEPT_EULA", "ODBCSYSINI")}
    full.update(
        ANAHP_PREFIX=str(tmp_path / "opt"),
        ODBCINST_DIR=str(tmp_path / "odbc"),
        MSODBCSQL18_FROM="pypi",
        **env,
    )
    return subprocess.run(
        ["packaging/container/install.sh"],
        cwd=ROOT,
        env=full,
        capture_output=True,
        text=True,
        timeout=600,
    )


def test_the_install_script_refuses_without_microsofts_license_accepted(tmp_path: Path) -> None:
    done = run_install(tmp_path)
    assert done.returncode == 1
    assert "set ACCEPT_EULA=Y" in done.stderr
    assert not (tmp_path / "opt").exists()


@pytest.mark.slow
def test_the_install_script_installs_the_app_with_freetds_and_odbc_driver_18(
    tmp_path: Path,
) -> None:
    done = run_install(tmp_path, ACCEPT_EULA="Y")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "[install.sh] ODBC drivers: FreeTDS, ODBC Driver 18 for SQL Server" in done.stdout
    app = tmp_path / "opt" / "bin" / "anahp-sync"
    check = subprocess.run(
        [
            str(tmp_path / "opt" / "bin" / "python"),
            "-c",
            "import json, pyodbc; print(json.dumps(pyodbc.drivers()))",
        ],
        env={**os.environ, "ODBCSYSINI": str(tmp_path / "odbc")},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert json.loads(check.stdout) == ["FreeTDS", "ODBC Driver 18 for SQL Server"]
    commands = subprocess.run([str(app), "--help"], capture_output=True, text=True, timeout=60)
    assert "migrate-from-service" in commands.stdout and "run" in commands.stdout
    no_gui = subprocess.run(
        [str(tmp_path / "opt" / "bin" / "python"), "-c", "import PySide6"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert no_gui.returncode != 0  # the image carries the engine only
