"""The state store translates the environment's errors and lets its own bugs through.

A database problem the classifier recognises (a lock, a full disk, a refused login)
becomes a :class:`StateStoreError` with a sentence for the operator. An error it does
not recognise -- a syntax error, a statement SQLAlchemy cannot build, a key our own
writes broke -- is a bug: it leaves as it is, for the unexpected-error path.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import bindparam, create_engine, insert, text
from sqlalchemy.exc import IntegrityError, OperationalError, StatementError

from anahp_desktop.domain.categories import ErrorCategory
from anahp_desktop.domain.statuses import Trigger
from anahp_desktop.errors import StateStoreError
from anahp_desktop.state import migrate
from anahp_desktop.state.schema import runs
from anahp_desktop.state.store import StateStore


@pytest.fixture
def store(tmp_path: Path) -> StateStore:
    engine = create_engine(f"sqlite:///{tmp_path / 'state.sqlite'}")
    migrate.upgrade(engine)
    return StateStore(engine)


def test_a_malformed_statement_is_our_bug_and_leaves_untranslated(store: StateStore) -> None:
    with pytest.raises(OperationalError) as caught, store.transaction() as conn:
        conn.execute(text("SELEC run_id FROM sinha_runs"))
    assert "syntax error" in str(caught.value.orig)


def test_a_statement_sqlalchemy_cannot_build_is_our_bug_too(store: StateStore) -> None:
    query = text("SELECT run_id FROM sinha_runs WHERE run_id = :wanted").bindparams(
        bindparam("wanted")
    )
    with pytest.raises(StatementError) as caught, store.reading() as conn:
        conn.execute(query)  # no value for :wanted
    assert not isinstance(caught.value, StateStoreError)
    assert "A value is required for bind parameter 'wanted'" in str(caught.value)


def test_a_key_our_own_writes_broke_is_our_bug(store: StateStore) -> None:
    store.start_run("run-1", Trigger.CLI, "")
    with pytest.raises(IntegrityError):
        store.start_run("run-1", Trigger.CLI, "")  # the same run twice: the code is wrong


def test_a_lock_the_environment_holds_is_still_the_operators_sentence(
    store: StateStore, tmp_path: Path
) -> None:
    blocker = sqlite3.connect(tmp_path / "state.sqlite", timeout=0)
    blocker.execute("BEGIN EXCLUSIVE")
    store.engine.dispose()
    locked = StateStore(
        create_engine(f"sqlite:///{tmp_path / 'state.sqlite'}", connect_args={"timeout": 0.05})
    )
    try:
        with pytest.raises(StateStoreError) as caught, locked.transaction() as conn:
            conn.execute(insert(runs).values(run_id="r", trigger=Trigger.CLI))
    finally:
        blocker.rollback()
        blocker.close()
    assert caught.value.category is ErrorCategory.STATE_LOCKED
    assert isinstance(caught.value.__cause__, OperationalError)  # the driver's error kept
