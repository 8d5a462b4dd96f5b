from __future__ import annotations

import hashlib
import hmac
import string

import pytest

from anahp_desktop.errors import ConfigurationError
from anahp_desktop.transform.pseudonym import (
    MIN_PSEUDONYM_KEY_BYTES,
    Pseudonymizer,
    check_pseudonym_key,
    generate_pseudonym_key,
)


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


@pytest.mark.parametrize(
    "weak", ["", " ", "1", " " * 40, "x" * 31, "0" * 64, "abcabcabcabcabcabcabcabcabcabcabc"]
)
def test_keys_short_or_made_of_few_characters_are_refused(weak: str) -> None:
    with pytest.raises(ConfigurationError) as caught:
        check_pseudonym_key(weak)
    assert "anahp-sync secrets generate pseudonym-key" in caught.value.message
    with pytest.raises(ConfigurationError):
        Pseudonymizer.from_key(weak)


def test_a_key_counts_bytes_not_characters() -> None:
    check_pseudonym_key("ção-ÇÃO-áéí-ôõ-xyz-ñü")  # 21 characters, 32 bytes in UTF-8
    with pytest.raises(ConfigurationError):
        check_pseudonym_key("ção-ÇÃO-áéí-ôõ-xyz-ñ")  # 31 bytes


def test_generated_keys_are_strong_random_and_url_safe() -> None:
    keys = {generate_pseudonym_key() for _ in range(50)}
    assert len(keys) == 50
    for key in keys:
        check_pseudonym_key(key)
        assert len(key.encode()) >= MIN_PSEUDONYM_KEY_BYTES
        assert set(key) <= set(string.ascii_letters + string.digits + "-_")
