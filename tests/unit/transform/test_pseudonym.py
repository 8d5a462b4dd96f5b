from __future__ import annotations

import hashlib
import hmac

from anahp_desktop.transform.pseudonym import Pseudonymizer


def test_hmac_sha256_hex_of_the_encounter_number() -> None:
    expected = hmac.new(b"key", b"AT-001", hashlib.sha256).hexdigest()
    assert Pseudonymizer(b"key").pseudonym("AT-001") == expected


def test_stable_for_a_key_and_different_across_keys() -> None:
    assert Pseudonymizer(b"a").pseudonym("1") == Pseudonymizer(b"a").pseudonym("1")
    assert Pseudonymizer(b"a").pseudonym("1") != Pseudonymizer(b"b").pseudonym("1")


def test_the_key_is_not_in_its_repr() -> None:
    assert "topsecret" not in repr(Pseudonymizer(b"topsecret"))


def test_matches_hmac_for_every_key_length_and_any_text() -> None:
    for key in (b"", b"k", b"x" * 63, b"y" * 64, b"z" * 65, b"long key \xff" * 40):
        for text in ("", "AT-001", "Atendimento nº 7 — ção", "😀"):
            expected = hmac.new(key, text.encode(), hashlib.sha256).hexdigest()
            assert Pseudonymizer(key).pseudonym(text) == expected, (key, text)
