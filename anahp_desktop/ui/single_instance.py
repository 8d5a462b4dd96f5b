"""One running app per user: a second launch asks the first to show its window, then exits.

Two copies can start at the same moment (the ``Run`` key and a shortcut in the
Startup folder at logon, a double click on a slow machine): a local socket
alone cannot tell them apart, since the first only listens once its window is
built, and on Windows several servers may even listen on one pipe name. So
the first copy takes an operating-system lock file (:class:`InstanceLock`)
before anything else; a copy that finds it taken waits for the first to
listen, asks it to show itself, and exits.

Windows gives the foreground only to the program the user just started, so
the second copy first lets the first take it (``AllowSetForegroundWindow``);
where Windows still refuses, the window's taskbar button flashes
(``QApplication.alert``) -- the README says so.
"""

from __future__ import annotations

import getpass
import hashlib
import sys
import time
from collections.abc import Callable

from PySide6.QtCore import QDir, QLockFile, QObject, QThread, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket

CONNECT_TIMEOUT_MS = 500
# how long a second copy waits for the first one to come up and answer
WAIT_FOR_FIRST_MS = 20_000
RETRY_MS = 100
SHOW_MESSAGE = b"show\n"

AllowForeground = Callable[[int], None]


def server_name(scope: str) -> str:
    """A per-user name (the demo gets its own, so it can run beside a real installation)."""
    try:
        user = getpass.getuser()
    except (OSError, KeyError):
        user = "user"
    digest = hashlib.sha256(f"{user}:{scope}".encode()).hexdigest()[:16]
    return f"anahp-desktop-{digest}"


class InstanceLock:
    """The lock file that makes the first copy the only one (held for the app's whole life).

    A copy that crashed leaves the file behind; Qt sees that its process is gone
    and takes the lock over. Age alone never makes it stale: the app runs for days.
    """

    def __init__(self, name: str, folder: str | None = None) -> None:
        self.path = f"{folder or QDir.tempPath()}/{name}.lock"
        self._lock = QLockFile(self.path)
        self._lock.setStaleLockTime(0)

    def acquire(self) -> bool | None:
        """True: this is the first copy; False: another holds it; None: no lock can be made."""
        if self._lock.tryLock(0):
            return True
        if self._lock.error() == QLockFile.LockError.LockFailedError:
            return False
        return None

    def holder_pid(self) -> int | None:
        """The first copy's process id, from the lock file (PySide6: ``(pid, host, app)``)."""
        info = self._lock.getLockInfo()
        values = info if isinstance(info, tuple) else (info,)
        pids = [v for v in values if isinstance(v, int) and not isinstance(v, bool) and v > 0]
        return pids[0] if pids else None

    def release(self) -> None:
        self._lock.unlock()


def allow_foreground(pid: int) -> None:
    """Let process ``pid`` take the foreground (Windows; elsewhere there is nothing to allow)."""
    if sys.platform == "win32":
        import ctypes

        ctypes.windll.user32.AllowSetForegroundWindow(pid)


def notify_running(
    name: str,
    wait_ms: int = 0,
    holder_pid: int | None = None,
    allow: AllowForeground = allow_foreground,
) -> bool:
    """True when another instance answered (it was told to show itself).

    With ``wait_ms`` the first copy may still be starting: keep trying until it listens.
    """
    deadline = time.monotonic() + wait_ms / 1000
    while True:
        socket = QLocalSocket()
        socket.connectToServer(name)
        if socket.waitForConnected(CONNECT_TIMEOUT_MS):
            if holder_pid:
                allow(holder_pid)
            socket.write(SHOW_MESSAGE)
            socket.flush()
            socket.waitForBytesWritten(CONNECT_TIMEOUT_MS)
            socket.disconnectFromServer()
            return True
        if time.monotonic() >= deadline:
            return False
        QThread.msleep(RETRY_MS)


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
