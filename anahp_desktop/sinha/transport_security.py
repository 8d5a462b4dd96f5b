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
    """Raise if the URL may not carry credentials; return the warnings to show."""
    parts = urlsplit(settings.url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ConfigurationError(
            _("The SINHA URL {url} is not valid (example: https://sinha.example.org/api).").format(
                url=settings.url
            )
        )
    warnings: list[str] = []
    if parts.scheme == "http" and not is_loopback(parts.hostname):
        if not settings.allow_insecure_http:
            raise InsecureTransportError(
                _(
                    "Refusing to send the SINHA password over plain http:// to {host}: use "
                    "https://, or set sinha.allow_insecure_http = true if you accept the risk."
                ).format(host=parts.hostname)
            )
        warnings.append(
            _("Warning: the SINHA password travels unencrypted over http:// to {host}.").format(
                host=parts.hostname
            )
        )
    if not settings.verify_tls and parts.scheme == "https":
        warnings.append(_("Warning: the SINHA TLS certificate is not verified."))
    return warnings


def trust_for(settings: SinhaSettings) -> Trust:
    """The certificates SINHA's must chain to: the OS store, or the CA bundle file given."""
    return build_trust(verify=settings.verify_tls, ca_bundle=settings.ca_bundle)
