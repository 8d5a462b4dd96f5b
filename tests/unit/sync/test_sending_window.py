"""The sending window: at most N batches in flight, the first error stops it, none abandoned."""

from __future__ import annotations

import threading

import pytest

from anahp_desktop.errors import SinhaAuthError
from anahp_desktop.sync.sending_window import SendingWindow, one_at_a_time

WAIT_S = 5


class Recorder:
    """A send that records which thread ran it and how many ran at once."""

    def __init__(self, gate: threading.Event | None = None) -> None:
        self.gate = gate
        self.lock = threading.Lock()
        self.running = 0
        self.most = 0
        self.sent: list[str] = []
        self.threads: set[str] = set()

    def __call__(self, id_lote: str, estimate: int) -> None:
        with self.lock:
            self.running += 1
            self.most = max(self.most, self.running)
            self.threads.add(threading.current_thread().name)
        try:
            if id_lote.startswith("fail"):
                raise SinhaAuthError("SINHA refused the user or password (HTTP 401).")
            if self.gate is not None:
                assert self.gate.wait(WAIT_S)
            with self.lock:
                self.sent.append(id_lote)
        finally:
            with self.lock:
                self.running -= 1


def test_a_window_of_one_sends_on_the_callers_thread_in_order() -> None:
    send = Recorder()
    window = SendingWindow(send, 1)
    for n in range(5):
        window.submit(f"L{n}", 5)
    window.finish()
    window.close()
    assert send.sent == [f"L{n}" for n in range(5)]
    assert send.threads == {threading.current_thread().name}


def test_a_window_of_two_keeps_two_in_flight_never_three_and_sends_every_batch() -> None:
    gate = threading.Event()
    send = Recorder(gate)
    window = SendingWindow(send, 2)
    window.submit("L0", 6)
    window.submit("L1", 6)
    third = threading.Thread(target=window.submit, args=("L2", 6))
    third.start()
    third.join(0.3)
    assert third.is_alive()  # the third batch waits for a free place
    assert send.running == 2
    gate.set()
    third.join(WAIT_S)
    for n in range(3, 6):
        window.submit(f"L{n}", 6)
    window.finish()
    window.close()
    assert send.most == 2
    assert sorted(send.sent) == [f"L{n}" for n in range(6)]
    assert all(name.startswith("sync-send") for name in send.threads)


def test_the_first_error_stops_the_window_and_the_batch_in_flight_still_finishes() -> None:
    gate = threading.Event()
    send = Recorder(gate)
    window = SendingWindow(send, 2)
    window.submit("L1", 3)  # held in flight beside the failing one
    window.submit("fail-1", 3)
    with pytest.raises(SinhaAuthError):
        window.submit("L2", 3)  # waits for a place, finds the error: L2 is not sent
    assert send.running == 1  # L1 is still on its way
    gate.set()
    window.close()  # waits for L1, which is delivered
    assert send.sent == ["L1"]


def test_finish_raises_an_error_that_came_after_the_last_submit() -> None:
    send = Recorder()
    window = SendingWindow(send, 2)
    window.submit("L0", 2)
    window.submit("fail-1", 2)
    with pytest.raises(SinhaAuthError):
        window.finish()
    window.close()
    assert send.sent == ["L0"]


def test_the_listener_is_called_by_one_thread_at_a_time() -> None:
    inside = threading.Lock()
    overlaps: list[int] = []

    def listener(event: object) -> None:
        if not inside.acquire(blocking=False):
            overlaps.append(1)
            return
        try:
            threading.Event().wait(0.001)
        finally:
            inside.release()

    serialized = one_at_a_time(listener)
    threads = [
        threading.Thread(target=lambda: [serialized(object()) for _ in range(50)])  # type: ignore[arg-type]
        for _ in range(4)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(WAIT_S)
    assert overlaps == []
