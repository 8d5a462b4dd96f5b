"""Alerts by webhook: one JSON POST, through the same proxy and trust store as SINHA.

The URL is a secret (Teams and Slack put the access token in it), so it is
kept in the keyring and never printed: messages name only its host.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import httpx

from anahp_desktop.alerts.messages import Alert
from anahp_desktop.errors import AlertDeliveryError, ConfigurationError
from anahp_desktop.network.connection import ConnectionPlan
from anahp_desktop.network.failures import classify
from anahp_desktop.translation import _


def check_url(url: str) -> None:
    """https:// only (the URL carries a token); http:// just for this computer itself."""
    from anahp_desktop.sinha.transport_security import is_loopback

    parts = urlsplit(url)
    plain_ok = parts.scheme == "http" and is_loopback(parts.hostname or "")
    if not (parts.scheme == "https" or plain_ok) or not parts.hostname:
        raise ConfigurationError(
            _("The alert webhook URL is not valid: it must start with https://.")
        )


def send_webhook(plan: ConnectionPlan, alert: Alert, timeout_s: float) -> None:
    """POST ``alert`` as JSON; any 2xx is delivered, anything else an AlertDeliveryError."""
    check_url(plan.url)
    host = urlsplit(plan.url).hostname
    try:
        with httpx.Client(timeout=timeout_s, follow_redirects=False, **plan.client_options()) as c:
            response = c.post(plan.url, json=alert.payload())
    except httpx.TransportError as exc:
        if isinstance(exc, (httpx.ConnectError, httpx.ConnectTimeout, httpx.ProxyError)):
            reason = classify(exc, plan).message
        else:
            reason = type(exc).__name__
        raise AlertDeliveryError(
            _("The webhook alert to {host} could not be sent: {reason}").format(
                host=host, reason=reason
            )
        ) from exc
    if not 200 <= response.status_code < 300:
        raise AlertDeliveryError(
            _("The webhook at {host} answered HTTP {status}.").format(
                host=host, status=response.status_code
            )
        )
