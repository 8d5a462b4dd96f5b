"""The app log: rotating file in the log folder, no credentials, no record data in tracebacks."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.exc import SQLAlchemyError

from anahp_desktop import applog
from anahp_desktop.errors import ConfigurationError


@pytest.fixture
def log_file(tmp_path: Path) -> Iterator[Path]:
    logger = logging.getLogger("anahp_desktop")
    before = list(logger.handlers)
    for handler in before:  # a fresh file for this test, whatever set up the session's
        logger.removeHandler(handler)
    path = applog.setup(directory=tmp_path)
    assert path == tmp_path / applog.LOG_FILE_NAME
    yield path
    for handler in list(logger.handlers):
        logger.removeHandler(handler)
        handler.close()
    for handler in before:
        logger.addHandler(handler)


@pytest.mark.parametrize(
    ("written", "hidden"),
    [
        ("DRIVER={FreeTDS};SERVER=db;UID=sa;PWD=s3cr3t-1;DATABASE=h", "s3cr3t-1"),
        ("PWD={semi;colon-2}", "semi;colon-2"),
        ("mssql+pyodbc://sa:Pa55-word-3@host:1433/db?driver=FreeTDS", "Pa55-word-3"),
        ("{'Authorization': 'Basic dXNlcjpwYXNzLTQ='}", "dXNlcjpwYXNzLTQ="),
        ("senha: minha-senha-5", "minha-senha-5"),
    ],
)
def test_credentials_are_masked(written: str, hidden: str) -> None:
    scrubbed = applog.scrub(written)
    assert hidden not in scrubbed and "***" in scrubbed


def test_ordinary_text_is_left_alone() -> None:
    for plain in ("http://127.0.0.1:8765/api", "https://user@host/x", "lote 3 de 7"):
        assert applog.scrub(plain) == plain


def test_tracebacks_keep_the_stack_and_withhold_data(log_file: Path) -> None:
    engine = create_engine("sqlite://")
    log = logging.getLogger("anahp_desktop.test")
    row = {"n": "Maria " + "Paciente"}  # as read from a view: data, not source text
    try:
        with engine.connect() as connection:
            connection.execute(text("select * from missing where nome = :n"), row)
    except SQLAlchemyError:
        log.exception("query failed, password=hunter-2")
    try:
        try:
            int(row["n"])
        except ValueError as exc:
            raise ConfigurationError("The view is not readable.") from exc
    except ConfigurationError:
        log.exception("run failed")
    written = log_file.read_text(encoding="utf-8")
    assert "Maria Paciente" not in written
    assert "hunter-2" not in written and "password=***" in written
    assert "sqlalchemy.exc.OperationalError: (message withheld" in written
    assert "test_tracebacks_keep_the_stack_and_withhold_data" in written  # the stack is there
    assert "The above exception was the direct cause of the following exception" in written
    assert "ValueError: (message withheld" in written
    assert "anahp_desktop.errors.ConfigurationError: The view is not readable." in written


def test_an_unwritable_folder_means_no_file_not_a_crash(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("")
    logger = logging.getLogger("anahp_desktop")
    before = list(logger.handlers)
    for handler in before:
        logger.removeHandler(handler)
    try:
        assert applog.setup(directory=blocker / "logs") is None
    finally:
        for handler in before:
            logger.addHandler(handler)


# -- Windows: a log file another process holds open ------------------------------------------

SHARING_VIOLATION = "The process cannot access the file because it is being used by another process"


class WindowsFiles:
    """``os.rename``/``os.remove`` as on Windows while another process has a file open."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        import os

        self.held: set[str] = set()
        self._rename, self._remove = os.rename, os.remove
        monkeypatch.setattr(os, "rename", self.rename)
        monkeypatch.setattr(os, "remove", self.remove)

    def _check(self, *paths: object) -> None:
        for path in paths:
            if str(path) in self.held:
                raise PermissionError(13, SHARING_VIOLATION, str(path))

    def rename(self, source: object, target: object) -> None:
        self._check(source, target)
        self._rename(source, target)  # type: ignore[arg-type]

    def remove(self, path: object) -> None:
        self._check(path)
        self._remove(path)  # type: ignore[arg-type]


def test_a_held_log_file_loses_no_record_and_prints_no_logging_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    now = [0.0]
    path = tmp_path / "anahp-sync.log"
    handler = applog.TolerantRotatingFileHandler(
        path, maxBytes=300, backupCount=2, encoding="utf-8", clock=lambda: now[0]
    )
    logger = logging.getLogger("anahp_desktop.test_held")
    logger.addHandler(handler)
    logger.propagate = False
    windows = WindowsFiles(monkeypatch)
    try:
        windows.held.add(str(path))  # the scheduled run has it open
        for i in range(20):
            logger.warning("record %02d %s", i, "x" * 40)
        assert handler.failed_rollovers == 1  # tried once, then waits instead of every record
        windows.held.clear()  # the other run ended
        now[0] += applog.ROLLOVER_RETRY_S
        logger.warning("record 20 %s", "x" * 40)
    finally:
        logger.removeHandler(handler)
        handler.close()
        logger.propagate = True
    text = "".join(p.read_text(encoding="utf-8") for p in sorted(tmp_path.glob("anahp-sync.log*")))
    assert [f"record {i:02d}" in text for i in range(21)] == [True] * 21
    assert (tmp_path / "anahp-sync.log.1").exists()  # it rolled over once it could
    assert "Logging error" not in capsys.readouterr().err


def test_each_program_writes_its_own_file(tmp_path: Path) -> None:
    logger = logging.getLogger("anahp_desktop")
    before = list(logger.handlers)
    for handler in before:
        logger.removeHandler(handler)
    try:
        path = applog.setup(directory=tmp_path, program=applog.DESKTOP_PROGRAM)
        assert path == tmp_path / "anahp-desktop.log" == applog.current_file()
        assert applog.setup(directory=tmp_path) == path  # once per process
    finally:
        for handler in list(logger.handlers):
            logger.removeHandler(handler)
            handler.close()
        for handler in before:
            logger.addHandler(handler)
    assert applog.LOG_FILE_NAME == "anahp-sync.log"
