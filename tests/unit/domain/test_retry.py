"""The one retry classifier: which failures are tried again, and by whom, decided by type."""

from __future__ import annotations

import pytest

from anahp_desktop.domain.retry import (
    RETRIED_IN_RUN,
    attempt_status_after,
    batch_status_after,
    stops_the_run,
)
from anahp_desktop.domain.statuses import AttemptStatus, BatchStatus
from anahp_desktop.errors import (
    SinhaAuthError,
    SinhaConflictError,
    SinhaError,
    SinhaInvalidBatchError,
    SinhaProxyError,
    SinhaReceiptError,
    SinhaRejectedError,
    SinhaServerError,
    SinhaTlsError,
    SinhaTooLargeError,
    SinhaTransportError,
    SinhaUnconfirmedError,
    SinhaWaitLimitError,
)
from anahp_desktop.sinha.retry_policy import RetryPolicy

LOST = SinhaTransportError("lost", uncertain=True)
REFUSED = SinhaTransportError("refused", uncertain=False)
SERVER = SinhaServerError("503", http_status=503)
CONFLICT = SinhaConflictError("409", http_status=409)
INVALID = SinhaInvalidBatchError("422", http_status=422, record_errors=[])
TOO_LARGE = SinhaTooLargeError("413", http_status=413)
AUTH = SinhaAuthError("401", http_status=401)
TLS = SinhaTlsError("tls", problem="tls_untrusted")
PROXY = SinhaProxyError("407", problem="proxy_auth")
WAIT = SinhaWaitLimitError("wait")
UNCONFIRMED = SinhaUnconfirmedError("unconfirmed")
RECEIPT = SinhaReceiptError("receipt", http_status=201)


@pytest.mark.parametrize(
    ("exc", "retried"),
    [
        (LOST, True),
        (REFUSED, True),
        (RECEIPT, True),  # a transport error: the lookup decides
        (SERVER, True),
        (CONFLICT, False),
        (INVALID, False),
        (TOO_LARGE, False),
        (AUTH, False),
        (TLS, False),
        (PROXY, False),
        (WAIT, False),
        (UNCONFIRMED, False),
    ],
)
def test_within_the_run_only_no_answer_429_and_5xx_are_tried_again(
    exc: SinhaError, retried: bool
) -> None:
    assert isinstance(exc, RETRIED_IN_RUN) is retried
    attempts: list[int] = []

    def call() -> None:
        attempts.append(1)
        raise exc

    policy = RetryPolicy(max_attempts=3, sleep=lambda _s: None)
    with pytest.raises(type(exc)):
        policy.retrying()(call)
    assert len(attempts) == (3 if retried else 1)  # the policy asks the same classifier


@pytest.mark.parametrize(
    ("exc", "stops"),
    [
        (LOST, True),
        (SERVER, True),
        (WAIT, True),
        (AUTH, True),
        (TLS, True),
        (PROXY, True),
        (CONFLICT, False),
        (INVALID, False),
        (TOO_LARGE, False),
        (UNCONFIRMED, False),
    ],
)
def test_only_what_every_later_batch_would_meet_stops_the_run(exc: SinhaError, stops: bool) -> None:
    assert stops_the_run(exc) is stops


def test_an_attempt_sinha_refused_is_rejected_anything_else_failed() -> None:
    for refused in (CONFLICT, INVALID, TOO_LARGE, SinhaRejectedError("400", http_status=400)):
        assert attempt_status_after(refused) is AttemptStatus.REJECTED
    for failed in (LOST, SERVER, AUTH, TLS, PROXY, WAIT, UNCONFIRMED):
        assert attempt_status_after(failed) is AttemptStatus.FAILED


def test_where_a_batch_stands_after_a_failed_attempt() -> None:
    assert batch_status_after(LOST, uncertain=True) is BatchStatus.SENDING  # looked up first
    assert batch_status_after(CONFLICT, uncertain=False) is BatchStatus.CONFLICT  # an operator
    assert batch_status_after(SERVER, uncertain=False) is BatchStatus.FAILED  # the next run
    assert batch_status_after(CONFLICT, uncertain=True) is BatchStatus.SENDING
