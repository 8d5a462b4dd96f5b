"""Which notification a finished run deserves, and what clicking it opens."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication

#: error categories that say SINHA itself answered badly (the SINHA card turns red)
SINHA_CATEGORIES = ("transport", "server", "auth", "tls")


@dataclass(frozen=True)
class Notification:
    title: str
    text: str
    error: bool
    id_lote: str = ""  # the failed batch to open when clicked ("" : the dashboard)


class OutcomeNotifier:
    """Remembers whether the last run failed, to say "working again" once it works.

    ``window_visible``: the window shows the outcome itself; a balloon then
    would only cover it (and a dialog's buttons), so none is given.
    """

    def __init__(self) -> None:
        self.last_failed: bool | None = None

    def learn(self, failed: bool) -> None:
        """At start-up, from the state store: the last run's outcome."""
        if self.last_failed is None:
            self.last_failed = failed

    def after_run(
        self, failed: bool, text: str, failed_lote: str | None, *, window_visible: bool
    ) -> Notification | None:
        before, self.last_failed = self.last_failed, failed
        if window_visible:
            return None
        if failed:
            return Notification(
                QCoreApplication.translate("Outcome", "ANAHP Sync: the sync failed"),
                text + "\n" + QCoreApplication.translate("Outcome", "Click to see the details."),
                True,
                failed_lote or "",
            )
        if before:
            return Notification(
                QCoreApplication.translate("Outcome", "ANAHP Sync: working again"), text, False
            )
        return None


def connection_ok_text(which: str) -> str:
    """What a connection card says when its test passed ("database" or "sinha")."""
    if which == "database":
        return QCoreApplication.translate("MainWindow", "The view answers as agreed.")
    return QCoreApplication.translate("MainWindow", "SINHA accepts the credentials.")


def connection_title(category: str | None) -> str | None:
    """The SINHA card's title for an error category (None: the card's own "Not reachable")."""
    titles = {
        "server": QCoreApplication.translate("MainWindow", "Answering with errors"),
        "auth": QCoreApplication.translate("MainWindow", "Credentials refused"),
        "tls": QCoreApplication.translate("MainWindow", "TLS problem"),
    }
    return titles.get(category or "")
