"""The old service's ``operations_log`` table, read as history for this app's log.

Its columns were never documented, so each column is recognised by name
(``id_lote``, a status, a time, a message, ...) and only those are read: a
column holding a request body (patient data) is never selected. Rows become
attempts of this app's log with the trigger ``imported``, so the log shows
them apart, and nothing in them drives a sync.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, tzinfo
from enum import StrEnum
from typing import Any

from sqlalchemy import Engine, column, func, inspect, select, table
from sqlalchemy.exc import SQLAlchemyError

from anahp_desktop import db_errors
from anahp_desktop.domain.statuses import AttemptStatus, Trigger
from anahp_desktop.errors import SourceUnavailableError
from anahp_desktop.translation import N_, _

SERVICE_TABLE = "operations_log"
#: shown as the version of the app that wrote an imported attempt
IMPORTED_VERSION = "previous-service"
READ_CHUNK = 1000
WHAT = N_("the hospital database")


class Role(StrEnum):
    """What a column of the service's table is taken for."""

    ID_LOTE = "id_lote"
    STATUS = "status"
    STARTED_AT = "started_at"
    FINISHED_AT = "finished_at"
    MESSAGE = "message"
    RESPONSE = "response"
    CNES = "cnes"
    HTTP_STATUS = "http_status"
    RECORDS = "records"
    ATTEMPT = "attempt"


#: likely names, most likely first (lower case); a column serves one role at most
CANDIDATES: Mapping[Role, tuple[str, ...]] = {
    Role.ID_LOTE: ("id_lote", "lote_id", "idlote", "id_batch", "batch_id", "lote", "batch"),
    Role.HTTP_STATUS: (
        "http_status",
        "status_code",
        "http_code",
        "response_status",
        "response_code",
    ),
    Role.STATUS: ("status", "situacao", "state", "result", "outcome", "resultado", "success"),
    Role.STARTED_AT: (
        "started_at",
        "timestamp",
        "created_at",
        "sent_at",
        "executed_at",
        "logged_at",
        "data_hora",
        "datahora",
        "datetime",
        "start_time",
        "date",
        "time",
        "data",
        "updated_at",
    ),
    Role.FINISHED_AT: ("finished_at", "completed_at", "ended_at", "end_time"),
    Role.MESSAGE: (
        "error_message",
        "message",
        "mensagem",
        "error",
        "erro",
        "detail",
        "details",
        "descricao",
        "description",
        "msg",
    ),
    Role.RESPONSE: ("response_body", "response", "resposta"),
    Role.CNES: ("cnes",),
    Role.RECORDS: (
        "records_sent",
        "record_count",
        "records",
        "total_records",
        "num_records",
        "qtd_registros",
        "quantidade",
        "registros",
    ),
    Role.ATTEMPT: ("attempt", "attempts", "tentativa", "retry_count"),
}
#: this app's own table has these: then there is no service log to import
OWN_TABLE_COLUMNS = frozenset({"run_id", "trigger", "app_version"})

SUCCESS_WORDS = frozenset(
    [
        "success",
        "succeeded",
        "successful",
        "sucesso",
        "ok",
        "completed",
        "complete",
        "done",
        "delivered",
        "sent",
        "enviado",
        "concluido",
        "concluído",
        "finished",
        "processed",
        "true",
    ]
)
FAILED_WORDS = frozenset(["failed", "failure", "fail", "error", "erro", "falha", "falhou", "false"])
REJECTED_WORDS = frozenset(["rejected", "rejeitado", "invalid", "inválido", "invalido"])
UNFINISHED_WORDS = frozenset(
    [
        "running",
        "started",
        "processing",
        "in_progress",
        "pending",
        "pendente",
        "executando",
        "em_andamento",
    ]
)


@dataclass(frozen=True)
class ServiceLog:
    """The table as found: its columns, what each one is read as, and its size."""

    table: str
    columns: tuple[str, ...]
    mapping: Mapping[Role, str]
    rows: int

    @property
    def read_columns(self) -> tuple[str, ...]:
        used = set(self.mapping.values())
        return tuple(name for name in self.columns if name in used)

    @property
    def skipped_columns(self) -> tuple[str, ...]:
        used = set(self.mapping.values())
        return tuple(name for name in self.columns if name not in used)

    @property
    def importable(self) -> bool:
        """A row needs a time to be shown in the log."""
        return Role.STARTED_AT in self.mapping or Role.FINISHED_AT in self.mapping


@dataclass
class ImportTally:
    """What an import read; filled while the rows stream by."""

    imported: int = 0
    without_time: int = 0
    unknown_statuses: set[str] = field(default_factory=set)


def recognise(columns: Sequence[str]) -> dict[Role, str]:
    """Role -> column, by the likely names (case-insensitive)."""
    by_lower = {name.lower(): name for name in columns}
    mapping: dict[Role, str] = {}
    taken: set[str] = set()
    for role, names in CANDIDATES.items():
        for candidate in names:
            actual = by_lower.get(candidate)
            if actual is not None and actual not in taken:
                mapping[role] = actual
                taken.add(actual)
                break
    return mapping


def find(engine: Engine) -> ServiceLog | None:
    """The service's table in the hospital database, or None when there is none."""
    try:
        inspector = inspect(engine)
        if not inspector.has_table(SERVICE_TABLE):
            return None
        columns = tuple(str(c["name"]) for c in inspector.get_columns(SERVICE_TABLE))
        if {name.lower() for name in columns} >= OWN_TABLE_COLUMNS:
            return None  # this app's own log, in the same database
        with engine.connect() as conn:
            rows = int(
                conn.execute(select(func.count()).select_from(table(SERVICE_TABLE))).scalar_one()
            )
    except SQLAlchemyError as exc:
        raise _unavailable(exc) from exc
    return ServiceLog(SERVICE_TABLE, columns, recognise(columns), rows)


