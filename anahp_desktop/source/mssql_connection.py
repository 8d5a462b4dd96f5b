"""Building pyodbc connection strings for Microsoft SQL Server.

Both the settings dialog (host, instance, port, ...) and a ``DATABASE_URL`` of
the form ``mssql+pyodbc://user:pw@host:port/db?driver=...`` end up here, so
every quirk is handled once: ``host\\instance`` versus ``host,port``, SQL
login versus Windows integrated authentication, ``Encrypt`` and
``TrustServerCertificate``, FreeTDS's own keywords, and values that need
``{...}`` quoting (passwords with ``;``, ``{``, ``}``, ``=`` or spaces).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy.engine import URL, make_url

from anahp_desktop.config.settings import SourceAuth, SourceSettings
from anahp_desktop.errors import ConfigurationError
from anahp_desktop.translation import _

PREFERRED_DRIVERS = (
    "ODBC Driver 18 for SQL Server",
    "ODBC Driver 17 for SQL Server",
    "FreeTDS",
)


@dataclass(frozen=True)
class MssqlTarget:
    """What is needed to reach one SQL Server database."""

    host: str
    database: str
    driver: str
    instance: str = ""
    port: int | None = None
    auth: SourceAuth = SourceAuth.SQL
    username: str = ""
    encrypt: bool = True
    trust_server_certificate: bool = False

    @property
    def is_freetds(self) -> bool:
        return "freetds" in self.driver.lower()


def quote_odbc_value(value: str) -> str:
    """Quote an ODBC attribute value when it needs it (braces, ``}`` doubled)."""
    needs_braces = any(ch in value for ch in ";{}=") or value != value.strip() or not value
    if not needs_braces:
        return value
    return "{" + value.replace("}", "}}") + "}"


def connection_string(target: MssqlTarget, password: str | None) -> str:
    """The exact ODBC connection string for ``target``."""
    if not target.host:
        raise ConfigurationError(_("The SQL Server host is not set."))
    if not target.driver:
        raise ConfigurationError(_("No ODBC driver is chosen for SQL Server."))
    pairs: list[tuple[str, str]] = [("DRIVER", "{" + target.driver.replace("}", "}}") + "}")]
    pairs += _server_pairs(target)
    if target.database:
        pairs.append(("DATABASE", target.database))
    pairs += _auth_pairs(target, password)
    pairs += _encryption_pairs(target)
    return ";".join(f"{key}={quote_odbc_value(value)}" for key, value in pairs)


def sqlalchemy_url(target: MssqlTarget, password: str | None) -> URL:
    return URL.create("mssql+pyodbc", query={"odbc_connect": connection_string(target, password)})


def target_from_settings(settings: SourceSettings) -> MssqlTarget:
    return MssqlTarget(
        host=settings.host,
        instance=settings.instance,
        port=settings.port,
        database=settings.database,
        driver=settings.driver or default_driver(),
        auth=settings.auth,
        username=settings.username,
        encrypt=settings.encrypt,
        trust_server_certificate=settings.trust_server_certificate,
    )


def target_from_url(url: str | URL) -> tuple[MssqlTarget, str | None]:
    """Read an ``mssql+pyodbc://`` URL into a target and the password it carries."""
    parsed = make_url(url) if isinstance(url, str) else url
    query = {
        key: (value if isinstance(value, str) else value[-1]) for key, value in parsed.query.items()
    }
    host = parsed.host or ""
    instance = ""
    if "\\" in host:
        host, instance = host.split("\\", 1)
    trusted = (
        query.get("Trusted_Connection", query.get("trusted_connection", "no")).lower() == "yes"
    )
    target = MssqlTarget(
        host=host,
        instance=instance,
        port=parsed.port,
        database=parsed.database or "",
        driver=query.get("driver", "") or default_driver(),
        auth=SourceAuth.WINDOWS if trusted else SourceAuth.SQL,
        username=parsed.username or "",
        encrypt=_yes(query.get("Encrypt", query.get("encrypt", "yes"))),
        trust_server_certificate=_yes(
            query.get("TrustServerCertificate", query.get("trustservercertificate", "no"))
        ),
    )
    return target, parsed.password


def installed_drivers() -> list[str]:
    """ODBC drivers registered on this machine ([] when unixODBC/pyodbc is missing)."""
    try:
        import pyodbc
    except ImportError:
        return []
    try:
        drivers: list[str] = list(pyodbc.drivers())
    except pyodbc.Error:
        return []
    return drivers


def default_driver(available: Iterable[str] | None = None) -> str:
    """The best SQL Server driver installed, or the newest Microsoft one by name."""
    names = list(installed_drivers() if available is None else available)
    for preferred in PREFERRED_DRIVERS:
        if preferred in names:
            return preferred
    return PREFERRED_DRIVERS[0]


def _server_pairs(target: MssqlTarget) -> list[tuple[str, str]]:
    if target.instance and target.port:
        raise ConfigurationError(
            _("Give either the SQL Server instance name or the port, not both.")
        )
    if target.instance:
        return [("SERVER", f"{target.host}\\{target.instance}")]
    if target.is_freetds:
        return [("SERVER", target.host), ("PORT", str(target.port or 1433))]
    if target.port:
        return [("SERVER", f"{target.host},{target.port}")]
    return [("SERVER", target.host)]


def _auth_pairs(target: MssqlTarget, password: str | None) -> list[tuple[str, str]]:
    if target.auth is SourceAuth.WINDOWS:
        if target.is_freetds:
            raise ConfigurationError(
                _(
                    "Windows integrated authentication needs the Microsoft ODBC Driver for "
                    "SQL Server; with FreeTDS use a SQL login."
                )
            )
        return [("Trusted_Connection", "yes")]
    if not target.username:
        raise ConfigurationError(_("The SQL Server login (user name) is not set."))
    return [("UID", target.username), ("PWD", password or "")]


def _encryption_pairs(target: MssqlTarget) -> list[tuple[str, str]]:
    if target.is_freetds:
        pairs = [("TDS_Version", "7.4"), ("ClientCharset", "UTF-8")]
        pairs.append(("Encryption", "require" if target.encrypt else "off"))
        return pairs
    return [
        ("Encrypt", "yes" if target.encrypt else "no"),
        ("TrustServerCertificate", "yes" if target.trust_server_certificate else "no"),
    ]


def _yes(value: str) -> bool:
    return value.strip().lower() in ("yes", "true", "1", "mandatory", "strict")
