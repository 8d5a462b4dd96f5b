"""Every request ends by its overall deadline, over real HTTP, however slowly SINHA answers.

A read timeout bounds each socket read; a server dripping one byte at a time never trips
it. These run against the SINHA emulator on 127.0.0.1 (a real socket, a real httpx
transport): they also fail if a new httpx stops letting the deadline reach its sockets.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator

import pytest

from anahp_desktop.config.settings import SinhaSettings
from anahp_desktop.demo.emulator import Faults, SinhaEmulator
from anahp_desktop.errors import SinhaTransportError
from anahp_desktop.sinha.client import SinhaClient
from anahp_desktop.sinha.contract import Lote
from tests.helpers.fixtures import SINHA_PASSWORD, SINHA_USER

DEADLINE_S = 1.0
READ_TIMEOUT_S = 0.5
DRIP_S = 0.1  # far below the read timeout: every read gets its byte in time
LOTE = {
    "id_lote": "L1234567-abc",
    "cnes": "1234567",
    "gerado_em": "2026-11-27T10:00:00Z",
    "registros": [
        {
            "id_registro": "1",
            "atualizado_em": "2026-11-27T07:00:00-03:00",
            "atendimento_hash": "ab",
            "data_internacao": "2026-11-20T10:00:00-03:00",
            "data_alta": "2026-11-21T10:00:00-03:00",
            "permanencia_dias": 1,
            "tipo_alta": "1",
            "cid_principal": "J189",
            "sexo": "F",
            "idade_anos": 40,
            "convenio": None,
            "setor": None,
        }
    ],
}


@pytest.fixture
def dripping() -> Iterator[SinhaEmulator]:
    with SinhaEmulator(SINHA_USER, SINHA_PASSWORD, faults=Faults(drip_interval_s=DRIP_S)) as server:
        yield server


def make_client(emulator: SinhaEmulator) -> SinhaClient:
    settings = SinhaSettings(
        url=emulator.url, read_timeout_s=READ_TIMEOUT_S, request_deadline_s=DEADLINE_S
    )
    return SinhaClient(settings, SINHA_USER, SINHA_PASSWORD)


@pytest.mark.parametrize("action", ["drip_headers", "drip_body"])
def test_a_dripped_answer_to_a_post_ends_at_the_deadline_as_an_uncertain_outcome(
    dripping: SinhaEmulator, action: str
) -> None:
    Lote.model_validate(LOTE)
    dripping.script = [action]
    started = time.monotonic()
    with make_client(dripping) as client, pytest.raises(SinhaTransportError) as caught:
        client.post_lote(json.dumps(LOTE).encode(), "L1234567-abc", 1)
    elapsed = time.monotonic() - started
    # a dripped answer takes 9 s here without the deadline; the margin is for a loaded machine
    assert DEADLINE_S <= elapsed < DEADLINE_S + 2, elapsed
    assert caught.value.uncertain  # the batch was stored: it must be looked up, not lost
    assert "did not arrive within 1 s" in caught.value.message
    assert dripping.find("L1234567-abc") is not None


def test_a_dripped_lookup_ends_at_the_deadline_and_is_not_uncertain(
    dripping: SinhaEmulator,
) -> None:
    with make_client(dripping) as client:
        client.post_lote(json.dumps(LOTE).encode(), "L1234567-abc", 1)
        dripping.lookup_script = ["drip_body"]
        started = time.monotonic()
        with pytest.raises(SinhaTransportError) as caught:
            client.get_lote("L1234567-abc", 1)
    assert time.monotonic() - started < DEADLINE_S + 2
    assert not caught.value.uncertain


def test_an_answer_in_time_is_unaffected_and_the_connection_is_reused(
    dripping: SinhaEmulator,
) -> None:
    with make_client(dripping) as client:
        for _ in range(3):
            client.check_status()
        status, receipt = client.post_lote(json.dumps(LOTE).encode(), "L1234567-abc", 1)
    assert (status, receipt.recebidos) == (201, 1)


def test_a_huge_answer_is_cut_short_without_reading_it(dripping: SinhaEmulator) -> None:
    dripping.script = ["huge"]  # a gigabyte, chunked
    started = time.monotonic()
    with make_client(dripping) as client, pytest.raises(SinhaTransportError) as caught:
        client.post_lote(json.dumps(LOTE).encode(), "L1234567-abc", 1)
    assert time.monotonic() - started < DEADLINE_S
    assert caught.value.uncertain and "not the expected JSON" in caught.value.message
