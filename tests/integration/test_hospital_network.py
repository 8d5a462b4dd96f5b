"""Done when: behind an authenticating, TLS re-signing proxy, with the proxy's CA in the OS
store, ``anahp-sync sync`` and the engine work with no CA file and no environment variables."""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from anahp_desktop.config.settings import Settings
from anahp_desktop.demo.emulator import SinhaEmulator
from anahp_desktop.domain.statuses import Trigger
from anahp_desktop.secrets import KEYRING_SERVICE, SecretName
from anahp_desktop.sync.service import SyncService
from tests.helpers.cli import write_config
from tests.helpers.fixtures import (
    PSEUDONYM_KEY,
    SINHA_PASSWORD,
    memory_secrets,
    no_wait_policy,
)
from tests.helpers.hospital_network import PROXY_PASSWORD, PROXY_USER, hospital_network
from tests.helpers.network import SINHA_HOST
from tests.helpers.source_db import SourceDb


def test_the_engine_syncs_through_the_proxy_the_windows_pac_file_names(
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    source_db: SourceDb,
    emulator: SinhaEmulator,
    make_settings: Callable[..., Settings],
) -> None:
    source_db.add_valid(15)
    with hospital_network(monkeypatch, tmp_path / "net", emulator.port) as net:
        settings = make_settings(sinha={"url": net.sinha_url}, network={"proxy_user": PROXY_USER})
        assert (settings.network.proxy, settings.sinha.ca_bundle) == ("system", "")
        service = SyncService(
            settings,
            memory_secrets(proxy_password=PROXY_PASSWORD),
            policy=no_wait_policy(),
            proxy_sources=net.windows(),
        )
        try:
            report = service.diagnose_sinha()
            summary = service.run(Trigger.CLI)
        finally:
            service.close()
        seen = list(net.proxy.seen)
    assert report.ok, report.text
    assert report.lines[0] == (
        f"Route: through the proxy {net.proxy.url} (from the Windows PAC file {net.pac_url})."
    )
    assert report.lines[2] == (
        "The certificate was verified by the operating system's trust store "
        f"(OpenSSL system certificates, {net.trust_store})."
    )
    assert (summary.status, summary.delivered, summary.pending) == ("success", 15, 0)
    assert len(set(emulator.state.versions)) == 15
    assert {(s.method, s.target, s.authorized) for s in seen} == {
        ("CONNECT", f"{SINHA_HOST}:{emulator.port}", True)
    }


def test_anahp_sync_runs_through_the_proxy_with_its_password_in_the_keyring(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, source_db: SourceDb, emulator: SinhaEmulator
) -> None:
    """The real command and the real Secret Service keyring; only the OS store is a stand-in."""
    if os.environ.get("ANAHP_TEST_SECRET_SERVICE") != "1":
        message = "run through scripts/test: needs an unlocked Secret Service keyring"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    source_db.add_valid(7)
    with hospital_network(monkeypatch, tmp_path / "net", emulator.port) as net:
        config = write_config(
            tmp_path / "config.toml",
            source_db.url,
            f"sqlite:///{tmp_path / 'state.sqlite'}",
            net.sinha_url,
        )
        with config.open("a") as file:
            file.write(f'\n[network]\nproxy = "{net.proxy.url}"\nproxy_user = "{PROXY_USER}"\n')
        env = {k: v for k, v in os.environ.items() if k != "PYTHON_KEYRING_BACKEND"}
        secrets = {
            SecretName.PROXY_PASSWORD: PROXY_PASSWORD,
            SecretName.SINHA_PASSWORD: SINHA_PASSWORD,
            SecretName.PSEUDONYM_KEY: PSEUDONYM_KEY,
        }
        try:
            for name, value in secrets.items():
                stored = _cli(env, "secrets", "set", name, stdin=f"{value}\n{value}\n")
                assert stored.returncode == 0, stored.stderr
            result = _cli(env, "--config", str(config), "sync", "--json")
        finally:
            import keyring
            from keyring.backends import SecretService

            real = SecretService.Keyring()
            for name in secrets:
                with contextlib.suppress(keyring.errors.PasswordDeleteError):
                    real.delete_password(KEYRING_SERVICE, name.value)
        seen = list(net.proxy.seen)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["delivered"] == 7
    assert seen and all(s.method == "CONNECT" and s.authorized for s in seen)


def _cli(env: dict[str, str], *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "anahp_desktop.cli.main", *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
