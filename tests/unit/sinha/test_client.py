"""The client's translation of HTTP answers and transport failures (httpx mock transport)."""

from __future__ import annotations

import gzip
import json
import ssl
import tracemalloc
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest

from anahp_desktop.config.settings import SinhaSettings
from anahp_desktop.errors import (
    ConfigurationError,
    InsecureTransportError,
    SinhaAuthError,
    SinhaConflictError,
    SinhaError,
    SinhaInvalidBatchError,
    SinhaReceiptError,
    SinhaRejectedError,
    SinhaServerError,
    SinhaTlsError,
    SinhaTooLargeError,
    SinhaTransportError,
)
from anahp_desktop.sinha.client import (
    BODY_KEEP,
    RECEIPT_MAX_BYTES,
    RECORD_ERRORS_MAX_BYTES,
    SinhaClient,
    retry_after,
)
from anahp_desktop.sinha.contract import LoteReceipt

RECEIPT: dict[str, Any] = {"id_lote": "L1", "protocolo": "P-1", "recebidos": 2}


def client(handler, **settings: object) -> SinhaClient:  # type: ignore[no-untyped-def]
    return SinhaClient(
        SinhaSettings(url="http://127.0.0.1:9/api", **settings),  # type: ignore[arg-type]
        "user",
        "pw",
        transport=httpx.MockTransport(handler),
    )


def answer(status: int, body: object = None, headers: dict[str, str] | None = None):  # type: ignore[no-untyped-def]
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(status, json=body, headers=headers)

    return handler


def test_post_201_and_200_are_receipts() -> None:
    assert client(answer(201, RECEIPT)).post_lote(b"{}", "L1", 2)[0] == 201
    status, receipt = client(answer(200, RECEIPT)).post_lote(b"{}", "L1", 2)
    assert (status, receipt.protocolo) == (200, "P-1")


def test_basic_auth_and_json_content_type_on_every_call() -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(201, json=RECEIPT)

    client(handler).post_lote(b"{}", "L1", 2)
    assert seen[0].headers["Authorization"].startswith("Basic ")
    assert seen[0].headers["Content-Type"] == "application/json"
    assert str(seen[0].url) == "http://127.0.0.1:9/api/lotes"


@pytest.mark.parametrize(
    ("status", "error"),
    [
        (401, SinhaAuthError),
        (403, SinhaAuthError),
        (409, SinhaConflictError),
        (413, SinhaTooLargeError),
        (400, SinhaInvalidBatchError),
        (422, SinhaInvalidBatchError),
        (500, SinhaServerError),
        (502, SinhaServerError),
        (503, SinhaServerError),
        (504, SinhaServerError),
        (429, SinhaServerError),
        (418, SinhaRejectedError),
    ],
)
def test_statuses_map_to_errors(status: int, error: type[Exception]) -> None:
    with pytest.raises(error):
        client(answer(status, {"erro": "x"})).post_lote(b"{}", "L1", 2)


def test_422_carries_the_per_record_errors() -> None:
    body = {"erros": [{"indice": 2, "campo": "tipo_alta", "mensagem": "desconhecido"}]}
    with pytest.raises(SinhaInvalidBatchError) as caught:
        client(answer(422, body)).post_lote(b"{}", "L1", 2)
    assert caught.value.record_errors == [(2, "tipo_alta", "desconhecido")]


def test_429_retry_after_seconds() -> None:
    with pytest.raises(SinhaServerError) as caught:
        client(answer(429, {}, {"Retry-After": "12"})).post_lote(b"{}", "L1", 2)
    assert caught.value.retry_after == 12.0


def test_malformed_json_in_a_200_is_an_uncertain_outcome() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, content=b'{"id_lote": "L1", "proto')

    with pytest.raises(SinhaTransportError) as caught:
        client(handler).post_lote(b"{}", "L1", 2)
    assert caught.value.uncertain
    assert isinstance(caught.value.__cause__, ValueError)  # pydantic's reason stays in the chain


