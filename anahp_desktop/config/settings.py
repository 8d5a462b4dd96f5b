"""Every setting of the product, declared once as data.

The TOML file, the environment overrides, the CLI and the settings dialog all
read these models. Secrets are *not* fields here: they live in the keyring or
in environment variables (see :mod:`anahp_desktop.secrets`), so saving
settings can never write a password to disk.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_assignment=True)


class SourceAuth(StrEnum):
    SQL = "sql"
    WINDOWS = "windows"


class CursorMode(StrEnum):
    """How the engine remembers how far it has read the view.

    ``timestamp`` (default, every database): ``updated_at`` with a lookback
    window that re-reads recent rows so late-committing transactions are not
    missed. ``rowversion`` (SQL Server only): a ``rowversion`` column bounded
    by ``MIN_ACTIVE_ROWVERSION()``, which cannot miss a late commit.
    ``change_tracking`` (SQL Server only, recommended there): SQL Server's
    Change Tracking through a function the DBA exposes; versions in commit
    order, deletes seen, nothing added to the hospital system's tables.
    """

    TIMESTAMP = "timestamp"
    ROWVERSION = "rowversion"
    CHANGE_TRACKING = "change_tracking"


class SourceSettings(_Section):
    """The hospital database and the view its DBA exposes.

    Either ``url`` (a SQLAlchemy URL, as the old service's ``DATABASE_URL``)
    or the SQL Server fields below, from which a pyodbc connection is built.
    """

    url: str = ""
    host: str = ""
    instance: str = ""
    port: int | None = Field(default=None, ge=1, le=65535)
    database: str = ""
    username: str = ""
    auth: SourceAuth = SourceAuth.SQL
    driver: str = ""
    encrypt: bool = True
    trust_server_certificate: bool = False
    login_timeout_s: int = Field(default=15, ge=1, le=600)
    query_timeout_s: int = Field(default=300, ge=0, le=86_400)
    view: str = Field(default="sinha_export", min_length=1, max_length=256)
    timezone: str = "America/Sao_Paulo"
    cursor: CursorMode = CursorMode.TIMESTAMP
    rowversion_column: str = "row_version"
    snapshot_isolation: bool = False
    #: the inline function over CHANGETABLE(CHANGES ...) (sql/mssql/change_tracking.sql)
    changes_function: str = Field(default="dbo.sinha_export_changes", min_length=1, max_length=256)

    @field_validator("timezone")
    @classmethod
    def _known_timezone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(f"unknown time zone {value!r} (example: America/Sao_Paulo)") from exc
        return value

    @field_validator("view", "rowversion_column", "changes_function")
    @classmethod
    def _identifier(cls, value: str) -> str:
        parts = value.split(".")
        for part in parts:
            if not part or not all(ch.isalnum() or ch in "_$#@" for ch in part):
                raise ValueError(
                    f"{value!r} is not a plain view or column name (letters, digits, _)"
                )
        if len(parts) > 2:
            raise ValueError(f"{value!r}: use view or schema.view")
        return value


class StateSettings(_Section):
    """Where the operations log, watermark, batch intents and the sync lock live.

    Empty ``url``: a SQLite file in this account's data folder (the default, see
    :mod:`anahp_desktop.state.location`). ``"source"``: in the hospital database
    itself, as the old service did -- only when chosen. Anything else: a
    SQLAlchemy URL (a SQLite file elsewhere, SQL Server, PostgreSQL).
    On SQL Server the tables live in their own schema (``schema_name``, ``anahp``),
    never in the hospital system's ``dbo``.
    """

    url: str = ""
    #: SQL Server: the schema of the state tables, apart from the vendor's dbo
    schema_name: str = Field(default="anahp", min_length=1, max_length=128)

    @field_validator("schema_name")
    @classmethod
    def _plain_schema(cls, value: str) -> str:
        if not all(ch.isalnum() or ch in "_$#@" for ch in value):
            raise ValueError(f"{value!r} is not a plain schema name (letters, digits, _)")
        return value


class SinhaSettings(_Section):
    url: str = "http://127.0.0.1:8765/api"
    user: str = ""
    connect_timeout_s: float = Field(default=10.0, gt=0, le=300)
    read_timeout_s: float = Field(default=60.0, gt=0, le=3600)
    verify_tls: bool = True
    ca_bundle: str = ""
    allow_insecure_http: bool = False
    #: each request ends by then, headers and body included, however slowly SINHA answers
    request_deadline_s: float = Field(default=120.0, gt=0, le=3600)


class SyncSettings(_Section):
    batch_size: Annotated[int, Field(ge=1, le=5000)] = 500
    page_size: Annotated[int, Field(ge=1, le=50_000)] = 2000
    interval_minutes: Annotated[int, Field(ge=1, le=7 * 24 * 60)] = 15
    lookback_minutes: Annotated[int, Field(ge=0, le=7 * 24 * 60)] = 10
    future_tolerance_minutes: Annotated[int, Field(ge=0, le=24 * 60)] = 5
    max_attempts: Annotated[int, Field(ge=1, le=50)] = 5
    backoff_initial_s: Annotated[float, Field(ge=0, le=600)] = 1.0
    backoff_max_s: Annotated[float, Field(ge=0, le=3600)] = 60.0
    #: batches sent at once; 1 sends them one after the other (see sync/sending_window.py)
    max_in_flight: Annotated[int, Field(ge=1, le=8)] = 2
    send_raw_atendimento: bool = False
    #: seconds a run may spend waiting between retries in all (Retry-After and backoff); beyond
    #: it the run stops and the next one resumes (the sync lock is not held for hours)
    max_wait_s: Annotated[float, Field(ge=0, le=24 * 3600)] = 600.0

    @model_validator(mode="before")
    @classmethod
    def _forget_lease_seconds(cls, data: object) -> object:
        """Settings files of earlier versions name the lease's TTL; the lock has none."""
        if isinstance(data, dict) and "lease_seconds" in data:
            return {key: value for key, value in data.items() if key != "lease_seconds"}
        return data


