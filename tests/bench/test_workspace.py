"""The bench's workspace makes a new installation each time it asks for a fresh store."""

from __future__ import annotations

from pathlib import Path

from anahp_desktop.state.identity import identity_path
from bench.workspace import Workspace


def test_the_identity_record_is_where_the_engine_keeps_it(tmp_path: Path) -> None:
    workspace = Workspace(tmp_path)
    config = workspace.config("run", tmp_path / "s.sqlite", tmp_path / "t.sqlite", "http://x/api")
    assert workspace.identity_record("run") == identity_path(config)


def test_a_fresh_state_forgets_the_store_the_installation_used(tmp_path: Path) -> None:
    workspace = Workspace(tmp_path)
    state = workspace.fresh_state("run")
    for leftover in (state, Path(f"{state}-wal"), workspace.identity_record("run")):
        leftover.write_text("from an earlier run")
    assert workspace.fresh_state("run") == state
    assert not state.exists()
    assert not Path(f"{state}-wal").exists()
    assert not workspace.identity_record("run").exists()
