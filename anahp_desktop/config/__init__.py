"""Settings: declared in :mod:`.settings`, read and written by :mod:`.loader`."""

from anahp_desktop.config.loader import LoadedConfig, load, save
from anahp_desktop.config.settings import Settings

__all__ = ["LoadedConfig", "Settings", "load", "save"]
