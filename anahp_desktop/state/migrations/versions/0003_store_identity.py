"""Store identity (a lost or emptied store is noticed), and protocolo sized for SINHA.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-02

``sinha_store_identity`` holds one row: the id this store was given when it was
created, which the installation also records beside its settings (see
anahp_desktop/state/identity.py). ``sinha_batches.protocolo`` grows from 64 to
255 characters: SINHA's contract does not bound it, and a longer one broke the
PostgreSQL store after SINHA had stored the batch (the engine also cuts it to
the column's size instead of failing the delivery).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import mssql

from anahp_desktop.state.alembic_schema import state_schema

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

UTC_DATETIME = sa.DateTime().with_variant(mssql.DATETIME2(precision=6), "mssql")


def upgrade() -> None:
    op.create_table(
        "sinha_store_identity",
        sa.Column("name", sa.Unicode(length=16), nullable=False),
        sa.Column("store_id", sa.Unicode(length=36), nullable=False),
        sa.Column("created_at", UTC_DATETIME, nullable=False),
        sa.Column("created_by", sa.Unicode(length=200), nullable=True),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_sinha_store_identity")),
    )
    if op.get_context().dialect.name != "sqlite":  # SQLite does not enforce a length
        op.alter_column(
            "sinha_batches",
            "protocolo",
            existing_type=sa.Unicode(length=64),
            type_=sa.Unicode(length=255),
            existing_nullable=True,
            schema=state_schema(),  # ALTER TABLE is written with the bare name otherwise
        )


def downgrade() -> None:
    if op.get_context().dialect.name != "sqlite":
        op.alter_column(
            "sinha_batches",
            "protocolo",
            existing_type=sa.Unicode(length=255),
            type_=sa.Unicode(length=64),
            existing_nullable=True,
            schema=state_schema(),  # ALTER TABLE is written with the bare name otherwise
        )
    op.drop_table("sinha_store_identity")
