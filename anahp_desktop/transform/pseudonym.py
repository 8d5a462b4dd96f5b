"""Pseudonymizing the encounter number before it leaves the hospital.

SINHA receives ``atendimento_hash`` = HMAC-SHA256(key, atendimento): stable
for one hospital (so resends and updates match) but not reversible without
the hospital's key, which lives in the keyring like a password (LGPD:
minimise what leaves the machine).

Encounter numbers have little entropy (a few million sequential values), so
whoever holds SINHA's data could try every number under every short key: the
key must carry at least :data:`MIN_PSEUDONYM_KEY_BYTES` bytes. Changing the key
changes every hash SINHA holds for the hospital.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass, field
from typing import Any

from anahp_desktop.errors import ConfigurationError
from anahp_desktop.translation import _

BLOCK = 64  # SHA-256's block size in bytes (RFC 2104's B)
#: the least key material accepted: SHA-256's own strength (RFC 2104 advises at least L bytes)
MIN_PSEUDONYM_KEY_BYTES = 32
#: a key of fewer distinct characters ("0000…", "abab…") is a pattern, not key material
MIN_DISTINCT_CHARACTERS = 8
#: random bytes in a generated key (written as 64 URL-safe characters)
GENERATED_KEY_BYTES = 48


def check_pseudonym_key(key: str) -> None:
    """Raise ConfigurationError (one sentence) when ``key`` is too weak to pseudonymize with."""
    size = len(key.encode("utf-8"))
    if size < MIN_PSEUDONYM_KEY_BYTES:
        raise ConfigurationError(
            _(
                "The pseudonymization key is too short: it has {size} bytes and needs at least "
                '{minimum} bytes. Generate one in the settings window ("Generate a key") or '
                "with 'anahp-sync secrets generate pseudonym-key'."
            ).format(size=size, minimum=MIN_PSEUDONYM_KEY_BYTES)
        )
    if len(set(key.strip())) < MIN_DISTINCT_CHARACTERS:
        raise ConfigurationError(
            _(
                "The pseudonymization key repeats too few characters to be secret. Generate one "
                'in the settings window ("Generate a key") or with '
                "'anahp-sync secrets generate pseudonym-key'."
            )
        )


def generate_pseudonym_key() -> str:
    """A new random key: 48 bytes from the OS's secure generator, as 64 URL-safe characters."""
    return secrets.token_urlsafe(GENERATED_KEY_BYTES)


@dataclass(frozen=True)
class Pseudonymizer:
    """``raw=True`` sends the number itself (a setting, for hospitals that agreed to it)."""

    key: bytes = field(repr=False)
    raw: bool = False
    _inner: Any = field(init=False, repr=False, compare=False)
    _outer: Any = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        # HMAC (RFC 2104) with both keyed hash states computed once: each record copies
        # two C objects instead of an hmac.HMAC (1.2 -> 0.65 us a record)
        key = hashlib.sha256(self.key).digest() if len(self.key) > BLOCK else self.key
        key = key.ljust(BLOCK, b"\0")
        object.__setattr__(self, "_inner", hashlib.sha256(bytes(b ^ 0x36 for b in key)))
        object.__setattr__(self, "_outer", hashlib.sha256(bytes(b ^ 0x5C for b in key)))

    @classmethod
    def from_key(cls, key: str) -> Pseudonymizer:
        """The pseudonymizer of a checked key (raises ConfigurationError when it is weak)."""
        check_pseudonym_key(key)
        return cls(key.encode("utf-8"))

    def pseudonym(self, atendimento: str) -> str:
        """HMAC-SHA256(key, atendimento) in hex (tests check it against ``hmac``)."""
        if self.raw:
            return atendimento
        inner = self._inner.copy()
        inner.update(atendimento.encode("utf-8"))
        outer = self._outer.copy()
        outer.update(inner.digest())
        return str(outer.hexdigest())
