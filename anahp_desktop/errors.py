"""The engine's exception tree.

Every error that can reach an operator is one of these, with a message the
operator can act on (already translated). Errors from the libraries
underneath (SQLAlchemy, httpx, keyring, pydantic) are translated at the
boundary with ``raise ... from exc`` so callers catch only this tree.

    AnahpError
    ├── ConfigurationError        settings are missing or wrong: fix the settings
    │   ├── SecretsUnavailableError   no keyring backend and no environment variable
    │   └── InsecureTransportError    credentials over plain http to a remote host
    ├── SourceError               the hospital database (the view)
    │   ├── SourceUnavailableError    cannot connect (network, login, driver)
    │   └── SourceContractError       the view does not match the contract
    ├── StateStoreError           the state store (operations log, watermark, ...)
    │   └── StateStoreIdentityError   not the store this installation used (lost or emptied)
    ├── SyncAlreadyRunningError   another copy holds the sync lock
    ├── SyncCancelledError        the operator cancelled the run
    │   └── SyncLockLostError         the run lost its lock: it stopped before sending more
    ├── AlertDeliveryError        an e-mail or webhook alert could not be delivered
    └── SinhaError                talking to the SINHA API
        ├── SinhaTransportError       no answer (connection, timeout): retryable
        │   └── SinhaConnectionError      never connected (DNS, refused, proxy unreachable)
        │   └── SinhaReceiptError         a 2xx whose receipt does not confirm the batch sent
        ├── SinhaUnconfirmedError     SINHA's lookup disagrees too: the batch waits for an operator
        ├── SinhaWaitLimitError       the run may not wait as long as SINHA asks: stop, resume later
        ├── SinhaServerError          5xx / 429: retryable
        ├── SinhaTlsError             certificate or TLS failure: fix the settings
        ├── SinhaProxyError           the proxy said no (407, CONNECT refused): fix the settings
        ├── SinhaAuthError            401 / 403: fix the credentials
        └── SinhaRejectedError        the batch itself was refused
            ├── SinhaInvalidBatchError    400 / 422 with per-record errors
            ├── SinhaConflictError        409: that id_lote holds other content
            └── SinhaTooLargeError        413: split the batch
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from anahp_desktop.db_errors import DbProblem
from anahp_desktop.domain.categories import ErrorCategory

if TYPE_CHECKING:
    from anahp_desktop.state.holder import LockHolder


class AnahpError(Exception):
    """Base of every error the engine reports to an operator.

    ``category`` is a stable, untranslated code stored in ``operations_log``
    and used by the GUI to pick an icon or a hint.
    """

    category: ErrorCategory = ErrorCategory.ERROR

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class ConfigurationError(AnahpError):
    category = ErrorCategory.CONFIGURATION


class SecretsUnavailableError(ConfigurationError):
    category = ErrorCategory.SECRETS


class InsecureTransportError(ConfigurationError):
    category = ErrorCategory.INSECURE_TRANSPORT


class SourceError(AnahpError):
    category = ErrorCategory.SOURCE


class SourceUnavailableError(SourceError):
    """``problem`` is a :class:`anahp_desktop.db_errors.DbProblem` value (auth, unreachable, ...)."""

    category = ErrorCategory.SOURCE_UNAVAILABLE

    def __init__(self, message: str, problem: str = DbProblem.UNREACHABLE) -> None:
        super().__init__(message)
        self.problem = problem
        self.category = ErrorCategory.of_source(problem)


class SourceContractError(SourceError):
    category = ErrorCategory.SOURCE_CONTRACT


class StateStoreError(AnahpError):
    """``problem`` is a :class:`anahp_desktop.db_errors.DbProblem` value when a database said why."""

    category = ErrorCategory.STATE_STORE

    def __init__(self, message: str, problem: str | None = None) -> None:
        super().__init__(message)
        self.problem = problem
        if problem:
            self.category = ErrorCategory.of_state(problem)


class StateStoreIdentityError(StateStoreError):
    """An empty store where this installation used another: restore it or confirm a fresh start."""

    category = ErrorCategory.STATE_IDENTITY


class SyncAlreadyRunningError(AnahpError):
    """``holder`` says who runs, or is None while the holder has not said it yet."""

    category = ErrorCategory.ALREADY_RUNNING

    def __init__(self, message: str, holder: LockHolder | None = None) -> None:
        super().__init__(message)
        self.holder = holder


class SyncCancelledError(AnahpError):
    category = ErrorCategory.CANCELLED


class SyncLockLostError(SyncCancelledError):
    category = ErrorCategory.LOCK_LOST


class AlertDeliveryError(AnahpError):
    category = ErrorCategory.ALERT


class SinhaError(AnahpError):
    """An error while talking to SINHA; ``http_status`` and ``body`` when it answered."""

    category = ErrorCategory.SINHA

    def __init__(self, message: str, *, http_status: int | None = None, body: str = "") -> None:
        super().__init__(message)
        self.http_status = http_status
        self.body = body


class SinhaTransportError(SinhaError):
    """No usable answer: connection refused or reset, timeout, broken reply.

    ``uncertain`` is True when the request body may have reached the server,
    so the batch must be looked up before it is sent again.
    """

    category = ErrorCategory.TRANSPORT

    def __init__(self, message: str, *, uncertain: bool) -> None:
        super().__init__(message)
        self.uncertain = uncertain


class SinhaConnectionError(SinhaTransportError):
    """No connection was made, so nothing was sent; ``problem`` is a ``ConnectionProblem`` value."""

    def __init__(self, message: str, *, problem: str) -> None:
        super().__init__(message, uncertain=False)
        self.problem = problem


class SinhaReceiptError(SinhaTransportError):
    """A 2xx whose receipt names another ``id_lote``, counts other records or has no protocol.

    Not a delivery: the outcome is uncertain, so the batch is looked up with
    ``GET /lotes/{id_lote}`` before it is sent again.
    """

    category = ErrorCategory.RECEIPT_MISMATCH

    def __init__(self, message: str, *, http_status: int, body: str = "") -> None:
        super().__init__(message, uncertain=True)
        self.http_status = http_status
        self.body = body


class SinhaUnconfirmedError(SinhaError):
    """SINHA's receipt and its lookup both fail to confirm a batch: an operator must look.

    The batch keeps its body and is not sent again automatically.
    """

    category = ErrorCategory.UNCONFIRMED


class SinhaWaitLimitError(SinhaError):
    """SINHA asks for a longer wait than the run may still spend waiting (``sync.max_wait_s``)."""

    category = ErrorCategory.WAIT_LIMIT


class SinhaServerError(SinhaError):
    """A 5xx or 429 answer; ``retry_after`` seconds when the server asked."""

    category = ErrorCategory.SERVER

    def __init__(
        self, message: str, *, http_status: int, body: str = "", retry_after: float | None = None
    ) -> None:
        super().__init__(message, http_status=http_status, body=body)
        self.retry_after = retry_after


class SinhaTlsError(SinhaError):
    """``problem`` is a ``ConnectionProblem`` value (untrusted certificate, not TLS, other)."""

    category = ErrorCategory.TLS

    def __init__(self, message: str, *, problem: str) -> None:
        super().__init__(message)
        self.problem = problem


class SinhaProxyError(SinhaError):
    """The proxy refused: credentials (407) or its policy (CONNECT refused)."""

    def __init__(self, message: str, *, problem: str) -> None:
        super().__init__(message)
        self.problem = problem
        self.category = ErrorCategory(problem)  # proxy_auth | proxy_refused


class SinhaAuthError(SinhaError):
    category = ErrorCategory.AUTH


class SinhaRejectedError(SinhaError):
    """The server refused the batch itself (400, 409, 413, 422)."""

    category = ErrorCategory.REJECTED


class SinhaInvalidBatchError(SinhaRejectedError):
    """400 or 422; ``record_errors`` are ``(indice, campo, mensagem)`` from the body."""

    category = ErrorCategory.INVALID

    def __init__(
        self,
        message: str,
        *,
        http_status: int,
        body: str = "",
        record_errors: list[tuple[int, str, str]] | None = None,
    ) -> None:
        super().__init__(message, http_status=http_status, body=body)
        self.record_errors = record_errors or []


class SinhaConflictError(SinhaRejectedError):
    category = ErrorCategory.CONFLICT


class SinhaTooLargeError(SinhaRejectedError):
    category = ErrorCategory.TOO_LARGE
