"""``anahp-sync export-for-task``: the operator's settings and secrets, for a scheduled task's account.

The settings window saves to the operator's ``%LOCALAPPDATA%``, which a task
running as another account cannot read; its secrets are in the operator's
Credential Manager, which that account cannot open. This writes, under a
shared folder (``C:\\ProgramData\\anahp-sync`` by default):

* ``config.toml``: the operator's settings, naming the secret file; readable
  by the task's account, updatable by the operator (run it again after
  changing the settings in the window);
* ``secrets.dpapi``: the secrets the settings need, DPAPI-protected, readable
  only by the task's account (:mod:`anahp_desktop.secret_file`); this part
  needs an administrator;
* ``state\\``: when the state store is a SQLite file, the folder it must live
  in, writable by both the operator's app and the task, readable by nobody else.

Windows' part (DPAPI, ``icacls``, "am I an administrator") goes through
:class:`anahp_desktop.windows.host.WindowsHost`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path, PurePath

from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from anahp_desktop.config.settings import Settings
from anahp_desktop.config.urls import strip_password
from anahp_desktop.config.writer import ConfigWriter
from anahp_desktop.errors import ConfigurationError, SecretsUnavailableError
from anahp_desktop.secret_file import SecretFile
from anahp_desktop.secrets import MemoryBackend, SecretName, Secrets
from anahp_desktop.translation import _
from anahp_desktop.windows import acl
from anahp_desktop.windows.host import WindowsHost

DEFAULT_FOLDER = PurePath("C:/ProgramData/anahp-sync")
CONFIG_NAME = "config.toml"
SECRETS_NAME = "secrets.dpapi"
STATE_FOLDER = "state"
STATE_NAME = "state.sqlite"

#: asks the operator for a secret that is neither in the environment nor in the keyring
Prompt = Callable[[SecretName], str]


@dataclass(frozen=True)
class Layout:
    folder: Path

    @property
    def config(self) -> Path:
        return self.folder / CONFIG_NAME

    @property
    def secrets(self) -> Path:
        return self.folder / SECRETS_NAME

    @property
    def state_folder(self) -> Path:
        return self.folder / STATE_FOLDER

    @property
    def state_file(self) -> Path:
        return self.state_folder / STATE_NAME


@dataclass(frozen=True)
class Export:
    """What was written, for the report."""

    layout: Layout
    account: str
    operator: str
    secrets: tuple[SecretName, ...] = ()
    prompted: tuple[SecretName, ...] = ()
    state_shared: bool = False
    settings_only: bool = False
    notes: list[str] = field(default_factory=list)


def folder_grants(operator: str, account: str) -> list[acl.Grant]:
    return [
        acl.Grant(acl.ADMINISTRATORS, acl.FULL, inherit=True),
        acl.Grant(acl.SYSTEM, acl.FULL, inherit=True),
        acl.Grant(operator, acl.MODIFY),
        acl.Grant(account, acl.READ_EXECUTE),
    ]


def config_grants(operator: str, account: str) -> list[acl.Grant]:
    return [
        acl.Grant(acl.ADMINISTRATORS, acl.FULL),
        acl.Grant(acl.SYSTEM, acl.FULL),
        acl.Grant(operator, acl.MODIFY),
        acl.Grant(account, acl.READ),
    ]


def state_grants(operator: str, account: str) -> list[acl.Grant]:
    """Both may write the SQLite file and the -wal/-shm/-journal files SQLite creates beside it."""
    return [
        acl.Grant(acl.ADMINISTRATORS, acl.FULL, inherit=True),
        acl.Grant(acl.SYSTEM, acl.FULL, inherit=True),
        acl.Grant(operator, acl.MODIFY, inherit=True),
        acl.Grant(account, acl.MODIFY, inherit=True),
    ]


def needed_secrets(settings: Settings) -> list[SecretName]:
    """The secrets a run with ``settings`` asks for, found by building its connections."""
    from anahp_desktop.source.connection import source_url, state_url

    asked: set[SecretName] = set()

    class Recorder(MemoryBackend):
        def get(self, name: SecretName) -> str | None:
            asked.add(name)
            return "recorded"

    probe = Secrets(Recorder(), env={})
    try:
        source_url(settings.source, probe)
        state_url(settings.state.url, settings.source, probe)
    except ConfigurationError:
        pass  # an unfinished database setting: the run says so itself
    asked |= {SecretName.SINHA_PASSWORD, SecretName.PSEUDONYM_KEY}
    asked |= _optional_secrets(settings)
    return [name for name in SecretName if name in asked]


def _optional_secrets(settings: Settings) -> set[SecretName]:
    """The secrets only some settings call for: a proxy login, e-mail or webhook alerts."""
    wanted: set[SecretName] = set()
    if settings.network.proxy_user:
        wanted.add(SecretName.PROXY_PASSWORD)
    if settings.alerts.email and settings.alerts.smtp_user:
        wanted.add(SecretName.SMTP_PASSWORD)
    if settings.alerts.webhook:
        wanted.add(SecretName.ALERT_WEBHOOK_URL)
    return wanted


def sqlite_state_path(settings: Settings) -> Path | None:
    """The state store's SQLite file, when it is one (asked of the engine, whatever the default)."""
    from anahp_desktop.source.connection import state_url

    probe = Secrets(MemoryBackend({name: "probe" for name in SecretName}), env={})
    try:
        url = state_url(settings.state.url, settings.source, probe)
    except ConfigurationError:
        return None
    database = url.database or ""
    if url.get_backend_name() != "sqlite" or not database:
        return None
    if database == ":memory:" or database.startswith("file:"):
        return None
    return Path(database)


