"""Taking over from the FastAPI service this app replaces, without sending its history twice.

The service kept its configuration in a ``.env`` file (or its container's
environment), the time of its last successful sync in ``LAST_SYNC_TIMESTAMP_FILE``
and its attempts in an ``operations_log`` table of the hospital database.
``anahp-sync migrate-from-service`` and the desktop app's first-run question
read those (:mod:`.service_env`, :mod:`.timestamp_file`, :mod:`.service_log`),
show what the first sync will send (:mod:`.preview`) and then write the app's
settings, secrets and starting point (:mod:`.plan`).
"""
