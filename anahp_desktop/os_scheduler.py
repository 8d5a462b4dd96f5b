"""``anahp-sync schedule install|remove|show``: the headless sync in the operating system's scheduler.

Windows: a Task Scheduler task named "ANAHP Sync", created with ``schtasks``
(the exact command lines are built by pure functions, so tests check them on
every platform). The task runs as

* the operator (no ``--account``): only while the operator is logged on,
  so the Credential Manager is there (``/IT``, no password stored);
* ``SYSTEM``, ``NETWORK SERVICE``, ``LOCAL SERVICE``: no password;
* a domain or local account: ``schtasks`` asks for its password (``/RP *``)
  and Windows keeps it, so the task runs whether anyone is logged on or not;
* a group managed service account (a name ending in ``$``): ``schtasks``
  cannot register one, so the task is created as SYSTEM and its principal
  then set with PowerShell's ``Set-ScheduledTask`` (``-LogonType Password``:
  Windows fetches the gMSA's password from the domain itself).

Linux: a systemd *user* timer (``~/.config/systemd/user/anahp-sync.timer`` and
``.service``), enabled with ``systemctl --user``.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from anahp_desktop.errors import ConfigurationError
from anahp_desktop.translation import _

TASK_NAME = "ANAHP Sync"
UNIT = "anahp-sync"
#: schtasks /TR takes at most 261 characters
MAX_TASK_RUN_LENGTH = 261
#: schtasks /SC MINUTE /MO takes 1 to 1439
MAX_MINUTES = 1439
SERVICE_ACCOUNTS = {
    "system": "SYSTEM",
    "nt authority\\system": "SYSTEM",
    "localsystem": "SYSTEM",
    "network service": "NETWORK SERVICE",
    "nt authority\\network service": "NETWORK SERVICE",
    "local service": "LOCAL SERVICE",
    "nt authority\\local service": "LOCAL SERVICE",
}

Runner = Callable[[Sequence[str]], "subprocess.CompletedProcess[str]"]
#: runs a command attached to this console (schtasks asks for a password there); exit code
AttachedRunner = Callable[[Sequence[str]], int]


@dataclass(frozen=True)
class Job:
    """What the scheduler runs: ``program sync --config CONFIG`` every ``interval_minutes``."""

    program: tuple[str, ...]
    config: str
    interval_minutes: int
    account: str = ""

    def argv(self) -> list[str]:
        return [*self.program, "sync", "--config", self.config]


def this_program() -> tuple[str, ...]:
    """How the scheduler starts this installation's ``anahp-sync``."""
    executable = Path(sys.executable)
    if getattr(sys, "frozen", False):
        cli = executable.with_name("anahp-sync" + executable.suffix)
        return (str(cli if cli.is_file() else executable),)
    return (str(executable), "-m", "anahp_desktop.cli.main")


class Scheduler(Protocol):
    def install(self, job: Job) -> list[str]: ...

    def remove(self) -> list[str]: ...

    def show(self) -> list[str]: ...


# -- Windows: schtasks -----------------------------------------------------------------------


def service_account(account: str) -> str | None:
    """The Task Scheduler's name for a built-in service account, or None."""
    return SERVICE_ACCOUNTS.get(account.strip().lower())


def is_gmsa(account: str) -> bool:
    return account.strip().endswith("$")


