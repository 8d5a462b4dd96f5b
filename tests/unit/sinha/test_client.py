"""The client's translation of HTTP answers and transport failures (httpx mock transport)."""

from __future__ import annotations

import ssl

import httpx
import pytest

from anahp_desktop.config.settings import SinhaSettings
from anahp_desktop.errors import (
    ConfigurationError,
    InsecureTransportError,
    SinhaAuthError,
    SinhaConflictError,
    SinhaInvalidBatchError,
    SinhaRejectedError,
    SinhaServerError,
    SinhaTlsError,
    SinhaTooLargeError,
    SinhaTransportError,
)
from anahp_desktop.sinha.client import SinhaClient

RECEIPT = {"id_lote": "L1", "protocolo": "P-1", "recebidos": 2}


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
    assert client(answer(201, RECEIPT)).post_lote(b"{}")[0] == 201
    status, receipt = client(answer(200, RECEIPT)).post_lote(b"{}")
    assert (status, receipt.protocolo) == (200, "P-1")


def test_basic_auth_and_json_content_type_on_every_call() -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(201, json=RECEIPT)

    client(handler).post_lote(b"{}")
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
        client(answer(status, {"erro": "x"})).post_lote(b"{}")


def test_422_carries_the_per_record_errors() -> None:
    body = {"erros": [{"indice": 2, "campo": "tipo_alta", "mensagem": "desconhecido"}]}
    with pytest.raises(SinhaInvalidBatchError) as caught:
        client(answer(422, body)).post_lote(b"{}")
    assert caught.value.record_errors == [(2, "tipo_alta", "desconhecido")]


def test_429_retry_after_seconds() -> None:
    with pytest.raises(SinhaServerError) as caught:
        client(answer(429, {}, {"Retry-After": "12"})).post_lote(b"{}")
    assert caught.value.retry_after == 12.0


def test_malformed_json_in_a_200_is_an_uncertain_outcome() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, content=b'{"id_lote": "L1", "proto')

    with pytest.raises(SinhaTransportError) as caught:
        client(handler).post_lote(b"{}")
    assert caught.value.uncertain


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
        client(handler).post_lote(b"{}")
    assert caught.value.uncertain is uncertain


def test_a_get_that_fails_is_never_uncertain() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        raise httpx.ReadTimeout("timed out")

    with pytest.raises(SinhaTransportError) as caught:
        client(handler).get_lote("L1")
    assert not caught.value.uncertain


def test_certificate_failures_are_a_tls_error_not_retried() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        # as httpx raises it: the ssl error underneath is the exception's cause
        cause = ssl.SSLCertVerificationError(1, "certificate verify failed")
        raise httpx.ConnectError("[SSL: CERTIFICATE_VERIFY_FAILED]") from cause

    with pytest.raises(SinhaTlsError):
        client(handler).check_status()


def test_get_lote_404_means_never_received() -> None:
    assert client(answer(404, {})).get_lote("L1") is None


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
