"""Pseudonymizing the encounter number before it leaves the hospital.

SINHA receives ``atendimento_hash`` = HMAC-SHA256(key, atendimento): stable
for one hospital (so resends and updates match) but not reversible without
the hospital's key, which lives in the keyring like a password (LGPD:
minimise what leaves the machine).
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Pseudonymizer:
    """``raw=True`` sends the number itself (a setting, for hospitals that agreed to it)."""

    key: bytes = field(repr=False)
    raw: bool = False
    _keyed: hmac.HMAC = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        # the keyed state is computed once; each record copies it (measurably faster)
        object.__setattr__(self, "_keyed", hmac.new(self.key, digestmod=hashlib.sha256))

    def pseudonym(self, atendimento: str) -> str:
        if self.raw:
            return atendimento
        digest = self._keyed.copy()
        digest.update(atendimento.encode("utf-8"))
        return digest.hexdigest()
