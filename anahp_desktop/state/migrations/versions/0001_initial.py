"""Initial state store: operations log, batches, rejections, watermark, lease, runs.

Revision ID: 0001
Revises:
Create Date: 2026-11-27
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import mssql

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

UTC_DATETIME = sa.DateTime().with_variant(mssql.DATETIME2(precision=6), "mssql")
SOURCE_DATETIME = sa.DateTime().with_variant(mssql.DATETIME2(precision=7), "mssql")
BIG_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
LONG_TEXT = sa.UnicodeText().with_variant(mssql.NVARCHAR(), "mssql")


def upgrade() -> None:
    op.create_table(
        "operations_log",
        sa.Column("id", BIG_ID, autoincrement=True, nullable=False),
        sa.Column("run_id", sa.Unicode(length=36), nullable=False),
        sa.Column("id_lote", sa.Unicode(length=64), nullable=True),
        sa.Column("cnes", sa.Unicode(length=7), nullable=True),
        sa.Column("status", sa.Unicode(length=16), nullable=False),
        sa.Column("trigger", sa.Unicode(length=16), nullable=False),
        sa.Column("started_at", UTC_DATETIME, nullable=False),
        sa.Column("finished_at", UTC_DATETIME, nullable=True),
        sa.Column("records_sent", sa.Integer(), nullable=False),
        sa.Column("records_rejected", sa.Integer(), nullable=False),
        sa.Column("attempt", sa.Integer(), nullable=False),
        sa.Column("http_status", sa.Integer(), nullable=True),
        sa.Column("error_category", sa.Unicode(length=32), nullable=True),
        sa.Column("error_message", sa.Unicode(length=1000), nullable=True),
        sa.Column("response_body", LONG_TEXT, nullable=True),
        sa.Column("app_version", sa.Unicode(length=32), nullable=False),
        sa.Column("operator", sa.Unicode(length=128), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_operations_log")),
    )
    op.create_index("ix_operations_log_id_lote", "operations_log", ["id_lote"], unique=False)
    op.create_index("ix_operations_log_run", "operations_log", ["run_id"], unique=False)
    op.create_index(
        "ix_operations_log_started", "operations_log", ["started_at", "id"], unique=False
    )
    op.create_index(
        "ix_operations_log_status_started",
        "operations_log",
        ["status", "started_at", "id"],
        unique=False,
    )
    op.create_index(
        "ix_operations_log_trigger_started",
        "operations_log",
        ["trigger", "started_at", "id"],
        unique=False,
    )
    op.create_table(
        "sinha_batches",
        sa.Column("id_lote", sa.Unicode(length=64), nullable=False),
        sa.Column("cnes", sa.Unicode(length=7), nullable=False),
        sa.Column("status", sa.Unicode(length=16), nullable=False),
        sa.Column("record_count", sa.Integer(), nullable=False),
        sa.Column("min_updated_at", SOURCE_DATETIME, nullable=False),
        sa.Column("max_updated_at", SOURCE_DATETIME, nullable=False),
        sa.Column("payload", LONG_TEXT, nullable=True),
        sa.Column("created_at", UTC_DATETIME, nullable=False),
        sa.Column("updated_at", UTC_DATETIME, nullable=False),
        sa.Column("created_run_id", sa.Unicode(length=36), nullable=False),
        sa.Column("parent_id_lote", sa.Unicode(length=64), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("protocolo", sa.Unicode(length=64), nullable=True),
        sa.Column("delivered_at", UTC_DATETIME, nullable=True),
        sa.Column("last_http_status", sa.Integer(), nullable=True),
        sa.Column("last_error_category", sa.Unicode(length=32), nullable=True),
        sa.Column("last_error_message", sa.Unicode(length=1000), nullable=True),
        sa.Column("last_response_body", LONG_TEXT, nullable=True),
        sa.PrimaryKeyConstraint("id_lote", name=op.f("pk_sinha_batches")),
    )
    op.create_index("ix_sinha_batches_delivered", "sinha_batches", ["delivered_at"], unique=False)
    op.create_index(
        "ix_sinha_batches_status_min", "sinha_batches", ["status", "min_updated_at"], unique=False
    )
    op.create_table(
        "sinha_lease",
        sa.Column("name", sa.Unicode(length=32), nullable=False),
        sa.Column("holder", sa.Unicode(length=64), nullable=True),
        sa.Column("holder_info", sa.Unicode(length=200), nullable=True),
        sa.Column("acquired_at", UTC_DATETIME, nullable=True),
        sa.Column("expires_at", UTC_DATETIME, nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_sinha_lease")),
    )
    op.create_table(
        "sinha_rejections",
        sa.Column("record_id", sa.Unicode(length=64), nullable=False),
        sa.Column("updated_at", SOURCE_DATETIME, nullable=False),
        sa.Column("cnes", sa.Unicode(length=16), nullable=True),
        sa.Column("origin", sa.Unicode(length=16), nullable=False),
        sa.Column("reasons", sa.Unicode(length=2000), nullable=False),
        sa.Column("id_lote", sa.Unicode(length=64), nullable=True),
        sa.Column("run_id", sa.Unicode(length=36), nullable=False),
        sa.Column("rejected_at", UTC_DATETIME, nullable=False),
        sa.PrimaryKeyConstraint("updated_at", "record_id", name=op.f("pk_sinha_rejections")),
    )
    op.create_index("ix_sinha_rejections_id_lote", "sinha_rejections", ["id_lote"], unique=False)
    op.create_index(
        "ix_sinha_rejections_rejected_at", "sinha_rejections", ["rejected_at"], unique=False
    )
    op.create_table(
        "sinha_runs",
        sa.Column("run_id", sa.Unicode(length=36), nullable=False),
        sa.Column("trigger", sa.Unicode(length=16), nullable=False),
        sa.Column("status", sa.Unicode(length=16), nullable=False),
        sa.Column("started_at", UTC_DATETIME, nullable=False),
        sa.Column("finished_at", UTC_DATETIME, nullable=True),
        sa.Column("delivered", sa.Integer(), nullable=False),
        sa.Column("rejected", sa.Integer(), nullable=False),
        sa.Column("pending", sa.Integer(), nullable=False),
        sa.Column("batches", sa.Integer(), nullable=False),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("null_updated_at", sa.Integer(), nullable=False),
        sa.Column("future_rows", sa.Integer(), nullable=False),
        sa.Column("message", sa.Unicode(length=1000), nullable=True),
        sa.Column("app_version", sa.Unicode(length=32), nullable=False),
        sa.Column("operator", sa.Unicode(length=128), nullable=False),
        sa.PrimaryKeyConstraint("run_id", name=op.f("pk_sinha_runs")),
    )
    op.create_index("ix_sinha_runs_started", "sinha_runs", ["started_at"], unique=False)
    op.create_table(
        "sinha_watermark",
        sa.Column("name", sa.Unicode(length=64), nullable=False),
        sa.Column("updated_at", SOURCE_DATETIME, nullable=True),
        sa.Column("record_id", sa.Unicode(length=64), nullable=True),
        sa.Column("cursor_value", sa.Unicode(length=64), nullable=True),
        sa.Column("changed_at", UTC_DATETIME, nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_sinha_watermark")),
    )
    op.create_table(
        "sinha_batch_records",
        sa.Column("id_lote", sa.Unicode(length=64), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("record_id", sa.Unicode(length=64), nullable=False),
        sa.Column("updated_at", SOURCE_DATETIME, nullable=False),
        sa.ForeignKeyConstraint(
            ["id_lote"],
            ["sinha_batches.id_lote"],
            name=op.f("fk_sinha_batch_records_id_lote_sinha_batches"),
        ),
        sa.PrimaryKeyConstraint("id_lote", "position", name=op.f("pk_sinha_batch_records")),
    )
    op.create_index(
        "ix_sinha_batch_records_version",
        "sinha_batch_records",
        ["updated_at", "record_id"],
        unique=False,
    )


def downgrade() -> None:
    op.drop_index("ix_sinha_batch_records_version", table_name="sinha_batch_records")
    op.drop_table("sinha_batch_records")
    op.drop_table("sinha_watermark")
    op.drop_index("ix_sinha_runs_started", table_name="sinha_runs")
    op.drop_table("sinha_runs")
    op.drop_index("ix_sinha_rejections_rejected_at", table_name="sinha_rejections")
    op.drop_index("ix_sinha_rejections_id_lote", table_name="sinha_rejections")
    op.drop_table("sinha_rejections")
    op.drop_table("sinha_lease")
    op.drop_index("ix_sinha_batches_status_min", table_name="sinha_batches")
    op.drop_index("ix_sinha_batches_delivered", table_name="sinha_batches")
    op.drop_table("sinha_batches")
    op.drop_index("ix_operations_log_trigger_started", table_name="operations_log")
    op.drop_index("ix_operations_log_status_started", table_name="operations_log")
    op.drop_index("ix_operations_log_started", table_name="operations_log")
    op.drop_index("ix_operations_log_run", table_name="operations_log")
    op.drop_index("ix_operations_log_id_lote", table_name="operations_log")
    op.drop_table("operations_log")
