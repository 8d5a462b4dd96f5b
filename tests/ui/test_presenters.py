"""The presenters, without a window: run-state words, schedule words, notifications."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta

from PySide6.QtCore import QCoreApplication, QTranslator

from anahp_desktop.domain.statuses import RunStatus, Trigger
from anahp_desktop.state.queries import BatchBacklog, RunRow
from anahp_desktop.sync.events import RunSummary
from anahp_desktop.sync.service import StatusReport
from anahp_desktop.ui import icons
from anahp_desktop.ui.presenters import run_state, schedule_text
from anahp_desktop.ui.presenters.outcome import OutcomeNotifier
from anahp_desktop.ui.presenters.schedule_text import ScheduleState
from anahp_desktop.ui.resources import translation_path
from anahp_desktop.ui.run_messages import RunMessages
from anahp_desktop.ui.views.cards import ERROR, OK, WARNING

AT = datetime(2026, 11, 30, 14, 0)


def report(
    status: RunStatus | None, unread: int = 0, trigger: Trigger = Trigger.MANUAL, **batches: int
) -> StatusReport:
    last = (
        None
        if status is None
        else RunRow("r", trigger, status, AT, AT, 10, 1, 0, 2, 0, 0, 0, "SINHA is down.")
    )
    return StatusReport(unread, BatchBacklog(**batches), 0, 0, None, last, None)


def test_success_is_said_only_when_nothing_is_left() -> None:
    done = report(RunStatus.SUCCESS)
    assert run_state.last_card(done).value == "Success"
    assert run_state.headline(done).startswith("Nothing left to send.")
    retried = report(RunStatus.SUCCESS, trigger=Trigger.RETRY, unsent=1, unsent_records=7)
    card = run_state.last_card(retried)
    assert (card.value, card.tone) == ("Retry completed", WARNING)
    assert "7 records still wait" in run_state.headline(retried)
    assert run_state.batches_card(retried).detail == (
        "1 never sent (the run stopped before it)\nClick to see them"
    )


def test_a_failure_names_its_reason_and_turns_the_tray_red() -> None:
    failed = report(RunStatus.FAILED, unread=3, failed=1, failed_records=5)
    assert run_state.headline(failed).endswith("failed: SINHA is down. 8 records wait to be sent.")
    assert run_state.tone(failed) == ERROR
    assert run_state.tray_state(failed) == icons.ERROR
    assert run_state.tray_state(report(RunStatus.CANCELLED)) == icons.IDLE
    assert run_state.pending_card(report(None)).tone == OK


def test_schedule_words() -> None:
    now = datetime(2026, 11, 30, 9, 0).astimezone()
    state = ScheduleState(False, False, now + timedelta(minutes=14, seconds=30), 15)
    assert schedule_text.next_run_line(state, now).endswith("(in 14 min)")
    assert schedule_text.next_run_card(state, now)[1] == "in 14 min, then every 15 min"
    paused = ScheduleState(True, False, None, 15)
    assert schedule_text.next_run_line(paused, now) == "Schedule paused"


def test_notifications_only_when_the_window_is_not_showing_the_outcome() -> None:
    notifier = OutcomeNotifier()
    notifier.learn(False)
    assert notifier.after_run(True, "failed", "L1", window_visible=True) is None
    note = notifier.after_run(True, "failed", "L1", window_visible=False)
    assert note is not None and (note.error, note.id_lote) == (True, "L1")
    again = notifier.after_run(False, "ok", None, window_visible=False)
    assert again is not None and again.title == "ANAHP Sync: working again"
    assert notifier.after_run(False, "ok", None, window_visible=False) is None


def test_counts_of_one_are_singular_in_both_languages() -> None:
    one = StatusReport(0, BatchBacklog(failed=1, failed_records=1), 0, 1, None, None, None)
    assert run_state.pending_card(one).detail == (
        "1 of them in a stored batch\n1 row without updated_at can never be sent"
    )
    assert run_state.pending_summary(one).startswith("1 record waits in a stored batch (1 failed")
    summary = RunSummary("r", Trigger.MANUAL, RunStatus.SUCCESS, AT, AT, delivered=1, rejected=1)
    assert RunMessages.finished_text(summary).endswith(": 1 record delivered, 1 rejected.")
    translator = QTranslator()
    assert translator.load(str(translation_path("pt_BR")))
    QCoreApplication.installTranslator(translator)
    try:
        assert run_state.pending_card(one).detail == (
            "1 deles em um lote guardado\n1 linha sem updated_at nunca poderá ser enviada"
        )
        assert RunMessages.finished_text(summary).endswith(": 1 registro entregue, 1 rejeitado.")
        # none is "nenhum", never "0 registro" (Qt's Portuguese rule counts 0 as one)
        none = replace(summary, status=RunStatus.CANCELLED, delivered=0, rejected=0)
        assert "(nenhum registro entregue)" in RunMessages.finished_text(none)
        assert run_state.counts_text(0, 0) == "nada entregue"
        assert run_state.counts_text(3, 1) == "3 entregues, 1 rejeitado"
        failed = replace(
            summary, status=RunStatus.FAILED, delivered=2, rejected=0, message="O SINHA caiu."
        )
        assert RunMessages.finished_text(failed).endswith(" (2 registros entregues): O SINHA caiu.")
    finally:
        QCoreApplication.removeTranslator(translator)
