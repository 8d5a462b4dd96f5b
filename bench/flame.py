"""A py-spy profile as text: per thread, where its CPU went (self and inclusive).

``py-spy record --threads -f raw -r RATE -o P.txt -- anahp-sync ... sync`` writes
one line per distinct stack: ``thread (TID): NAME;frame;frame... COUNT``, a
frame being ``function (file:line)``. This prints, for each thread with
samples, its CPU seconds (samples / rate: py-spy leaves idle threads out by
default), the functions with the most samples at the top of the stack
(self), and the functions of the given packages with the most samples
anywhere in the stack (inclusive), so the profile can be read and compared
in a document without a flame-graph viewer.

``python -m bench.flame P.txt --rate RATE [--top N] [--package anahp_desktop]``
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

LINE = re.compile(r"^thread \((?P<tid>\d+)\): (?P<stack>.*) (?P<count>\d+)$")
ROOT = str(Path(__file__).resolve().parents[1]) + "/"
FRAME = re.compile(r"^(?P<function>.*) \((?P<file>.*?)(?::(?P<line>\d+))?\)$")


@dataclass
class Thread:
    name: str
    samples: int = 0
    own: Counter[str] = field(default_factory=Counter)
    inclusive: Counter[str] = field(default_factory=Counter)


def frame_name(frame: str) -> str:
    """``function (path/to/module.py)`` without the line: one entry per function."""
    match = FRAME.match(frame)
    if match is None:
        return frame
    path = match["file"]
    short = path.split("site-packages/")[-1].removeprefix(ROOT)
    return f"{match['function']} ({short})"


def read(path: Path, packages: tuple[str, ...]) -> dict[str, Thread]:
    threads: dict[str, Thread] = {}
    for line in path.read_text().splitlines():
        match = LINE.match(line)
        if match is None:
            continue
        name, *frames = match["stack"].split(";")
        key = f"{name} ({match['tid']})"
        thread = threads.setdefault(key, Thread(name))
        count = int(match["count"])
        thread.samples += count
        if not frames:
            continue
        thread.own[frame_name(frames[-1])] += count
        seen = set()
        for frame in frames:
            named = frame_name(frame)
            if named not in seen and any(p in frame for p in packages):
                seen.add(named)
                thread.inclusive[named] += count
    return threads


def report(threads: dict[str, Thread], rate: float, top: int) -> str:
    lines: list[str] = []
    total = sum(t.samples for t in threads.values())
    lines.append(f"total: {total} samples = {total / rate:.2f} s of CPU")
    for key, thread in sorted(threads.items(), key=lambda kv: -kv[1].samples):
        if thread.samples < total * 0.01:
            continue
        share = 100 * thread.samples / total if total else 0
        lines.append("")
        lines.append(f"== {key}: {thread.samples / rate:.2f} s ({share:.0f} %)")
        lines.append("  self:")
        for name, count in thread.own.most_common(top):
            lines.append(f"    {100 * count / thread.samples:5.1f} %  {name}")
        lines.append("  inclusive (selected packages):")
        for name, count in thread.inclusive.most_common(top):
            lines.append(f"    {100 * count / thread.samples:5.1f} %  {name}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.flame", description=__doc__)
    parser.add_argument("profile", type=Path)
    parser.add_argument("--rate", type=float, default=100.0, help="py-spy's -r (samples/s)")
    parser.add_argument("--top", type=int, default=15)
    parser.add_argument("--package", action="append", help="inclusive totals for these")
    args = parser.parse_args(argv)
    packages = tuple(args.package or ["anahp_desktop"])
    print(report(read(args.profile, packages), args.rate, args.top))
    return 0


if __name__ == "__main__":
    sys.exit(main())
