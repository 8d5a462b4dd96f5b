"""The PySide6 desktop app: the only package that imports Qt.

Widgets and Qt models sit on top of the engine. The sync runs in a worker
QObject on its own QThread (:mod:`.sync_controller`); every other database,
network or keyring call goes through :mod:`.tasks`, so the GUI thread never
waits on I/O.
"""
