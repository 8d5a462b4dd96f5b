"""The anahp-sync command line."""
