"""Alerts for installations nobody watches: e-mail and a webhook when syncing stops.

:mod:`.conditions` decides (pure), :mod:`.messages` words it (no patient data),
:mod:`.email` and :mod:`.webhook` deliver, :mod:`.state` remembers what each
channel was told, :mod:`.notifier` puts them together after every run.
"""
