"""The domain vocabulary: the stored words never change, and nobody spells them out again.

Statuses, triggers and error categories are written to the state store, printed in
``sync --json`` and kept in alert fingerprints: their values are a contract with every
database and script out there. Outside ``anahp_desktop/domain/`` (and the migrations,
which must stay as they were written) the code names them by their enum members, so a
renamed or missing one is a mypy error, not a silent mismatch.
"""

from __future__ import annotations

import ast
from pathlib import Path

from anahp_desktop.db_errors import DbProblem
from anahp_desktop.domain.categories import NEEDS_SETTINGS, CategoryArea, ErrorCategory
from anahp_desktop.domain.statuses import (
    AttemptStatus,
    BatchStatus,
    RejectionOrigin,
    RunResult,
    RunStatus,
    Trigger,
)
from anahp_desktop.state.sqlite_problems import SqliteProblem

PACKAGE = Path(__file__).resolve().parents[3] / "anahp_desktop"
STORED = (BatchStatus, AttemptStatus, RunStatus, Trigger, ErrorCategory)

#: calls whose string arguments are prose for a person, never a stored code
PROSE_CALLS = frozenset({"_", "N_", "ngettext", "translate", "tr"})

#: (module, word): the same letters meaning something else, each checked by hand
NOT_THE_VOCABULARY = {
    ("alerts/conditions.py", "rejected"): "the 'records rejected' alert's fingerprint",
    ("cli/main.py", "secrets"): "the 'secrets' subcommand",
    ("config/loader.py", "source"): "a settings section",
    ("config/loader.py", "sinha"): "a settings section",
    ("credential_manager.py", "error"): "the class name of pywintypes.error",
    ("secret_file.py", "secrets"): "a key of the secrets file",
    ("selftest.py", "error"): "a key of the keyring probe's report",
    ("state/location.py", "source"): "state.url = 'source': the state in the hospital database",
    ("state/schema.py", "delivered"): "a column of sinha_runs",
    ("state/schema.py", "rejected"): "a column of sinha_runs",
    ("state/schema.py", "pending"): "a column of sinha_runs",
    ("ui/dialogs/settings_dialog.py", "source"): "a settings section",
    ("ui/dialogs/settings_dialog.py", "sinha"): "a settings section",
    ("ui/overview_loader.py", "sinha"): "the SINHA connection card",
    ("ui/views/dashboard.py", "sinha"): "the SINHA connection card",
    ("ui/views/sidebar.py", "pending"): "the 'pending' navigation icon",
    ("ui/views/cards.py", "error"): "a card's look (its style sheet property)",
}
#: modules that read another program's words: the replaced service's log, mapped to ours
OTHER_PROGRAMS = frozenset({"migration/service_log.py"})


def stored_words() -> set[str]:
    return {member.value for kind in STORED for member in kind}


def _ignored_nodes(tree: ast.AST) -> set[int]:
    """Docstrings, dict keys and subscripts (field names), other enums' definitions, prose."""
    ignored: set[int] = set()
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if (
            isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef)
            and body
            and isinstance(body[0], ast.Expr)
            and isinstance(body[0].value, ast.Constant)
        ):
            ignored.add(id(body[0].value))
        if isinstance(node, ast.Dict):
            ignored.update(id(key) for key in node.keys if key is not None)
        if isinstance(node, ast.Subscript):
            ignored.add(id(node.slice))
        if isinstance(node, ast.ClassDef) and any(
            isinstance(base, ast.Name) and base.id in ("StrEnum", "Enum") for base in node.bases
        ):
            ignored.update(id(inner) for inner in ast.walk(node))
        if isinstance(node, ast.Call):
            name = getattr(node.func, "id", getattr(node.func, "attr", ""))
            if name in PROSE_CALLS:
                ignored.update(id(inner) for arg in node.args for inner in ast.walk(arg))
    return ignored


def vocabulary_literals() -> list[tuple[str, int, str]]:
    words = stored_words()
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        module = path.relative_to(PACKAGE).as_posix()
        if module.startswith(("domain/", "state/migrations/")) or module in OTHER_PROGRAMS:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        ignored = _ignored_nodes(tree)
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Constant)
                and isinstance(node.value, str)
                and node.value in words
                and id(node) not in ignored
                and (module, node.value) not in NOT_THE_VOCABULARY
            ):
                found.append((module, node.lineno, node.value))
    return found


def test_no_status_trigger_or_category_is_spelled_out_outside_the_domain_module() -> None:
    assert vocabulary_literals() == [], "name them by their enum member (anahp_desktop.domain)"


def test_the_scan_finds_a_word_spelled_out() -> None:
    tree = ast.parse('if batch.status == "delivered":\n    pass\nlabel = _("failed")\n')
    ignored = _ignored_nodes(tree)
    spelled = [
        n.value
        for n in ast.walk(tree)
        if isinstance(n, ast.Constant) and n.value in stored_words() and id(n) not in ignored
    ]
    assert spelled == ["delivered"]  # the translated prose is not a code


def test_every_exception_to_the_rule_is_still_needed() -> None:
    """An entry of NOT_THE_VOCABULARY whose word left its module goes too."""
    words = stored_words()
    for module, word in NOT_THE_VOCABULARY:
        source = (PACKAGE / module).read_text(encoding="utf-8")
        assert word in words and f'"{word}"' in source, (module, word)


def test_the_stored_words_are_the_ones_every_database_already_holds() -> None:
    assert [m.value for m in BatchStatus] == [
        "pending",
        "sending",
        "failed",
        "conflict",
        "unconfirmed",
        "delivered",
        "split",
        "superseded",
    ]
    assert [m.value for m in AttemptStatus] == [
        "running",
        "success",
        "failed",
        "rejected",
        "interrupted",
    ]
    assert [m.value for m in RunStatus] == [
        "running",
        "success",
        "failed",
        "cancelled",
        "interrupted",
    ]
    assert [m.value for m in Trigger] == ["manual", "scheduled", "cli", "retry", "imported"]
    assert [m.value for m in RejectionOrigin] == ["validation", "sinha"]
    assert [m.value for m in RunResult] == ["success", "failed", "cancelled", "skipped"]
    assert f"{BatchStatus.DELIVERED}" == "delivered"  # a member is its word in SQL and JSON


def test_every_database_problem_has_its_category_for_each_database() -> None:
    for problem in DbProblem:
        assert ErrorCategory.of_source(problem).value == f"source_{problem.value}"
        assert ErrorCategory.of_state(problem).area is CategoryArea.STATE
    for sqlite_problem in SqliteProblem:
        assert ErrorCategory.of_state(sqlite_problem).value == f"state_{sqlite_problem.value}"


def test_categories_fall_in_the_area_the_operator_looks_at() -> None:
    assert ErrorCategory.SOURCE_TLS.area is CategoryArea.SOURCE
    assert ErrorCategory.STATE_LOCKED.area is CategoryArea.STATE
    assert ErrorCategory.SECRETS.area is CategoryArea.SETTINGS
    assert ErrorCategory.LOCK_LOST.area is CategoryArea.RUN
    assert ErrorCategory.TOO_LARGE.area is CategoryArea.SINHA
    assert ErrorCategory.STATE_PERMISSION.needs_settings
    assert not ErrorCategory.STATE_LOCKED.needs_settings
    assert ErrorCategory.SOURCE_TIMEOUT not in NEEDS_SETTINGS
