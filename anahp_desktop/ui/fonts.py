"""The one monospace font: the system's fixed-pitch font, as Qt finds it on each platform.

A style sheet's ``font-family: monospace`` names a family Windows does not
have (Qt then falls back to a proportional font); ``QFontDatabase.systemFont``
gives Consolas on Windows, Menlo on macOS and the desktop's choice on Linux.
"""

from __future__ import annotations

from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QWidget


def fixed_font() -> QFont:
    return QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)


def use_fixed_font(widget: QWidget) -> QWidget:
    """Show ``widget`` (an id, a path, a payload) in the fixed-pitch font; returns it."""
    widget.setFont(fixed_font())
    return widget
