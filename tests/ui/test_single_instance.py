"""One app per user, even when two copies start at the same moment (logon).

The socket alone could not tell two copies apart while the first was still
building its window; the lock file can. The last test starts two real app
processes at once.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

from PySide6.QtCore import QTimer
from pytestqt.qtbot import QtBot

from anahp_desktop.ui import single_instance
from anahp_desktop.ui.single_instance import InstanceLock, InstanceServer


def unique(tag: str) -> str:
    return single_instance.server_name(f"{tag}-{os.getpid()}-{time.monotonic_ns()}")


def test_the_first_copy_holds_the_lock_and_a_second_is_told_who(tmp_path: Path) -> None:
    name = unique("lock")
    first, second = InstanceLock(name, str(tmp_path)), InstanceLock(name, str(tmp_path))
    try:
        assert first.acquire() is True
        assert second.acquire() is False
        assert second.holder_pid() == os.getpid()
    finally:
        first.release()
    assert second.acquire() is True
    second.release()


def test_a_lock_left_by_a_crashed_copy_is_taken_over(tmp_path: Path) -> None:
    name = unique("crash")
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time\n"
            "from anahp_desktop.ui.single_instance import InstanceLock\n"
            "lock = InstanceLock(sys.argv[1], sys.argv[2])\n"
            "print(lock.acquire(), flush=True)\n"
            "time.sleep(120)\n",
            name,
            str(tmp_path),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "True"
        assert InstanceLock(name, str(tmp_path)).acquire() is False  # alive: not stale
    finally:
        holder.send_signal(signal.SIGKILL)  # a crash: no unlock
        holder.wait(30)
        assert holder.stdout is not None
        holder.stdout.close()
    lock = InstanceLock(name, str(tmp_path))
    assert lock.acquire() is True
    lock.release()


def test_a_second_copy_waits_for_a_first_that_is_still_starting(qtbot: QtBot) -> None:
    name = unique("slow")
    allowed: list[int] = []
    answered: list[bool] = []
    servers: list[InstanceServer] = []
    # the first copy starts listening only after building its window (here: 400 ms)
    QTimer.singleShot(400, lambda: servers.append(InstanceServer(name)))
    second = threading.Thread(
        target=lambda: answered.append(
            single_instance.notify_running(name, 10_000, holder_pid=4242, allow=allowed.append)
        )
    )
    second.start()
    qtbot.waitUntil(lambda: bool(servers), timeout=5000)
    with qtbot.waitSignal(servers[0].show_requested, timeout=10_000):
        pass
    second.join(10)
    servers[0].close()
    assert answered == [True]
    assert allowed == [4242]  # the first copy may take the foreground (AllowSetForegroundWindow)


def test_nobody_answering_within_the_wait_is_false() -> None:
    started = time.monotonic()
    assert not single_instance.notify_running(unique("none"), wait_ms=300)
    assert 0.25 <= time.monotonic() - started < 5


def test_two_copies_started_at_once_leave_one_running(tmp_path: Path) -> None:
    env = dict(os.environ)
    env.update(
        QT_QPA_PLATFORM="offscreen",
        XDG_CONFIG_HOME=str(tmp_path / "config"),
        XDG_STATE_HOME=str(tmp_path / "state"),
        TMPDIR=str(tmp_path),
    )
    command = [sys.executable, "-m", "anahp_desktop", "--config", str(tmp_path / "c.toml")]
    outputs = [tmp_path / f"copy{i}.out" for i in range(2)]
    copies = []
    for output in outputs:
        with output.open("w") as stream:
            copies.append(
                subprocess.Popen(command, env=env, stdout=stream, stderr=subprocess.STDOUT)
            )
    try:
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline and all(c.poll() is None for c in copies):
            time.sleep(0.1)
        ended = [i for i, c in enumerate(copies) if c.poll() is not None]
        assert len(ended) == 1, "both copies kept running (or both ended)"
        text = outputs[ended[0]].read_text()
        assert copies[ended[0]].returncode == 0, text
        assert "ANAHP Sync is already running; it was asked to show its window" in text
        time.sleep(1)
        assert sum(c.poll() is None for c in copies) == 1
    finally:
        for copy in copies:
            if copy.poll() is None:
                copy.terminate()
                try:
                    copy.wait(20)
                except subprocess.TimeoutExpired:
                    copy.kill()
                    copy.wait(20)
