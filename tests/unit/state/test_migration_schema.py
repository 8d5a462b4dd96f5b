"""Migrations that ALTER an existing table name the state's schema themselves.

Alembic writes ``ALTER TABLE`` (alter_column, add_column, drop_column, rename) with the
bare table name and ignores the engine's schema_translate_map, so on SQL Server the
statement would look in the login's default schema (often ``dbo``) instead of
``anahp``. The offline DDL and every version file are checked.
"""

from __future__ import annotations

import ast
from pathlib import Path

from anahp_desktop.state import migrate

VERSIONS = Path(migrate.__file__).with_name("migrations") / "versions"
#: the operations Alembic renders with its own ALTER elements (format_table_name), which
#: the translate map never reaches; create/drop of tables, indexes and constraints go
#: through SQLAlchemy's DDL compiler and follow the map
ALTERING = {"alter_column", "add_column", "drop_column", "rename_table"}


def test_every_alter_of_an_existing_table_passes_the_state_schema() -> None:
    unqualified = []
    for path in sorted(VERSIONS.glob("0*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
                continue
            if node.func.attr not in ALTERING or getattr(node.func.value, "id", "") != "op":
                continue
            schema = [k for k in node.keywords if k.arg == "schema"]
            if not schema or ast.unparse(schema[0].value) != "state_schema()":
                unqualified.append(f"{path.name}:{node.lineno} op.{node.func.attr}")
    assert unqualified == []


def test_the_offline_ddl_qualifies_altered_tables_with_the_schema() -> None:
    ddl = migrate.offline_sql("mssql", "anahp")
    altered = [line for line in ddl.splitlines() if line.startswith("ALTER TABLE")]
    assert altered and all(line.startswith("ALTER TABLE anahp.") for line in altered)


def test_migrations_import_nothing_from_their_own_folder() -> None:
    """The bundle ships migrations/ as data files, so an import from it fails frozen."""
    own = "anahp_desktop.state.migrations"
    imports = []
    for path in sorted(VERSIONS.parent.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith(own):
                imports.append(f"{path.name}:{node.lineno}")
    assert imports == []
    assert (VERSIONS.parent / "__init__.py").read_text(encoding="utf-8") == ""
