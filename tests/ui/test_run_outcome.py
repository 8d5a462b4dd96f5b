"""What a run's end means for the window, decided without one (presenters.outcome, staleness)."""

from __future__ import annotations

from datetime import datetime, timedelta

from anahp_desktop.domain.categories import ErrorCategory
from anahp_desktop.domain.statuses import BatchStatus, RunStatus, Trigger
from anahp_desktop.errors import SinhaAuthError, SyncAlreadyRunningError
from anahp_desktop.state.queries import BatchBacklog, RunRow
from anahp_desktop.sync.events import BatchFinished, BatchStarted, RunSummary
from anahp_desktop.sync.service import StatusReport
from anahp_desktop.ui import icons
from anahp_desktop.ui.presenters.outcome import RunOutcomePresenter
from anahp_desktop.ui.presenters.staleness import StaleWatch
from anahp_desktop.ui.sync_controller import SyncRequest

AT = datetime(2026, 11, 30, 14, 0)


def summary(
    status: RunStatus, delivered: int = 0, category: ErrorCategory | None = None
) -> RunSummary:
    return RunSummary(
        "r", Trigger.MANUAL, status, AT, AT, delivered=delivered, error_category=category,
        message="SINHA is down." if category else None,
    )  # fmt: skip


def last_run_report(status: RunStatus, finished: datetime = AT) -> StatusReport:
    run = RunRow("r", Trigger.MANUAL, status, finished, finished, 10, 1, 0, 2, 0, 0, 0, None)
    success = run if status == RunStatus.SUCCESS else None
    return StatusReport(0, BatchBacklog(), 0, 0, success, run, None)


def test_the_failure_balloon_opens_the_batch_that_failed_last() -> None:
    presenter = RunOutcomePresenter()
    started = presenter.run_requested(SyncRequest(Trigger.MANUAL))
    assert started == "Sync running…"
    assert presenter.batch_started_text(BatchStarted(2, 5, "L2", 10)) == "Sending batch 2 of 5…"
    presenter.batch_finished(BatchFinished(1, "L1", BatchStatus.FAILED, 10))
    presenter.batch_finished(BatchFinished(2, "L2", BatchStatus.DELIVERED, 10))
    outcome = presenter.finished(
        summary(RunStatus.FAILED, 10, ErrorCategory.SERVER), window_visible=False
    )
    assert outcome.tray_state == icons.ERROR
    assert outcome.text.startswith("Sync failed at ")
    note = outcome.notification
    assert note is not None
    assert (note.title, note.error, note.id_lote) == ("ANAHP Sync: the sync failed", True, "L1")
    assert (outcome.sinha_ok, outcome.category) == (False, "server")  # the SINHA card turns red


def test_a_new_run_forgets_the_failed_batch_of_the_one_before() -> None:
    presenter = RunOutcomePresenter()
    presenter.run_requested(SyncRequest(Trigger.MANUAL))
    presenter.batch_finished(BatchFinished(1, "L1", BatchStatus.FAILED, 10))
    presenter.run_requested(SyncRequest(Trigger.RETRY, ("L9",)))
    outcome = presenter.finished(summary(RunStatus.FAILED), window_visible=False)
    assert outcome.notification is not None
    assert outcome.notification.id_lote == ""  # a click opens the dashboard


def test_no_balloon_over_a_window_that_shows_the_outcome_and_working_again_once() -> None:
    presenter = RunOutcomePresenter()
    presenter.learn(last_run_report(RunStatus.FAILED))
    seen = presenter.finished(summary(RunStatus.SUCCESS, 3), window_visible=True)
    assert seen.notification is None
    assert (seen.tray_state, seen.sinha_ok) == (icons.IDLE, True)  # a delivery: SINHA answers
    presenter.learn(last_run_report(RunStatus.FAILED))  # only the first status read counts
    assert presenter.finished(summary(RunStatus.SUCCESS), window_visible=False).notification is None
    presenter.finished(summary(RunStatus.FAILED), window_visible=True)
    again = presenter.finished(summary(RunStatus.SUCCESS), window_visible=False)
    assert again.notification is not None
    assert again.notification.title == "ANAHP Sync: working again"
    assert again.sinha_ok is None  # nothing delivered: the card stays as it was


def test_a_run_refused_by_another_copy_keeps_the_tray_and_gives_no_balloon() -> None:
    presenter = RunOutcomePresenter()
    presenter.learn(last_run_report(RunStatus.FAILED))
    refused = presenter.failed(SyncAlreadyRunningError("busy"), window_visible=False)
    assert refused.tray_state == icons.ERROR  # the last outcome still stands
    assert refused.notification is None
    assert refused.summary is None and refused.sinha_ok is None
    assert refused.text.startswith("Another copy of the app is starting a sync")
    # the refusal did not count as an outcome: the next success is still "working again"
    again = presenter.finished(summary(RunStatus.SUCCESS), window_visible=False)
    assert again.notification is not None and not again.notification.error


def test_a_run_that_could_not_start_says_why_and_names_sinha_when_it_is_sinha() -> None:
    presenter = RunOutcomePresenter()
    crashed = presenter.failed(RuntimeError("boom"), window_visible=False)
    assert crashed.text == "The sync could not run: boom"
    assert (crashed.tray_state, crashed.category, crashed.sinha_ok) == (icons.ERROR, None, None)
    auth = SinhaAuthError("SINHA refused the credentials.")
    refused = presenter.failed(auth, window_visible=True)
    assert (refused.category, refused.sinha_ok, refused.notification) == ("auth", False, None)


def test_staleness_is_said_each_time_and_ballooned_once_per_spell_while_unseen() -> None:
    watch = StaleWatch()
    old = last_run_report(RunStatus.SUCCESS, finished=AT)
    later = AT + timedelta(hours=25)
    seen = watch.check(old, 24, window_visible=True, now=later)
    assert seen is not None and not seen.balloon  # a balloon would cover the window
    assert seen.message == "No sync has succeeded for more than 24 hours."
    first = watch.check(old, 24, window_visible=False, now=later)
    assert first is not None and first.balloon
    second = watch.check(old, 24, window_visible=False, now=later)
    assert second is not None and not second.balloon
    assert watch.check(old, 24, window_visible=False, now=AT + timedelta(hours=1)) is None
    again = watch.check(old, 24, window_visible=False, now=later)  # a new spell
    assert again is not None and again.balloon
    never = StatusReport(0, BatchBacklog(), 0, 0, None, None, None)
    assert watch.check(never, 24, window_visible=False, now=later) is None
