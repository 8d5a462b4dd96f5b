"""Global options (``--config``, ``--lang``, ``--self-test``) work before and after every command.

The Task Scheduler's action is ``anahp-sync.exe sync --config C:\\ProgramData\\...``: an
option accepted only before the subcommand made every scheduled run exit 2.
"""

from __future__ import annotations

import argparse
from collections.abc import Iterator

import pytest

from anahp_desktop.cli import main as cli

WINDOWS_CONFIG = r"C:\ProgramData\anahp-sync\config.toml"


def leaf_commands(
    parser: argparse.ArgumentParser, prefix: tuple[str, ...] = ()
) -> Iterator[tuple[tuple[str, ...], argparse.ArgumentParser]]:
    """Every runnable command path (``("secrets", "set")``...) with its parser."""
    subparsers = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    if not subparsers:
        yield prefix, parser
        return
    for name, child in subparsers[0].choices.items():
        yield from leaf_commands(child, (*prefix, name))


def required_arguments(parser: argparse.ArgumentParser) -> list[str]:
    """The smallest arguments that satisfy the command (positionals, required options)."""
    argv: list[str] = []
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction) or action.help == argparse.SUPPRESS:
            continue
        value = str(next(iter(action.choices))) if action.choices else "x"
        if not action.option_strings:
            argv.append(value)
        elif action.required:
            argv += [action.option_strings[0], value]
    for group in parser._mutually_exclusive_groups:
        if group.required:  # one of them: the first, with a value when it takes one
            first = group._group_actions[0]
            argv += [first.option_strings[0], *(["x"] if first.nargs != 0 else [])]
    return argv


COMMANDS = sorted(leaf_commands(cli.build_parser()), key=lambda item: item[0])


def test_the_walk_finds_every_command_of_the_readme() -> None:
    names = {" ".join(path) for path, _parser in COMMANDS}
    assert {"sync", "status", "log", "secrets set", "secrets status", "purge"} <= names


@pytest.mark.parametrize("path,parser", COMMANDS, ids=[" ".join(p) for p, _ in COMMANDS])
@pytest.mark.parametrize("where", ["before", "after"])
def test_config_and_lang_are_accepted_on_either_side_of_the_command(
    path: tuple[str, ...], parser: argparse.ArgumentParser, where: str
) -> None:
    rest = [*path, *required_arguments(parser)]
    options = ["--config", WINDOWS_CONFIG, "--lang", "pt_BR"]
    argv = options + rest if where == "before" else rest + options
    args = cli.build_parser().parse_args(argv)
    assert (args.config, args.lang, args.handler is not None) == (WINDOWS_CONFIG, "pt_BR", True)


@pytest.mark.parametrize("path,parser", COMMANDS, ids=[" ".join(p) for p, _ in COMMANDS])
def test_self_test_is_accepted_after_every_command(
    path: tuple[str, ...], parser: argparse.ArgumentParser
) -> None:
    args = cli.build_parser().parse_args([*path, *required_arguments(parser), "--self-test"])
    assert args.self_test is True


def test_an_option_before_the_command_is_not_reset_by_the_command_s_default() -> None:
    args = cli.build_parser().parse_args(["--config", "first.toml", "status", "--json"])
    assert (args.config, args.lang, args.self_test) == ("first.toml", None, False)


def test_the_later_of_two_config_options_wins() -> None:
    args = cli.build_parser().parse_args(["--config", "a.toml", "sync", "--config", "b.toml"])
    assert args.config == "b.toml"


@pytest.mark.parametrize(
    "argv,expected",
    [
        (["sync", "--lang", "en"], "en"),
        (["--lang=pt_BR", "status"], "pt_BR"),
        (["status", "--lang=en"], "en"),
        (["sync"], None),
    ],
)
def test_the_language_hint_finds_lang_wherever_it_stands(
    argv: list[str], expected: str | None
) -> None:
    assert cli._language_hint(argv) == expected


def test_version_after_a_command_prints_the_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        cli.build_parser().parse_args(["sync", "--version"])
    assert caught.value.code == 0
    assert capsys.readouterr().out.startswith("anahp-sync ")
