"""The proxy Windows' Internet Options name: a PAC file, or a fixed proxy with its bypass list.

What hospital IT configures by Group Policy lives in the registry, under
``Internet Settings``: ``AutoConfigURL`` ("use automatic configuration
script", read with pypac, which knows the policy and per-machine places),
``ProxyEnable``/``ProxyServer``/``ProxyOverride`` ("use a proxy server").
As Windows does, a PAC file wins, and when it cannot be read the fixed
proxy is used. Reading the registry is the only Windows-only step; the rest
takes plain values, so it is tested on every platform with the PAC file
really evaluated (pypac runs its JavaScript).
"""

from __future__ import annotations

import fnmatch
import sys
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from anahp_desktop.translation import _

INTERNET_SETTINGS = r"Software\Microsoft\Windows\CurrentVersion\Internet Settings"
PAC_MAX_BYTES = 1_000_000
PAC_TIMEOUT_S = 10.0


@dataclass(frozen=True)
class InternetOptions:
    autoconfig_url: str = ""
    proxy_enabled: bool = False
    proxy_server: str = ""
    proxy_override: str = ""


@dataclass(frozen=True)
class WindowsRoute:
    proxy: str | None
    detail: str
    note: str = ""
    from_pac: bool = False


class PacError(Exception):
    """The PAC file could not be downloaded or evaluated; the message says why."""


def read_internet_options() -> InternetOptions:
    """The current user's Internet Options (empty on other systems)."""
    if sys.platform == "win32":
        from pypac.os_settings import autoconfig_url_from_registry

        values = _registry_values(("ProxyEnable", "ProxyServer", "ProxyOverride"))
        return InternetOptions(
            autoconfig_url=str(autoconfig_url_from_registry() or ""),
            proxy_enabled=bool(values.get("ProxyEnable")),
            proxy_server=str(values.get("ProxyServer") or ""),
            proxy_override=str(values.get("ProxyOverride") or ""),
        )
    return InternetOptions()


def _registry_values(names: tuple[str, ...]) -> dict[str, object]:
    values: dict[str, object] = {}
    if sys.platform == "win32":
        import winreg

        try:
            with winreg.OpenKey(winreg.HKEY_CURRENT_USER, INTERNET_SETTINGS) as key:
                for name in names:
                    try:
                        values[name] = winreg.QueryValueEx(key, name)[0]
                    except OSError:
                        continue
        except OSError:
            pass
    return values


def windows_route(
    url: str, options: InternetOptions, fetch_pac: Callable[[str], str]
) -> WindowsRoute | None:
    """The route the Internet Options give ``url``; None when they name no proxy at all."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    note = ""
    if options.autoconfig_url:
        try:
            script = fetch_pac(options.autoconfig_url)
            proxy = evaluate_pac(script, url, host)
        except PacError as exc:
            note = _("(The PAC file {url} could not be used: {reason})").format(
                url=options.autoconfig_url, reason=exc
            )
        else:
            return WindowsRoute(proxy, options.autoconfig_url, from_pac=True)
    if options.proxy_enabled and options.proxy_server:
        if bypassed(host, options.proxy_override):
            return WindowsRoute(None, "ProxyOverride", note)
        proxy = fixed_proxy(options.proxy_server, parts.scheme)
        return WindowsRoute(proxy, "ProxyServer", note)
    return WindowsRoute(None, "", note) if note else None


def evaluate_pac(script: str, url: str, host: str) -> str | None:
    """The first usable answer of ``FindProxyForURL``: a proxy URL, or None for DIRECT."""
    from pypac.parser import MalformedPacError, PACFile, parse_pac_value

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # pypac warns about entries it cannot parse
            answer = PACFile(script).find_proxy_for_url(url, host)
            entries = parse_pac_value(str(answer or "DIRECT"))
    except MalformedPacError as exc:
        raise PacError(_("it is not a valid PAC file ({reason})").format(reason=exc)) from exc
    except Exception as exc:  # the JavaScript engine raises its own errors
        raise PacError(f"{type(exc).__name__}: {exc}") from exc
    for entry in entries:
        if entry == "DIRECT":
            return None
        if entry.startswith(("http://", "https://")):
            return str(entry)
    if entries:
        raise PacError(
            _("it only names SOCKS proxies ({entries}), which this app does not use").format(
                entries="; ".join(entries)
            )
        )
    return None


def fixed_proxy(proxy_server: str, scheme: str) -> str | None:
    """``ProxyServer`` is ``host:port`` for every protocol, or ``http=h:p;https=h:p;...``."""
    value = proxy_server.strip()
    if "=" not in value:
        return _with_scheme(value)
    per_protocol: dict[str, str] = {}
    for item in value.split(";"):
        protocol, _sep, address = item.partition("=")
        if address.strip():
            per_protocol[protocol.strip().lower()] = address.strip()
    chosen = per_protocol.get(scheme.lower())
    return _with_scheme(chosen) if chosen else None


def _with_scheme(address: str) -> str:
    return address if "://" in address else f"http://{address}"


def bypassed(host: str, override: str) -> bool:
    """``ProxyOverride``: ``;``-separated wildcards; ``<local>`` is any name without a dot."""
    host = host.lower()
    for pattern in override.split(";"):
        pattern = pattern.strip().lower()
        if not pattern:
            continue
        if pattern == "<local>":
            if "." not in host:
                return True
            continue
        if fnmatch.fnmatchcase(host, pattern):
            return True
    return False


def fetch_pac(location: str) -> str:
    """Download the PAC file directly (never through a proxy), or read a ``file://`` one."""
    import httpx

    from anahp_desktop.network.trust import system_trust

    if location.lower().startswith("file:"):
        from pypac.os_settings import file_url_to_local_path

        path = file_url_to_local_path(location) or location[5:]
        try:
            return Path(path).read_text(encoding="utf-8", errors="replace")[:PAC_MAX_BYTES]
        except OSError as exc:
            raise PacError(str(exc)) from exc
    try:
        with (
            httpx.Client(
                trust_env=False, verify=system_trust().verify, timeout=PAC_TIMEOUT_S
            ) as client,
            client.stream("GET", location) as response,
        ):
            if response.status_code != 200:
                raise PacError(_("HTTP {status}").format(status=response.status_code))
            body = b""
            for chunk in response.iter_bytes():
                body += chunk
                if len(body) > PAC_MAX_BYTES:
                    raise PacError(_("larger than {n} bytes").format(n=PAC_MAX_BYTES))
    except httpx.HTTPError as exc:
        raise PacError(f"{type(exc).__name__}: {exc}") from exc
    return body.decode("utf-8", errors="replace")
