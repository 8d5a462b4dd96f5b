"""The run summary's "Still pending" is the same truth as ``anahp-sync status``."""

from __future__ import annotations

import socket
from collections.abc import Callable

from anahp_desktop.cli.output import summary_text
from anahp_desktop.demo.emulator import SinhaEmulator
from anahp_desktop.domain.statuses import Trigger
from anahp_desktop.secrets import SecretName
from anahp_desktop.sync.service import SyncService
from tests.helpers.source_db import SourceDb


def test_a_run_that_stops_early_counts_what_it_did_not_read_yet(
    source_db: SourceDb, emulator: SinhaEmulator, make_service: Callable[..., SyncService]
) -> None:
    source_db.add_valid(200)
    emulator.script = ["503"] * 3  # the first batch fails every retry: the run stops there
    service = make_service(max_attempts=3, sync={"page_size": 10})
    summary = service.run(Trigger.CLI)
    assert summary.status == "failed" and summary.delivered == 0
    assert summary.pending == service.status().pending == 200
    assert summary.unread is not None
    assert 0 < summary.pending - summary.unread < 200  # some stored as batches, the rest unread
    assert "Still pending: 200 records." in summary_text(summary)


def test_a_view_that_cannot_be_read_is_not_summed_up_as_nothing_pending(
    tmp_path: object, make_service: Callable[..., SyncService]
) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    service = make_service(
        source={"url": f"postgresql+psycopg://nobody@127.0.0.1:{port}/h", "login_timeout_s": 2},
        state={"url": f"sqlite:///{tmp_path}/state.sqlite"},
    )
    service.secrets.set(SecretName.DATABASE_PASSWORD, "x")
    summary = service.run(Trigger.CLI)
    assert summary.status == "failed" and summary.error_category == "source_unreachable"
    assert summary.unread is None
    text = summary_text(summary)
    assert "Still pending: 0 records." not in text
    assert "those of the view not read yet (the view could not be counted now)" in text
