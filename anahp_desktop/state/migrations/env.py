"""Alembic environment for the state store (run through anahp_desktop.state.migrate)."""

from __future__ import annotations

from alembic import context

from anahp_desktop.state.schema import metadata

VERSION_TABLE = "anahp_alembic_version"

config = context.config


def run_offline() -> None:
    """Render SQL without a database (used to hand DBAs and tests the DDL)."""
    context.configure(
        url=config.get_main_option("sqlalchemy.url"),
        dialect_name=config.get_main_option("dialect_name") or None,
        target_metadata=metadata,
        literal_binds=True,
        version_table=VERSION_TABLE,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_online() -> None:
    connection = config.attributes["connection"]
    context.configure(
        connection=connection,
        target_metadata=metadata,
        version_table=VERSION_TABLE,
        render_as_batch=connection.dialect.name == "sqlite",
    )
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    run_offline()
else:
    run_online()
