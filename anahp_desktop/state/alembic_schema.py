"""The schema the migrations write ``ALTER TABLE`` into.

A module of its own, outside ``migrations/``: the bundle ships the migration scripts as
data files (Alembic reads them from disk), so nothing importable may live there.
"""

from __future__ import annotations


def state_schema() -> str | None:
    """The schema the state tables live in (None: the connection's default schema).

    Operations built from a Table (create_table, create_index) follow the engine's
    schema_translate_map, but Alembic writes ``ALTER TABLE`` for ``alter_column`` and
    the like with the bare name, which SQL Server resolves through the login's default
    schema (often ``dbo``): those operations must pass ``schema=state_schema()``.
    env.py puts the schema in the config's attributes, online and offline.
    """
    from alembic import context

    schema = context.config.attributes.get("schema")
    return str(schema) if schema else None
