"""Who issued the certificate a server (or whatever sits in between) presented.

When verification fails, the error only says "unable to get local issuer
certificate". A second connection that does not verify, over the same proxy
route, fetches the certificate itself so the connection test can say who
issued it: a hospital proxy that re-signs TLS shows up by name.
"""

from __future__ import annotations

import ssl
from dataclasses import dataclass

import httpx

from anahp_desktop.network.connection import ConnectionPlan

PROBE_TIMEOUT_S = 10.0


@dataclass(frozen=True)
class CertificateInfo:
    subject: str
    issuer: str
    issuer_name: str  # the issuer's common name (or the whole name when it has none)


def received_certificate(plan: ConnectionPlan) -> CertificateInfo | None:
    """The leaf certificate presented for ``plan.url``, read without verifying it; None if unread."""
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    options = plan.client_options() | {"verify": context}
    try:
        with (
            httpx.Client(timeout=PROBE_TIMEOUT_S, **options) as client,
            client.stream("GET", plan.url) as response,
        ):
            stream = response.extensions.get("network_stream")
            ssl_object = stream.get_extra_info("ssl_object") if stream is not None else None
            der = ssl_object.getpeercert(True) if ssl_object is not None else None
    except (httpx.HTTPError, OSError, ValueError):
        return None
    return describe_certificate(der) if der else None


def describe_certificate(der: bytes) -> CertificateInfo:
    from cryptography import x509  # only when a certificate was refused
    from cryptography.x509.oid import NameOID

    certificate = x509.load_der_x509_certificate(der)
    common = certificate.issuer.get_attributes_for_oid(NameOID.COMMON_NAME)
    issuer = certificate.issuer.rfc4514_string()
    return CertificateInfo(
        subject=certificate.subject.rfc4514_string(),
        issuer=issuer,
        issuer_name=str(common[0].value) if common else issuer,
    )
