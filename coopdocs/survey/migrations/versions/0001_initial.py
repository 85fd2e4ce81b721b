"""The first schema of the survey database: rounds, respondents, settings.

Revision ID: 0001
Revises: none
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision: str | None = None
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    op.create_table(
        "survey_round",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("cooperation_id", sa.String(100), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("cooperation", sa.Text(), nullable=False),
        sa.Column("settled", sa.Text(), server_default="[]", nullable=False),
        sa.Column("coordinator_token_hash", sa.String(64), nullable=False),
        sa.Column("period_start", sa.Date(), nullable=False),
        sa.Column("period_end", sa.Date(), nullable=False),
        sa.Column("closes", sa.Date(), nullable=True),
        sa.Column("language", sa.String(8), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_survey_round"),
        sa.UniqueConstraint("cooperation_id", "number", name="uq_survey_round_cooperation_id"),
        sa.UniqueConstraint("coordinator_token_hash",
                            name="uq_survey_round_coordinator_token_hash"),
    )
    op.create_table(
        "respondent",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("round_id", sa.Integer(), nullable=False),
        sa.Column("partner", sa.String(100), nullable=False),
        sa.Column("partner_name", sa.String(300), nullable=False),
        sa.Column("contact_name", sa.String(300), nullable=False),
        sa.Column("contact_email", sa.String(300), nullable=False),
        sa.Column("token_hash", sa.String(64), nullable=False),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("answers", sa.Text(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("submitted_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["round_id"], ["survey_round.id"], ondelete="CASCADE",
                                name="fk_respondent_round_id_survey_round"),
        sa.PrimaryKeyConstraint("id", name="pk_respondent"),
        sa.UniqueConstraint("round_id", "partner", name="uq_respondent_round_id"),
    )
    op.create_index("ix_respondent_token_hash", "respondent", ["token_hash"], unique=True)
    op.create_table(
        "setting",
        sa.Column("name", sa.String(100), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("name", name="pk_setting"),
    )


def downgrade() -> None:
    op.drop_table("setting")
    op.drop_index("ix_respondent_token_hash", table_name="respondent")
    op.drop_table("respondent")
    op.drop_table("survey_round")
