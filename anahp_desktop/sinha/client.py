"""One HTTP exchange with the SINHA API per call; no retries here.

Retries live in :mod:`.retry_policy` and the decisions about a batch in
:mod:`anahp_desktop.sync.delivery`. This module only speaks the contract and
translates every httpx failure and HTTP status into the engine's errors,
marking as *uncertain* the ones where the body may have reached the server.

Whatever the server does, a call ends and its memory stays small: every
request has an overall deadline (:mod:`.deadline`), every answer is read as a
stream and only up to a size that fits what it may carry (a receipt is tiny),
and a receipt counts only when it confirms the batch sent -- its ``id_lote``
and its number of records.
"""

from __future__ import annotations

import json
import math
import time
import zlib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any
from urllib.parse import urlsplit, urlunsplit

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
    SinhaReceiptError,
    SinhaRejectedError,
    SinhaServerError,
    SinhaTlsError,
    SinhaTooLargeError,
    SinhaTransportError,
)
from anahp_desktop.network.connection import ConnectionPlan, plan_connection
from anahp_desktop.network.failures import classify, proxy_auth_failure
from anahp_desktop.sinha import deadline
from anahp_desktop.sinha.contract import LoteErrors, LoteReceipt
from anahp_desktop.sinha.transport_security import check_url, trust_for
from anahp_desktop.text_safety import escape_controls
from anahp_desktop.translation import _

#: characters of an answer's body kept for the log and the batch details
BODY_KEEP = 4000
#: bytes read of an answer at most: a receipt is ~100 bytes; a 400/422 names up to one error per
#: record (5,000 records at most per batch, ~100 bytes each); anything else is kept only in part
RECEIPT_MAX_BYTES = 64 * 1024
RECORD_ERRORS_MAX_BYTES = 2 * 1024 * 1024
OTHER_BODY_MAX_BYTES = BODY_KEEP
RETRYABLE_STATUS = frozenset({429, 500, 502, 503, 504})
RECEIPT_STATUS = frozenset({200, 201})


@dataclass(frozen=True)
class Answer:
    """An HTTP answer read up to its size limit; ``complete`` is False when it was longer."""

    status: int
    headers: httpx.Headers
    body: bytes
    complete: bool

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", errors="replace")[:BODY_KEEP]


def base_url(url: str) -> str:
    """The URL requests go to: without a trailing slash, and without any user or password
    inside it (those are ignored; the client signs in with its own credentials)."""
    parts = urlsplit(url.rstrip("/"))
    return urlunsplit(parts._replace(netloc=parts.netloc.rsplit("@", 1)[-1]))


def body_limit(status: int) -> int:
    """How many bytes of an answer with ``status`` are worth reading."""
    if status in RECEIPT_STATUS:
        return RECEIPT_MAX_BYTES
    if status in (400, 422):
        return RECORD_ERRORS_MAX_BYTES
    return OTHER_BODY_MAX_BYTES


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
        self._base = base_url(settings.url)
        self._deadline_s = settings.request_deadline_s
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
                # compressed answers could expand beyond any limit read here
                "Accept-Encoding": "identity",
            },
            follow_redirects=False,
        )
        deadline.enforce_on(self._client)

    def __enter__(self) -> SinhaClient:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        self._client.close()

    def check_status(self) -> None:
        """GET /status: raises when SINHA is unreachable or the credentials are wrong."""
        answer = self._request("GET", "/status", sent_body=False)
        if answer.status != 200:
            raise _status_error(answer)

    def post_lote(self, body: bytes, id_lote: str, records: int) -> tuple[int, LoteReceipt]:
        """POST /lotes; (201 new | 200 already received, a receipt that confirms the batch).

        A 2xx whose receipt names another ``id_lote`` or counts other than
        ``records`` raises :class:`SinhaReceiptError` (uncertain: look it up).
        """
        answer = self._request(
            "POST",
            "/lotes",
            content=body,
            headers={"Content-Type": "application/json"},
            sent_body=True,
        )
        if answer.status in RECEIPT_STATUS:
            return answer.status, _confirmed(_receipt(answer), answer, id_lote, records)
        raise _status_error(answer)

    def get_lote(self, id_lote: str, records: int) -> LoteReceipt | None:
        """GET /lotes/{id_lote}: the receipt, or None when SINHA never received it.

        A receipt that does not confirm ``id_lote`` with ``records`` records raises
        :class:`SinhaReceiptError`: SINHA's two answers disagree with what was sent.
        """
        answer = self._request("GET", f"/lotes/{id_lote}", sent_body=False)
        if answer.status == 404:
            return None
        if answer.status == 200:
            return _confirmed(_receipt(answer), answer, id_lote, records)
        raise _status_error(answer)

    def _request(self, method: str, path: str, *, sent_body: bool, **kwargs: Any) -> Answer:
        ends = time.monotonic() + self._deadline_s
        try:
            with (
                deadline.within(ends),
                self._client.stream(method, self._base + path, **kwargs) as response,
            ):
                answer = _read(response, body_limit(response.status_code), ends)
        except (httpx.ConnectTimeout, httpx.ConnectError, httpx.ProxyError) as exc:
            raise connection_error(exc, self.connection) from exc
        except httpx.TimeoutException as exc:
            if deadline.passed(ends):
                raise SinhaTransportError(
                    _(
                        "SINHA's answer did not arrive within {seconds:g} s "
                        "(sinha.request_deadline_s)."
                    ).format(seconds=self._deadline_s),
                    uncertain=sent_body,
                ) from exc
            raise SinhaTransportError(
                _("SINHA did not answer in time (read timeout)."), uncertain=sent_body
            ) from exc
        except (httpx.RemoteProtocolError, httpx.ReadError, httpx.WriteError) as exc:
            raise SinhaTransportError(
                _("The connection to SINHA was lost before its answer arrived."),
                uncertain=sent_body,
            ) from exc
        except httpx.UnsupportedProtocol as exc:
            raise SinhaTransportError(
                _("The SINHA URL must start with https:// or http://."), uncertain=False
            ) from exc
        except httpx.HTTPError as exc:
            raise SinhaTransportError(
                _("Error talking to SINHA ({reason}).").format(reason=type(exc).__name__),
                uncertain=sent_body,
            ) from exc
        if answer.status == 407 and self.connection.route.proxy:
            failure = proxy_auth_failure(self.connection)  # a forwarding proxy (plain http)
            raise SinhaProxyError(failure.message, problem=failure.problem)
        return answer


