"""Alert state: which alert each channel was last sent, per condition.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import mssql

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

UTC_DATETIME = sa.DateTime().with_variant(mssql.DATETIME2(precision=6), "mssql")


def upgrade() -> None:
    op.create_table(
        "sinha_alert_state",
        sa.Column("channel", sa.Unicode(length=16), nullable=False),
        sa.Column("condition", sa.Unicode(length=32), nullable=False),
        sa.Column("fingerprint", sa.Unicode(length=200), nullable=False),
        sa.Column("notified_at", UTC_DATETIME, nullable=False),
        sa.PrimaryKeyConstraint("channel", "condition", name=op.f("pk_sinha_alert_state")),
    )


def downgrade() -> None:
    op.drop_table("sinha_alert_state")