def schedule_options(minutes: int) -> list[str]:
    if 1 <= minutes <= MAX_MINUTES:
        return ["/SC", "MINUTE", "/MO", str(minutes)]
    if minutes % 1440 == 0:
        return ["/SC", "DAILY", "/MO", str(minutes // 1440)]
    raise ConfigurationError(
        _(
            "The Task Scheduler repeats a task every 1 to {most} minutes or every whole number "
            "of days; {minutes} minutes is neither: change sync.interval_minutes or use --every."
        ).format(most=MAX_MINUTES, minutes=minutes)
    )


def create_commands(job: Job, current_user: str) -> list[list[str]]:
    """The exact command lines that register ``job`` (one, or two for a gMSA)."""
    action = subprocess.list2cmdline(job.argv())
    if len(action) > MAX_TASK_RUN_LENGTH:
        raise ConfigurationError(
            _(
                "The task's command line is {length} characters long and the Task Scheduler "
                "takes at most {most}: install ANAHP Sync or its settings file in a shorter path."
            ).format(length=len(action), most=MAX_TASK_RUN_LENGTH)
        )
    create = ["schtasks", "/Create", "/TN", TASK_NAME, "/TR", action]
    create += schedule_options(job.interval_minutes)
    account = job.account.strip()
    builtin = service_account(account) if account else None
    if not account:
        create += ["/RU", current_user, "/IT"]
    elif builtin is not None:
        create += ["/RU", builtin]
    elif is_gmsa(account):
        create += ["/RU", "SYSTEM"]
    else:
        create += ["/RU", account, "/RP", "*"]
    create.append("/F")
    lines = [create]
    if is_gmsa(account):
        lines.append(
            [
                "powershell.exe",
                "-NoProfile",
                "-NonInteractive",
                "-Command",
                f"Set-ScheduledTask -TaskName {_ps_quote(TASK_NAME)} -Principal "
                f"(New-ScheduledTaskPrincipal -UserId {_ps_quote(account)} -LogonType Password)",
            ]
        )
    return lines


def _ps_quote(text: str) -> str:
    """A PowerShell single-quoted string."""
    return "'" + text.replace("'", "''") + "'"


class WindowsTaskScheduler:
    def __init__(self, run: Runner, run_attached: AttachedRunner, current_user: str) -> None:
        self._run = run
        self._run_attached = run_attached
        self._current_user = current_user

    def install(self, job: Job) -> list[str]:
        for line in create_commands(job, self._current_user):
            code = self._run_attached(line)
            if code != 0:
                raise ConfigurationError(
                    _(
                        "The Task Scheduler did not create the task ({program} exit {code}; "
                        "its message is above). Run the command prompt as administrator and "
                        "check the account name."
                    ).format(program=line[0], code=code)
                )
        return [
            _(
                'Created the scheduled task "{name}": {command}, every {minutes} min, as {account}.'
            ).format(
                name=TASK_NAME,
                command=subprocess.list2cmdline(job.argv()),
                minutes=job.interval_minutes,
                account=job.account or self._current_user,
            )
        ]

    def remove(self) -> list[str]:
        result = self._run(["schtasks", "/Delete", "/TN", TASK_NAME, "/F"])
        if result.returncode != 0:
            return [_answer(_('No scheduled task "{name}" was removed'), result)]
        return [_('Removed the scheduled task "{name}".').format(name=TASK_NAME)]

    def show(self) -> list[str]:
        result = self._run(["schtasks", "/Query", "/TN", TASK_NAME, "/V", "/FO", "LIST"])
        if result.returncode != 0:
            return [_answer(_('No scheduled task "{name}" is registered'), result)]
        return [line for line in result.stdout.splitlines() if line.strip()]


def _answer(head: str, result: subprocess.CompletedProcess[str]) -> str:
    said = " ".join((result.stdout + " " + result.stderr).split())
    return (head.format(name=TASK_NAME) + (f" ({said})" if said else "")) + "."


# -- Linux: a systemd user timer -------------------------------------------------------------


def systemd_quote(arg: str) -> str:
    """One ExecStart= word: quoted when needed; ``%`` and ``$`` escaped (systemd expands both)."""
    escaped = arg.replace("%", "%%").replace("$", "$$")
    if escaped and re.fullmatch(r"[A-Za-z0-9_./:=+,@-]+", escaped):
        return escaped
    return '"' + escaped.replace("\\", "\\\\").replace('"', '\\"') + '"'


def service_unit(job: Job) -> str:
    command = " ".join(systemd_quote(arg) for arg in job.argv())
    return "\n".join(
        [
            "# Written by 'anahp-sync schedule install'; removed by 'anahp-sync schedule remove'.",
            "[Unit]",
            "Description=ANAHP Sync: one run sending discharge records to SINHA",
            "",
            "[Service]",
            "Type=oneshot",
            f"ExecStart={command}",
            "Nice=10",
            "",
        ]
    )


def timer_unit(job: Job) -> str:
    return "\n".join(
        [
            "# Written by 'anahp-sync schedule install'; removed by 'anahp-sync schedule remove'.",
            "[Unit]",
            f"Description=ANAHP Sync every {job.interval_minutes} minutes",
            "",
            "[Timer]",
            "OnActiveSec=1min",
            f"OnUnitInactiveSec={job.interval_minutes}min",
            "AccuracySec=30s",
            f"Unit={UNIT}.service",
            "",
            "[Install]",
            "WantedBy=timers.target",
            "",
        ]
    )


def user_unit_folder(env: dict[str, str] | None = None) -> Path:
    env = dict(os.environ) if env is None else env
    base = env.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base) / "systemd" / "user"


class SystemdUserTimer:
    def __init__(self, folder: Path, run: Runner) -> None:
        self.folder = folder
        self._run = run

    @property
    def service_path(self) -> Path:
        return self.folder / f"{UNIT}.service"

    @property
    def timer_path(self) -> Path:
        return self.folder / f"{UNIT}.timer"

    def install(self, job: Job) -> list[str]:
        self.folder.mkdir(parents=True, exist_ok=True)
        self.service_path.write_text(service_unit(job), encoding="utf-8")
        self.timer_path.write_text(timer_unit(job), encoding="utf-8")
        for line in (
            ["systemctl", "--user", "daemon-reload"],
            ["systemctl", "--user", "enable", "--now", f"{UNIT}.timer"],
        ):
            self._systemctl(line)
        return [
            _("Installed the systemd user timer {path}: {command}, every {minutes} min.").format(
                path=self.timer_path,
                command=subprocess.list2cmdline(job.argv()),
                minutes=job.interval_minutes,
            ),
            _(
                "It runs while you are logged in; to run it also when you are not, an "
                "administrator runs: loginctl enable-linger {user}"
            ).format(user=_login_name()),
        ]

    def remove(self) -> list[str]:
        existed = self.timer_path.exists() or self.service_path.exists()
        if existed:
            self._run(["systemctl", "--user", "disable", "--now", f"{UNIT}.timer"])
        self.timer_path.unlink(missing_ok=True)
        self.service_path.unlink(missing_ok=True)
        if not existed:
            return [_("No systemd user timer {path} was installed.").format(path=self.timer_path)]
        self._systemctl(["systemctl", "--user", "daemon-reload"])
        return [_("Removed the systemd user timer {path}.").format(path=self.timer_path)]

    def show(self) -> list[str]:
        if not self.timer_path.exists():
            return [_("No systemd user timer {path} is installed.").format(path=self.timer_path)]
        lines = [str(self.timer_path), str(self.service_path)]
        for text in (self.timer_path, self.service_path):
            lines += [
                "  " + line
                for line in text.read_text(encoding="utf-8").splitlines()
                if line.startswith(("ExecStart=", "OnUnitInactiveSec="))
            ]
        result = self._run(["systemctl", "--user", "list-timers", f"{UNIT}.timer", "--no-pager"])
        lines += [line for line in result.stdout.splitlines() if line.strip()]
        return lines

    def _systemctl(self, line: list[str]) -> None:
        try:
            result = self._run(line)
        except FileNotFoundError as exc:
            raise ConfigurationError(
                _(
                    "The unit files are in {folder}, but systemctl was not found: this system "
                    "has no systemd to run them."
                ).format(folder=self.folder)
            ) from exc
        if result.returncode != 0:
            said = " ".join((result.stdout + " " + result.stderr).split())
            raise ConfigurationError(
                _(
                    "The unit files are in {folder}, but '{command}' failed ({answer}): is there "
                    "a systemd user session (log in, or loginctl enable-linger)?"
                ).format(folder=self.folder, command=" ".join(line), answer=said or "-")
            )


def _login_name() -> str:
    try:
        return os.getlogin()
    except OSError:
        return os.environ.get("USER", "USER")


def run_captured(argv: Sequence[str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(list(argv), capture_output=True, text=True, check=False)


def for_this_platform(platform: str = sys.platform) -> Scheduler:
    """The scheduler of this system (Windows' needs :mod:`anahp_desktop.windows.host`)."""
    if platform.startswith("win"):
        from anahp_desktop.windows import host

        windows = host.current(platform)
        return WindowsTaskScheduler(windows.run, windows.run_attached, windows.user_name())
    if platform.startswith("linux"):
        return SystemdUserTimer(user_unit_folder(), run_captured)
    raise ConfigurationError(
        _("'anahp-sync schedule' knows Windows' Task Scheduler and systemd; not this system.")
    )
