"""The state store's tables. Created by the Alembic migrations in ``migrations/``.

Types are chosen to be exact on every supported database: text is
``NVARCHAR`` on SQL Server, source timestamps are ``DATETIME2(7)`` there
(``DATETIME`` would round them to 3.33 ms and break the cursor), and every
app timestamp is UTC without a zone. DBAs who create the tables themselves
use ``sql/mssql/state_tables.sql``, which must match this module.
"""

from __future__ import annotations

from sqlalchemy import (
    NVARCHAR,
    BigInteger,
    Column,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    PrimaryKeyConstraint,
    Table,
    Unicode,
    UnicodeText,
)

from anahp_desktop.state.timestamps import ExactTimestamp

NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

metadata = MetaData(naming_convention=NAMING)

#: SINHA's receipt number: the contract does not bound it; longer ones are cut to this size
PROTOCOLO_SIZE = 255

#: app timestamps, UTC, microseconds (sent to SQL Server as text: see .timestamps)
UtcDateTime = ExactTimestamp(6)
#: source ``updated_at`` values, kept at the view's own precision
SourceDateTime = ExactTimestamp(7)
#: surrogate keys: BIGINT, but INTEGER on SQLite so it is the rowid alias
BigId = BigInteger().with_variant(Integer(), "sqlite")
#: long text: NVARCHAR(MAX) on SQL Server (its default, NTEXT, is deprecated); the generic
#: NVARCHAR is the very type the SQL Server dialect exports, and naming it from there would
#: import that dialect into every process, SQLite stores included
LongText = UnicodeText().with_variant(NVARCHAR(), "mssql")


operations_log = Table(
    "operations_log",
    metadata,
    Column("id", BigId, primary_key=True, autoincrement=True),
    Column("run_id", Unicode(36), nullable=False),
    Column("id_lote", Unicode(64), nullable=True),
    Column("cnes", Unicode(7), nullable=True),
    Column("status", Unicode(16), nullable=False),
    Column("trigger", Unicode(16), nullable=False),
    Column("started_at", UtcDateTime, nullable=False),
    Column("finished_at", UtcDateTime, nullable=True),
    Column("records_sent", Integer, nullable=False, default=0),
    Column("records_rejected", Integer, nullable=False, default=0),
    Column("attempt", Integer, nullable=False, default=1),
    Column("http_status", Integer, nullable=True),
    Column("error_category", Unicode(32), nullable=True),
    Column("error_message", Unicode(1000), nullable=True),
    Column("response_body", LongText, nullable=True),
    Column("app_version", Unicode(32), nullable=False),
    Column("operator", Unicode(128), nullable=False, default=""),
    Index("ix_operations_log_started", "started_at", "id"),
    Index("ix_operations_log_status_started", "status", "started_at", "id"),
    Index("ix_operations_log_trigger_started", "trigger", "started_at", "id"),
    Index("ix_operations_log_id_lote", "id_lote"),
    Index("ix_operations_log_run", "run_id"),
)

batches = Table(
    "sinha_batches",
    metadata,
    Column("id_lote", Unicode(64), primary_key=True),
    Column("cnes", Unicode(7), nullable=False),
    Column("status", Unicode(16), nullable=False),
    Column("record_count", Integer, nullable=False),
    Column("min_updated_at", SourceDateTime, nullable=False),
    Column("max_updated_at", SourceDateTime, nullable=False),
    Column("payload", LongText, nullable=True),
    Column("created_at", UtcDateTime, nullable=False),
    Column("updated_at", UtcDateTime, nullable=False),
    Column("created_run_id", Unicode(36), nullable=False),
    Column("parent_id_lote", Unicode(64), nullable=True),
    Column("attempts", Integer, nullable=False, default=0),
    Column("protocolo", Unicode(PROTOCOLO_SIZE), nullable=True),
    Column("delivered_at", UtcDateTime, nullable=True),
    Column("last_http_status", Integer, nullable=True),
    Column("last_error_category", Unicode(32), nullable=True),
    Column("last_error_message", Unicode(1000), nullable=True),
    Column("last_response_body", LongText, nullable=True),
    Index("ix_sinha_batches_status_min", "status", "min_updated_at"),
    Index("ix_sinha_batches_delivered", "delivered_at"),
)

