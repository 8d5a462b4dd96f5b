"""The real thing: the app on an X display with a tray host and the Secret Service keyring.

``scripts/test`` starts Xvfb with trayer (ANAHP_TEST_DISPLAY) and runs pytest in a
D-Bus session with an unlocked gnome-keyring (ANAHP_TEST_SECRET_SERVICE=1). The
app runs in a subprocess driven by :mod:`tests.ui.xvfb_driver`, in Portuguese,
on a fresh demo; it syncs, retries the failed batch, saves the SINHA password
in the settings window, and leaves a screenshot of every view in
``$ANAHP_ARTIFACTS/desktop``.
"""

from __future__ import annotations

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

from anahp_desktop.secrets import DEMO_KEYRING_SERVICE, KEYRING_SERVICE, SecretName

ROOT = Path(__file__).resolve().parents[2]

pytestmark = [pytest.mark.xvfb, pytest.mark.secret_service]


def _require_environment() -> str:
    display = os.environ.get("ANAHP_TEST_DISPLAY", "")
    missing = []
    if not display:
        missing.append("ANAHP_TEST_DISPLAY (Xvfb with a tray host)")
    if os.environ.get("ANAHP_TEST_SECRET_SERVICE") != "1":
        missing.append("ANAHP_TEST_SECRET_SERVICE (an unlocked Secret Service keyring)")
    if missing:
        message = "run through scripts/test: missing " + ", ".join(missing)
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return display


def test_newcomer_walk_through_with_real_tray_and_keyring(tmp_path: Path) -> None:
    display = _require_environment()
    from keyring.backends import SecretService

    artifacts = Path(os.environ.get("ANAHP_ARTIFACTS", tmp_path)) / "desktop"
    secret = "xvfb-" + secrets.token_hex(8)
    SecretService.Keyring().set_password(
        KEYRING_SERVICE, SecretName.SINHA_PASSWORD.value, "production-" + secret
    )
    env = {k: v for k, v in os.environ.items() if k != "PYTHON_KEYRING_BACKEND"}
    env.update(
        DISPLAY=display,
        QT_QPA_PLATFORM="xcb",
        XDG_DATA_HOME=str(tmp_path / "data"),  # a private demo folder
        TMPDIR=str(tmp_path),  # its own single-instance socket: another demo on this machine
    )
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "tests.ui.xvfb_driver",
            str(artifacts),
            "--secret",
            secret,
            "--",
            "--demo",
            "--fresh",
            "--records",
            "2500",
            "--lang",
            "pt_BR",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=240,
    )
    result_file = artifacts / "result.json"
    assert result_file.exists(), done.stdout[-2000:] + done.stderr[-4000:]
    result = json.loads(result_file.read_text(encoding="utf-8"))
    assert not result["errors"], (result["errors"], done.stderr[-3000:])
    assert done.returncode == 0, done.stderr[-3000:]
    assert result["tray_available"] is True
    assert result["language"] == "Sincronizar agora"
    assert result["status_after_retry"] in ("delivered", "superseded")
    assert result["tray_menu"][1:] == ["Sincronizar agora", "Pausar agendamento", "Abrir", "Sair"]
    for name in result["screenshots"]:
        assert (artifacts / name).stat().st_size > 10_000, name
    assert {
        "01-dashboard.png",
        "02-progress-running.png",
        "05-pending.png",
        "06-log-failures.png",
        "07-details-tab0.png",
        "09-settings-tab0.png",
        "11-tray-menu.png",
    } <= set(result["screenshots"])
    assert result["password_state"].startswith("● Há uma senha guardada")

    real = SecretService.Keyring()
    name = SecretName.SINHA_PASSWORD.value
    try:
        # the demo keeps what is saved in its own entries; a real installation's stay untouched
        assert real.get_password(DEMO_KEYRING_SERVICE, name) == secret
        assert real.get_password(KEYRING_SERVICE, name) == "production-" + secret
    finally:
        real.delete_password(DEMO_KEYRING_SERVICE, name)
        real.delete_password(KEYRING_SERVICE, name)


@pytest.mark.parametrize("language", ["pt_BR", "en"])
def test_every_view_fits_a_1366x768_screen_with_a_window_manager(
    tmp_path: Path, language: str
) -> None:
    """Each main view, dialog and the tray menu inside the screen, no text cut; a screenshot."""
    display = _require_environment()
    if os.environ.get("ANAHP_TEST_WM") != "openbox" and os.environ.get("CI"):
        pytest.fail("scripts/test starts openbox: install it (.ci/run does)")
    artifacts = Path(os.environ.get("ANAHP_ARTIFACTS", tmp_path)) / f"views-{language}"
    env = {k: v for k, v in os.environ.items() if k != "PYTHON_KEYRING_BACKEND"}
    env.update(
        DISPLAY=display,
        QT_QPA_PLATFORM="xcb",
        XDG_DATA_HOME=str(tmp_path / "data"),
        TMPDIR=str(tmp_path),  # its own single-instance socket: another demo on this machine
    )
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "tests.ui.xvfb_views",
            str(artifacts),
            "--",
            "--demo",
            "--fresh",
            "--records",
            "1500",
            "--lang",
            language,
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=240,
    )
    result_file = artifacts / "result.json"
    assert result_file.exists(), done.stdout[-2000:] + done.stderr[-4000:]
    result = json.loads(result_file.read_text(encoding="utf-8"))
    assert not result["errors"], (result["errors"], done.stderr[-3000:])
    assert result["screen"] == [0, 0, 1366, 768]
    assert result["tray_available"] is True
    assert len(result["screenshots"]) >= 19
    assert {  # the places where text was cut short before (see tests/ui/clipping.py)
        "01b-log-never-synced.png",
        "05b-log-calendar.png",
        "08b-about-after-open-logs-failed.png",
        "09b-nothing-waiting.png",
        "10b-log-syncs.png",
    } <= set(result["screenshots"])
    for name in result["screenshots"]:
        assert (artifacts / name).stat().st_size > 10_000, name
    headlines = result["headlines"]
    nothing_left = {"pt_BR": "Nada falta enviar.", "en": "Nothing left to send."}[language]
    assert headlines["09-dashboard-after-retry"].startswith(nothing_left)
