"""ANAHP Sync Desktop: discharge records from the hospital's SQL Server to SINHA.

The engine (everything but :mod:`anahp_desktop.ui`) has no Qt import and runs
headless as ``anahp-sync``; the desktop app sits on top of it.
"""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("anahp-sync-desktop")
except PackageNotFoundError:  # pragma: no cover - running from a source tree without install
    __version__ = "0.0.0+unknown"

__all__ = ["__version__"]
