"""The README's command lines, read from its code blocks and run: the README cannot drift.

Windows paths in them (``C:\\ProgramData\\anahp-sync\\...``) are mapped into a
temporary folder; everything else is exactly as written.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path, PureWindowsPath

import pytest

from anahp_desktop.cli import main as cli
from anahp_desktop.demo.emulator import SinhaEmulator
from anahp_desktop.ui import app as desktop_app
from tests.helpers import readme_commands
from tests.helpers.cli import run_cli, secret_env, write_config
from tests.helpers.source_db import SourceDb

COMMANDS = readme_commands.commands()
PROGRAM_DATA = PureWindowsPath(r"C:\ProgramData\anahp-sync")


def parser_for(program: str) -> argparse.ArgumentParser:
    return cli.build_parser() if program == "anahp-sync" else desktop_app.build_parser()


def map_windows_paths(argv: tuple[str, ...], root: Path) -> list[str]:
    """``C:\\ProgramData\\anahp-sync\\x`` -> ``root/x``; other arguments unchanged."""
    mapped = []
    for arg in argv:
        path = PureWindowsPath(arg)
        if path.is_relative_to(PROGRAM_DATA):
            mapped.append(str(root.joinpath(*path.relative_to(PROGRAM_DATA).parts)))
        else:
            mapped.append(arg)
    return mapped


def test_the_readme_shows_command_lines_for_both_programs_and_the_task() -> None:
    assert {c.program for c in COMMANDS} == {"anahp-sync", "anahp-desktop"}
    assert any(c.via_schtasks for c in COMMANDS)


@pytest.mark.parametrize("command", COMMANDS, ids=[c.source for c in COMMANDS])
def test_every_readme_command_line_is_accepted(
    command: readme_commands.ReadmeCommand, capsys: pytest.CaptureFixture[str]
) -> None:
    try:
        args = parser_for(command.program).parse_args(list(command.argv))
    except SystemExit as exc:  # --version prints and exits 0; anything else is a usage error
        assert exc.code == 0, capsys.readouterr().err
        return
    if command.program == "anahp-sync":
        assert args.self_test or args.handler is not None, command.source


def test_the_readme_scheduled_task_action_runs_a_real_sync(
    tmp_path: Path, source_db: SourceDb, emulator: SinhaEmulator
) -> None:
    (action,) = [c for c in COMMANDS if c.via_schtasks and c.argv[:1] == ("sync",)]
    folder = tmp_path / "ProgramData"
    folder.mkdir()
    config_args = [a for a in action.argv if PureWindowsPath(a).is_relative_to(PROGRAM_DATA)]
    assert config_args, "the task's action names its settings file under C:\\ProgramData"
    config = Path(map_windows_paths((config_args[0],), folder)[0])
    write_config(config, source_db.url, f"sqlite:///{tmp_path / 'state.sqlite'}", emulator.url)
    source_db.add_valid(3)
    result = run_cli(*map_windows_paths(action.argv, folder), env=secret_env())
    assert result.code == 0, result.stderr
    assert emulator.state.summary()["records"] == 3


def test_the_splitter_is_the_inverse_of_list2cmdline() -> None:
    import random
    import subprocess

    from tests.helpers import windows_cmdline

    rng = random.Random(19)
    alphabet = 'ab \\"\tçã'
    for _ in range(2000):
        args = ["prog.exe"] + [
            "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 8)))
            for _ in range(rng.randint(0, 4))
        ]
        assert windows_cmdline.split(subprocess.list2cmdline(args)) == args
    assert sys.platform  # the splitter is pure: it runs on every platform
