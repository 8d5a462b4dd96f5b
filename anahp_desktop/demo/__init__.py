"""The demo: synthetic source data and a SINHA emulator with fault injection."""
