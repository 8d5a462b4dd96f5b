"""Done when: the desktop app's sync worker gets through an authenticating, TLS re-signing
proxy named by the Windows PAC file, with the proxy's CA only in the OS trust store."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from anahp_desktop.config.settings import Settings
from anahp_desktop.demo.emulator import SinhaEmulator
from anahp_desktop.domain.statuses import Trigger
from anahp_desktop.secrets import Secrets
from anahp_desktop.sync.events import RunSummary
from anahp_desktop.sync.service import SyncService
from anahp_desktop.ui.context import AppContext
from anahp_desktop.ui.sync_controller import SyncController
from tests.helpers.fixtures import memory_secrets, no_wait_policy
from tests.helpers.hospital_network import PROXY_PASSWORD, PROXY_USER, hospital_network
from tests.helpers.source_db import SourceDb
from tests.ui.conftest import SIGNAL_TIMEOUT_MS


def test_the_sync_worker_delivers_through_the_hospital_proxy(
    qtbot: QtBot,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    source_db: SourceDb,
    emulator: SinhaEmulator,
    make_settings: Callable[..., Settings],
) -> None:
    source_db.add_valid(12)
    with hospital_network(monkeypatch, tmp_path / "net", emulator.port) as net:

        def factory(settings: Settings, secrets: Secrets) -> SyncService:
            return SyncService(
                settings, secrets, policy=no_wait_policy(), proxy_sources=net.windows()
            )

        secrets = memory_secrets(proxy_password=PROXY_PASSWORD)
        context = AppContext(
            settings=make_settings(
                sinha={"url": net.sinha_url},
                network={"proxy_user": PROXY_USER},
                app={"minimize_to_tray": False},
            ),
            config_path=tmp_path / "config.toml",
            secrets=secrets,
            keyring=secrets,
            factory=factory,
        )
        controller = SyncController(context)
        try:
            with qtbot.waitSignal(controller.finished, timeout=SIGNAL_TIMEOUT_MS) as finished:
                assert controller.start(Trigger.MANUAL)
        finally:
            controller.shutdown()
            context.close()
        seen = list(net.proxy.seen)
    summary = finished.args[0]
    assert isinstance(summary, RunSummary)
    assert (summary.status, summary.delivered) == ("success", 12)
    assert seen and all(s.method == "CONNECT" and s.authorized for s in seen)
