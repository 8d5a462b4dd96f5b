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

if TYPE_CHECKING:
    from anahp_desktop.state.holder import LockHolder


class AnahpError(Exception):
    """Base of every error the engine reports to an operator.

    ``category`` is a stable, untranslated code stored in ``operations_log``
    and used by the GUI to pick an icon or a hint.
    """

    category = "error"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class ConfigurationError(AnahpError):
    category = "configuration"


class SecretsUnavailableError(ConfigurationError):
    category = "secrets"


class InsecureTransportError(ConfigurationError):
    category = "insecure_transport"


class SourceError(AnahpError):
    category = "source"


class SourceUnavailableError(SourceError):
    """``problem`` is a :class:`anahp_desktop.db_errors.DbProblem` value (auth, unreachable, ...)."""

    category = "source_unavailable"

    def __init__(self, message: str, problem: str = "unreachable") -> None:
        super().__init__(message)
        self.problem = problem
        self.category = f"source_{problem}"


class SourceContractError(SourceError):
    category = "source_contract"


class StateStoreError(AnahpError):
    """``problem`` is a :class:`anahp_desktop.db_errors.DbProblem` value when a database said why."""

    category = "state_store"

    def __init__(self, message: str, problem: str | None = None) -> None:
        super().__init__(message)
        self.problem = problem
        if problem:
            self.category = f"state_{problem}"


class StateStoreIdentityError(StateStoreError):
    """An empty store where this installation used another: restore it or confirm a fresh start."""

    category = "state_identity"


class SyncAlreadyRunningError(AnahpError):
    """``holder`` says who runs, or is None while the holder has not said it yet."""

    category = "already_running"

    def __init__(self, message: str, holder: LockHolder | None = None) -> None:
        super().__init__(message)
        self.holder = holder


class SyncCancelledError(AnahpError):
    category = "cancelled"


class SyncLockLostError(SyncCancelledError):
    category = "lock_lost"


class AlertDeliveryError(AnahpError):
    category = "alert"


class SinhaError(AnahpError):
    """An error while talking to SINHA; ``http_status`` and ``body`` when it answered."""

    category = "sinha"

    def __init__(self, message: str, *, http_status: int | None = None, body: str = "") -> None:
        super().__init__(message)
        self.http_status = http_status
        self.body = body


class SinhaTransportError(SinhaError):
    """No usable answer: connection refused or reset, timeout, broken reply.

    ``uncertain`` is True when the request body may have reached the server,
    so the batch must be looked up before it is sent again.
    """

    category = "transport"

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

    category = "receipt_mismatch"

    def __init__(self, message: str, *, http_status: int, body: str = "") -> None:
        super().__init__(message, uncertain=True)
        self.http_status = http_status
        self.body = body


class SinhaUnconfirmedError(SinhaError):
    """SINHA's receipt and its lookup both fail to confirm a batch: an operator must look.

    The batch keeps its body and is not sent again automatically.
    """

    category = "unconfirmed"


class SinhaWaitLimitError(SinhaError):
    """SINHA asks for a longer wait than the run may still spend waiting (``sync.max_wait_s``)."""

    category = "wait_limit"


class SinhaServerError(SinhaError):
    """A 5xx or 429 answer; ``retry_after`` seconds when the server asked."""

    category = "server"

    def __init__(
        self, message: str, *, http_status: int, body: str = "", retry_after: float | None = None
    ) -> None:
        super().__init__(message, http_status=http_status, body=body)
        self.retry_after = retry_after


class SinhaTlsError(SinhaError):
    """``problem`` is a ``ConnectionProblem`` value (untrusted certificate, not TLS, other)."""

    category = "tls"

    def __init__(self, message: str, *, problem: str = "tls_other") -> None:
        super().__init__(message)
        self.problem = problem


class SinhaProxyError(SinhaError):
    """The proxy refused: credentials (407) or its policy (CONNECT refused)."""

    category = "proxy"

    def __init__(self, message: str, *, problem: str) -> None:
        super().__init__(message)
        self.problem = problem
        self.category = problem  # proxy_auth | proxy_refused


class SinhaAuthError(SinhaError):
    category = "auth"


class SinhaRejectedError(SinhaError):
    """The server refused the batch itself (400, 409, 413, 422)."""

    category = "rejected"


class SinhaInvalidBatchError(SinhaRejectedError):
    """400 or 422; ``record_errors`` are ``(indice, campo, mensagem)`` from the body."""

    category = "invalid"

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
    category = "conflict"


class SinhaTooLargeError(SinhaRejectedError):
    category = "too_large"


#: categories an operator fixes in the settings (CLI exit code 2), not by waiting
CONFIGURATION_CATEGORIES = frozenset(
    {
        "configuration",
        "secrets",
        "insecure_transport",
        "auth",
        "tls",
        "proxy_auth",
        "proxy_refused",
        "source_contract",
        "source_auth",
        "source_database_missing",
        "source_driver_missing",
        "source_tls",
        "source_tls_untrusted",
        "source_tls_name_mismatch",
        "source_tls_old_protocol",
        "source_tls_not_offered",
        "source_permission",
        "state_auth",
        "state_database_missing",
        "state_driver_missing",
        "state_tls",
        "state_tls_untrusted",
        "state_tls_name_mismatch",
        "state_tls_old_protocol",
        "state_tls_not_offered",
        "state_permission",
        "state_read_only",
        "state_identity",
        "state_corrupt",
        "state_cannot_open",
    }
)

#: SINHA errors that end the run at once: every later batch would meet them too
STOPS_THE_RUN = frozenset({"auth", "tls", "proxy_auth", "proxy_refused"})
