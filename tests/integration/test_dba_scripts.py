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


SCHEMA = migrate.DEFAULT_SCHEMA


def test_state_tables_script_is_exactly_the_migration_in_the_apps_own_schema() -> None:
    create_schema = f"IF SCHEMA_ID(N'{SCHEMA}') IS NULL EXEC(N'CREATE SCHEMA [{SCHEMA}]')"
    assert statements("state_tables.sql") == [
        create_schema,
        *ddl_statements(migrate.offline_sql("mssql", SCHEMA)),
    ]
    for statement in statements("state_tables.sql"):
        for match in re.finditer(r"(?:TABLE|ON|INTO|REFERENCES) ([\w.]+)", statement):
            assert match.group(1).startswith(f"{SCHEMA}."), statement  # never dbo


def test_state_tables_script_is_up_to_date_byte_for_byte() -> None:
    tool = ROOT / "tools" / "mssql_state_tables.py"
    done = subprocess.run([sys.executable, str(tool), "--check"], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr


def test_state_tables_script_stamps_the_head_revision() -> None:
    version = f"{SCHEMA}.{migrate.VERSION_TABLE}"
    stamps = [
        s
        for s in statements("state_tables.sql")
        if s.startswith((f"INSERT INTO {version}", f"UPDATE {version}"))
    ]
    assert stamps[0].startswith(f"INSERT INTO {version} (version_num) OUTPUT inserted.version_num")
    assert stamps[-1].startswith(f"UPDATE {version} SET version_num='{migrate.head_revision()}'")
    created = {
        re.match(rf"CREATE TABLE {SCHEMA}\.(\w+)", s).group(1)  # type: ignore[union-attr]
        for s in statements("state_tables.sql")
        if s.startswith("CREATE TABLE")
    }
    assert created == set(schema.metadata.tables) | {migrate.VERSION_TABLE}


def grants() -> set[tuple[str, str]]:
    """(permission, object) for every GRANT in grants.sql, one per permission."""
    found: set[tuple[str, str]] = set()
    for match in re.finditer(
        r"^\s*GRANT (.+?) ON (?:OBJECT::)?(\S+) TO (\S+);", script("grants.sql"), re.MULTILINE
    ):
        permissions, target, grantee = match.groups()
        assert grantee == "anahp_sync_role"
        for permission in permissions.split(","):
            found.add((permission.strip().upper(), target))
    return found


def test_grants_are_least_privilege() -> None:
    """The view, the Change Tracking functions and the app's own schema: nothing in dbo else."""
    expected = {
        ("SELECT", "dbo.sinha_export"),
        ("SELECT", "dbo.sinha_export_changes"),
        ("SELECT", "dbo.sinha_export_changes_min_valid"),
    }
    for permission in ("SELECT", "INSERT", "UPDATE", "DELETE"):
        expected.add((permission, f"SCHEMA::{SCHEMA}"))
    assert grants() == expected
    text = script("grants.sql")
    lines = [line.strip() for line in text.splitlines() if not line.lstrip().startswith("--")]
    upper = [line.upper() for line in lines]
    # every GRANT was parsed above (none on the database, a schema or the server)
    assert sum(line.startswith("GRANT ") for line in upper) == len(
        re.findall(r"^\s*GRANT ", text, re.MULTILINE)
    )
    assert all(" ON " in line for line in upper if line.startswith("GRANT "))
    memberships = [line for line in lines if "ADD MEMBER" in line.upper()]
    assert memberships == ["ALTER ROLE anahp_sync_role ADD MEMBER anahp_sync;"]
    for line in upper:
        assert "SP_ADDROLEMEMBER" not in line and "ALTER SERVER ROLE" not in line, line
        assert "WITH GRANT OPTION" not in line and not line.startswith("EXEC SP_"), line
    assert "ALTER ROLE anahp_sync_role ADD MEMBER anahp_sync;" in text
    assert f"WITH DEFAULT_SCHEMA = {SCHEMA}" in text
    assert f"EXEC(N'CREATE SCHEMA [{SCHEMA}] AUTHORIZATION dbo')" in text
    assert SourceSettings.model_fields  # (the view stays in dbo: source.view)


def view_columns(text: str) -> list[str]:
    body = re.search(
        r"CREATE OR ALTER VIEW dbo\.sinha_export\s+AS\s+SELECT(.*?)\bFROM\b", text, re.S
    )
    assert body, "no CREATE OR ALTER VIEW dbo.sinha_export"
    return re.findall(r"\bAS (\w+)\s*(?:,|$)", body.group(1), re.MULTILINE)


def executable(text: str) -> str:
    """The script without its comments."""
    return "\n".join(line.split("--", 1)[0] for line in text.splitlines())


def test_example_view_has_exactly_the_contract_columns() -> None:
    text = script("example_view.sql")
    assert view_columns(text) == list(COLUMN_NAMES)


def test_the_default_path_changes_nothing_on_the_vendors_tables() -> None:
    """The view alone: no column, trigger or index on the hospital system's tables."""
    code = executable(script("example_view.sql")).upper()
    for forbidden in ("ALTER TABLE", "CREATE TRIGGER", "CREATE OR ALTER TRIGGER", "CREATE INDEX"):
        assert forbidden not in code, forbidden
    assert "CREATE OR ALTER VIEW DBO.SINHA_EXPORT" in code


DBA_SCRIPTS = sorted(p.name for p in SCRIPTS.glob("*.sql"))
CHANGING_SCRIPTS = [n for n in DBA_SCRIPTS if n not in ("prechecks.sql", "state_tables.sql")]


@pytest.mark.parametrize("name", DBA_SCRIPTS)
def test_no_script_creates_a_filtered_index(name: str) -> None:
    """A filtered index makes writes from QUOTED_IDENTIFIER OFF code fail (error 1934)."""
    code = " ".join(executable(script(name)).split())
    for match in re.finditer(r"CREATE (?:UNIQUE )?(?:NONCLUSTERED )?INDEX .*?\)(.{0,40})", code):
        assert not match.group(1).lstrip().upper().startswith("WHERE"), match.group(0)


@pytest.mark.parametrize("name", CHANGING_SCRIPTS)
def test_every_changing_script_says_what_it_changes_when_to_run_it_and_how_to_undo_it(
    name: str,
) -> None:
    head = script(name).split("\n\n", 1)[0] + script(name)[:4000]
    assert "WHAT IT CHANGES" in head, name
    assert "MAINTENANCE WINDOW" in head, name
    assert "UNDO" in head, name


def test_the_prechecks_change_nothing_and_look_for_what_breaks_the_hospital_system() -> None:
    text = script("prechecks.sql")
    code = executable(text).upper()
    for verb in ("ALTER ", "CREATE ", "DROP ", "INSERT INTO", "UPDATE ", "DELETE ", "GRANT "):
        assert verb not in code.replace("LIKE N'%INSERT", ""), verb
    for needle in (
        "uses_quoted_identifier = 0",
        "uses_ansi_nulls = 0",
        "sys.triggers",
        "EntityFramework",
        "VALUES",
        "sys.change_tracking_tables",
        "TYPE_ID(N'timestamp')",
    ):
        assert needle in text, needle


def test_the_fallback_trigger_fires_only_when_an_exported_column_really_changed() -> None:
    text = script("fallback_updated_at.sql")
    body = text[text.index("CREATE OR ALTER TRIGGER dbo.trg_internacoes_alterado_em") :]
    body = body[: body.index("GO")]
    compared = re.search(r"SELECT (n\..*?)\s+EXCEPT\s+SELECT (d\..*?)\s+FROM deleted", body, re.S)
    assert compared, body
    new = [c.strip()[2:] for c in compared.group(1).split(",")]
    old = [c.strip()[2:] for c in compared.group(2).split(",")]
    assert new == old and "alterado_em" not in new
    exported = {"numero_atendimento", "data_entrada", "data_saida", "motivo_saida", "cid_principal"}
    assert exported <= set(new)


def test_the_fallback_column_is_added_without_rewriting_the_table() -> None:
    code = " ".join(executable(script("fallback_updated_at.sql")).split())
    assert "ADD alterado_em DATETIME2(7) NULL;" in code
    assert "NOT NULL" not in code.split("ADD alterado_em", 1)[1].split(";", 1)[0]
    assert "UPDATE TOP (5000)" in code  # filled in small batches


def test_rowversion_script_uses_a_rowversion_column_that_exists_under_another_name() -> None:
    text = script("rowversion.sql")
    column = SourceSettings().rowversion_column
    assert view_columns(text) == [*COLUMN_NAMES, column]
    assert f"ADD {column} ROWVERSION" in text
    code = executable(text)
    # the view and the index name the column the table has, found in sys.columns
    assert "system_type_id = TYPE_ID(N'timestamp')" in code
    assert "QUOTENAME(@column) + N'  AS row_version" in code
    assert "i.row_version" not in code
    assert "ON dbo.internacoes (' + QUOTENAME(@column) + N', id_internacao)" in code


def test_change_tracking_script_touches_no_column_trigger_or_index_of_the_vendor() -> None:
    code = executable(script("change_tracking.sql"))
    upper = code.upper()
    for forbidden in ("ADD ", "TRIGGER", "CREATE INDEX", "DROP "):
        assert forbidden not in upper.replace("ENABLE CHANGE_TRACKING", ""), forbidden
    assert "SET CHANGE_TRACKING = ON (CHANGE_RETENTION = 7 DAYS, AUTO_CLEANUP = ON)" in code
    assert "ALTER TABLE dbo.internacoes ENABLE CHANGE_TRACKING" in code
    # the function the app reads: its columns are the cursor's and then the contract's
    function = code[code.index("CREATE OR ALTER FUNCTION dbo.sinha_export_changes (") :]
    selected = function[function.index("SELECT l.id") : function.index("FROM latest")]
    names = re.findall(r"AS (change_id|change_version)|v\.(\w+)", selected)
    assert [a or b for a, b in names] == ["change_id", "change_version", *COLUMN_NAMES]
    assert "CHANGETABLE(CHANGES dbo.internacoes, @since)" in function
    assert "LEFT JOIN dbo.sinha_export AS v" in function  # deletions come back as NULLs
    assert "CHANGE_TRACKING_MIN_VALID_VERSION(OBJECT_ID(N'dbo.internacoes'))" in code
    assert SourceSettings().changes_function == "dbo.sinha_export_changes"


def test_snapshot_script_changes_no_other_applications_reads() -> None:
    text = script("snapshot_isolation.sql")
    executable = [line for line in text.splitlines() if not line.lstrip().startswith("--")]
    assert "ALTER DATABASE CURRENT SET ALLOW_SNAPSHOT_ISOLATION ON;" in executable
    assert not any("READ_COMMITTED_SNAPSHOT" in line for line in executable)


@pytest.mark.parametrize("name", DBA_SCRIPTS)
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
