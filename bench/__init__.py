"""Benchmarks of ANAHP Sync: ``python -m bench`` prints one JSON object.

Not tests: nothing here passes or fails on a figure. Each part runs the real
program in processes of its own (the engine, the naive baseline, the SINHA
emulator, the desktop app offscreen) on data it generates in a temporary
folder. See ``docs/performance.md`` for what each figure means and the
results.
"""
