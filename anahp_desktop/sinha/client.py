"""One HTTP exchange with the SINHA API per call; no retries here.

Retries live in :mod:`.retry_policy` and the decisions about a batch in
:mod:`anahp_desktop.sync.delivery`. This module only speaks the contract and
translates every httpx failure and HTTP status into the engine's errors,
marking as *uncertain* the ones where the body may have reached the server.
"""

from __future__ import annotations

import json
from typing import Any

import httpx
from pydantic import ValidationError

from anahp_desktop import __version__
from anahp_desktop.config.settings import NetworkSettings, SinhaSettings
from anahp_desktop.errors import (
    SinhaAuthError,
    SinhaConflictError,
    SinhaConnectionError,
    SinhaError,
    SinhaInvalidBatchError,
    SinhaProxyError,
    SinhaRejectedError,
    SinhaServerError,
    SinhaTlsError,
    SinhaTooLargeError,
    SinhaTransportError,
)
from anahp_desktop.network.connection import ConnectionPlan, plan_connection
from anahp_desktop.network.failures import classify, proxy_auth_failure
from anahp_desktop.sinha.contract import LoteErrors, LoteReceipt
from anahp_desktop.sinha.transport_security import check_url, trust_for
from anahp_desktop.translation import _

BODY_KEEP = 4000
RETRYABLE_STATUS = frozenset({429, 500, 502, 503, 504})
MAX_RETRY_AFTER_S = 600.0


class SinhaClient:
    """A thin client for the SINHA API; ``transport`` is injectable for tests."""

    def __init__(
        self,
        settings: SinhaSettings,
        user: str,
        password: str,
        *,
        transport: httpx.BaseTransport | None = None,
        connection: ConnectionPlan | None = None,
    ) -> None:
        self.warnings = check_url(settings)
        self._base = settings.url.rstrip("/")
        #: trust and proxy route (built by SyncService from the settings; default: the system's)
        self.connection = connection or plan_connection(
            settings.url, trust=trust_for(settings), network=NetworkSettings(), secrets=None
        )
        network = self.connection.client_options()
        if transport is not None:
            network["proxy"] = None  # an injected transport is the whole network
        self._client = httpx.Client(
            auth=httpx.BasicAuth(user, password),
            timeout=httpx.Timeout(
                connect=settings.connect_timeout_s,
                read=settings.read_timeout_s,
                write=settings.read_timeout_s,
                pool=settings.connect_timeout_s,
            ),
            transport=transport,
            **network,
            headers={
                "User-Agent": f"anahp-sync/{__version__}",
                "Accept": "application/json",
            },
            follow_redirects=False,
        )

    def __enter__(self) -> SinhaClient:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        self._client.close()

    def check_status(self) -> None:
        """GET /status: raises when SINHA is unreachable or the credentials are wrong."""
        response = self._request("GET", "/status", sent_body=False)
        if response.status_code != 200:
            raise _status_error(response)

    def post_lote(self, body: bytes) -> tuple[int, LoteReceipt]:
        """POST /lotes; returns (201 new | 200 already received, receipt)."""
        response = self._request(
            "POST",
            "/lotes",
            content=body,
            headers={"Content-Type": "application/json"},
            sent_body=True,
        )
        if response.status_code in (200, 201):
            return response.status_code, _receipt(response)
        raise _status_error(response)

    def get_lote(self, id_lote: str) -> LoteReceipt | None:
        """GET /lotes/{id_lote}: the receipt, or None when SINHA never received it."""
        response = self._request("GET", f"/lotes/{id_lote}", sent_body=False)
        if response.status_code == 404:
            return None
        if response.status_code == 200:
            return _receipt(response)
        raise _status_error(response)

    def _request(self, method: str, path: str, *, sent_body: bool, **kwargs: Any) -> httpx.Response:
        try:
            response = self._client.request(method, self._base + path, **kwargs)
        except (httpx.ConnectTimeout, httpx.ConnectError, httpx.ProxyError) as exc:
            raise connection_error(exc, self.connection) from exc
        except httpx.TimeoutException:
            raise SinhaTransportError(
                _("SINHA did not answer in time (read timeout)."), uncertain=sent_body
            ) from None
        except (httpx.RemoteProtocolError, httpx.ReadError, httpx.WriteError):
            raise SinhaTransportError(
                _("The connection to SINHA was lost before its answer arrived."),
                uncertain=sent_body,
            ) from None
        except httpx.UnsupportedProtocol:
            raise SinhaTransportError(
                _("The SINHA URL must start with https:// or http://."), uncertain=False
            ) from None
        except httpx.HTTPError as exc:
            raise SinhaTransportError(
                _("Error talking to SINHA ({reason}).").format(reason=type(exc).__name__),
                uncertain=sent_body,
            ) from None
        if response.status_code == 407 and self.connection.route.proxy:
            failure = proxy_auth_failure(self.connection)  # a forwarding proxy (plain http)
            raise SinhaProxyError(failure.message, problem=failure.problem)
        return response


