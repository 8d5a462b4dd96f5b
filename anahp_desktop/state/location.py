"""Where the state store lives, by default and by choice.

The state store holds the batches waiting to be sent (health data) and what
was delivered. By default it is a SQLite file in this account's data folder
(``%LOCALAPPDATA%\\anahp-sync\\state.sqlite`` on Windows,
``~/.local/share/anahp-sync/state.sqlite`` on Linux), created readable by this
account only. It goes into the hospital's own database only when the operator
says so, with ``state.url = "source"``: creating tables next to the hospital's
system is the DBA's decision, never a side effect of a missing setting.
"""

from __future__ import annotations

from pathlib import Path

from platformdirs import user_data_dir

from anahp_desktop.config.loader import APP_DIR_NAME

#: ``state.url`` (or STATE_DATABASE_URL) that puts the state tables in the hospital database
STATE_IN_SOURCE = "source"
STATE_FILE_NAME = "state.sqlite"


def data_dir() -> Path:
    return Path(user_data_dir(APP_DIR_NAME, appauthor=False))


def default_state_path() -> Path:
    return data_dir() / STATE_FILE_NAME


def default_state_url() -> str:
    return f"sqlite:///{default_state_path()}"


def in_source_database(setting: str) -> bool:
    return setting.strip().lower() == STATE_IN_SOURCE


def is_default(setting: str) -> bool:
    return not setting.strip()
