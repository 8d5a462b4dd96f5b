"""Time from starting a program to its window on screen (X11: needs DISPLAY and xdotool).

    python tools/measure_launch.py [--runs 5] [--title "ANAHP Sync"] -- dist/anahp-sync/anahp-desktop

Starts the command, polls every 10 ms for a visible window whose title contains
``--title``, prints the time, stops the program, and repeats; the median goes in
docs/performance.md. Run it in a private HOME so an earlier instance's settings do
not count (scripts/test-style sandboxes, or HOME=$(mktemp -d)).
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time

POLL_S = 0.01


def window_shown(title: str) -> bool:
    found = subprocess.run(
        ["xdotool", "search", "--onlyvisible", "--name", title],
        capture_output=True,
        text=True,
        check=False,
    )
    return found.returncode == 0 and bool(found.stdout.strip())


def launch_once(command: list[str], title: str, timeout_s: float) -> float:
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        while time.perf_counter() - started < timeout_s:
            if window_shown(title):
                return time.perf_counter() - started
            if process.poll() is not None:
                raise SystemExit(f"{command[0]} exited with {process.returncode} before a window")
            time.sleep(POLL_S)
        raise SystemExit(f"no window titled {title!r} within {timeout_s} s")
    finally:
        process.terminate()
        process.wait(10)


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--title", default="ANAHP Sync")
    parser.add_argument("--timeout", type=float, default=30.0)
    parser.add_argument("command", nargs=argparse.REMAINDER)
    args = parser.parse_args(argv)
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    if not command:
        parser.error("give the command after --")
    if window_shown(args.title):
        raise SystemExit(f"a window titled {args.title!r} is already open: close it first")
    times = []
    for run in range(1, args.runs + 1):
        seconds = launch_once(command, args.title, args.timeout)
        times.append(seconds)
        print(f"run {run}: {seconds * 1000:.0f} ms", flush=True)
        time.sleep(0.5)  # let the previous instance's socket go
    print(
        f"median {statistics.median(times) * 1000:.0f} ms, "
        f"min {min(times) * 1000:.0f} ms, max {max(times) * 1000:.0f} ms ({len(times)} runs)"
    )


if __name__ == "__main__":
    main(sys.argv[1:])
