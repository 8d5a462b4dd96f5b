"""The language a second launch speaks on the console: the running window's.

The first copy chose its language from ``--lang`` or the settings file; the
second reads the same two (only once the first was told to show itself, so
the window comes up without waiting for this).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from anahp_desktop.errors import AnahpError


def configured_language(args: argparse.Namespace) -> str | None:
    """``--lang``, else the settings file's ``app.language``; None when it cannot be read."""
    if args.lang:
        return str(args.lang)
    from anahp_desktop.config import loader

    try:
        if args.demo:
            from anahp_desktop.demo.environment import default_folder
            from anahp_desktop.ui.demo_mode import CONFIG_NAME

            folder = Path(args.demo_dir) if args.demo_dir else default_folder()
            return loader.load(folder / CONFIG_NAME, env={}).settings.app.language
        return loader.load(args.config).settings.app.language
    except AnahpError:  # a broken file: the running window said so; the system language here
        return None
