"""When and how long to wait before sending a batch again.

Retried: no answer (connection errors, timeouts, a reply cut short) and the
statuses 429, 500, 502, 503, 504 — with exponential backoff and jitter,
or the server's ``Retry-After`` when it gives one. Never retried: 400, 401,
403, 409, 413, 422 and TLS failures, which only an operator or a smaller
batch can fix.

A run waits at most ``sync.max_wait_s`` in all (:class:`WaitBudget`): a
server asking for more (``Retry-After: 1000000000``, or the same 600 s again
and again) stops the run at once, its batches stored and open for the next
one, instead of holding the sync lock for hours.
"""

from __future__ import annotations

import random
import threading
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
from anahp_desktop.domain.retry import RETRIED_IN_RUN
from anahp_desktop.errors import SinhaServerError


class WaitBudget:
    """The seconds a run may still spend waiting between retries, shared by its senders."""

    def __init__(self, total_s: float) -> None:
        self.total_s = total_s
        self._left = total_s
        self._lock = threading.Lock()

    @property
    def left_s(self) -> float:
        with self._lock:
            return self._left

    def take(self, seconds: float) -> bool:
        """Spend ``seconds`` of waiting; False (nothing spent) when that is more than is left."""
        with self._lock:
            if seconds > self._left:
                return False
            self._left -= seconds
            return True


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
            retry=retry_if_exception_type(RETRIED_IN_RUN),
            sleep=sleep or self.sleep,
            before_sleep=before_sleep,
            reraise=True,
        )

    def _wait(self, state: RetryCallState) -> float:
        exc = state.outcome.exception() if state.outcome else None
        return self.delay(state.attempt_number, exc)
