"""Write sql/mssql/state_tables.sql: the state store's tables for DBAs who create them.

    python tools/mssql_state_tables.py          # rewrite the file from the migrations
    python tools/mssql_state_tables.py --check  # exit 1 if the file is out of date

The body is Alembic's offline rendering of every migration for SQL Server,
so the tables, indexes and the version stamp are exactly what the app would
create itself; the app then finds its version table at the head revision and
creates nothing. A test (tests/integration/test_dba_scripts.py) fails when the
file and the migrations disagree.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TARGET = ROOT / "sql" / "mssql" / "state_tables.sql"

HEADER = """\
-- ANAHP Sync Desktop: the state store's tables, for DBAs who do not let applications
-- create tables. GENERATED from the app's migrations by tools/mssql_state_tables.py;
-- do not edit by hand (a test compares this file with the migrations).
--
-- Run once, as a user allowed to create tables, in the database that will hold the
-- state (the hospital database itself, or a small database of its own):
--
--     sqlcmd -S server -d database -E -b -i state_tables.sql
--
-- (-b stops at the first error, so a failed run leaves nothing half done; in SSMS,
-- check the Messages tab.) Everything is created in the schema {schema} (the app's
-- state.schema_name), created first if missing: nothing goes into dbo, next to the hospital
-- system's tables. The last insert stamps the version table with revision {revision}:
-- the app sees "up to date" and creates nothing. Then run grants.sql.
--
-- WHAT IT CHANGES: the schema {schema} and the app's tables in it; nothing else.
-- MAINTENANCE WINDOW: not needed.
-- UNDO: drop the tables of the schema {schema} (the app's only), then DROP SCHEMA {schema};

"""


def render() -> str:
    sys.path.insert(0, str(ROOT))
    from anahp_desktop.state import migrate

    schema = migrate.DEFAULT_SCHEMA
    rendered = migrate.offline_sql("mssql", schema)
    body = "\n".join(line.rstrip() for line in rendered.splitlines())
    create = f"IF SCHEMA_ID(N'{schema}') IS NULL EXEC(N'CREATE SCHEMA [{schema}]');\n\nGO\n\n"
    header = HEADER.format(revision=migrate.head_revision(), schema=schema)
    return header + create + body.strip() + "\n"


def main(argv: list[str]) -> int:
    text = render()
    if "--check" in argv:
        current = TARGET.read_text(encoding="utf-8") if TARGET.exists() else ""
        if current != text:
            print(f"{TARGET.relative_to(ROOT)} is out of date: run tools/mssql_state_tables.py")
            return 1
        return 0
    TARGET.parent.mkdir(parents=True, exist_ok=True)
    TARGET.write_text(text, encoding="utf-8")
    print(f"wrote {TARGET.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
