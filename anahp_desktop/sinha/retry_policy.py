"""When and how long to wait before sending a batch again.

Retried: no answer (connection errors, timeouts, a reply cut short) and the
statuses 429, 500, 502, 503, 504 — with exponential backoff and jitter,
or the server's ``Retry-After`` when it gives one. Never retried: 400, 401,
403, 409, 413, 422 and TLS failures, which only an operator or a smaller
batch can fix.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from tenacity import (
    RetryCallState,
    Retrying,
    retry_if_exception_type,
    stop_after_attempt,
)

from anahp_desktop.config.settings import SyncSettings
from anahp_desktop.errors import SinhaServerError, SinhaTransportError

RETRYABLE = (SinhaTransportError, SinhaServerError)


@dataclass(frozen=True)
class RetryPolicy:
    """Backoff parameters.

    ``sleep`` waits between attempts: the sync passes its cancel event's
    ``wait`` so Cancel interrupts a backoff; tests pass one that returns at once.
    """

    max_attempts: int = 5
    initial_s: float = 1.0
    max_s: float = 60.0
    sleep: Callable[[float], None] = field(default=time.sleep, repr=False)
    rng: random.Random = field(default_factory=random.Random, repr=False, compare=False)

    @classmethod
    def from_settings(cls, settings: SyncSettings, sleep: Callable[[float], None]) -> RetryPolicy:
        return cls(settings.max_attempts, settings.backoff_initial_s, settings.backoff_max_s, sleep)

    def delay(self, attempt: int, exc: BaseException | None) -> float:
        """Seconds to wait after failed attempt number ``attempt`` (1-based)."""
        if isinstance(exc, SinhaServerError) and exc.retry_after is not None:
            return exc.retry_after
        ceiling = min(self.max_s, self.initial_s * (2 ** (attempt - 1)))
        return self.rng.uniform(ceiling / 2, ceiling)

    def retrying(
        self,
        *,
        sleep: Callable[[float], None] | None = None,
        before_sleep: Callable[[RetryCallState], None] | None = None,
    ) -> Retrying:
        return Retrying(
            stop=stop_after_attempt(self.max_attempts),
            wait=self._wait,
            retry=retry_if_exception_type(RETRYABLE),
            sleep=sleep or self.sleep,
            before_sleep=before_sleep,
            reraise=True,
        )

    def _wait(self, state: RetryCallState) -> float:
        exc = state.outcome.exception() if state.outcome else None
        return self.delay(state.attempt_number, exc)
