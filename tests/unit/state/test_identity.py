"""The store's identity: given once, adopted by stores from before it existed, never two."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import create_engine, func, insert, select

from anahp_desktop.domain.clock import utc_now
from anahp_desktop.errors import StateStoreIdentityError
from anahp_desktop.state import identity, migrate
from anahp_desktop.state.schema import runs, store_identity
from anahp_desktop.state.store import StateStore


def store_at(path: Path, revision: str = "head") -> StateStore:
    engine = create_engine(f"sqlite:///{path}")
    with engine.begin() as conn:
        command.upgrade(migrate.alembic_config(conn), revision)
    return StateStore(engine)


def add_run(store: StateStore) -> None:
    with store.transaction() as conn:
        conn.execute(
            insert(runs).values(
                run_id="r1",
                trigger="cli",
                status="success",
                started_at=utc_now(),
                app_version="0",
                operator="",
                delivered=1,
                rejected=0,
                pending=0,
                batches=1,
                failures=0,
                null_updated_at=0,
                future_rows=0,
            )
        )


def test_a_store_from_before_identities_is_adopted_with_its_history(tmp_path: Path) -> None:
    store = store_at(tmp_path / "state.sqlite", "0001")
    add_run(store)  # an installation that ran before this version
    migrate.upgrade(store.engine)
    record = identity.IdentityRecord(tmp_path / "config.store-identity.json")
    given = identity.verify(store, record, "here")
    assert record.read() == {
        "store_id": given.store_id,
        "store_created_at": given.created_at.isoformat(timespec="seconds") + "Z",
        "location": "here",
    }
    assert identity.verify(store, record, "here") == given


def test_two_processes_giving_an_id_at_once_end_with_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = store_at(tmp_path / "state.sqlite")
    second = StateStore(create_engine(f"sqlite:///{tmp_path / 'state.sqlite'}"))
    made = identity.give_identity(first)
    # the second process read "no id" just before the first wrote one: its insert fails
    original = identity.read_identity
    answers = [None]
    monkeypatch.setattr(
        identity, "read_identity", lambda store: answers.pop() if answers else original(store)
    )
    assert identity.give_identity(second) == made
    with second.reading() as conn:
        assert conn.execute(select(func.count()).select_from(store_identity)).scalar_one() == 1


def test_a_damaged_record_is_a_sentence(tmp_path: Path) -> None:
    path = tmp_path / "config.store-identity.json"
    path.write_text("{not json")
    with pytest.raises(StateStoreIdentityError) as caught:
        identity.IdentityRecord(path).read()
    assert "cannot be read" in caught.value.message and str(path) in caught.value.message
    assert caught.value.category == "state_identity"


def test_the_record_sits_beside_the_settings_file() -> None:
    assert identity.identity_path(Path("/etc/anahp/config.toml")) == Path(
        "/etc/anahp/config.store-identity.json"
    )
