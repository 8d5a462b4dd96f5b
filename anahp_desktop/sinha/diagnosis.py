""" "Test connection" for SINHA: where the connection broke, in the operator's words.

The test goes through the same client a sync uses (same trust store, same
proxy route), so what it says is what the next run will meet. The report
names the route (direct, or which proxy and where that came from), then
either what verified the certificate and that the credentials were accepted,
or the one problem found: DNS, refused, timeout, TLS (with who issued the
certificate received), the proxy's 407 / unreachable / CONNECT refused, or 401.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlsplit

from anahp_desktop.domain.categories import ErrorCategory
from anahp_desktop.errors import (
    AnahpError,
    SinhaAuthError,
    SinhaConnectionError,
    SinhaError,
    SinhaProxyError,
    SinhaTlsError,
)
from anahp_desktop.network.certificates import received_certificate
from anahp_desktop.network.failures import ConnectionProblem
from anahp_desktop.network.trust import TrustSource
from anahp_desktop.sinha.client import SinhaClient
from anahp_desktop.translation import _

#: problems that are not connection problems
AUTH = ErrorCategory.AUTH
HTTP = "http"


@dataclass(frozen=True)
class ConnectionReport:
    """``problem`` is a ConnectionProblem value, ``auth``, ``http``, or an error category."""

    ok: bool
    problem: str | None
    lines: tuple[str, ...]

    @property
    def text(self) -> str:
        return "\n".join(self.lines)


def diagnose(make_client: Callable[[], SinhaClient]) -> ConnectionReport:
    """Build the client as a sync would, call GET /status, and explain the outcome."""
    try:
        client = make_client()
    except AnahpError as exc:
        return ConnectionReport(False, exc.category, (exc.message,))
    with client:
        route = _("Route: {route}.").format(route=client.connection.route.describe())
        try:
            client.check_status()
        except SinhaTlsError as exc:
            return ConnectionReport(False, exc.problem, (route, exc.message, *_issuer(client, exc)))
        except (SinhaConnectionError, SinhaProxyError) as exc:
            return ConnectionReport(False, exc.problem, (route, exc.message))
        except SinhaAuthError as exc:
            return ConnectionReport(False, AUTH, (route, exc.message))
        except SinhaError as exc:
            return ConnectionReport(False, HTTP, (route, exc.message))
        return ConnectionReport(True, None, (route, *_success(client)))


def _success(client: SinhaClient) -> tuple[str, ...]:
    lines = [_("SINHA answered and accepted the user name and password.")]
    trust = client.connection.trust
    if urlsplit(client.connection.url).scheme == "https":
        if trust.source is TrustSource.UNVERIFIED:
            lines.append(_("Warning: the certificate was not verified (sinha.verify_tls = false)."))
        else:
            lines.append(
                _("The certificate was verified by {store}.").format(store=trust.describe())
            )
    return tuple(lines)


def _issuer(client: SinhaClient, exc: SinhaTlsError) -> tuple[str, ...]:
    if exc.problem != ConnectionProblem.TLS_UNTRUSTED:
        return ()
    certificate = received_certificate(client.connection)
    if certificate is None:
        return ()
    return (
        _(
            "The certificate received was issued by \u201c{issuer}\u201d ({subject}). If that is "
            "not SINHA's certificate authority, something on the way (usually the hospital's "
            "proxy) re-signs TLS: its CA must be trusted."
        ).format(issuer=certificate.issuer_name, subject=certificate.subject),
    )