def read_attempts(
    engine: Engine, log: ServiceLog, zone: tzinfo, run_id: str, tally: ImportTally
) -> Iterator[list[dict[str, Any]]]:
    """The rows as ``operations_log`` rows of this app, a chunk at a time, oldest first."""
    roles = list(log.mapping)
    source = table(log.table, *(column(log.mapping[role]) for role in roles))
    order = log.mapping.get(Role.STARTED_AT) or log.mapping[Role.FINISHED_AT]
    query = select(*(source.c[log.mapping[role]] for role in roles)).order_by(source.c[order])
    try:
        with engine.connect() as conn:
            result = conn.execution_options(stream_results=True).execute(query)
            for chunk in result.partitions(READ_CHUNK):
                rows = [
                    _attempt(dict(zip(roles, raw, strict=True)), zone, run_id, tally)
                    for raw in chunk
                ]
                kept = [row for row in rows if row is not None]
                tally.imported += len(kept)
                if kept:
                    yield kept
    except SQLAlchemyError as exc:
        raise _unavailable(exc) from exc


def _attempt(
    values: Mapping[Role, Any], zone: tzinfo, run_id: str, tally: ImportTally
) -> dict[str, Any] | None:
    started = _utc(values.get(Role.STARTED_AT), zone)
    finished = _utc(values.get(Role.FINISHED_AT), zone)
    if started is None and finished is None:
        tally.without_time += 1
        return None
    http_status = _int(values.get(Role.HTTP_STATUS))
    status, note = _status(values.get(Role.STATUS), http_status, tally)
    if http_status is None and Role.STATUS in values:
        number = _int(values.get(Role.STATUS))
        http_status = number if number is not None and 100 <= number <= 599 else None
    message = _text(values.get(Role.MESSAGE))
    if note:
        message = note + (f" — {message}" if message else "")
    return {
        "run_id": run_id,
        "id_lote": _text(values.get(Role.ID_LOTE), 64),
        "cnes": _text(values.get(Role.CNES), 7),
        "status": status,
        "trigger": Trigger.IMPORTED,
        "started_at": started or finished,
        "finished_at": finished,
        "records_sent": _int(values.get(Role.RECORDS)) or 0,
        "records_rejected": 0,
        "attempt": _int(values.get(Role.ATTEMPT)) or 1,
        "http_status": http_status,
        "error_category": None,
        "error_message": message[:1000] if message else None,
        "response_body": _text(values.get(Role.RESPONSE)),
        "app_version": IMPORTED_VERSION,
        "operator": "",
    }


def _status(value: Any, http_status: int | None, tally: ImportTally) -> tuple[AttemptStatus, str]:
    """(this app's status, a note for the message when the service's word was unknown)."""
    if value is None or (isinstance(value, str) and not value.strip()):
        if http_status is not None:
            return (AttemptStatus.SUCCESS if 200 <= http_status < 300 else AttemptStatus.FAILED), ""
        return AttemptStatus.FAILED, _("the previous service recorded no status")
    if isinstance(value, bool):
        return (AttemptStatus.SUCCESS if value else AttemptStatus.FAILED), ""
    number = _int(value)
    if number is not None:
        if number in (0, 1):  # a yes/no column
            return (AttemptStatus.SUCCESS if number else AttemptStatus.FAILED), ""
        return (AttemptStatus.SUCCESS if 200 <= number < 300 else AttemptStatus.FAILED), ""
    word = re.sub(r"[\s-]+", "_", str(value).strip().lower())
    if word in SUCCESS_WORDS:
        return AttemptStatus.SUCCESS, ""
    if word in FAILED_WORDS:
        return AttemptStatus.FAILED, ""
    if word in REJECTED_WORDS:
        return AttemptStatus.REJECTED, ""
    if word in UNFINISHED_WORDS:
        return AttemptStatus.INTERRUPTED, _("the previous service recorded no end")
    shown = str(value).strip()[:40]
    tally.unknown_statuses.add(shown)
    return AttemptStatus.FAILED, _("status in the previous service: {status}").format(status=shown)


def _utc(value: Any, zone: tzinfo) -> datetime | None:
    """A time from the service's table as naive UTC; naive values are read in ``zone``."""
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value.strip())
        except ValueError:
            return None
    if not isinstance(value, datetime):
        return None
    moment: datetime = value if value.tzinfo is not None else value.replace(tzinfo=zone)
    return moment.astimezone(UTC).replace(tzinfo=None)


def _int(value: Any) -> int | None:
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and value.strip().lstrip("-").isdigit():
        return int(value.strip())
    return None


def _text(value: Any, size: int | None = None) -> str | None:
    if value is None:
        return None
    text = value.decode("utf-8", "replace") if isinstance(value, bytes) else str(value)
    text = text.strip()
    if not text:
        return None
    return text[:size] if size else text


def _unavailable(exc: SQLAlchemyError) -> SourceUnavailableError:
    problem = db_errors.classify(exc)
    return SourceUnavailableError(
        _("Cannot read the old service's operations_log: {reason}").format(
            reason=db_errors.explain(problem, _(WHAT))
        ),
        problem.value,
    )
