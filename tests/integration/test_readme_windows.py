"""The README's Windows section, command by command, on a simulated Windows.

For each account the README sets a scheduled task up for (a domain service
account, a gMSA, SYSTEM), its exact command lines run in order: the operator's
``export-for-task`` (as administrator), ``schedule install``, and then the
task itself -- the action ``schtasks`` was given, run as the task's account
would run it: no Credential Manager, no secret in the environment, only the
files under ``C:\\ProgramData\\anahp-sync`` (mapped into a temporary folder).
It must sync, and no secret may be on disk in plaintext.

Windows is simulated by tests/helpers/simulated_windows.py (DPAPI through
ctypes stand-ins, icacls on an ACL model, schtasks recorded).
"""

from __future__ import annotations

import io
import subprocess
from collections.abc import Iterator
from pathlib import Path, PureWindowsPath

import keyring
import keyring.backends.fail
import pytest

from anahp_desktop import os_scheduler, task_account
from anahp_desktop.cli import main as cli
from anahp_desktop.config import loader
from anahp_desktop.demo.emulator import SinhaEmulator
from anahp_desktop.os_scheduler import Job, WindowsTaskScheduler, create_commands
from anahp_desktop.secrets import KEYRING_SERVICE, SecretName
from anahp_desktop.windows import acl, host
from tests.helpers import readme_commands, windows_cmdline
from tests.helpers.cli import write_config
from tests.helpers.fixtures import PSEUDONYM_KEY, SINHA_PASSWORD
from tests.helpers.simulated_windows import SimulatedWindows
from tests.helpers.source_db import SourceDb
from tests.unit.test_secrets import DictKeyring

README = readme_commands.README.read_text(encoding="utf-8")
WINDOWS = readme_commands.section(README, "Windows notes")
BLOCKS = [
    c
    for block in readme_commands.code_blocks(WINDOWS)
    if block.lang in readme_commands.WINDOWS_SHELLS
    for line in readme_commands.logical_lines(block)
    for c in readme_commands._commands_in(block.lang, line)
]
INLINE = readme_commands.inline_commands(WINDOWS)
PROGRAM_DATA = PureWindowsPath(r"C:\ProgramData\anahp-sync")
OPERATOR = r"HOSPITAL\ana.operadora"


def account_of(command: readme_commands.ReadmeCommand) -> str:
    argv = list(command.argv)
    return argv[argv.index("--account") + 1] if "--account" in argv else ""


ACCOUNTS = sorted({account_of(c) for c in BLOCKS if c.argv[:1] == ("export-for-task",)})


def steps_for(account: str) -> list[readme_commands.ReadmeCommand]:
    return [c for c in BLOCKS if account_of(c) == account and not c.via_schtasks]


def test_the_readme_sets_a_task_up_for_each_kind_of_account() -> None:
    assert ACCOUNTS == [r"HOSPITAL\svc-anahp", r"HOSPITAL\svc-anahp$", "SYSTEM"]
    for account in ACCOUNTS:
        assert [c.argv[:2] for c in steps_for(account)] == [
            ("export-for-task", "--account"),
            ("schedule", "install"),
        ]


def test_every_windows_command_of_the_readme_is_accepted() -> None:
    parser = cli.build_parser()
    for command in BLOCKS + INLINE:
        if command.program == "anahp-sync":
            args = parser.parse_args(list(command.argv))
            assert args.self_test or args.handler is not None, command.source


def test_the_schtasks_line_the_readme_shows_is_the_one_schedule_install_runs() -> None:
    (shown,) = [c for c in BLOCKS if c.via_schtasks]
    action = windows_cmdline.split(
        shown.schtasks_argv[[a.upper() for a in shown.schtasks_argv].index("/TR") + 1]
    )
    schtasks = list(shown.schtasks_argv)
    account = schtasks[schtasks.index("/RU") + 1]
    minutes = int(schtasks[schtasks.index("/MO") + 1])
    job = Job((action[0],), action[action.index("--config") + 1], minutes, account)
    assert [subprocess.list2cmdline(line) for line in create_commands(job, OPERATOR)] == [
        shown.source
    ]


