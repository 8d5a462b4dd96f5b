"""``schedule install|remove|show``: the exact schtasks command lines, and systemd's unit files.

The schtasks lines are checked as Windows receives them (``list2cmdline``) and
read back with the C runtime's rules, on every platform; the systemd timer is
installed for real into a temporary unit folder, with ``systemctl`` recorded.
"""

from __future__ import annotations

import subprocess
from collections.abc import Sequence
from pathlib import Path

import pytest

from anahp_desktop.cli import main as cli
from anahp_desktop.errors import ConfigurationError
from anahp_desktop.os_scheduler import (
    Job,
    SystemdUserTimer,
    WindowsTaskScheduler,
    create_commands,
    systemd_quote,
)
from tests.helpers import windows_cmdline
from tests.helpers.simulated_windows import SimulatedWindows

EXE = r"C:\Program Files\ANAHP Sync\anahp-sync.exe"
CONFIG = r"C:\ProgramData\anahp-sync\config.toml"
OPERATOR = r"HOSPITAL\ana.operadora"
ACTION = r'/TR "\"C:\Program Files\ANAHP Sync\anahp-sync.exe\" sync --config C:\ProgramData\anahp-sync\config.toml"'


def job(account: str = "", minutes: int = 15, config: str = CONFIG) -> Job:
    return Job((EXE,), config, minutes, account)


def lines(account: str = "", minutes: int = 15) -> list[str]:
    return [
        subprocess.list2cmdline(line) for line in create_commands(job(account, minutes), OPERATOR)
    ]


def test_the_operator_s_own_task_runs_only_while_logged_on() -> None:
    assert lines() == [
        f'schtasks /Create /TN "ANAHP Sync" {ACTION} /SC MINUTE /MO 15 '
        r"/RU HOSPITAL\ana.operadora /IT /F"
    ]


def test_a_domain_service_account_s_password_is_asked_by_schtasks() -> None:
    assert lines(r"HOSPITAL\svc-anahp") == [
        f'schtasks /Create /TN "ANAHP Sync" {ACTION} /SC MINUTE /MO 15 '
        r"/RU HOSPITAL\svc-anahp /RP * /F"
    ]


@pytest.mark.parametrize("account", ["SYSTEM", "system", r"NT AUTHORITY\SYSTEM", "LocalSystem"])
def test_system_needs_no_password(account: str) -> None:
    assert lines(account) == [
        f'schtasks /Create /TN "ANAHP Sync" {ACTION} /SC MINUTE /MO 15 /RU SYSTEM /F'
    ]


def test_network_service_keeps_its_two_word_name() -> None:
    assert lines("network service")[0].endswith('/RU "NETWORK SERVICE" /F')


def test_a_gmsa_is_created_as_system_then_given_to_the_gmsa_by_powershell() -> None:
    assert lines(r"HOSPITAL\svc-anahp$") == [
        f'schtasks /Create /TN "ANAHP Sync" {ACTION} /SC MINUTE /MO 15 /RU SYSTEM /F',
        'powershell.exe -NoProfile -NonInteractive -Command "Set-ScheduledTask -TaskName '
        "'ANAHP Sync' -Principal (New-ScheduledTaskPrincipal -UserId 'HOSPITAL\\svc-anahp$' "
        '-LogonType Password)"',
    ]


def test_the_action_reaches_anahp_sync_as_its_arguments() -> None:
    (line,) = create_commands(job(r"HOSPITAL\svc-anahp"), OPERATOR)
    # what schtasks receives, then what anahp-sync.exe receives when the task starts it
    received = windows_cmdline.split(subprocess.list2cmdline(line))
    assert received == line
    action = windows_cmdline.split(received[received.index("/TR") + 1])
    assert action == [EXE, "sync", "--config", CONFIG]
    args = cli.build_parser().parse_args(action[1:])
    assert (args.handler, args.config) == (cli.cmd_sync, CONFIG)


def test_paths_with_spaces_and_quotes_survive_both_splits() -> None:
    config = r"C:\Dados do Hospital\anahp sync\config.toml"
    (line,) = create_commands(job(config=config), OPERATOR)
    action = windows_cmdline.split(windows_cmdline.split(subprocess.list2cmdline(line))[5])
    assert action == [EXE, "sync", "--config", config]


