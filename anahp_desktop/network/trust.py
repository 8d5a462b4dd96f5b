"""Which certificates the app trusts: the operating system's store, or a CA bundle file.

The default is the OS trust store through ``truststore`` (the library pip
uses): on Windows the certificate store, where a hospital's Group Policy
puts the CA its proxy re-signs TLS with, so no setting is needed; the macOS
Keychain; OpenSSL's system store on Linux. An explicit CA bundle file replaces
it when the operator gives one. :class:`Trust` also says in words which store
it is, for the connection test.
"""

from __future__ import annotations

import platform
import ssl
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from anahp_desktop.errors import ConfigurationError
from anahp_desktop.translation import _


class TrustSource(StrEnum):
    SYSTEM = "system"
    BUNDLE = "bundle"
    UNVERIFIED = "unverified"


@dataclass(frozen=True)
class Trust:
    """An SSL context and the store behind it (``context`` is None when TLS is not verified)."""

    source: TrustSource
    context: ssl.SSLContext | None
    where: str = ""

    @property
    def verify(self) -> ssl.SSLContext | bool:
        """What httpx's ``verify`` gets."""
        return self.context if self.context is not None else False

    def describe(self) -> str:
        if self.source is TrustSource.BUNDLE:
            return _("the CA bundle {path}").format(path=self.where)
        if self.source is TrustSource.SYSTEM:
            return _("the operating system's trust store ({store})").format(store=self.where)
        return _("nothing (certificate verification is turned off)")


def system_trust() -> Trust:
    import truststore

    return Trust(TrustSource.SYSTEM, truststore.SSLContext(ssl.PROTOCOL_TLS_CLIENT), store_name())


def bundle_trust(path: str) -> Trust:
    bundle = Path(path)
    try:
        context = ssl.create_default_context(cafile=str(bundle))
    except (OSError, ssl.SSLError) as exc:
        raise ConfigurationError(
            _("The CA bundle {path} cannot be read: {reason}").format(path=bundle, reason=exc)
        ) from exc
    return Trust(TrustSource.BUNDLE, context, str(bundle))


def build_trust(*, verify: bool, ca_bundle: str) -> Trust:
    """The trust for one set of settings: unverified, a CA bundle file, or the OS store."""
    if not verify:
        return Trust(TrustSource.UNVERIFIED, None)
    if ca_bundle:
        return bundle_trust(ca_bundle)
    return system_trust()


def store_name(system: str | None = None) -> str:
    """The OS store's name as an operator knows it (on Linux: the file OpenSSL reads)."""
    system = system or platform.system()
    if system == "Windows":
        return _("Windows certificate store")
    if system == "Darwin":
        return _("macOS Keychain")
    paths = ssl.get_default_verify_paths()
    return _("OpenSSL system certificates, {path}").format(
        path=paths.cafile or paths.capath or paths.openssl_cafile
    )
