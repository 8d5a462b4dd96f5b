"""Why a connection could not be made, in one sentence an operator can act on.

httpx reports a refused port, an unknown host name, an untrusted certificate
and a proxy's 407 all as a few exception types; the cause underneath (the
``ssl`` or ``socket`` error, the proxy's status line) is in the exception
chain. :func:`classify` reads it and, knowing the route (direct or through
which proxy) and the trust store, says where the connection broke.
"""

from __future__ import annotations

import socket
import ssl
from dataclasses import dataclass
from enum import StrEnum
from urllib.parse import urlsplit

import httpx

from anahp_desktop.network.connection import ConnectionPlan
from anahp_desktop.translation import _


class ConnectionProblem(StrEnum):
    DNS = "dns"
    REFUSED = "refused"
    TIMEOUT = "timeout"
    NETWORK = "network"  # any other failure to connect (no route, reset)
    TLS_UNTRUSTED = "tls_untrusted"
    TLS_NOT_TLS = "tls_not_tls"  # https:// to a port that speaks plain http
    TLS_OTHER = "tls_other"
    PROXY_UNREACHABLE = "proxy_unreachable"
    PROXY_AUTH = "proxy_auth"  # 407
    PROXY_REFUSED = "proxy_refused"  # CONNECT answered 403 (or another refusal)
    PROXY_UPSTREAM = "proxy_upstream"  # the proxy could not reach the server (502/503/504)

    @property
    def is_tls(self) -> bool:
        return self in (self.TLS_UNTRUSTED, self.TLS_NOT_TLS, self.TLS_OTHER)

    @property
    def needs_settings(self) -> bool:
        """Waiting will not fix it: the settings (or the proxy's policy) must change."""
        return self.is_tls or self in (self.PROXY_AUTH, self.PROXY_REFUSED)


@dataclass(frozen=True)
class Failure:
    problem: ConnectionProblem
    message: str


def classify(exc: httpx.TransportError, plan: ConnectionPlan) -> Failure:
    """The problem behind a failed connection attempt (connect, TLS or proxy phase)."""
    parts = urlsplit(plan.url)
    host = parts.hostname or ""
    port = parts.port or (443 if parts.scheme == "https" else 80)
    target = f"{host}:{port}"
    proxy = plan.proxy_display
    if isinstance(exc, httpx.ProxyError):
        return _proxy_answer(str(exc), proxy, target, plan.sends_proxy_credentials)
    cause = _root_cause(exc)
    if isinstance(cause, ssl.SSLCertVerificationError):
        reason = getattr(cause, "verify_message", "") or str(cause)
        return Failure(
            ConnectionProblem.TLS_UNTRUSTED,
            _(
                "The TLS certificate of {host} is not trusted by {store} ({reason}). If the "
                "hospital's proxy re-signs TLS, its CA must be in that store, or give its CA "
                "bundle file in the settings (sinha.ca_bundle)."
            ).format(host=host, store=plan.trust.describe(), reason=reason),
        )
    if isinstance(cause, ssl.SSLError):
        if getattr(cause, "reason", None) in (
            "WRONG_VERSION_NUMBER",
            "RECORD_LAYER_FAILURE",
            "HTTP_REQUEST",
        ):
            return Failure(
                ConnectionProblem.TLS_NOT_TLS,
                _(
                    "{target} does not speak TLS: the URL says https:// but that port answers "
                    "in plain text (use the right port, or http:// for a server on this computer)."
                ).format(target=target),
            )
        return Failure(
            ConnectionProblem.TLS_OTHER,
            _("The TLS handshake with {host} failed ({reason}).").format(
                host=host, reason=getattr(cause, "reason", None) or cause
            ),
        )
    timeout = isinstance(exc, httpx.TimeoutException) or isinstance(cause, TimeoutError)
    if proxy:
        return _proxy_unreachable(cause, proxy, timeout)
    if timeout:
        return Failure(
            ConnectionProblem.TIMEOUT,
            _(
                "{target} did not accept the connection in time: a firewall may be dropping it, "
                "or the server is down (connect timeout)."
            ).format(target=target),
        )
    if isinstance(cause, socket.gaierror):
        return Failure(
            ConnectionProblem.DNS,
            _("The host name {host} could not be resolved: check the URL and the DNS.").format(
                host=host
            ),
        )
    if isinstance(cause, ConnectionRefusedError):
        return Failure(
            ConnectionProblem.REFUSED,
            _(
                "{target} refused the connection: check the URL and its port, and that the "
                "server is running."
            ).format(target=target),
        )
    return Failure(
        ConnectionProblem.NETWORK,
        _(
            "Cannot connect to {target} ({reason}): check the URL, the network and the proxy."
        ).format(target=target, reason=_reason(cause)),
    )


def _proxy_answer(status_line: str, proxy: str, target: str, sent_credentials: bool) -> Failure:
    """httpx's ProxyError carries the proxy's status line, e.g. ``407 Proxy Authentication...``."""
    code = status_line.split(" ", 1)[0]
    if code == "407":
        if sent_credentials:
            message = _(
                "The proxy {proxy} refused the proxy user name or password (HTTP 407): check "
                "network.proxy_user and the proxy password."
            )
        else:
            message = _(
                "The proxy {proxy} asks for a user name and password (HTTP 407): set "
                "network.proxy_user and store the proxy password ('anahp-sync secrets set "
                "proxy-password')."
            )
        return Failure(ConnectionProblem.PROXY_AUTH, message.format(proxy=proxy))
    if code in ("502", "503", "504"):
        return Failure(
            ConnectionProblem.PROXY_UPSTREAM,
            _(
                "The proxy {proxy} could not reach {target} ({status}): check the URL, or the "
                "proxy's own connection."
            ).format(proxy=proxy, target=target, status=status_line),
        )
    return Failure(
        ConnectionProblem.PROXY_REFUSED,
        _(
            "The proxy {proxy} refused to open a connection to {target} ({status}): ask the "
            "network team to allow this address through the proxy."
        ).format(proxy=proxy, target=target, status=status_line),
    )


def _proxy_unreachable(cause: BaseException, proxy: str, timeout: bool) -> Failure:
    if timeout:
        reason = _("it did not answer in time")
    elif isinstance(cause, socket.gaierror):
        reason = _("its host name could not be resolved")
    elif isinstance(cause, ConnectionRefusedError):
        reason = _("it refused the connection")
    else:
        reason = _reason(cause)
    return Failure(
        ConnectionProblem.PROXY_UNREACHABLE,
        _("The proxy {proxy} cannot be reached ({reason}): check the proxy setting.").format(
            proxy=proxy, reason=reason
        ),
    )


def proxy_auth_failure(plan: ConnectionPlan) -> Failure:
    """A 407 answered to a plain-http request (a forwarding proxy, no CONNECT)."""
    return _proxy_answer(
        "407 Proxy Authentication Required", plan.proxy_display, "", plan.sends_proxy_credentials
    )


def _root_cause(exc: BaseException) -> BaseException:
    """The deepest exception in the chain (httpx -> httpcore -> ssl/socket)."""
    seen = {id(exc)}
    while True:
        nxt = exc.__cause__ or exc.__context__
        if nxt is None or id(nxt) in seen:
            return exc
        seen.add(id(nxt))
        exc = nxt


def _reason(cause: BaseException) -> str:
    text = getattr(cause, "strerror", None) or str(cause) or type(cause).__name__
    return str(text)
