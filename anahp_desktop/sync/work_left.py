"""What is left to do, and what may be said about it: the one truth every view shows.

The dashboard's cards and headline, the pending view, the log, the tray's
tooltip and ``anahp-sync status`` all derive from :func:`verdict` over the same
figures (:class:`anahp_desktop.sync.service.StatusReport`): the last finished
run (a run that could not start is a failed run with its reason), the stored
batches still open by why they wait, and the records the next full run reads.
"Success" is said only when nothing is left to send.
"""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING

from anahp_desktop.domain.statuses import RunStatus

if TYPE_CHECKING:
    from anahp_desktop.state.queries import RunRow


class Verdict(StrEnum):
    """Where things stand; the views word each one, never their own guess."""

    NEVER_RUN = "never_run"  # no run has finished yet
    NOTHING_LEFT = "nothing_left"  # the last run worked and nothing waits: the only "success"
    RECORDS_WAIT = "records_wait"  # the last run worked, yet records wait (new, or not retried)
    FAILED = "failed"  # the last run failed, or could not start, or was killed: with its reason
    CANCELLED = "cancelled"  # the operator stopped the last run; what it left waits


def verdict(last_run: RunRow | None, records_left: int) -> Verdict:
    """The one answer to "how are we doing?" from the last run and what is left."""
    if last_run is None:
        return Verdict.NEVER_RUN
    if last_run.status == RunStatus.CANCELLED:
        return Verdict.CANCELLED
    if last_run.status != RunStatus.SUCCESS:
        return Verdict.FAILED
    return Verdict.NOTHING_LEFT if records_left == 0 else Verdict.RECORDS_WAIT