@pytest.mark.parametrize(
    "minutes,options",
    [(1, "/SC MINUTE /MO 1"), (1439, "/SC MINUTE /MO 1439"), (2880, "/SC DAILY /MO 2")],
)
def test_intervals(minutes: int, options: str) -> None:
    assert options in lines(minutes=minutes)[0]


def test_an_interval_the_task_scheduler_cannot_express_is_one_sentence() -> None:
    with pytest.raises(ConfigurationError, match="every 1 to 1439 minutes or every whole number"):
        lines(minutes=1500)


def test_a_command_longer_than_schtasks_takes_is_refused() -> None:
    config = "C:\\" + "pasta\\" * 40 + "config.toml"
    with pytest.raises(ConfigurationError, match="at most 261"):
        create_commands(job(config=config), OPERATOR)


def test_install_show_remove_on_windows(tmp_path: Path) -> None:
    windows = SimulatedWindows(user=OPERATOR)
    scheduler = WindowsTaskScheduler(
        windows.run, lambda argv: windows.run(argv).returncode, OPERATOR
    )
    report = scheduler.install(job("SYSTEM"))
    assert windows.commands == create_commands(job("SYSTEM"), OPERATOR)
    assert report[0].startswith('Created the scheduled task "ANAHP Sync"')
    scheduler.show()
    scheduler.remove()
    assert windows.commands[-2:] == [
        ["schtasks", "/Query", "/TN", "ANAHP Sync", "/V", "/FO", "LIST"],
        ["schtasks", "/Delete", "/TN", "ANAHP Sync", "/F"],
    ]


def test_a_refused_task_is_one_sentence() -> None:
    scheduler = WindowsTaskScheduler(
        lambda argv: subprocess.CompletedProcess(argv, 1, "", ""), lambda argv: 1, OPERATOR
    )
    with pytest.raises(ConfigurationError, match="did not create the task"):
        scheduler.install(job())


# -- Linux ----------------------------------------------------------------------------------


class Systemctl:
    def __init__(self, code: int = 0, missing: bool = False) -> None:
        self.lines: list[list[str]] = []
        self.code = code
        self.missing = missing

    def __call__(self, argv: Sequence[str]) -> subprocess.CompletedProcess[str]:
        if self.missing:
            raise FileNotFoundError(2, "No such file or directory", argv[0])
        self.lines.append(list(argv))
        err = "Failed to connect to bus: No medium found" if self.code else ""
        return subprocess.CompletedProcess(argv, self.code, "", err)


def test_the_systemd_user_timer_and_service(tmp_path: Path) -> None:
    systemctl = Systemctl()
    timer = SystemdUserTimer(tmp_path / "systemd" / "user", systemctl)
    linux_job = Job(("/opt/anahp-sync/anahp-sync",), "/home/ana/.config/anahp-sync/config.toml", 15)
    report = timer.install(linux_job)
    assert (tmp_path / "systemd/user/anahp-sync.service").read_text() == (
        "# Written by 'anahp-sync schedule install'; removed by 'anahp-sync schedule remove'.\n"
        "[Unit]\n"
        "Description=ANAHP Sync: one run sending discharge records to SINHA\n"
        "\n"
        "[Service]\n"
        "Type=oneshot\n"
        "ExecStart=/opt/anahp-sync/anahp-sync sync --config "
        "/home/ana/.config/anahp-sync/config.toml\n"
        "Nice=10\n"
    )
    assert (tmp_path / "systemd/user/anahp-sync.timer").read_text() == (
        "# Written by 'anahp-sync schedule install'; removed by 'anahp-sync schedule remove'.\n"
        "[Unit]\n"
        "Description=ANAHP Sync every 15 minutes\n"
        "\n"
        "[Timer]\n"
        "OnActiveSec=1min\n"
        "OnUnitInactiveSec=15min\n"
        "AccuracySec=30s\n"
        "Unit=anahp-sync.service\n"
        "\n"
        "[Install]\n"
        "WantedBy=timers.target\n"
    )
    assert systemctl.lines == [
        ["systemctl", "--user", "daemon-reload"],
        ["systemctl", "--user", "enable", "--now", "anahp-sync.timer"],
    ]
    assert "loginctl enable-linger" in report[1]
    shown = timer.show()
    assert shown[:4] == [
        str(timer.timer_path),
        str(timer.service_path),
        "  OnUnitInactiveSec=15min",
        "  ExecStart=/opt/anahp-sync/anahp-sync sync --config "
        "/home/ana/.config/anahp-sync/config.toml",
    ]
    assert timer.remove() == [f"Removed the systemd user timer {timer.timer_path}."]
    assert not timer.timer_path.exists() and not timer.service_path.exists()
    assert systemctl.lines[-2:] == [
        ["systemctl", "--user", "disable", "--now", "anahp-sync.timer"],
        ["systemctl", "--user", "daemon-reload"],
    ]
    assert timer.remove()[0].startswith("No systemd user timer")


