"""Checking source rows and turning them into SINHA records (pure, no I/O)."""