def _read(response: httpx.Response, limit: int, ends: float) -> Answer:
    """The body as a stream, at most ``limit`` bytes (decompressed), by the deadline."""
    encoding = response.headers.get("Content-Encoding", "identity").strip().lower()
    inflate = _decompressor(encoding)
    chunks: Iterable[bytes] = response.iter_raw()
    if response.is_stream_consumed:  # an injected transport's answer, in memory and decoded
        chunks, inflate, encoding = [response.content], None, "identity"
    parts: list[bytes] = []
    size = 0
    for chunk in chunks:
        if deadline.passed(ends):
            raise httpx.ReadTimeout("the request's overall deadline passed")
        if inflate is not None:
            chunk = inflate.decompress(chunk, limit + 1 - size)
        elif encoding != "identity":
            return Answer(response.status_code, response.headers, b"", False)  # unreadable
        parts.append(chunk)
        size += len(chunk)
        if size > limit:
            return Answer(response.status_code, response.headers, b"".join(parts)[:limit], False)
    if inflate is not None:
        parts.append(inflate.flush())
        if inflate.unconsumed_tail or sum(map(len, parts)) > limit:
            return Answer(response.status_code, response.headers, b"".join(parts)[:limit], False)
    return Answer(response.status_code, response.headers, b"".join(parts), True)


def _decompressor(encoding: str) -> Any:
    """A bounded decoder for gzip/deflate (asked for identity, a server may still compress)."""
    if encoding in ("gzip", "x-gzip"):
        return zlib.decompressobj(16 + zlib.MAX_WBITS)
    if encoding == "deflate":
        return zlib.decompressobj()
    return None


def connection_error(exc: httpx.TransportError, plan: ConnectionPlan) -> SinhaError:
    """The engine error for a connection that was never made (nothing reached SINHA)."""
    failure = classify(exc, plan)
    if failure.problem.is_tls:
        return SinhaTlsError(failure.message, problem=failure.problem)
    if failure.problem.needs_settings:
        return SinhaProxyError(failure.message, problem=failure.problem)
    return SinhaConnectionError(failure.message, problem=failure.problem)


def _receipt(answer: Answer) -> LoteReceipt:
    try:
        if not answer.complete:
            raise ValueError("longer than any receipt")
        return LoteReceipt.model_validate_json(answer.body)
    except (ValidationError, ValueError) as exc:
        raise SinhaTransportError(
            _("SINHA answered {status} with a body that is not the expected JSON.").format(
                status=answer.status
            ),
            uncertain=True,
        ) from exc


def _confirmed(receipt: LoteReceipt, answer: Answer, id_lote: str, records: int) -> LoteReceipt:
    """The receipt, if it names the batch sent and counts its records; else SinhaReceiptError."""
    problems = []
    if receipt.id_lote != id_lote:
        problems.append(_("it names another batch"))
    if receipt.recebidos != records:
        problems.append(
            _("it counts {received} record(s), {sent} were sent").format(
                received=receipt.recebidos, sent=records
            )
        )
    if not receipt.protocolo.strip():
        problems.append(_("its protocol number is empty"))
    if not problems:
        return receipt
    raise SinhaReceiptError(
        _("SINHA's receipt (HTTP {status}) does not confirm the batch sent: {problems}.").format(
            status=answer.status, problems="; ".join(problems)
        ),
        http_status=answer.status,
        body=answer.text,
    )


def _status_error(answer: Answer) -> SinhaError:
    status = answer.status
    body = answer.text
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
            message, http_status=status, body=body, retry_after=retry_after(answer.headers)
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
            record_errors=_record_errors(answer),
        )
    return SinhaRejectedError(
        _("SINHA answered with an unexpected HTTP {status}.").format(status=status),
        http_status=status,
        body=body,
    )


def _record_errors(answer: Answer) -> list[tuple[int, str, str]]:
    if not answer.complete:
        return []
    try:
        parsed = LoteErrors.model_validate_json(answer.body)
    except (ValidationError, json.JSONDecodeError):
        return []
    # SINHA's own words, shown in the window and the terminal: never as escapes to run
    return [
        (error.indice, escape_controls(error.campo), escape_controls(error.mensagem))
        for error in parsed.erros
    ]


def retry_after(headers: httpx.Headers, now: datetime | None = None) -> float | None:
    """Seconds SINHA asked to wait; None (use our own backoff) when absent or not a sane number.

    ``nan``, ``inf`` and negative values are nonsense, not instructions. Large
    values are returned as they are: the run decides whether it may wait that
    long (see :class:`anahp_desktop.sinha.retry_policy.WaitBudget`).
    """
    value = headers.get("Retry-After")
    if value is None:
        return None
    try:
        seconds = float(value)
    except ValueError:
        try:
            when = parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError):
            return None
        if when.tzinfo is None:
            when = when.replace(tzinfo=UTC)
        return max((when - (now or datetime.now(UTC))).total_seconds(), 0.0)
    if not math.isfinite(seconds) or seconds < 0:
        return None
    return seconds
