"""The demo: a generated hospital database and a SINHA emulator, wired to the real engine.

``anahp-sync demo`` and ``anahp-desktop --demo`` both use this, so a newcomer
sees the whole flow with no SQL Server and no keyring: the demo's passwords
are fixed, harmless values held in memory.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from platformdirs import user_data_dir

from anahp_desktop.config.loader import APP_DIR_NAME
from anahp_desktop.config.settings import Settings
from anahp_desktop.demo.emulator import Faults, SinhaEmulator
from anahp_desktop.demo.generator import GeneratorOptions, create_source
from anahp_desktop.secrets import MemoryBackend, SecretName, Secrets

DEMO_USER = "demo"
DEMO_PASSWORD = "demo-password"
DEMO_PSEUDONYM_KEY = "demo-pseudonymization-key-not-for-production"

#: a little of every fault, so retries and reconciliation show in the log
DEMO_FAULTS = Faults(error_rate=0.08, lose_rate=0.05, rate_429=0.03, retry_after_s=1, seed=42)


def default_folder() -> Path:
    return Path(user_data_dir(APP_DIR_NAME, appauthor=False)) / "demo"


@dataclass
class DemoEnvironment:
    folder: Path
    settings: Settings
    secrets: Secrets
    emulator: SinhaEmulator
    created: bool

    def stop(self) -> None:
        self.emulator.stop()


def start_demo(
    folder: Path | None = None,
    *,
    fresh: bool = False,
    records: int = 5000,
    faults: Faults | None = None,
    port: int = 0,
) -> DemoEnvironment:
    """Generate the source (unless it exists), start the emulator, return ready settings."""
    folder = folder or default_folder()
    folder.mkdir(parents=True, exist_ok=True)
    source = folder / "source.sqlite"
    state = folder / "state.sqlite"
    created = fresh or not source.exists()
    if created:
        state.unlink(missing_ok=True)
        for suffix in ("-wal", "-shm"):
            Path(str(state) + suffix).unlink(missing_ok=True)
        create_source(source, GeneratorOptions(records=records))
    emulator = SinhaEmulator(
        DEMO_USER, DEMO_PASSWORD, port=port, faults=DEMO_FAULTS if faults is None else faults
    ).start()
    settings = Settings.model_validate(
        {
            "source": {"url": f"sqlite:///{source}", "timezone": "America/Sao_Paulo"},
            "state": {"url": f"sqlite:///{state}"},
            "sinha": {"url": emulator.url, "user": DEMO_USER, "read_timeout_s": 10},
            "sync": {
                "batch_size": 500,
                "backoff_initial_s": 0.2,
                "backoff_max_s": 2.0,
                "max_attempts": 6,
            },
            "app": {"operator": "demo"},
        }
    )
    secrets = Secrets(
        MemoryBackend(
            {SecretName.SINHA_PASSWORD: DEMO_PASSWORD, SecretName.PSEUDONYM_KEY: DEMO_PSEUDONYM_KEY}
        ),
        env={},
    )
    return DemoEnvironment(folder, settings, secrets, emulator, created)