def export_for_task(
    settings: Settings,
    operator_secrets: Secrets,
    account: str,
    folder: Path,
    windows: WindowsHost,
    prompt: Prompt,
    *,
    settings_only: bool = False,
) -> Export:
    """Write the task's settings (and, unless ``settings_only``, its secret file)."""
    account = account.strip()
    if not account:
        raise ConfigurationError(_("Name the task's Windows account with --account."))
    layout = Layout(folder)
    operator = windows.user_name()
    if not settings_only and not windows.is_admin():
        raise ConfigurationError(
            _(
                "Writing the task's secret file needs an administrator: open the command "
                'prompt with "Run as administrator" and run this again (or add '
                "--settings-only to update only the settings)."
            )
        )
    state_shared = _check_state(settings, layout)
    if not settings_only or not layout.folder.exists():
        # an operator refreshing the settings may not change what the administrator set up
        _prepare_folder(layout, operator, account, windows, state_shared)
    # what the task will read: the settings without any password written into a URL
    task_settings = settings.model_copy(deep=True)
    task_settings.source.url = strip_password(settings.source.url)
    task_settings.state.url = strip_password(settings.state.url)
    task_settings.secrets.file = str(layout.secrets)
    task_settings.secrets.account = account
    task_settings.app.autostart = False
    names: list[SecretName] = []
    prompted: list[SecretName] = []
    if not settings_only:
        values: dict[SecretName, str] = {}
        for name in needed_secrets(task_settings):
            value = _from_operator(operator_secrets, name) or _from_url(settings, name)
            if not value:
                value = prompt(name)
                prompted.append(name)
            values[name] = value
            names.append(name)
        SecretFile(layout.secrets, account, lambda: windows).write(values)

    def secure(temporary: Path) -> None:
        acl.apply(temporary, config_grants(operator, account), windows.run)

    ConfigWriter(layout.config, secure=secure).save(task_settings)
    return Export(
        layout,
        account,
        operator,
        tuple(names),
        tuple(prompted),
        state_shared,
        settings_only,
    )


def _from_operator(secrets: Secrets, name: SecretName) -> str | None:
    """The operator's secret; None (so it is asked for) when the keyring cannot give it.

    An elevated command prompt may be refused the operator's Credential Manager
    (Windows error 1312): typing the secret then is the way through.
    """
    try:
        return secrets.get(name)
    except SecretsUnavailableError:
        return None


def _from_url(settings: Settings, name: SecretName) -> str | None:
    """A database password the operator gives inside DATABASE_URL / STATE_DATABASE_URL."""
    if name is not SecretName.DATABASE_PASSWORD:
        return None
    for raw in (settings.source.url, settings.state.url):
        try:
            password = make_url(raw).password if raw else None
        except ArgumentError:
            password = None
        if password:
            return str(password)
    return None


def _check_state(settings: Settings, layout: Layout) -> bool:
    """True when the state is a SQLite file in the shared state folder; refuse one elsewhere."""
    path = sqlite_state_path(settings)
    if path is None:
        return False
    if _inside(path, layout.state_folder):
        return True
    raise ConfigurationError(
        _(
            "The state store is the SQLite file {path}, which the task's account cannot share "
            "with you. Quit ANAHP Sync, move that file to {target} (keep it: it remembers what "
            "was sent), choose it as the state store in the settings window, then run this "
            "again. A state store in SQL Server needs nothing of this."
        ).format(path=path, target=layout.state_file)
    )


def _inside(path: Path, folder: Path) -> bool:
    try:
        return path.resolve().is_relative_to(folder.resolve())
    except OSError:
        return False


def _prepare_folder(
    layout: Layout, operator: str, account: str, windows: WindowsHost, state: bool
) -> None:
    try:
        layout.folder.mkdir(parents=True, exist_ok=True)
        if state:
            layout.state_folder.mkdir(exist_ok=True)
    except OSError as exc:
        raise ConfigurationError(
            _("Cannot create the folder {folder}: {reason}").format(
                folder=layout.folder, reason=exc.strerror or type(exc).__name__
            )
        ) from exc
    acl.apply(layout.folder, folder_grants(operator, account), windows.run)
    if state:
        # recursive: a state file moved in keeps its old ACL until told to inherit
        acl.apply(layout.state_folder, state_grants(operator, account), windows.run, recursive=True)