@pytest.mark.parametrize(
    ("exc", "uncertain"),
    [
        (httpx.ConnectError("Connection refused"), False),
        (httpx.ConnectTimeout("timed out"), False),
        (httpx.ReadTimeout("timed out"), True),
        (httpx.RemoteProtocolError("Server disconnected without sending a response."), True),
        (httpx.ReadError("Connection reset by peer"), True),
    ],
)
def test_transport_failures_say_whether_the_body_may_have_arrived(
    exc: Exception, uncertain: bool
) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        raise exc

    with pytest.raises(SinhaTransportError) as caught:
        client(handler).post_lote(b"{}", "L1", 2)
    assert caught.value.uncertain is uncertain
    # the httpx failure a support engineer needs stays the error's cause
    assert isinstance(caught.value.__cause__, type(exc))


@pytest.mark.parametrize(
    "exc",
    [
        httpx.ReadTimeout("timed out"),
        httpx.RemoteProtocolError("Server disconnected without sending a response."),
        httpx.UnsupportedProtocol("Request URL is missing an 'http://' or 'https://' protocol."),
        httpx.DecodingError("Malformed chunk"),
    ],
)
def test_every_translated_transport_failure_keeps_its_cause(exc: Exception) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        raise exc

    with pytest.raises(SinhaTransportError) as caught:
        client(handler).post_lote(b"{}", "L1", 2)
    assert caught.value.__cause__ is exc


def test_a_get_that_fails_is_never_uncertain() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        raise httpx.ReadTimeout("timed out")

    with pytest.raises(SinhaTransportError) as caught:
        client(handler).get_lote("L1", 2)
    assert not caught.value.uncertain


def test_certificate_failures_are_a_tls_error_not_retried() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        # as httpx raises it: the ssl error underneath is the exception's cause
        cause = ssl.SSLCertVerificationError(1, "certificate verify failed")
        raise httpx.ConnectError("[SSL: CERTIFICATE_VERIFY_FAILED]") from cause

    with pytest.raises(SinhaTlsError):
        client(handler).check_status()


def test_get_lote_404_means_never_received() -> None:
    assert client(answer(404, {})).get_lote("L1", 2) is None


def test_plain_http_to_a_remote_host_is_refused() -> None:
    with pytest.raises(InsecureTransportError):
        SinhaClient(SinhaSettings(url="http://sinha.example.org/api"), "u", "p")


def test_plain_http_to_a_remote_host_when_allowed_gives_a_warning() -> None:
    c = SinhaClient(
        SinhaSettings(url="http://sinha.example.org/api", allow_insecure_http=True), "u", "p"
    )
    assert c.warnings and "http://" in c.warnings[0]


@pytest.mark.parametrize(
    "url",
    [
        "http://localhost:8765/api",
        "http://127.0.0.1/api",
        "http://[::1]:80/api",
        "https://sinha.example.org/api",
    ],
)
def test_loopback_http_and_https_are_allowed(url: str) -> None:
    assert SinhaClient(SinhaSettings(url=url), "u", "p").warnings == []


@pytest.mark.parametrize("url", ["ftp://x/api", "sinha.example.org/api", "http:///api"])
def test_bad_urls_are_a_configuration_error(url: str) -> None:
    with pytest.raises(ConfigurationError):
        SinhaClient(SinhaSettings(url=url), "u", "p")


def test_tls_is_verified_by_the_os_store_by_default_and_a_ca_bundle_can_be_given(tmp_path) -> None:  # type: ignore[no-untyped-def]
    import truststore

    from anahp_desktop.network.trust import TrustSource
    from anahp_desktop.sinha.transport_security import trust_for

    default = trust_for(SinhaSettings())
    assert default.source is TrustSource.SYSTEM
    assert isinstance(default.context, truststore.SSLContext)
    assert trust_for(SinhaSettings(verify_tls=False)).verify is False
    with pytest.raises(ConfigurationError):
        trust_for(SinhaSettings(ca_bundle=str(tmp_path / "missing.pem")))


