"""Building pyodbc connection strings for Microsoft SQL Server.

Both the settings dialog (host, instance, port, ...) and a ``DATABASE_URL`` of
the form ``mssql+pyodbc://user:pw@host:port/db?driver=...`` end up here, so
every quirk is handled once: ``host\\instance`` versus host and port, SQL
login versus Windows integrated authentication, ``Encrypt`` and
``TrustServerCertificate`` (Microsoft drivers) versus ``Encryption``
(FreeTDS), and values that need quoting (see :mod:`.odbc_string`).

The string reaches pyodbc unchanged through SQLAlchemy's ``odbc_connect``.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass, replace
from urllib.parse import quote_plus, unquote

from sqlalchemy.engine import URL, make_url

from anahp_desktop.config.settings import SourceAuth, SourceSettings
from anahp_desktop.errors import ConfigurationError
from anahp_desktop.source import odbc_drivers, odbc_string
from anahp_desktop.translation import _

#: what DBAs see as program_name in sys.dm_exec_sessions
APPLICATION_NAME = "anahp-sync"
#: the TDS protocol FreeTDS speaks to SQL Server 2012 and later
FREETDS_TDS_VERSION = "7.4"
#: URL query keys this module interprets; any other key is passed to the driver as is
_URL_KEYS = frozenset({"driver", "encrypt", "trustservercertificate", "trusted_connection"})


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
    #: Encrypt=strict (TDS 8.0: TLS before the first packet, certificate always checked)
    strict: bool = False
    #: further ODBC attributes from a DATABASE_URL (e.g. ApplicationIntent), in order
    extra: tuple[tuple[str, str], ...] = ()

    @property
    def is_freetds(self) -> bool:
        return "freetds" in self.driver.lower()


def connection_string(target: MssqlTarget, password: str | None) -> str:
    """The exact ODBC connection string for ``target``."""
    if not target.host:
        raise ConfigurationError(_("The SQL Server host is not set."))
    if not target.driver:
        raise ConfigurationError(_("No ODBC driver is chosen for SQL Server."))
    if odbc_drivers.kind(target.driver) is odbc_drivers.DriverKind.LEGACY:
        raise ConfigurationError(odbc_drivers.legacy_driver_sentence())
    pairs: list[tuple[str, str]] = [("DRIVER", target.driver)]
    pairs += _server_pairs(target)
    if target.database:
        pairs.append(("DATABASE", target.database))
    pairs += _auth_pairs(target, password)
    pairs.append(("APP", APPLICATION_NAME))
    pairs += [(key, value) for key, value in target.extra]
    pairs += _encryption_pairs(target)  # last: never braced (FreeTDS misreads a last brace)
    return odbc_string.render(pairs, freetds=target.is_freetds)


def sqlalchemy_url(target: MssqlTarget, password: str | None) -> URL:
    """An ``mssql+pyodbc`` URL whose ``odbc_connect`` reaches pyodbc exactly as built."""
    text = connection_string(target, password)
    value = quote_plus(text) if _connector_unquotes() else text
    return URL.create("mssql+pyodbc", query={"odbc_connect": value})


def target_from_settings(settings: SourceSettings) -> MssqlTarget:
    host, instance, port = _split_host(settings.host, settings.instance, settings.port)
    return MssqlTarget(
        host=host,
        instance=instance,
        port=port,
        database=settings.database,
        driver=settings.driver or default_driver(),
        auth=settings.auth,
        username=settings.username,
        encrypt=settings.encrypt,
        trust_server_certificate=settings.trust_server_certificate,
    )


def target_from_url(url: str | URL) -> tuple[MssqlTarget, str | None]:
    """Read an ``mssql+pyodbc://`` URL into a target and the password it carries.

    ``host\\instance`` may be written as is or URL-encoded (``host%5Cinstance``);
    query keys are matched without regard to case, and keys this module does
    not interpret (``ApplicationIntent``, ``MultiSubnetFailover``...) are kept.
    """
    parsed = make_url(url) if isinstance(url, str) else url
    query: dict[str, str] = {}
    extra: list[tuple[str, str]] = []
    for key, value in parsed.query.items():
        text = value if isinstance(value, str) else value[-1]
        if key.lower() in _URL_KEYS:
            query[key.lower()] = text
        else:
            extra.append((key, text))
    host, instance, port = _split_host(unquote(parsed.host or ""), "", parsed.port)
    trusted = _yes(query.get("trusted_connection", "no"))
    target = MssqlTarget(
        host=host,
        instance=instance,
        port=port,
        database=unquote(parsed.database or ""),
        driver=query.get("driver", "") or default_driver(),
        auth=SourceAuth.WINDOWS if trusted else SourceAuth.SQL,
        username="" if trusted else parsed.username or "",
        encrypt=_yes(query.get("encrypt", "yes")),
        trust_server_certificate=_yes(query.get("trustservercertificate", "no")),
        strict=query.get("encrypt", "").strip().lower() == "strict",
        extra=tuple(extra),
    )
    return target, parsed.password


#: ODBC keywords that make a connection read-only (the state store must write)
READ_ONLY_INTENT = "applicationintent"


def for_state_store(target: MssqlTarget, *, inherited: bool) -> MssqlTarget:
    """The target the state store may use: never ``ApplicationIntent=ReadOnly``.

    Inherited from the source URL (the state lives in the hospital database by
    default), the keyword is dropped: the view may be read from a read-only
    replica, the state tables must be written on the primary. Written in the
    state's own URL, it is refused: that URL can never work.
    """
    kept = tuple((k, v) for k, v in target.extra if k.lower() != READ_ONLY_INTENT)
    if len(kept) == len(target.extra):
        return target
    asked = [v for k, v in target.extra if k.lower() == READ_ONLY_INTENT]
    if not inherited and any(v.strip().lower() == "readonly" for v in asked):
        raise ConfigurationError(
            _(
                "The state store's URL asks for ApplicationIntent=ReadOnly, but the app must "
                "write its state tables: remove it from STATE_DATABASE_URL."
            )
        )
    return replace(target, extra=kept)


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
    """The best SQL Server driver installed (:func:`odbc_drivers.choose_driver`).

    With none installed, Driver 18 is named so that the driver manager's own
    "not found" error says what is missing; with only the legacy ``SQL Server``
    driver, which cannot read the view, the operator gets the sentence at once.
    """
    choice = odbc_drivers.choose_driver(installed_drivers() if available is None else available)
    if choice.usable:
        return choice.name
    if choice.installed:
        raise ConfigurationError(choice.note)
    return odbc_drivers.ODBC_18


def _split_host(host: str, instance: str, port: int | None) -> tuple[str, str, int | None]:
    """Accept ``host\\instance`` and ``host,port`` typed into the host field."""
    host = host.strip()
    if "\\" in host and not instance:
        host, instance = host.split("\\", 1)
    if "," in host and port is None:
        name, _comma, digits = host.rpartition(",")
        if digits.strip().isdigit():
            host, port = name, int(digits)
    return host.strip(), instance.strip(), port


def _server_pairs(target: MssqlTarget) -> list[tuple[str, str]]:
    if target.instance and target.port:
        raise ConfigurationError(
            _("Give either the SQL Server instance name or the port, not both.")
        )
    if target.instance:
        # the SQL Server Browser (UDP 1434) tells the driver the instance's port
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
    if target.strict:
        if target.is_freetds or "18" not in target.driver:
            raise ConfigurationError(
                _(
                    "Encrypt=strict needs Microsoft ODBC Driver 18 for SQL Server (or later); "
                    "{driver} would connect with weaker encryption. Choose that driver, or "
                    "remove Encrypt=strict."
                ).format(driver=target.driver)
            )
        return [
            ("Encrypt", "strict"),
            ("TrustServerCertificate", "no"),  # strict always checks the certificate
        ]
    if target.is_freetds:
        # "request" still encrypts the login packet when the server can, like Encrypt=no
        # does with Microsoft's drivers; "off" would send the password in the clear.
        # FreeTDS checks the certificate only when freetds.conf names a "ca file".
        return [
            ("TDS_Version", FREETDS_TDS_VERSION),
            ("ClientCharset", "UTF-8"),
            ("Encryption", "require" if target.encrypt else "request"),
        ]
    return [
        ("Encrypt", "yes" if target.encrypt else "no"),
        ("TrustServerCertificate", "yes" if target.trust_server_certificate else "no"),
    ]


def _yes(value: str) -> bool:
    return value.strip().lower() in ("yes", "true", "1", "mandatory", "strict", "on")


@functools.cache
def _connector_unquotes() -> bool:
    """True when this SQLAlchemy URL-decodes ``odbc_connect`` (2.0 does, 2.1 does not)."""
    from sqlalchemy.dialects.mssql.pyodbc import MSDialect_pyodbc

    probe = URL.create("mssql+pyodbc", query={"odbc_connect": "a+b"})
    args, _kwargs = MSDialect_pyodbc().create_connect_args(probe)  # type: ignore[no-untyped-call]
    return bool(args[0] != "a+b")
