"""Alembic environment for the state store (run through anahp_desktop.state.migrate)."""

from __future__ import annotations

import functools

from alembic import context

from anahp_desktop.state.schema import metadata

VERSION_TABLE = "anahp_alembic_version"

config = context.config


def run_offline() -> None:
    """Render SQL without a database (used to hand DBAs and tests the DDL).

    With a schema (config.attributes["schema"]) every name is qualified with it, as
    the schema_translate_map of the app's engine does online (state/migrate.py).
    """
    context.configure(
        url=config.get_main_option("sqlalchemy.url"),
        dialect_name=config.get_main_option("dialect_name") or None,
        target_metadata=metadata,
        literal_binds=True,
        version_table=VERSION_TABLE,
    )
    schema = config.attributes.get("schema")
    if schema:
        dialect = context.get_context().dialect
        translate = {None: schema}
        dialect.ddl_compiler = functools.partial(  # type: ignore[method-assign]
            type(dialect).ddl_compiler, schema_translate_map=translate
        )
        dialect.statement_compiler = functools.partial(  # type: ignore[method-assign]
            type(dialect).statement_compiler, schema_translate_map=translate
        )
    with context.begin_transaction():
        context.run_migrations()


def run_online() -> None:
    connection = config.attributes["connection"]
    translate = connection.get_execution_options().get("schema_translate_map") or {}
    config.attributes["schema"] = translate.get(None)  # for migrations' state_schema()
    context.configure(
        connection=connection,
        target_metadata=metadata,
        version_table=VERSION_TABLE,
        version_table_schema=translate.get(None),
        render_as_batch=connection.dialect.name == "sqlite",
    )
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    run_offline()
else:
    run_online()
