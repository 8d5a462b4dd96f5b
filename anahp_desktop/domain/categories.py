"""Error categories: the stable, untranslated code kept with every failed attempt and run.

An :class:`~anahp_desktop.errors.AnahpError` carries one; it is stored in
``operations_log.error_category``, ``sinha_batches.last_error_category``, the
run summary's JSON and the alerts' fingerprints, and the window labels it.
A database's problems are categorised per database: ``source_<problem>`` for
the hospital's view, ``state_<problem>`` for the state store, one member for
every :class:`anahp_desktop.db_errors.DbProblem` and SQLite file problem (a
test keeps the lists equal).
"""

from __future__ import annotations

from enum import StrEnum


class CategoryArea(StrEnum):
    """Where an error comes from, which decides where the operator looks."""

    SETTINGS = "settings"  # the settings or the keyring
    SOURCE = "source"  # the hospital's database (the view)
    STATE = "state"  # the state store
    SINHA = "sinha"  # SINHA, or the network to it
    RUN = "run"  # the run itself: cancelled, another copy, an alert channel


class ErrorCategory(StrEnum):
    ERROR = "error"  # an AnahpError without a more precise category
    # -- settings -----------------------------------------------------------------------------
    CONFIGURATION = "configuration"
    SECRETS = "secrets"
    INSECURE_TRANSPORT = "insecure_transport"
    # -- the run ------------------------------------------------------------------------------
    ALREADY_RUNNING = "already_running"
    CANCELLED = "cancelled"
    LOCK_LOST = "lock_lost"
    INTERRUPTED = "interrupted"  # the app stopped during the attempt (closed or killed)
    ALERT = "alert"
    # -- SINHA --------------------------------------------------------------------------------
    SINHA = "sinha"
    TRANSPORT = "transport"
    RECEIPT_MISMATCH = "receipt_mismatch"
    UNCONFIRMED = "unconfirmed"
    WAIT_LIMIT = "wait_limit"
    SERVER = "server"
    TLS = "tls"
    PROXY_AUTH = "proxy_auth"
    PROXY_REFUSED = "proxy_refused"
    AUTH = "auth"
    REJECTED = "rejected"
    INVALID = "invalid"
    CONFLICT = "conflict"
    TOO_LARGE = "too_large"
    # -- the hospital database ----------------------------------------------------------------
    SOURCE = "source"
    SOURCE_UNAVAILABLE = "source_unavailable"
    SOURCE_CONTRACT = "source_contract"
    SOURCE_AUTH = "source_auth"
    SOURCE_UNREACHABLE = "source_unreachable"
    SOURCE_HOST_UNKNOWN = "source_host_unknown"
    SOURCE_PORT_CLOSED = "source_port_closed"
    SOURCE_INSTANCE_NOT_FOUND = "source_instance_not_found"
    SOURCE_TIMEOUT = "source_timeout"
    SOURCE_DATABASE_MISSING = "source_database_missing"
    SOURCE_DRIVER_MISSING = "source_driver_missing"
    SOURCE_TLS = "source_tls"
    SOURCE_TLS_UNTRUSTED = "source_tls_untrusted"
    SOURCE_TLS_NAME_MISMATCH = "source_tls_name_mismatch"
    SOURCE_TLS_OLD_PROTOCOL = "source_tls_old_protocol"
    SOURCE_TLS_NOT_OFFERED = "source_tls_not_offered"
    SOURCE_LOCKED = "source_locked"
    SOURCE_READ_ONLY = "source_read_only"
    SOURCE_MISSING_OBJECT = "source_missing_object"
    SOURCE_WRONG_TYPE = "source_wrong_type"
    SOURCE_DISCONNECTED = "source_disconnected"
    SOURCE_PERMISSION = "source_permission"
    SOURCE_DEADLOCK = "source_deadlock"
    SOURCE_SNAPSHOT_CONFLICT = "source_snapshot_conflict"
    SOURCE_SET_OPTIONS = "source_set_options"
    SOURCE_OTHER = "source_other"
    # -- the state store ----------------------------------------------------------------------
    STATE_STORE = "state_store"
    STATE_IDENTITY = "state_identity"
    STATE_NOCOUNT = "state_nocount"  # SET NOCOUNT ON: rows changed are not reported
    STATE_DISK_FULL = "state_disk_full"
    STATE_CORRUPT = "state_corrupt"
    STATE_CANNOT_OPEN = "state_cannot_open"
    STATE_AUTH = "state_auth"
    STATE_UNREACHABLE = "state_unreachable"
    STATE_HOST_UNKNOWN = "state_host_unknown"
    STATE_PORT_CLOSED = "state_port_closed"
    STATE_INSTANCE_NOT_FOUND = "state_instance_not_found"
    STATE_TIMEOUT = "state_timeout"
    STATE_DATABASE_MISSING = "state_database_missing"
    STATE_DRIVER_MISSING = "state_driver_missing"
    STATE_TLS = "state_tls"
    STATE_TLS_UNTRUSTED = "state_tls_untrusted"
    STATE_TLS_NAME_MISMATCH = "state_tls_name_mismatch"
    STATE_TLS_OLD_PROTOCOL = "state_tls_old_protocol"
    STATE_TLS_NOT_OFFERED = "state_tls_not_offered"
    STATE_LOCKED = "state_locked"
    STATE_READ_ONLY = "state_read_only"
    STATE_MISSING_OBJECT = "state_missing_object"
    STATE_WRONG_TYPE = "state_wrong_type"
    STATE_DISCONNECTED = "state_disconnected"
    STATE_PERMISSION = "state_permission"
    STATE_DEADLOCK = "state_deadlock"
    STATE_SNAPSHOT_CONFLICT = "state_snapshot_conflict"
    STATE_SET_OPTIONS = "state_set_options"
    STATE_OTHER = "state_other"

    @classmethod
    def of_source(cls, problem: str) -> ErrorCategory:
        """The category of a hospital-database problem (a ``DbProblem``)."""
        return cls(f"{CategoryArea.SOURCE}_{problem}")

    @classmethod
    def of_state(cls, problem: str) -> ErrorCategory:
        """The category of a state-store problem (a ``DbProblem`` or a SQLite file's)."""
        return cls(f"{CategoryArea.STATE}_{problem}")

    @property
    def area(self) -> CategoryArea:
        if self in _SETTINGS:
            return CategoryArea.SETTINGS
        if self in _RUN:
            return CategoryArea.RUN
        if self.value.startswith(CategoryArea.SOURCE.value):
            return CategoryArea.SOURCE
        if self.value.startswith(CategoryArea.STATE.value):
            return CategoryArea.STATE
        return CategoryArea.SINHA

    @property
    def needs_settings(self) -> bool:
        """An operator fixes it in the settings (CLI exit code 2), not by waiting."""
        return self in NEEDS_SETTINGS