batch_records = Table(
    "sinha_batch_records",
    metadata,
    Column("id_lote", Unicode(64), ForeignKey("sinha_batches.id_lote"), nullable=False),
    Column("position", Integer, nullable=False),
    Column("record_id", Unicode(64), nullable=False),
    Column("updated_at", SourceDateTime, nullable=False),
    PrimaryKeyConstraint("id_lote", "position"),
    Index("ix_sinha_batch_records_version", "updated_at", "record_id"),
)

rejections = Table(
    "sinha_rejections",
    metadata,
    Column("record_id", Unicode(64), nullable=False),
    Column("updated_at", SourceDateTime, nullable=False),
    Column("cnes", Unicode(16), nullable=True),
    Column("origin", Unicode(16), nullable=False),
    Column("reasons", Unicode(2000), nullable=False),
    Column("id_lote", Unicode(64), nullable=True),
    Column("run_id", Unicode(36), nullable=False),
    Column("rejected_at", UtcDateTime, nullable=False),
    PrimaryKeyConstraint("updated_at", "record_id"),
    Index("ix_sinha_rejections_rejected_at", "rejected_at"),
    Index("ix_sinha_rejections_id_lote", "id_lote"),
)

watermark = Table(
    "sinha_watermark",
    metadata,
    Column("name", Unicode(64), primary_key=True),
    Column("updated_at", SourceDateTime, nullable=True),
    Column("record_id", Unicode(64), nullable=True),
    Column("cursor_value", Unicode(64), nullable=True),
    Column("changed_at", UtcDateTime, nullable=False),
)

lease = Table(
    "sinha_lease",
    metadata,
    Column("name", Unicode(32), primary_key=True),
    Column("holder", Unicode(64), nullable=True),
    Column("holder_info", Unicode(200), nullable=True),
    Column("acquired_at", UtcDateTime, nullable=True),
    Column("expires_at", UtcDateTime, nullable=False),
)

runs = Table(
    "sinha_runs",
    metadata,
    Column("run_id", Unicode(36), primary_key=True),
    Column("trigger", Unicode(16), nullable=False),
    Column("status", Unicode(16), nullable=False),
    Column("started_at", UtcDateTime, nullable=False),
    Column("finished_at", UtcDateTime, nullable=True),
    Column("delivered", Integer, nullable=False, default=0),
    Column("rejected", Integer, nullable=False, default=0),
    Column("pending", Integer, nullable=False, default=0),
    Column("batches", Integer, nullable=False, default=0),
    Column("failures", Integer, nullable=False, default=0),
    Column("null_updated_at", Integer, nullable=False, default=0),
    Column("future_rows", Integer, nullable=False, default=0),
    Column("message", Unicode(1000), nullable=True),
    Column("app_version", Unicode(32), nullable=False),
    Column("operator", Unicode(128), nullable=False, default=""),
    Index("ix_sinha_runs_started", "started_at"),
)

#: which alert each channel was last told, per condition: rate limiting that survives restarts
alert_state = Table(
    "sinha_alert_state",
    metadata,
    Column("channel", Unicode(16), nullable=False),
    Column("condition", Unicode(32), nullable=False),
    Column("fingerprint", Unicode(200), nullable=False),
    Column("notified_at", UtcDateTime, nullable=False),
    PrimaryKeyConstraint("channel", "condition"),
)

#: one row ("store"): the id this store got when it was created; the installation records
#: it beside its settings, so a lost or emptied store is noticed (state/identity.py)
store_identity = Table(
    "sinha_store_identity",
    metadata,
    Column("name", Unicode(16), primary_key=True),
    Column("store_id", Unicode(36), nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
    Column("created_by", Unicode(200), nullable=True),
)
