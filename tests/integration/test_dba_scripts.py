"""The DBA scripts in sql/mssql/ stay true to the app: same tables, least privilege, the contract.

No SQL Server runs here, so the scripts are checked against what the app
itself would do: the state tables against Alembic's offline rendering of the
migrations, the grants against the tables the engine uses, the view against
the column contract and the settings' defaults.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from anahp_desktop.config.settings import SourceSettings
from anahp_desktop.source.contract import COLUMN_NAMES
from anahp_desktop.state import migrate, schema
from tests.integration.test_sqlserver_statements import ddl_statements

ROOT = Path(__file__).resolve().parents[2]
SCRIPTS = ROOT / "sql" / "mssql"


def script(name: str) -> str:
    return (SCRIPTS / name).read_text(encoding="utf-8")


def statements(name: str) -> list[str]:
    return ddl_statements(script(name))


def test_state_tables_script_is_exactly_the_migration() -> None:
    assert statements("state_tables.sql") == ddl_statements(migrate.offline_sql("mssql"))


def test_state_tables_script_is_up_to_date_byte_for_byte() -> None:
    tool = ROOT / "tools" / "mssql_state_tables.py"
    done = subprocess.run([sys.executable, str(tool), "--check"], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr


def test_state_tables_script_stamps_the_head_revision() -> None:
    version = migrate.VERSION_TABLE
    stamps = [
        s
        for s in statements("state_tables.sql")
        if s.startswith((f"INSERT INTO {version}", f"UPDATE {version}"))
    ]
    assert stamps[0].startswith(f"INSERT INTO {version} (version_num) OUTPUT inserted.version_num")
    assert stamps[-1].startswith(f"UPDATE {version} SET version_num='{migrate.head_revision()}'")
    created = {
        re.match(r"CREATE TABLE (\w+)", s).group(1)  # type: ignore[union-attr]
        for s in statements("state_tables.sql")
        if s.startswith("CREATE TABLE")
    }
    assert created == set(schema.metadata.tables) | {migrate.VERSION_TABLE}


def grants() -> set[tuple[str, str]]:
    """(permission, object) for every GRANT in grants.sql, one per permission."""
    found: set[tuple[str, str]] = set()
    for match in re.finditer(
        r"^GRANT (.+?) ON (?:OBJECT::)?(\S+) TO (\S+);", script("grants.sql"), re.MULTILINE
    ):
        permissions, target, grantee = match.groups()
        assert grantee == "anahp_sync_role"
        for permission in permissions.split(","):
            found.add((permission.strip().upper(), target))
    return found


def test_grants_are_least_privilege() -> None:
    expected = {("SELECT", "dbo.sinha_export"), ("SELECT", f"dbo.{migrate.VERSION_TABLE}")}
    for table in schema.metadata.tables:
        for permission in ("SELECT", "INSERT", "UPDATE", "DELETE"):
            expected.add((permission, f"dbo.{table}"))
    assert grants() == expected
    text = script("grants.sql")
    lines = [line.strip() for line in text.splitlines() if not line.lstrip().startswith("--")]
    upper = [line.upper() for line in lines]
    # every GRANT was parsed above (none on the database, a schema or the server)
    assert sum(line.startswith("GRANT ") for line in upper) == len(
        re.findall(r"^GRANT ", text, re.MULTILINE)
    )
    assert all(" ON " in line for line in upper if line.startswith("GRANT "))
    memberships = [line for line in lines if "ADD MEMBER" in line.upper()]
    assert memberships == ["ALTER ROLE anahp_sync_role ADD MEMBER anahp_sync;"]
    for line in upper:
        assert "SP_ADDROLEMEMBER" not in line and "ALTER SERVER ROLE" not in line, line
        assert "WITH GRANT OPTION" not in line and not line.startswith("EXEC SP_"), line
    assert "ALTER ROLE anahp_sync_role ADD MEMBER anahp_sync;" in text
    assert "WITH DEFAULT_SCHEMA = dbo" in text  # unqualified table names resolve to dbo


def view_columns(text: str) -> list[str]:
    body = re.search(
        r"CREATE OR ALTER VIEW dbo\.sinha_export\s+AS\s+SELECT(.*?)\bFROM\b", text, re.S
    )
    assert body, "no CREATE OR ALTER VIEW dbo.sinha_export"
    return re.findall(r"\bAS (\w+)\s*(?:,|$)", body.group(1), re.MULTILINE)


def test_example_view_has_exactly_the_contract_columns() -> None:
    text = script("example_view.sql")
    assert view_columns(text) == list(COLUMN_NAMES)
    assert "DATETIME2(7)" in text and "CREATE OR ALTER TRIGGER" in text
    assert re.search(r"CREATE INDEX \w+\s+ON dbo\.internacoes \(alterado_em, id_internacao\)", text)


def test_rowversion_script_matches_the_settings_default() -> None:
    text = script("rowversion.sql")
    column = SourceSettings().rowversion_column
    assert view_columns(text) == [*COLUMN_NAMES, column]
    assert f"ADD {column} ROWVERSION" in text
    assert re.search(rf"ON dbo\.internacoes \({column}, id_internacao\)", text)


def test_snapshot_script_changes_no_other_applications_reads() -> None:
    text = script("snapshot_isolation.sql")
    executable = [line for line in text.splitlines() if not line.lstrip().startswith("--")]
    assert "ALTER DATABASE CURRENT SET ALLOW_SNAPSHOT_ISOLATION ON;" in executable
    assert not any("READ_COMMITTED_SNAPSHOT" in line for line in executable)


@pytest.mark.parametrize(
    "name",
    [
        "example_view.sql",
        "state_tables.sql",
        "grants.sql",
        "snapshot_isolation.sql",
        "rowversion.sql",
    ],
)
def test_every_script_is_referenced_from_the_readme_and_the_guide(name: str) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    guide = (ROOT / "docs" / "sql-server.md").read_text(encoding="utf-8")
    assert f"sql/mssql/{name}" in readme
    assert f"sql/mssql/{name}" in guide
    assert "docs/sql-server.md" in readme


def test_the_notice_names_a_script_that_exists() -> None:
    from anahp_desktop.source import scan

    source = Path(scan.__file__).read_text(encoding="utf-8")
    for name in re.findall(r"sql/mssql/(\w+\.sql)", source):
        assert (SCRIPTS / name).exists(), name
