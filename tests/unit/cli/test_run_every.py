"""``anahp-sync run``'s options: the interval and where the log goes."""

from __future__ import annotations

import argparse
import io
import logging
from pathlib import Path

import pytest

from anahp_desktop import applog
from anahp_desktop.cli import run_every


@pytest.mark.parametrize(
    ("text", "minutes"),
    [("15m", 15), ("15", 15), ("1h", 60), ("1h30m", 90), ("2d", 2880), (" 45M ", 45)],
)
def test_intervals_an_operator_writes(text: str, minutes: int) -> None:
    assert run_every.interval_minutes(text) == minutes


@pytest.mark.parametrize("text", ["0", "0m", "30s", "15 minutes", "8d", "h", "", "-5"])
def test_anything_else_is_refused_with_examples(text: str) -> None:
    with pytest.raises(argparse.ArgumentTypeError, match=r"examples: 15m, 1h"):
        run_every.interval_minutes(text)


def test_a_container_is_recognised_by_the_file_its_engine_leaves(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    marker = tmp_path / ".dockerenv"
    monkeypatch.setattr(run_every, "CONTAINER_MARKERS", (marker,))
    assert not run_every.in_container()
    marker.touch()
    assert run_every.in_container()


def test_logging_to_a_stream_replaces_the_file_and_still_masks_passwords(tmp_path: Path) -> None:
    logger = logging.getLogger("anahp_desktop")
    before = list(logger.handlers)
    try:
        applog.setup(directory=tmp_path)
        stream = io.StringIO()
        applog.to_stream(stream)
        logging.getLogger("anahp_desktop.cli").info("connecting to mssql://sync:pw-123@db/his")
        assert "mssql://sync:***@db/his" in stream.getvalue()
        assert not any(getattr(h, "_anahp_file", False) for h in logger.handlers)
    finally:
        for handler in list(logger.handlers):
            if handler not in before:
                logger.removeHandler(handler)
                handler.close()
        for handler in before:  # what other tests set up (a closed file handler reopens)
            if handler not in logger.handlers:
                logger.addHandler(handler)
