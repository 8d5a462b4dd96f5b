"""The desktop app's first-run setup: "Do you already use the previous service?", then the migration."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QTranslator
from pytestqt.qtbot import QtBot

from anahp_desktop.config.settings import Settings
from anahp_desktop.demo.emulator import SinhaEmulator
from anahp_desktop.domain.statuses import AttemptStatus, Trigger
from anahp_desktop.migration import steps
from anahp_desktop.secrets import MemoryBackend, SecretName, Secrets
from anahp_desktop.ui.context import AppContext
from anahp_desktop.ui.dialogs.migration_dialog import MigrationDialog
from anahp_desktop.ui.dialogs.settings_dialog import SettingsDialog
from anahp_desktop.ui.first_run import FirstRunQuestion
from anahp_desktop.ui.main_window import MainWindow
from anahp_desktop.ui.resources import resources_dir
from anahp_desktop.ui.tasks import TaskRunner
from tests.helpers.fixtures import PSEUDONYM_KEY, SINHA_PASSWORD, SINHA_USER
from tests.helpers.qt_items import cell
from tests.helpers.source_db import SourceDb
from tests.ui.conftest import SIGNAL_TIMEOUT_MS, make_context


@pytest.fixture
def service_files(tmp_path: Path, emulator: SinhaEmulator) -> tuple[Path, Path]:
    hospital = SourceDb(tmp_path / "hospital.sqlite").create()
    hospital.add_valid(40, step=timedelta(minutes=1))
    with sqlite3.connect(hospital.path) as conn:
        conn.execute("CREATE TABLE operations_log (id_lote TEXT, status TEXT, timestamp TEXT)")
        conn.execute("INSERT INTO operations_log VALUES ('L-1', 'success', '2026-10-01T08:00:00')")
    conn.close()
    env = tmp_path / "service" / ".env"
    env.parent.mkdir()
    env.write_text(
        f"DATABASE_URL={hospital.url}\nSINHA_API_URL={emulator.url}\n"
        f"SINHA_API_USER={SINHA_USER}\nSINHA_API_PASSWORD={SINHA_PASSWORD}\n"
        "SECRET_KEY=x\nALGORITHM=HS256\nACCESS_TOKEN_EXPIRE_MINUTES=30\n",
        encoding="utf-8",
    )
    stamp = tmp_path / "service" / "last_sync_timestamp.txt"
    stamp.write_text("2026-10-01T08:30:00", encoding="utf-8")  # no offset: the zone is asked
    return env, stamp


@pytest.fixture
def new_install(tmp_path: Path) -> AppContext:
    """A computer without settings: defaults, an in-memory keyring."""
    keyring = Secrets(MemoryBackend({SecretName.PSEUDONYM_KEY: PSEUDONYM_KEY}), env={})
    return make_context(Settings(), tmp_path, secrets=keyring, keyring=keyring)


def open_dialog(qtbot: QtBot, context: AppContext, runner: TaskRunner) -> MigrationDialog:
    dialog = MigrationDialog(context, runner)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def fill(dialog: MigrationDialog, env: Path, stamp: Path, state: Path, zone: str | None) -> None:
    dialog.env_file.setText(str(env))
    dialog.timestamp_file.setText(str(stamp))
    dialog.zone.setCurrentIndex(dialog.zone.findData(zone))
    dialog.state_place.setText(str(state))


def test_simulate_then_migrate_off_the_gui_thread(
    qtbot: QtBot,
    new_install: AppContext,
    runner: TaskRunner,
    service_files: tuple[Path, Path],
    tmp_path: Path,
    emulator: SinhaEmulator,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    threads: list[str] = []
    for name in ("dry_run", "migrate"):
        original = getattr(steps, name)

        def recorded(
            *args: object, _original: Callable[..., object] = original, **kw: object
        ) -> object:
            threads.append(threading.current_thread().name)
            return _original(*args, **kw)

        monkeypatch.setattr(steps, name, recorded)
    dialog = open_dialog(qtbot, new_install, runner)
    env, stamp = service_files
    fill(dialog, env, stamp, tmp_path / "app" / "state.sqlite", "America/Sao_Paulo")
    assert not dialog.migrate_button.isEnabled()  # only after a simulation

    with qtbot.waitSignal(dialog.simulated, timeout=SIGNAL_TIMEOUT_MS):
        dialog.simulate_button.click()
    report = dialog.report.toPlainText()
    assert "Dry run: nothing was changed." in report
    assert "Total: 9 records, changed from 2026-10-01 08:31:00 to 2026-10-01 08:39:00." in report
    assert SINHA_PASSWORD not in report
    assert not new_install.config_path.exists()
    assert dialog.migrate_button.isEnabled()

    with qtbot.waitSignal(dialog.migrated, timeout=SIGNAL_TIMEOUT_MS) as done:
        dialog.migrate_button.click()
    settings = done.args[0]
    assert isinstance(settings, Settings)
    assert (settings.sinha.url, settings.sinha.user) == (emulator.url, SINHA_USER)
    assert settings.state.url == f"sqlite:///{tmp_path / 'app' / 'state.sqlite'}"
    assert "The migration is done" in dialog.report.toPlainText()
    assert dialog.close_button.text() == "Done"
    assert new_install.keyring.backend.get(SecretName.SINHA_PASSWORD) == SINHA_PASSWORD
    assert SINHA_PASSWORD not in new_install.config_path.read_text(encoding="utf-8")
    assert threads and all(name != threading.main_thread().name for name in threads)


def test_a_changed_field_needs_a_new_simulation_and_errors_are_sentences(
    qtbot: QtBot,
    new_install: AppContext,
    runner: TaskRunner,
    service_files: tuple[Path, Path],
    tmp_path: Path,
) -> None:
    dialog = open_dialog(qtbot, new_install, runner)
    env, stamp = service_files
    fill(dialog, env, stamp, tmp_path / "state.sqlite", None)  # "as written": but no offset
    with qtbot.waitSignal(dialog.failed, timeout=SIGNAL_TIMEOUT_MS) as failure:
        dialog.simulate_button.click()
    assert "without a time zone" in failure.args[0]
    assert dialog.error_label.text() == failure.args[0]
    assert not dialog.migrate_button.isEnabled()

    fill(dialog, env, stamp, tmp_path / "state.sqlite", "UTC")
    with qtbot.waitSignal(dialog.simulated, timeout=SIGNAL_TIMEOUT_MS):
        dialog.simulate_button.click()
    assert dialog.migrate_button.isEnabled()
    dialog.timestamp_file.setText(str(tmp_path / "missing.txt"))
    assert not dialog.migrate_button.isEnabled()
    with qtbot.waitSignal(dialog.failed, timeout=SIGNAL_TIMEOUT_MS) as failure:
        dialog.simulate_button.click()
    assert "missing.txt does not exist" in failure.args[0]
    assert not new_install.config_path.exists()


def test_the_first_run_question_opens_the_migration_or_the_settings(
    qtbot: QtBot, make_window: Callable[..., MainWindow], new_install: AppContext
) -> None:
    window = make_window(new_install, start=False)
    question = FirstRunQuestion(window)
    question.ask()
    assert question.box.isVisible()
    assert question.box.text() == "Do you already use the previous service?"
    with qtbot.waitSignal(question.answered) as answer:
        question.yes_button.click()
    assert answer.args == [True] and isinstance(question.dialog, MigrationDialog)
    migrated = Settings.model_validate({"sinha": {"user": "from-the-service"}})
    question.dialog.migrated.emit(migrated)  # what a finished migration hands the window
    assert window.context.settings is migrated
    question.dialog.close()

    again = FirstRunQuestion(window)
    again.ask()
    with qtbot.waitSignal(again.answered) as answer:
        again.no_button.click()
    assert answer.args == [False] and isinstance(again.dialog, SettingsDialog)
    again.dialog.close()


def test_the_question_and_the_dialog_speak_portuguese(
    qtbot: QtBot, make_window: Callable[..., MainWindow], new_install: AppContext
) -> None:
    translator = QTranslator()
    assert translator.load(str(resources_dir() / "i18n" / "anahp_desktop_pt_BR.qm"))
    QCoreApplication.installTranslator(translator)
    try:
        window = make_window(new_install, start=False)
        question = FirstRunQuestion(window)
        assert question.box.text() == "Já usa o serviço anterior?"
        assert question.yes_button.text() == "Sim, migrar a partir dele"
        dialog = MigrationDialog(new_install, window.runner, window)
        qtbot.addWidget(dialog)
        assert dialog.windowTitle() == "Migrar do serviço anterior"
        assert dialog.simulate_button.text() == "Simular"
    finally:
        QCoreApplication.removeTranslator(translator)


def test_an_imported_batch_shows_the_previous_services_attempts(
    qtbot: QtBot, ui_context: AppContext, make_window: Callable[..., MainWindow]
) -> None:
    from anahp_desktop.state import previous_service
    from tests.unit.state.test_previous_service import FLOOR, imported_row

    window = make_window(ui_context, start=False)
    store = window.context.service.store
    previous_service.seed(store, "sinha_export", FLOOR, [[imported_row(status="failed")]])
    dialog = window.open_batch("L-1")
    qtbot.waitUntil(lambda: dialog.data is not None, timeout=SIGNAL_TIMEOUT_MS)
    assert dialog.status_value.text() == (
        "Sent by the previous service: only its log rows are known here."
    )
    assert dialog.attempts.rowCount() == 1
    assert cell(dialog.attempts, 0, 3) == "Previous service"
    assert cell(dialog.attempts, 0, 4) == "Failed"


def test_the_log_leaves_unknown_record_counts_of_imported_rows_blank() -> None:
    from datetime import datetime

    from anahp_desktop.state.queries import LogRow
    from anahp_desktop.ui.models.log_model import COL_RECORDS, COL_TRIGGER, LogTableModel

    def row(trigger: Trigger, records: int) -> LogRow:
        moment = datetime(2026, 10, 1, 8)
        return LogRow(
            1,
            "r",
            "L",
            "2077485",
            AttemptStatus.SUCCESS,
            trigger,
            moment,
            moment,
            records,
            0,
            1,
            None,
            None,
            None,
            "previous-service",
            "",
        )

    assert LogTableModel._display(row(Trigger.IMPORTED, 0), COL_RECORDS) == ""
    assert LogTableModel._display(row(Trigger.IMPORTED, 0), COL_TRIGGER) == "Previous service"
    assert LogTableModel._display(row(Trigger.IMPORTED, 12), COL_RECORDS) == "12"
    assert LogTableModel._display(row(Trigger.CLI, 0), COL_RECORDS) == "0"
