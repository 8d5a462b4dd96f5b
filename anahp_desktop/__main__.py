"""``python -m anahp_desktop`` opens the desktop app (the CLI is ``anahp-sync``)."""

from __future__ import annotations

import sys

from anahp_desktop.ui.app import main

if __name__ == "__main__":
    sys.exit(main())
