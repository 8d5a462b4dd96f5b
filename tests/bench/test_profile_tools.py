"""The profile tools' arithmetic: py-spy's raw stacks per thread, and the per-slice step costs."""

from __future__ import annotations

from pathlib import Path

from bench import flame, phases

RAW = """\
thread (11): MainThread;main (anahp_desktop/cli/main.py:60);run (anahp_desktop/sync/service.py:9) 30
thread (11): MainThread;main (anahp_desktop/cli/main.py:60);wait (threading.py:320) 10
thread (12): sync-extract;_run (anahp_desktop/sync/extraction.py:9);iso (anahp_desktop/transform/validate.py:207) 45
thread (12): sync-extract;_run (anahp_desktop/sync/extraction.py:9);fetchall (/x/site-packages/sqlalchemy/engine/cursor.py:1) 15
not a stack line
"""


def test_flame_counts_self_and_inclusive_samples_per_thread(tmp_path: Path) -> None:
    profile = tmp_path / "p.txt"
    profile.write_text(RAW)
    threads = flame.read(profile, ("anahp_desktop",))
    producer = threads["sync-extract (12)"]
    assert producer.samples == 60
    assert producer.own == {
        "iso (anahp_desktop/transform/validate.py)": 45,
        "fetchall (sqlalchemy/engine/cursor.py)": 15,
    }
    assert producer.inclusive == {
        "_run (anahp_desktop/sync/extraction.py)": 60,
        "iso (anahp_desktop/transform/validate.py)": 45,
    }
    main = threads["MainThread (11)"]
    assert (main.samples, main.inclusive["main (anahp_desktop/cli/main.py)"]) == (40, 40)
    text = flame.report(threads, rate=100, top=5)
    assert text.splitlines()[0] == "total: 100 samples = 1.00 s of CPU"
    assert "== sync-extract (12): 0.60 s (60 %)" in text
    assert "     75.0 %  iso (anahp_desktop/transform/validate.py)" in text


def test_phases_reports_the_mean_cost_of_each_slice_of_calls() -> None:
    calls = {"read page": [(0.001, 0.0005)] * 5 + [(0.003, 0.002)] * 5, "unused": []}
    table = phases.table(calls, parts=2)
    assert table == {
        "read page": {
            "calls": 10,
            "total_wall_s": 0.02,
            "total_cpu_s": 0.01,
            "wall_ms": [1.0, 3.0],
            "cpu_ms": [0.5, 2.0],
        }
    }