_SETTINGS = frozenset(
    {ErrorCategory.CONFIGURATION, ErrorCategory.SECRETS, ErrorCategory.INSECURE_TRANSPORT}
)
_RUN = frozenset(
    {
        ErrorCategory.ERROR,
        ErrorCategory.ALREADY_RUNNING,
        ErrorCategory.CANCELLED,
        ErrorCategory.LOCK_LOST,
        ErrorCategory.INTERRUPTED,
        ErrorCategory.ALERT,
    }
)

#: categories an operator fixes in the settings (CLI exit code 2), not by waiting
NEEDS_SETTINGS: frozenset[ErrorCategory] = frozenset(
    {
        *_SETTINGS,
        ErrorCategory.AUTH,
        ErrorCategory.TLS,
        ErrorCategory.PROXY_AUTH,
        ErrorCategory.PROXY_REFUSED,
        ErrorCategory.SOURCE_CONTRACT,
        ErrorCategory.SOURCE_AUTH,
        ErrorCategory.SOURCE_DATABASE_MISSING,
        ErrorCategory.SOURCE_DRIVER_MISSING,
        ErrorCategory.SOURCE_TLS,
        ErrorCategory.SOURCE_TLS_UNTRUSTED,
        ErrorCategory.SOURCE_TLS_NAME_MISMATCH,
        ErrorCategory.SOURCE_TLS_OLD_PROTOCOL,
        ErrorCategory.SOURCE_TLS_NOT_OFFERED,
        ErrorCategory.SOURCE_PERMISSION,
        ErrorCategory.STATE_AUTH,
        ErrorCategory.STATE_DATABASE_MISSING,
        ErrorCategory.STATE_DRIVER_MISSING,
        ErrorCategory.STATE_TLS,
        ErrorCategory.STATE_TLS_UNTRUSTED,
        ErrorCategory.STATE_TLS_NAME_MISMATCH,
        ErrorCategory.STATE_TLS_OLD_PROTOCOL,
        ErrorCategory.STATE_TLS_NOT_OFFERED,
        ErrorCategory.STATE_PERMISSION,
        ErrorCategory.STATE_READ_ONLY,
        ErrorCategory.STATE_IDENTITY,
        ErrorCategory.STATE_CORRUPT,
        ErrorCategory.STATE_CANNOT_OPEN,
    }
)
