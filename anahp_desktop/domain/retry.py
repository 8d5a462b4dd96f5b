"""Which failures are tried again, and by whom: the one retry classifier.

A batch that did not reach SINHA is tried again at three levels:

1. **Within the run** (seconds): no usable answer (connection, timeout, a reply cut
   short) and 429/5xx are retried with exponential backoff by
   :class:`anahp_desktop.sinha.retry_policy.RetryPolicy` (:data:`RETRIED_IN_RUN`).
2. **By the next run** (minutes): a batch left open with a status of
   :data:`~anahp_desktop.domain.statuses.RESENT_BY_NEXT_RUN` is sent again before the
   view is read; one whose last request may have arrived is looked up first.
3. **On an operator's request**: a 409 conflict or a batch SINHA would not confirm
   (``conflict``, ``unconfirmed``) waits for "Retry"
   (trigger ``retry``); so does anything else still open, when asked.

Everything here decides by exception type, never by the category's text.
"""

from __future__ import annotations

from anahp_desktop.domain.statuses import AttemptStatus, BatchStatus
from anahp_desktop.errors import (
    SinhaAuthError,
    SinhaConflictError,
    SinhaError,
    SinhaProxyError,
    SinhaRejectedError,
    SinhaServerError,
    SinhaTlsError,
    SinhaTransportError,
    SinhaWaitLimitError,
)

#: level 1: tried again within the run, after a backoff
RETRIED_IN_RUN: tuple[type[SinhaError], ...] = (SinhaTransportError, SinhaServerError)
#: no later batch of this run can do better: the run stops, every batch stays open. Beside
#: SINHA being away after every retry: refused credentials, TLS, the proxy, a wait too long
STOPS_THE_RUN: tuple[type[SinhaError], ...] = (
    *RETRIED_IN_RUN,
    SinhaWaitLimitError,
    SinhaAuthError,
    SinhaTlsError,
    SinhaProxyError,
)


def stops_the_run(exc: SinhaError) -> bool:
    return isinstance(exc, STOPS_THE_RUN)


def attempt_status_after(exc: SinhaError) -> AttemptStatus:
    """How the log records a failed attempt: SINHA refused the batch, or it did not get it."""
    return AttemptStatus.REJECTED if isinstance(exc, SinhaRejectedError) else AttemptStatus.FAILED


def batch_status_after(exc: SinhaError, uncertain: bool) -> BatchStatus:
    """Where a batch stands after a failed attempt (``uncertain``: it may have arrived)."""
    if uncertain:
        return BatchStatus.SENDING  # looked up before it is posted again
    if isinstance(exc, SinhaConflictError):
        return BatchStatus.CONFLICT  # level 3: only an operator sends it again
    return BatchStatus.FAILED  # level 2: the next run sends it again