class Installation:
    """A Windows server with ANAHP Sync, its ProgramData folder mapped into ``root``."""

    def __init__(self, root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        self.root = root
        self.program_data = root / "ProgramData" / "anahp-sync"
        self.windows = SimulatedWindows(user=OPERATOR)
        # the operator's own settings folder (%LOCALAPPDATA%\anahp-sync), private to this test
        monkeypatch.setenv("XDG_CONFIG_HOME", str(root / "operator"))
        loader.default_config_path().parent.mkdir(parents=True)
        monkeypatch.setattr(host, "current", lambda platform="win32": self.windows.host())
        monkeypatch.setattr(task_account, "DEFAULT_FOLDER", self.program_data)
        monkeypatch.setattr(
            os_scheduler,
            "for_this_platform",
            lambda: WindowsTaskScheduler(
                self.windows.run, lambda argv: self.windows.run(argv).returncode, OPERATOR
            ),
        )

    def map(self, argv: tuple[str, ...]) -> list[str]:
        mapped = []
        for arg in argv:
            path = PureWindowsPath(arg)
            if path.is_relative_to(PROGRAM_DATA):
                mapped.append(
                    str(self.program_data.joinpath(*path.relative_to(PROGRAM_DATA).parts))
                )
            else:
                mapped.append(arg)
        return mapped

    def run(
        self, command: readme_commands.ReadmeCommand, capsys: pytest.CaptureFixture[str]
    ) -> str:
        code = cli.main(self.map(command.argv))
        captured = capsys.readouterr()
        assert code == 0, captured.err
        return captured.out

    def task_action(self) -> list[str]:
        """The arguments the Task Scheduler gives the program when the task starts."""
        (create,) = [line for line in self.windows.commands if line[:2] == ["schtasks", "/Create"]]
        action = windows_cmdline.split(create[create.index("/TR") + 1])
        return action[action.index("sync") :]

    def plaintext_on_disk(self, values: list[str]) -> list[Path]:
        found = []
        for path in self.root.rglob("*"):
            if path.is_file():
                content = path.read_bytes()
                if any(v.encode() in content or v.encode("utf-16-le") in content for v in values):
                    found.append(path)
        return found


@pytest.fixture
def operator_keyring() -> Iterator[DictKeyring]:
    previous = keyring.get_keyring()
    store = DictKeyring()
    store.store[(KEYRING_SERVICE, SecretName.SINHA_PASSWORD.value)] = SINHA_PASSWORD
    store.store[(KEYRING_SERVICE, SecretName.PSEUDONYM_KEY.value)] = PSEUDONYM_KEY
    keyring.set_keyring(store)
    yield store
    keyring.set_keyring(previous)


@pytest.mark.parametrize("account", ACCOUNTS)
def test_the_readme_s_scheduled_task_syncs_without_plaintext_secrets(
    account: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    source_db: SourceDb,
    emulator: SinhaEmulator,
    operator_keyring: DictKeyring,
) -> None:
    server = Installation(tmp_path, monkeypatch)
    # step 1: the operator's settings, as the window saves them (state in the shared folder)
    state = server.program_data / "state" / "state.sqlite"
    write_config(loader.default_config_path(), source_db.url, f"sqlite:///{state}", emulator.url)
    export, install = steps_for(account)

    # step 2, as the README says: export-for-task, then schedule install
    report = server.run(export, capsys)
    assert f"only {account} may read it" in report
    assert "Next, create the scheduled task: anahp-sync schedule install --account" in report
    server.run(install, capsys)
    creates = [
        line for line in server.windows.commands if line[0] in ("schtasks", "powershell.exe")
    ]
    if account.endswith("$"):
        assert [line[0] for line in creates] == ["schtasks", "powershell.exe"]
        assert f"-UserId '{account}' -LogonType Password" in creates[1][-1]
    else:
        assert len(creates) == 1
    secret_acl = server.windows.acl_of_saved(server.program_data / "secrets.dpapi")
    assert secret_acl.who_can("R") == {acl.ADMINISTRATORS, acl.SYSTEM, acl.principal(account)}

    # the task runs as its account: no Credential Manager, nothing in the environment
    keyring.set_keyring(keyring.backends.fail.Keyring())
    source_db.add_valid(7)
    code = cli.main(server.task_action())
    captured = capsys.readouterr()
    assert code == 0, captured.err
    assert emulator.state.summary()["records"] == 7
    assert server.plaintext_on_disk([SINHA_PASSWORD, PSEUDONYM_KEY]) == []
    assert server.windows.computer.allocated == {}


def test_the_readme_s_follow_up_commands(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    source_db: SourceDb,
    emulator: SinhaEmulator,
    operator_keyring: DictKeyring,
) -> None:
    server = Installation(tmp_path, monkeypatch)
    state = server.program_data / "state" / "state.sqlite"
    write_config(loader.default_config_path(), source_db.url, f"sqlite:///{state}", emulator.url)
    export, install = steps_for(r"HOSPITAL\svc-anahp")
    server.run(export, capsys)
    server.run(install, capsys)

    # the operator changes a setting in the window, then refreshes the task's copy (no admin)
    settings_only = next(c for c in INLINE if "--settings-only" in c.argv)
    write_config(
        loader.default_config_path(),
        source_db.url,
        f"sqlite:///{state}",
        emulator.url,
        batch_size=3,
    )
    server.windows.admin = False
    server.run(settings_only, capsys)
    task_config = loader.load(server.program_data / "config.toml", env={}).settings
    assert task_config.sync.batch_size == 3 and task_config.secrets.account == r"HOSPITAL\svc-anahp"

    # an administrator changes one secret of the task
    server.windows.admin = True
    secrets_set = next(c for c in INLINE if c.argv[:2] == ("secrets", "set"))
    monkeypatch.setattr("sys.stdin", io.StringIO("a-new-sinha-password\n"))
    out = server.run(secrets_set, capsys)
    assert "secret file" in out
    show = next(c for c in INLINE if c.argv == ("schedule", "show"))
    server.run(show, capsys)
    assert server.windows.commands[-1][:3] == ["schtasks", "/Query", "/TN"]
    assert server.plaintext_on_disk(["a-new-sinha-password", SINHA_PASSWORD]) == []


def test_docs_windows_md_shows_the_same_command_lines() -> None:
    """docs/windows.md repeats the README's steps: the same lines, so the walkthrough above
    covers them; its inline commands parse too."""
    text = (readme_commands.README.parent / "docs" / "windows.md").read_text(encoding="utf-8")
    lines = [
        c.source
        for block in readme_commands.code_blocks(text)
        if block.lang in readme_commands.WINDOWS_SHELLS
        for line in readme_commands.logical_lines(block)
        for c in readme_commands._commands_in(block.lang, line)
    ]
    assert len(lines) == 6
    assert set(lines) <= {c.source for c in BLOCKS}
    parser = cli.build_parser()
    for command in readme_commands.inline_commands(text):
        if command.program == "anahp-sync":
            args = parser.parse_args(list(command.argv))
            assert args.self_test or args.handler is not None, command.source
