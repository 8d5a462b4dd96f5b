"""Rules for how credentials may travel to SINHA.

Basic authentication over plain ``http://`` exposes the password to anyone on
the path, so it is refused for any host but this machine unless the operator
explicitly allows it (and then a warning is shown on every run). TLS is
verified by default against the operating system's trust store (see
:mod:`anahp_desktop.network.trust`); an explicit CA bundle file can replace it.
"""

from __future__ import annotations

import ipaddress
from urllib.parse import urlsplit

from anahp_desktop.config.settings import SinhaSettings
from anahp_desktop.config.urls import has_credentials, without_credentials
from anahp_desktop.errors import ConfigurationError, InsecureTransportError
from anahp_desktop.network.trust import Trust, build_trust
from anahp_desktop.translation import _

LOOPBACK_NAMES = frozenset({"localhost", "localhost.localdomain"})


def is_loopback(host: str) -> bool:
    if host.lower() in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def check_url(settings: SinhaSettings) -> list[str]:
    """Raise if the URL may not carry credentials; return the warnings to show.

    The URL is never echoed with a user or password inside it (the error lands on the
    terminal and in the Task Scheduler's history); credentials there are not used.
    """
    shown = without_credentials(settings.url)
    try:
        parts = urlsplit(settings.url)
        host = parts.hostname
    except ValueError:  # e.g. an unclosed "[" of an IPv6 address
        parts, host = None, None
    if parts is None or parts.scheme not in ("http", "https") or not host:
        raise ConfigurationError(
            _("The SINHA URL {url} is not valid (example: https://sinha.example.org/api).").format(
                url=shown
            )
        )
    warnings: list[str] = []
    if has_credentials(settings.url):
        warnings.append(
            _(
                "Warning: the user name and password inside the SINHA URL ({url}) are ignored: "
                "the app signs in with sinha.user and the SINHA password from the keyring or "
                "SINHA_API_PASSWORD. Remove them from the URL."
            ).format(url=shown)
        )
    if parts.scheme == "http" and not is_loopback(host):
        if not settings.allow_insecure_http:
            raise InsecureTransportError(
                _(
                    "Refusing to send the SINHA password over plain http:// to {host}: use "
                    "https://, or set sinha.allow_insecure_http = true if you accept the risk."
                ).format(host=host)
            )
        warnings.append(
            _("Warning: the SINHA password travels unencrypted over http:// to {host}.").format(
                host=host
            )
        )
    if not settings.verify_tls and parts.scheme == "https":
        warnings.append(_("Warning: the SINHA TLS certificate is not verified."))
    return warnings


def trust_for(settings: SinhaSettings) -> Trust:
    """The certificates SINHA's must chain to: the OS store, or the CA bundle file given."""
    return build_trust(verify=settings.verify_tls, ca_bundle=settings.ca_bundle)
