"""Sync orchestration: batching, delivery, the run, and the wiring for CLI and GUI."""