class PrivacySettings(_Section):
    log_retention_days: Annotated[int, Field(ge=1, le=3650)] = 365


class AppSettings(_Section):
    """Desktop-only preferences; the engine ignores them."""

    language: str = "system"
    minimize_to_tray: bool = True
    schedule_paused: bool = False
    stale_warning_hours: Annotated[int, Field(ge=1, le=24 * 30)] = 24
    autostart: bool = False
    operator: str = ""


class ProxyMode(StrEnum):
    """The two named proxy choices; anything else in ``network.proxy`` is an explicit URL."""

    SYSTEM = "system"
    NONE = "none"


class NetworkSettings(_Section):
    """How the app reaches SINHA and alert webhooks through the hospital network.

    ``proxy``: ``system`` (environment variables, and on Windows the Internet
    Options, PAC file included), ``none``, or ``http://host:port``. The proxy
    password is a secret (keyring), never a field here; loopback never goes
    through a proxy.
    """

    proxy: str = ProxyMode.SYSTEM.value
    proxy_user: str = ""

    @field_validator("proxy")
    @classmethod
    def _proxy_choice(cls, value: str) -> str:
        value = value.strip()
        if value.lower() in (ProxyMode.SYSTEM.value, ProxyMode.NONE.value):
            return value.lower()
        parts = urlsplit(value)
        try:
            port = parts.port
        except ValueError:
            port = None
        if parts.scheme not in ("http", "https") or not parts.hostname or port is None:
            raise ValueError(
                f"{value!r}: use system, none, or http://host:port (example: http://proxy:3128)"
            )
        if parts.username or parts.password:
            raise ValueError(
                "put the proxy user in network.proxy_user and its password in the keyring "
                "('anahp-sync secrets set proxy-password'), not in the URL"
            )
        if parts.path not in ("", "/") or parts.query:
            raise ValueError(f"{value!r}: a proxy address has no path (http://host:port)")
        return f"{parts.scheme}://{parts.netloc}"


class SmtpSecurity(StrEnum):
    STARTTLS = "starttls"  # port 587: plain connection upgraded with STARTTLS
    SSL = "ssl"  # port 465: TLS from the first byte (SMTPS)
    NONE = "none"  # an internal relay without TLS: refused when a password would travel


class AlertSettings(_Section):
    """Alerts for installations nobody watches: by e-mail and by a webhook.

    No patient data is ever put in an alert (counts, batch ids, categories and
    the operator sentence only). The SMTP password and the webhook URL (which
    carries its own access token) are secrets in the keyring.
    """

    email: bool = False
    smtp_host: str = ""
    smtp_port: int = Field(default=587, ge=1, le=65535)
    smtp_security: SmtpSecurity = SmtpSecurity.STARTTLS
    smtp_user: str = ""
    email_from: str = ""
    email_to: list[str] = Field(default_factory=list)
    webhook: bool = False
    #: "no sync succeeded for N hours" (0 turns this alert off)
    no_success_hours: int = Field(default=24, ge=0, le=24 * 30)
    on_failure: bool = True
    on_rejected: bool = True
    timeout_s: float = Field(default=20.0, gt=0, le=300)

    @field_validator("email_to", mode="before")
    @classmethod
    def _addresses(cls, value: object) -> object:
        if isinstance(value, str):  # "a@x, b@y" from an environment variable or a form
            return [part.strip() for part in value.replace(";", ",").split(",") if part.strip()]
        return value

    @field_validator("email_to")
    @classmethod
    def _valid_addresses(cls, value: list[str]) -> list[str]:
        for address in value:
            if "@" not in address or any(ch.isspace() for ch in address):
                raise ValueError(f"{address!r} is not an e-mail address")
        return value


class SecretStoreSettings(_Section):
    """Where secrets are kept when no environment variable gives them.

    Empty ``file``: the OS keyring of the account running the app. A path: a
    DPAPI-protected secret file that only ``account`` may read -- what a
    scheduled task's service account, gMSA or SYSTEM uses, written by
    ``anahp-sync export-for-task`` (Windows only).
    """

    file: str = ""
    account: str = ""


class Settings(_Section):
    source: SourceSettings = Field(default_factory=SourceSettings)
    state: StateSettings = Field(default_factory=StateSettings)
    sinha: SinhaSettings = Field(default_factory=SinhaSettings)
    sync: SyncSettings = Field(default_factory=SyncSettings)
    privacy: PrivacySettings = Field(default_factory=PrivacySettings)
    app: AppSettings = Field(default_factory=AppSettings)
    network: NetworkSettings = Field(default_factory=NetworkSettings)
    alerts: AlertSettings = Field(default_factory=AlertSettings)
    secrets: SecretStoreSettings = Field(default_factory=SecretStoreSettings)
