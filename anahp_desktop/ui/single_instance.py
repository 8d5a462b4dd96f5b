"""One running app per user: a second launch asks the first to show its window, then exits."""

from __future__ import annotations

import getpass
import hashlib

from PySide6.QtCore import QObject, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket

CONNECT_TIMEOUT_MS = 500
SHOW_MESSAGE = b"show\n"


def server_name(scope: str) -> str:
    """A per-user name (the demo gets its own, so it can run beside a real installation)."""
    try:
        user = getpass.getuser()
    except (OSError, KeyError):
        user = "user"
    digest = hashlib.sha256(f"{user}:{scope}".encode()).hexdigest()[:16]
    return f"anahp-desktop-{digest}"


def notify_running(name: str) -> bool:
    """True when another instance answered (it was told to show itself)."""
    socket = QLocalSocket()
    socket.connectToServer(name)
    if not socket.waitForConnected(CONNECT_TIMEOUT_MS):
        return False
    socket.write(SHOW_MESSAGE)
    socket.flush()
    socket.waitForBytesWritten(CONNECT_TIMEOUT_MS)
    socket.disconnectFromServer()
    return True


class InstanceServer(QObject):
    """Listens for later launches. Signals: show_requested()."""

    show_requested = Signal()

    def __init__(self, name: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._clients: list[QLocalSocket] = []
        self._server = QLocalServer(self)
        self._server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        self._server.newConnection.connect(self._on_connection)
        if not self._server.listen(name):
            # a crashed instance left its socket file behind: nobody answered, so take it over
            QLocalServer.removeServer(name)
            self._server.listen(name)

    @property
    def listening(self) -> bool:
        return bool(self._server.isListening())

    def close(self) -> None:
        self._server.close()

    def _on_connection(self) -> None:
        while self._server.hasPendingConnections():
            socket = self._server.nextPendingConnection()
            socket.setParent(self)
            self._clients.append(socket)
            socket.readyRead.connect(self._on_ready)
            if socket.bytesAvailable():
                self._read(socket)

    def _on_ready(self) -> None:
        for socket in list(self._clients):
            if socket.bytesAvailable():
                self._read(socket)

    def _read(self, socket: QLocalSocket) -> None:
        data = bytes(socket.readAll().data())
        self._clients.remove(socket)
        socket.readyRead.disconnect(self._on_ready)
        socket.disconnectFromServer()
        socket.deleteLater()
        if data.startswith(SHOW_MESSAGE.strip()):
            self.show_requested.emit()