# -- receipts: only one that confirms the batch sent counts as a delivery ------------------


@pytest.mark.parametrize(
    ("receipt", "problem"),
    [
        ({"id_lote": "L-other", "protocolo": "P-1", "recebidos": 2}, "it names another batch"),
        (
            {"id_lote": "L1", "protocolo": "P-1", "recebidos": 3},
            "it counts 3 record(s), 2 were sent",
        ),
        ({"id_lote": "L1", "protocolo": "", "recebidos": 0}, "its protocol number is empty"),
        ({"id_lote": "L1", "protocolo": "  ", "recebidos": 2}, "its protocol number is empty"),
    ],
)
def test_a_receipt_that_does_not_confirm_the_batch_is_uncertain_not_a_delivery(
    receipt: dict[str, object], problem: str
) -> None:
    for status in (200, 201):
        with pytest.raises(SinhaReceiptError) as caught:
            client(answer(status, receipt)).post_lote(b"{}", "L1", 2)
        assert caught.value.uncertain
        assert problem in caught.value.message
        assert caught.value.http_status == status and '"protocolo"' in caught.value.body
    with pytest.raises(SinhaReceiptError):
        client(answer(200, receipt)).get_lote("L1", 2)


def test_a_receipt_that_confirms_the_batch_is_returned() -> None:
    assert client(answer(201, RECEIPT)).post_lote(b"{}", "L1", 2)[1] == LoteReceipt(**RECEIPT)
    assert client(answer(200, RECEIPT)).get_lote("L1", 2) == LoteReceipt(**RECEIPT)


# -- bodies are read as streams, up to what they may carry ---------------------------------


class Endless:
    """A body that never ends; counts how much of it was asked for."""

    def __init__(self, chunk: bytes = b" " * 65536) -> None:
        self.chunk = chunk
        self.sent = 0

    def __iter__(self):  # type: ignore[no-untyped-def]
        while True:
            self.sent += len(self.chunk)
            yield self.chunk


def test_an_endless_2xx_body_is_read_only_up_to_the_receipt_limit() -> None:
    body = Endless()

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(201, content=body)

    with pytest.raises(SinhaTransportError) as caught:
        client(handler).post_lote(b"{}", "L1", 2)
    assert caught.value.uncertain
    assert body.sent <= RECEIPT_MAX_BYTES + 65536


@pytest.mark.parametrize("status", [500, 503, 401, 409, 418])
def test_an_endless_error_body_is_read_only_up_to_a_few_kilobytes(status: int) -> None:
    body = Endless(b"x" * 1024)

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(status, content=body)

    with pytest.raises(SinhaError) as caught:
        client(handler).post_lote(b"{}", "L1", 2)
    assert body.sent <= BODY_KEEP + 1024
    assert len(caught.value.body) <= BODY_KEEP


def test_a_422_body_may_be_long_enough_for_an_error_per_record_but_no_longer() -> None:
    errors = [{"indice": i, "campo": "tipo_alta", "mensagem": "desconhecido"} for i in range(5000)]
    with pytest.raises(SinhaInvalidBatchError) as caught:
        client(answer(422, {"erros": errors})).post_lote(b"{}", "L1", 5000)
    assert len(caught.value.record_errors) == 5000
    assert len(caught.value.body) <= BODY_KEEP
    body = Endless()
    with pytest.raises(SinhaInvalidBatchError) as endless:
        client(lambda request: httpx.Response(422, content=body)).post_lote(b"{}", "L1", 2)
    assert endless.value.record_errors == []
    assert body.sent <= RECORD_ERRORS_MAX_BYTES + 65536


