from __future__ import annotations

import random

import pytest

from anahp_desktop.errors import (
    SinhaAuthError,
    SinhaConflictError,
    SinhaInvalidBatchError,
    SinhaServerError,
    SinhaTooLargeError,
    SinhaTransportError,
)
from anahp_desktop.sinha.retry_policy import RetryPolicy


def policy(**kwargs: object) -> RetryPolicy:
    return RetryPolicy(sleep=lambda _s: None, rng=random.Random(3), **kwargs)  # type: ignore[arg-type]


def test_backoff_grows_exponentially_with_jitter_up_to_the_cap() -> None:
    p = policy(max_attempts=8, initial_s=1.0, max_s=10.0)
    delays = [p.delay(n, None) for n in range(1, 8)]
    for n, delay in enumerate(delays, start=1):
        ceiling = min(10.0, 2 ** (n - 1))
        assert ceiling / 2 <= delay <= ceiling
    assert delays[-1] <= 10.0


def test_retry_after_is_honoured() -> None:
    exc = SinhaServerError("slow down", http_status=429, retry_after=7.0)
    assert policy().delay(1, exc) == 7.0


@pytest.mark.parametrize(
    "exc",
    [
        SinhaTransportError("lost", uncertain=True),
        SinhaTransportError("refused", uncertain=False),
        SinhaServerError("500", http_status=500),
        SinhaServerError("429", http_status=429, retry_after=0),
    ],
)
def test_retryable_errors_are_retried_until_the_limit(exc: Exception) -> None:
    calls = []

    def attempt() -> None:
        calls.append(1)
        raise exc

    with pytest.raises(type(exc)):
        for a in policy(max_attempts=4).retrying():
            with a:
                attempt()
    assert len(calls) == 4


@pytest.mark.parametrize(
    "exc",
    [
        SinhaAuthError("401", http_status=401),
        SinhaConflictError("409", http_status=409),
        SinhaTooLargeError("413", http_status=413),
        SinhaInvalidBatchError("422", http_status=422),
    ],
)
def test_final_errors_are_not_retried(exc: Exception) -> None:
    calls = []
    with pytest.raises(type(exc)):
        for a in policy(max_attempts=4).retrying():
            with a:
                calls.append(1)
                raise exc
    assert len(calls) == 1


def test_waits_go_through_the_injected_sleep() -> None:
    slept: list[float] = []
    p = RetryPolicy(3, 0.5, 5.0, sleep=slept.append, rng=random.Random(1))
    with pytest.raises(SinhaServerError):
        for a in p.retrying():
            with a:
                raise SinhaServerError("503", http_status=503)
    assert len(slept) == 2 and all(0.25 <= s <= 1.0 for s in slept)