def connection_error(exc: httpx.TransportError, plan: ConnectionPlan) -> SinhaError:
    """The engine error for a connection that was never made (nothing reached SINHA)."""
    failure = classify(exc, plan)
    if failure.problem.is_tls:
        return SinhaTlsError(failure.message, problem=failure.problem)
    if failure.problem.needs_settings:
        return SinhaProxyError(failure.message, problem=failure.problem)
    return SinhaConnectionError(failure.message, problem=failure.problem)


def _receipt(response: httpx.Response) -> LoteReceipt:
    try:
        return LoteReceipt.model_validate_json(response.content)
    except ValidationError:
        raise SinhaTransportError(
            _("SINHA answered {status} with a body that is not the expected JSON.").format(
                status=response.status_code
            ),
            uncertain=True,
        ) from None


def _status_error(response: httpx.Response) -> SinhaError:
    status = response.status_code
    body = response.text[:BODY_KEEP]
    if status in (401, 403):
        return SinhaAuthError(
            _("SINHA refused the user name or password (HTTP {status}).").format(status=status),
            http_status=status,
            body=body,
        )
    if status in RETRYABLE_STATUS:
        message = (
            _("SINHA asked to slow down (HTTP 429).")
            if status == 429
            else _("SINHA had a server error (HTTP {status}).").format(status=status)
        )
        return SinhaServerError(
            message, http_status=status, body=body, retry_after=_retry_after(response)
        )
    if status == 409:
        return SinhaConflictError(
            _("SINHA already holds this batch id with different content (HTTP 409)."),
            http_status=status,
            body=body,
        )
    if status == 413:
        return SinhaTooLargeError(
            _("SINHA found the batch too large (HTTP 413)."), http_status=status, body=body
        )
    if status in (400, 422):
        return SinhaInvalidBatchError(
            _("SINHA rejected records of the batch (HTTP {status}).").format(status=status),
            http_status=status,
            body=body,
            record_errors=_record_errors(response),
        )
    return SinhaRejectedError(
        _("SINHA answered with an unexpected HTTP {status}.").format(status=status),
        http_status=status,
        body=body,
    )


def _record_errors(response: httpx.Response) -> list[tuple[int, str, str]]:
    try:
        parsed = LoteErrors.model_validate_json(response.content)
    except (ValidationError, json.JSONDecodeError):
        return []
    return [(error.indice, error.campo, error.mensagem) for error in parsed.erros]


def _retry_after(response: httpx.Response) -> float | None:
    value = response.headers.get("Retry-After")
    if value is None:
        return None
    try:
        seconds = float(value)
    except ValueError:
        return None  # an HTTP-date: fall back to our own backoff
    return min(max(seconds, 0.0), MAX_RETRY_AFTER_S)
