"""Which state store this installation uses, so a lost or emptied one is noticed.

An empty state store means "nothing was ever sent": the next run reads the whole
view and sends every record version again, and where new rows shift the batch
boundaries, versions SINHA already counted arrive under new ``id_lote`` values
and are counted twice. That is right for a new installation and wrong for one
whose store was lost (a deleted file, a restored image, a typo in ``state.url``).

So each store gets an id when it is created (one row of ``sinha_store_identity``)
and the installation records it beside its settings file. An empty store where
the record names another is refused with a sentence: restore the store, or
confirm a fresh start with ``anahp-sync state fresh-start``, which says first
what SINHA will receive.

A store holding earlier runs is always usable: its own history says what it sent.
Without a record (tests, the demo) a store is simply given its id.
"""

from __future__ import annotations

import json
import logging
import socket
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import func, insert, select
from sqlalchemy.exc import IntegrityError

from anahp_desktop.domain.clock import utc_text
from anahp_desktop.errors import StateStoreError, StateStoreIdentityError
from anahp_desktop.private_files import write_private_text
from anahp_desktop.state.schema import (
    batches,
    operations_log,
    rejections,
    runs,
    store_identity,
    watermark,
)
from anahp_desktop.state.store import StateStore
from anahp_desktop.translation import _

ROW_NAME = "store"
#: tables whose rows mean "this store has a history"
HISTORY_TABLES = (batches, runs, rejections, watermark, operations_log)

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Identity:
    store_id: str
    created_at: datetime


def identity_path(config_path: Path) -> Path:
    """The record beside the settings file: ``config.toml`` -> ``config.store-identity.json``."""
    return config_path.with_name(f"{config_path.stem}.store-identity.json")


class IdentityRecord:
    """The installation's record of its store: a small private JSON file beside the settings."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def read(self) -> dict[str, str] | None:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return None
        except (OSError, ValueError) as exc:
            raise StateStoreIdentityError(
                _(
                    "The state store record {path} cannot be read ({reason}): restore it or delete it."
                ).format(path=self.path, reason=type(exc).__name__)
            ) from exc
        if not isinstance(data, dict) or not isinstance(data.get("store_id"), str):
            raise StateStoreIdentityError(
                _("The state store record {path} is damaged: restore it or delete it.").format(
                    path=self.path
                )
            )
        return {str(k): str(v) for k, v in data.items()}

    def write(self, identity: Identity, location: str) -> None:
        data = {
            "store_id": identity.store_id,
            "store_created_at": utc_text(identity.created_at, "seconds"),
            "location": location,
        }
        self.path.parent.mkdir(parents=True, exist_ok=True)
        write_private_text(self.path, json.dumps(data, indent=2) + "\n")


def read_identity(store: StateStore) -> Identity | None:
    query = select(store_identity.c.store_id, store_identity.c.created_at).where(
        store_identity.c.name == ROW_NAME
    )
    with store.reading() as conn:
        row = conn.execute(query).first()
    return Identity(row[0], row[1]) if row else None


def has_history(store: StateStore) -> bool:
    with store.reading() as conn:
        return any(
            conn.execute(select(func.count()).select_from(table)).scalar_one()
            for table in HISTORY_TABLES
        )


def give_identity(store: StateStore) -> Identity:
    """This store's id, created now if it has none (two processes at once get the same)."""
    found = read_identity(store)
    if found is not None:
        return found
    created = Identity(str(uuid.uuid4()), store.clock())
    try:
        with store.transaction() as conn:
            conn.execute(
                insert(store_identity).values(
                    name=ROW_NAME,
                    store_id=created.store_id,
                    created_at=created.created_at,
                    created_by=_describe_host()[:200],
                )
            )
    except (StateStoreError, IntegrityError):
        found = read_identity(store)  # another process gave it one first (its key wins)
        if found is None:
            raise
        return found
    return created


def verify(
    store: StateStore,
    record: IdentityRecord | None,
    location: str,
    *,
    legacy_state_in_source: Callable[[], bool] | None = None,
) -> Identity:
    """The store's identity, after checking it is the one this installation used.

    Raises StateStoreIdentityError when the store is empty but the record names
    another store, or when earlier runs kept their state in the hospital database
    (``legacy_state_in_source``) and this default store is new.
    """
    found = read_identity(store)
    recorded = record.read() if record is not None else None
    if found is None and not has_history(store):
        if recorded is not None:
            raise StateStoreIdentityError(
                _(
                    "The state store {location} is empty, but this installation used another one "
                    "(created {created}): restore that store, or set state.url back to it. To start "
                    "from nothing instead, run 'anahp-sync state fresh-start' (it says first what "
                    "SINHA would receive again)."
                ).format(location=location, created=recorded.get("store_created_at", "?"))
            )
        if legacy_state_in_source is not None and legacy_state_in_source():
            raise StateStoreIdentityError(
                _(
                    "Earlier runs kept their state in the hospital database, and the state store is "
                    'now a new local file ({location}): set state.url = "source" to keep using '
                    "that state, or run 'anahp-sync state fresh-start' to start from nothing."
                ).format(location=location)
            )
    identity = give_identity(store)
    if record is not None and (recorded or {}).get("store_id") != identity.store_id:
        if recorded is not None:
            log.warning(
                "the state store %s (%s) is not the one recorded (%s); it holds its own history",
                location,
                identity.store_id,
                recorded.get("store_id"),
            )
        record.write(identity, location)
    return identity


def fresh_start(store: StateStore, record: IdentityRecord | None, location: str) -> Identity:
    """Make an empty store this installation's store (after the operator confirmed)."""
    if read_identity(store) is not None or has_history(store):
        raise StateStoreIdentityError(
            _(
                "The state store {location} holds earlier runs: a fresh start is only for an empty "
                "store. Nothing was changed."
            ).format(location=location)
        )
    identity = give_identity(store)
    if record is not None:
        record.write(identity, location)
    return identity


def _describe_host() -> str:
    try:
        return socket.gethostname()
    except OSError:
        return ""
