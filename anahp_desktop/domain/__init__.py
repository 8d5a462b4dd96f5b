"""The app's vocabulary: what the engine, the state store, the CLI and the window all say.

Every module here is plain Python with no I/O, imported from below by everything
else (``state``, ``source``, ``sync``, ``cli``, ``ui``); none imports them back.

- :mod:`.statuses`: batch, attempt and run statuses, triggers, run results, and the
  named sets the rules are written with (which batches are open, sent again, ...).
- :mod:`.categories`: the error categories stored with a failed attempt or run.
- :mod:`.values`: value types shared by the reader, the store and the validator
  (a record version's key, the cursor's stored state).
- :mod:`.clock`: the injected clock, UTC and the view's local time, ISO texts.
- :mod:`.retry`: which errors are tried again, at each of the three levels.

Stored values are the same words as before the enums (no migration): a
``StrEnum`` member *is* its text in SQL, in JSON and in the log.
"""
