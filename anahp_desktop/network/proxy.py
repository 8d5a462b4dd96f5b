"""Which proxy, if any, a request to a URL goes through.

``network.proxy`` is ``system`` (the default), ``none`` or ``http://host:port``.
"system" means what the machine says: the environment variables
(``HTTPS_PROXY``/``HTTP_PROXY``/``ALL_PROXY`` with ``NO_PROXY``), and on
Windows, when they say nothing, the Internet Options (a PAC file, or a fixed
proxy with its bypass list; see :mod:`.windows_proxy`). This machine's own
addresses never go through a proxy. The answer is a :class:`ProxyRoute` that
also says where it came from, for the connection test.
"""

from __future__ import annotations

import os
import platform
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from anahp_desktop.config.settings import NetworkSettings, ProxyMode
from anahp_desktop.translation import _

if TYPE_CHECKING:  # the Windows branch imports it when it runs (elsewhere it never does)
    from anahp_desktop.network.windows_proxy import InternetOptions


class ProxySource(StrEnum):
    LOOPBACK = "loopback"  # this machine: never proxied
    SETTING_NONE = "none"  # network.proxy = none
    EXPLICIT = "explicit"  # network.proxy = http://host:port
    ENVIRONMENT = "environment"  # HTTPS_PROXY and friends
    WINDOWS_PAC = "windows_pac"  # Internet Options: automatic configuration script
    WINDOWS_FIXED = "windows_fixed"  # Internet Options: a proxy server
    SYSTEM_DIRECT = "system_direct"  # "system", and the system names no proxy for this URL


@dataclass(frozen=True)
class ProxyRoute:
    """``proxy`` is ``http://host:port`` (no credentials) or None for a direct connection."""

    proxy: str | None
    source: ProxySource
    detail: str = ""  # the variable, PAC file or Internet Options value it came from
    note: str = ""  # a problem met on the way (a PAC file that could not be read)

    def describe(self) -> str:
        if self.proxy is None:
            text = {
                ProxySource.LOOPBACK: _(
                    "directly (this computer's own address never uses a proxy)"
                ),
                ProxySource.SETTING_NONE: _("directly (the settings say: no proxy)"),
                ProxySource.WINDOWS_PAC: _("directly (the PAC file {detail} says DIRECT)"),
            }.get(self.source, _("directly (the system names no proxy for this address)"))
            text = text.format(detail=self.detail)
        else:
            origin = {
                ProxySource.EXPLICIT: _("set in the settings"),
                ProxySource.ENVIRONMENT: _("from the environment variable {detail}"),
                ProxySource.WINDOWS_PAC: _("from the Windows PAC file {detail}"),
                ProxySource.WINDOWS_FIXED: _("from the Windows Internet Options"),
            }[self.source].format(detail=self.detail)
            text = _("through the proxy {proxy} ({origin})").format(proxy=self.proxy, origin=origin)
        return f"{text} {self.note}".strip()


InternetOptionsReader = Callable[[], "InternetOptions"]
PacFetcher = Callable[[str], str]


@dataclass(frozen=True)
class SystemProxySources:
    """Where "system" looks: injectable, so the Windows branch is tested on any machine."""

    env: Mapping[str, str] = field(default_factory=lambda: dict(os.environ))
    #: None where there are no Internet Options (not Windows)
    internet_options: InternetOptionsReader | None = None
    fetch_pac: PacFetcher | None = None

    @classmethod
    def of_this_machine(cls) -> SystemProxySources:
        if platform.system() != "Windows":
            return cls()
        from anahp_desktop.network import windows_proxy

        return cls(
            internet_options=windows_proxy.read_internet_options,
            fetch_pac=windows_proxy.fetch_pac,
        )


def resolve_proxy(
    url: str, network: NetworkSettings, sources: SystemProxySources | None = None
) -> ProxyRoute:
    """The route a request to ``url`` takes under these settings."""
    from anahp_desktop.sinha.transport_security import is_loopback

    host = urlsplit(url).hostname or ""
    if is_loopback(host):
        return ProxyRoute(None, ProxySource.LOOPBACK)
    if network.proxy == ProxyMode.NONE:
        return ProxyRoute(None, ProxySource.SETTING_NONE)
    if network.proxy != ProxyMode.SYSTEM:
        return ProxyRoute(network.proxy, ProxySource.EXPLICIT)
    sources = sources or SystemProxySources.of_this_machine()
    from_env = environment_proxy(url, sources.env)
    if from_env is not None:
        return from_env
    if sources.internet_options is not None and sources.fetch_pac is not None:
        from anahp_desktop.network.windows_proxy import windows_route

        windows = windows_route(url, sources.internet_options(), sources.fetch_pac)
        if windows is not None:
            if windows.from_pac:
                source = ProxySource.WINDOWS_PAC
            elif windows.proxy is not None:
                source = ProxySource.WINDOWS_FIXED
            else:
                source = ProxySource.SYSTEM_DIRECT
            return ProxyRoute(windows.proxy, source, windows.detail, windows.note)
    return ProxyRoute(None, ProxySource.SYSTEM_DIRECT)


def environment_proxy(url: str, env: Mapping[str, str]) -> ProxyRoute | None:
    """``HTTPS_PROXY``/``HTTP_PROXY``/``ALL_PROXY`` (lower case first, as curl) and ``NO_PROXY``.

    None when the environment names no proxy; a direct route when ``NO_PROXY``
    excludes the host.
    """
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    for name in (f"{scheme}_proxy", "all_proxy"):
        variable, value = _variable(env, name)
        if not value:
            continue
        if no_proxy_matches(parts.hostname or "", _variable(env, "no_proxy")[1]):
            return ProxyRoute(None, ProxySource.SYSTEM_DIRECT, "NO_PROXY")
        return ProxyRoute(normalize_proxy_url(value), ProxySource.ENVIRONMENT, variable)
    return None


def _variable(env: Mapping[str, str], lower: str) -> tuple[str, str]:
    for name in (lower, lower.upper()):
        if env.get(name):
            return name, env[name].strip()
    return lower.upper(), ""


def normalize_proxy_url(value: str) -> str:
    """``proxy:3128`` -> ``http://proxy:3128``; credentials in the URL are kept for httpx."""
    value = value.strip()
    return value if "://" in value else f"http://{value}"


def no_proxy_matches(host: str, no_proxy: str) -> bool:
    """curl's rules: ``*``, exact names, and domain suffixes (``.example.org`` or ``example.org``)."""
    host = host.lower().strip("[]")
    for entry in no_proxy.replace(";", ",").split(","):
        entry = entry.strip().lower()
        if not entry:
            continue
        if entry == "*":
            return True
        entry = entry.split(":")[0] if entry.count(":") == 1 else entry
        entry = entry.lstrip("*").lstrip(".")
        if host == entry or host.endswith("." + entry):
            return True
    return False