def test_a_compressed_bomb_is_inflated_only_up_to_the_limit() -> None:
    bomb = gzip.compress(b" " * 50_000_000)  # 50 MB of spaces in ~50 kB

    def handler(request: httpx.Request) -> httpx.Response:
        assert request.headers["Accept-Encoding"] == "identity"
        # streamed, as from a socket (a body given whole is decoded by httpx itself)
        return httpx.Response(201, content=iter([bomb]), headers={"Content-Encoding": "gzip"})

    tracemalloc.start()
    try:
        with pytest.raises(SinhaTransportError):
            client(handler).post_lote(b"{}", "L1", 2)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 5_000_000, peak


def test_a_compressed_receipt_is_still_understood() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        content = gzip.compress(json.dumps(RECEIPT).encode())
        return httpx.Response(201, content=iter([content]), headers={"Content-Encoding": "gzip"})

    assert client(handler).post_lote(b"{}", "L1", 2)[1].protocolo == "P-1"


# -- Retry-After: a number of seconds to honour, or nonsense to ignore ---------------------


@pytest.mark.parametrize(
    ("value", "seconds"),
    [
        ("12", 12.0),
        ("0", 0.0),
        ("1000000000", 1e9),
        ("nan", None),
        ("NaN", None),
        ("-5", None),
        ("inf", None),
        ("-inf", None),
        ("soon", None),
        ("Wed, 21 Oct 2015 07:28:00 GMT", 30.0),
        ("Wed, 21 Oct 2015 07:27:00 GMT", 0.0),
    ],
)
def test_retry_after_seconds_dates_and_nonsense(value: str, seconds: float | None) -> None:
    now = datetime(2015, 10, 21, 7, 27, 30, tzinfo=UTC)
    assert retry_after(httpx.Headers({"Retry-After": value}), now) == seconds


def test_429_with_nan_or_negative_retry_after_falls_back_to_the_backoff() -> None:
    for value in ("nan", "-1"):
        with pytest.raises(SinhaServerError) as caught:
            client(answer(429, {}, {"Retry-After": value})).post_lote(b"{}", "L1", 2)
        assert caught.value.retry_after is None


# -- credentials inside the URL: never echoed, never used ----------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "htps://sinha-user:Pw-Secret-9@sinha.example.org/api",
        "sinha-user:Pw-Secret-9@sinha.example.org/api",
        "https://sinha-user:Pw-Secret-9@[::1/api",
        "ftp://:Pw-Secret-9@sinha.example.org/api",
    ],
)
def test_an_invalid_url_is_never_echoed_with_its_password(url: str) -> None:
    with pytest.raises(ConfigurationError) as caught:
        SinhaClient(SinhaSettings(url=url), "u", "p")
    assert "Pw-Secret-9" not in caught.value.message
    assert "The SINHA URL" in caught.value.message


def test_credentials_inside_a_valid_url_are_ignored_with_a_warning() -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json={"status": "ok"})

    c = SinhaClient(
        SinhaSettings(url="https://url-user:Pw-Secret-9@sinha.example.org/api"),
        "user",
        "pw",
        transport=httpx.MockTransport(handler),
    )
    assert len(c.warnings) == 1 and "are ignored" in c.warnings[0]
    assert (
        "Pw-Secret-9" not in c.warnings[0] and "https://***@sinha.example.org/api" in c.warnings[0]
    )
    c.check_status()
    assert str(seen[0].url) == "https://sinha.example.org/api/status"
    assert seen[0].headers["Authorization"] == httpx.BasicAuth("user", "pw")._auth_header


def test_sinhas_rejection_texts_arrive_with_their_controls_escaped() -> None:
    body = {
        "erros": [
            {"indice": 0, "campo": "cid\u202e", "mensagem": "\x1b[31mCID inválido\x1b[0m\nOK: 0"}
        ]
    }
    with pytest.raises(SinhaInvalidBatchError) as caught:
        client(answer(422, body)).post_lote(b"{}", "L1", 2)
    assert caught.value.record_errors == [
        (0, "cid\\u202e", "\\x1b[31mCID inválido\\x1b[0m\\nOK: 0")
    ]
