"""The command lines the README shows, as the programs would receive them.

Each fenced code block is read in its own shell's terms: ``bash`` lines are
split like a POSIX shell (comments and ``\\`` continuations), ``bat``/``cmd``
lines like cmd.exe hands them to a Windows program (``^`` continuations, then
the C runtime's rules of :mod:`tests.helpers.windows_cmdline`). A command is
anything whose program is ``anahp-sync`` or ``anahp-desktop`` (a path to
either, with or without ``.exe``), or a ``schtasks`` line whose ``/TR`` action
starts one.
"""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass
from pathlib import Path, PureWindowsPath

from tests.helpers import windows_cmdline

README = Path(__file__).resolve().parents[2] / "README.md"
PROGRAMS = ("anahp-sync", "anahp-desktop")
POSIX_SHELLS = ("bash", "sh", "shell", "console")
WINDOWS_SHELLS = ("bat", "cmd", "batch")
FENCE = re.compile(r"^(?P<indent>[ \t]*)```(?P<lang>[\w-]*)\s*$")


@dataclass(frozen=True)
class CodeBlock:
    lang: str
    text: str
    line: int  # where the block starts in the file (1-based)


@dataclass(frozen=True)
class ReadmeCommand:
    """One command line of the README; ``argv`` without the program itself."""

    lang: str
    source: str  # the logical line as written (continuations joined)
    program: str  # "anahp-sync" or "anahp-desktop"
    executable: str  # the program as written (a path, maybe with .exe)
    argv: tuple[str, ...]
    via_schtasks: bool = False  # the action of a "schtasks /Create ... /TR" line
    schtasks_argv: tuple[str, ...] = ()


def code_blocks(markdown: str) -> list[CodeBlock]:
    blocks: list[CodeBlock] = []
    lines = markdown.splitlines()
    i = 0
    while i < len(lines):
        match = FENCE.match(lines[i])
        if not match:
            i += 1
            continue
        indent, lang, start = match["indent"], match["lang"].lower(), i + 1
        body: list[str] = []
        i += 1
        while i < len(lines) and lines[i].strip() != "```":
            line = lines[i]
            body.append(line[len(indent) :] if line.startswith(indent) else line.lstrip())
            i += 1
        blocks.append(CodeBlock(lang, "\n".join(body), start))
        i += 1
    return blocks


def logical_lines(block: CodeBlock) -> list[str]:
    """Lines with their continuations joined (``\\`` in bash, ``^`` in cmd)."""
    marker = "^" if block.lang in WINDOWS_SHELLS else "\\"
    result: list[str] = []
    pending = ""
    for raw in block.text.splitlines():
        line = raw.rstrip()
        if line.endswith(marker) and not line.endswith(marker * 2):
            pending += line[:-1]
            continue
        result.append(pending + line)
        pending = ""
    if pending:
        result.append(pending)
    return [line for line in result if line.strip()]


def split_line(lang: str, line: str) -> list[str]:
    if lang in WINDOWS_SHELLS:
        if line.lstrip().lower().startswith(("rem ", "::")):
            return []
        return windows_cmdline.split(line)
    return shlex.split(line, comments=True)


def program_of(executable: str) -> str | None:
    name = PureWindowsPath(executable).name if "\\" in executable else Path(executable).name
    name = name.removesuffix(".exe")
    return name if name in PROGRAMS else None


def commands(markdown: str | None = None) -> list[ReadmeCommand]:
    text = README.read_text(encoding="utf-8") if markdown is None else markdown
    found: list[ReadmeCommand] = []
    for block in code_blocks(text):
        if block.lang not in POSIX_SHELLS + WINDOWS_SHELLS:
            continue
        for line in logical_lines(block):
            found.extend(_commands_in(block.lang, line))
    return found


def _commands_in(lang: str, line: str) -> list[ReadmeCommand]:
    argv = split_line(lang, line)
    if not argv:
        return []
    program = program_of(argv[0])
    if program is not None:
        return [ReadmeCommand(lang, line, program, argv[0], tuple(argv[1:]))]
    if PureWindowsPath(argv[0]).name.lower().removesuffix(".exe") == "schtasks":
        upper = [arg.upper() for arg in argv]
        if "/TR" in upper:
            action = windows_cmdline.split(argv[upper.index("/TR") + 1])
            program = program_of(action[0])
            if program is not None:
                return [
                    ReadmeCommand(
                        lang,
                        line,
                        program,
                        action[0],
                        tuple(action[1:]),
                        via_schtasks=True,
                        schtasks_argv=tuple(argv),
                    )
                ]
    return []


def section(markdown: str, title: str) -> str:
    """The text of the ``## title`` section (up to the next ``## `` heading)."""
    start = markdown.index(f"## {title}\n")
    end = markdown.find("\n## ", start + 1)
    return markdown[start : end if end >= 0 else len(markdown)]


def inline_commands(text: str) -> list[ReadmeCommand]:
    """``anahp-sync.exe ...`` written inline (in backticks, maybe wrapped across lines)."""
    found: list[ReadmeCommand] = []
    outside_blocks = re.sub(r"```.*?```", "", text, flags=re.DOTALL)
    for span in re.findall(r"`([^`]+)`", outside_blocks):
        line = " ".join(span.split())
        if not re.match(r"^(\S*\\)?anahp-(sync|desktop)\.exe\b", line):
            continue
        argv = windows_cmdline.split(line)
        for index, arg in enumerate(argv):
            if arg[:1] in (">", "<", "|"):  # the shell's redirection, not the program's
                argv = argv[:index]
                break
        program = program_of(argv[0])
        if program is not None and len(argv) > 1:
            found.append(ReadmeCommand("inline", line, program, argv[0], tuple(argv[1:])))
    return found
