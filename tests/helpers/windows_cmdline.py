"""How a Windows program splits its command line into ``argv`` (the Microsoft C runtime rules).

There is no Windows here, so the tests need the other half of
:func:`subprocess.list2cmdline`: what ``anahp-sync.exe`` receives when cmd.exe
or the Task Scheduler starts it with a given command line. The rules are those
of ``CommandLineToArgvW`` and the C runtime since 2008:

* spaces and tabs separate arguments outside double quotes;
* ``2n`` backslashes before a ``"`` become ``n`` backslashes and the quote
  opens or closes a quoted part; ``2n+1`` backslashes before it become ``n``
  backslashes and a literal ``"``; backslashes not before a quote are literal;
* inside a quoted part, ``""`` is a literal ``"``;
* the program name (the first argument) ends at the first space outside
  quotes, and backslashes in it are always literal.
"""

from __future__ import annotations


def split(cmdline: str) -> list[str]:
    program, rest = _program_name(cmdline)
    return [program, *_arguments(rest)]


def _program_name(cmdline: str) -> tuple[str, str]:
    text = cmdline.lstrip(" \t")
    if text.startswith('"'):
        end = text.find('"', 1)
        end = len(text) if end < 0 else end
        return text[1:end], text[end + 1 :]
    index = 0
    while index < len(text) and text[index] not in " \t":
        index += 1
    return text[:index], text[index:]


def _arguments(text: str) -> list[str]:
    args: list[str] = []
    current: list[str] = []
    in_arg = False
    quoted = False
    i = 0
    while i < len(text):
        ch = text[i]
        if ch in " \t" and not quoted:
            if in_arg:
                args.append("".join(current))
                current, in_arg = [], False
            i += 1
            continue
        in_arg = True
        if ch == "\\":
            run = 0
            while i < len(text) and text[i] == "\\":
                run += 1
                i += 1
            if i < len(text) and text[i] == '"':
                current.append("\\" * (run // 2))
                if run % 2:
                    current.append('"')
                    i += 1
            else:
                current.append("\\" * run)
            continue
        if ch == '"':
            if quoted and i + 1 < len(text) and text[i + 1] == '"':
                current.append('"')
                i += 2
                continue
            quoted = not quoted
            i += 1
            continue
        current.append(ch)
        i += 1
    if in_arg:
        args.append("".join(current))
    return args
