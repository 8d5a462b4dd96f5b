"""Frozen entry point of ``anahp-sync`` (build.spec turns this file into the console exe)."""

import sys

from anahp_desktop.cli.launch import main

sys.exit(main())
