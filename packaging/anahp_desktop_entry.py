"""Frozen entry point of ``anahp-desktop`` (build.spec turns this file into the windowed exe)."""

import sys

from anahp_desktop.ui.app import main

sys.exit(main())