def test_no_user_manager_is_one_sentence_and_the_files_stay(tmp_path: Path) -> None:
    timer = SystemdUserTimer(tmp_path, Systemctl(code=1))
    with pytest.raises(ConfigurationError) as caught:
        timer.install(Job(("anahp-sync",), "/etc/anahp/config.toml", 15))
    assert "Failed to connect to bus" in caught.value.message and timer.timer_path.exists()
    with pytest.raises(ConfigurationError, match="systemctl was not found"):
        SystemdUserTimer(tmp_path, Systemctl(missing=True)).install(Job(("x",), "/c.toml", 5))


@pytest.mark.parametrize(
    "arg,word",
    [
        ("/usr/bin/python3", "/usr/bin/python3"),
        ("/home/ana/my settings/config.toml", '"/home/ana/my settings/config.toml"'),
        ("100%", '"100%%"'),
        ("$HOME", '"$$HOME"'),
        ('say "hi"', '"say \\"hi\\""'),
    ],
)
def test_exec_start_words(arg: str, word: str) -> None:
    assert systemd_quote(arg) == word


# -- the command ----------------------------------------------------------------------------


@pytest.fixture
def config(tmp_path: Path) -> Path:
    path = tmp_path / "ProgramData" / "config.toml"
    path.parent.mkdir()
    path.write_text("[sync]\ninterval_minutes = 20\n", encoding="utf-8")
    return path


def test_schedule_install_on_linux_writes_the_timer(
    config: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    from anahp_desktop import os_scheduler

    systemctl = Systemctl()
    folder = tmp_path / "units"
    monkeypatch.setattr(
        os_scheduler, "for_this_platform", lambda: SystemdUserTimer(folder, systemctl)
    )
    assert cli.main(["schedule", "install", "--config", str(config)]) == 0
    service = (folder / "anahp-sync.service").read_text()
    assert f"sync --config {config}\n" in service
    assert "OnUnitInactiveSec=20min" in (folder / "anahp-sync.timer").read_text()
    assert cli.main(["schedule", "install", "--every", "5", "--config", str(config)]) == 0
    assert "OnUnitInactiveSec=5min" in (folder / "anahp-sync.timer").read_text()
    assert cli.main(["--config", str(config), "schedule", "install", "--account", "SYSTEM"]) == 2
    assert "--account is for Windows" in capsys.readouterr().err


def test_schedule_install_without_a_settings_file_says_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main(["schedule", "install", "--config", str(tmp_path / "none.toml")]) == 2
    assert "There is no settings file" in capsys.readouterr().err


def test_schedule_install_on_windows_for_an_account_needs_exported_settings(
    config: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    from anahp_desktop import os_scheduler

    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "operator"))

    windows = SimulatedWindows(user=OPERATOR)
    scheduler = WindowsTaskScheduler(windows.run, lambda a: windows.run(a).returncode, OPERATOR)
    monkeypatch.setattr(os_scheduler, "for_this_platform", lambda: scheduler)
    from anahp_desktop.config import loader

    own = loader.default_config_path()  # %LOCALAPPDATA%\anahp-sync on Windows
    own.parent.mkdir(parents=True, exist_ok=True)
    own.write_text("", encoding="utf-8")
    assert cli.main(["schedule", "install", "--account", r"HOSPITAL\svc-anahp$"]) == 2
    assert "export-for-task --account HOSPITAL\\svc-anahp$" in capsys.readouterr().err
    assert windows.commands == []

    assert cli.main(["schedule", "install", "--account", "SYSTEM", "--config", str(config)]) == 0
    (line,) = windows.commands
    assert line[:4] == ["schtasks", "/Create", "/TN", "ANAHP Sync"]
    assert line[5].endswith(f"sync --config {config}") and line[-3:] == ["/RU", "SYSTEM", "/F"]
