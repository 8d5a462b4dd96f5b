"""``anahp-desktop --demo``: the whole app on the generated database and the SINHA emulator.

The demo's own folder holds its source database, state store and settings
file (``config.toml``), so the demo never reads or writes the operator's real
settings. The demo syncs with its built-in passwords (kept in memory); the
settings window still stores what is typed into the OS keyring, to show how
a real installation keeps them.

On a freshly generated demo, the emulator is scripted so that the first
sync has one batch whose every attempt fails (503); that batch is then in
the log as failed, and "Retry this batch" delivers it.
"""

from __future__ import annotations

from pathlib import Path

from anahp_desktop.config import loader
from anahp_desktop.config.settings import Settings
from anahp_desktop.demo.environment import DemoEnvironment, start_demo
from anahp_desktop.errors import ConfigurationError
from anahp_desktop.secrets import DEMO_KEYRING_SERVICE, KeyringBackend, Secrets
from anahp_desktop.ui.context import AppContext

CONFIG_NAME = "config.toml"
# batches delivered before the scripted failure on a fresh demo
GOOD_BATCHES_FIRST = 4


def failing_batch_script(max_attempts: int, good_before: int = GOOD_BATCHES_FIRST) -> list[str]:
    """Emulator actions: ``good_before`` batches accepted, then one refused on every attempt."""
    return ["ok"] * good_before + ["503"] * max_attempts


def demo_settings(env: DemoEnvironment, saved: Settings | None) -> Settings:
    """The demo's live connection settings over what the operator saved in the demo folder."""
    if saved is None:
        return env.settings
    return with_live_addresses(saved, env.settings)


def with_live_addresses(saved: Settings, live: Settings) -> Settings:
    """``saved`` with the demo's live database and emulator addresses (they change per start)."""
    data = saved.model_dump()
    data["source"]["url"] = live.source.url
    data["state"]["url"] = live.state.url
    data["sinha"]["url"] = live.sinha.url
    return Settings.model_validate(data)


def start(
    folder: Path | None, *, fresh: bool = False, records: int = 5000
) -> tuple[AppContext, DemoEnvironment]:
    env = start_demo(folder, fresh=fresh, records=records)
    config_path = env.folder / CONFIG_NAME
    saved: Settings | None = None
    if config_path.exists() and not env.created:
        try:
            saved = loader.load(config_path, env={}).settings
        except ConfigurationError:
            saved = None
    settings = demo_settings(env, saved)
    if env.created:
        # the scripted failure counts requests, so it must meet one batch at a time
        settings = settings.model_copy(deep=True)
        settings.sync.max_in_flight = 1
        env.emulator.script = failing_batch_script(settings.sync.max_attempts)
        loader.save(settings, config_path)
    context = AppContext(
        settings=settings,
        config_path=config_path,
        secrets=env.secrets,
        keyring=Secrets(KeyringBackend(DEMO_KEYRING_SERVICE), env={}),
        demo=True,
        pin=lambda saved: with_live_addresses(saved, env.settings),
    )
    return context, env
