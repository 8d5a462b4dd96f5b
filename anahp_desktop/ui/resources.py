"""Where the icons and translations are, in a source tree and in a frozen bundle."""

from __future__ import annotations

import os
import sys
from pathlib import Path

RESOURCES_ENV = "ANAHP_RESOURCES"


def resources_dir() -> Path:
    """``resources/`` of the repository, or of the PyInstaller bundle."""
    override = os.environ.get(RESOURCES_ENV)
    if override:
        return Path(override)
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        return Path(bundle) / "resources"
    return Path(__file__).resolve().parents[2] / "resources"


def icon_path(name: str) -> Path:
    return resources_dir() / "icons" / f"{name}.svg"


def translation_path(language: str) -> Path:
    return resources_dir() / "i18n" / f"anahp_desktop_{language}.qm"
