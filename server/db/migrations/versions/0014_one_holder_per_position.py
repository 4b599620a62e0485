"""One holder of each 委员职位 per branch: a partial unique index on accounts (org_id,
position_code). A database that already holds two of one position in a branch keeps the
earliest account's and clears the others', each audited (org_events) so the branch sees it.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-03 09:00:00
"""

from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

from server.db.models import UTCDateTime

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None

_accounts = sa.table(
    "accounts",
    sa.column("id", sa.Integer),
    sa.column("username", sa.String),
    sa.column("display_name", sa.String),
    sa.column("org_id", sa.Integer),
    sa.column("position_code", sa.String),
)
_positions = sa.table(
    "committee_positions", sa.column("code", sa.String), sa.column("name", sa.String)
)
_events = sa.table(
    "org_events",
    sa.column("at", UTCDateTime()),
    sa.column("actor_id", sa.Integer),
    sa.column("org_id", sa.Integer),
    sa.column("account_id", sa.Integer),
    sa.column("action", sa.String),
    sa.column("detail", sa.String),
)


def _clear_second_holders() -> None:
    bind = op.get_bind()
    a, p = _accounts.c, _positions.c
    rows = bind.execute(
        sa.select(a.id, a.username, a.display_name, a.org_id, a.position_code, p.name)
        .join(_positions, p.code == a.position_code)
        .where(a.position_code.is_not(None), a.org_id.is_not(None))
        .order_by(a.org_id, a.position_code, a.id)
    ).all()
    first: dict[tuple[int, str], sa.Row] = {}
    cleared = []
    for row in rows:
        keeper = first.setdefault((row.org_id, row.position_code), row)
        if keeper is not row:
            cleared.append((row, keeper))
    if not cleared:
        return
    bind.execute(
        sa.update(_accounts)
        .where(a.id.in_([row.id for row, _ in cleared]))
        .values(position_code=None)
    )
    now = datetime.now(UTC)
    op.bulk_insert(
        _events,
        [
            {
                "at": now,
                "actor_id": None,
                "org_id": row.org_id,
                "account_id": row.id,
                "action": "position_change",
                "detail": f"升级:{row.display_name}({row.username}) 委员职位:{row.name} → 无"
                f"(本支部的{row.name}已由 {keeper.display_name}({keeper.username}) 担任)",
            }
            for row, keeper in cleared
        ],
    )


def upgrade() -> None:
    _clear_second_holders()
    op.create_index(
        "uq_accounts_org_position",
        "accounts",
        ["org_id", "position_code"],
        unique=True,
        sqlite_where=sa.text("position_code IS NOT NULL"),
        postgresql_where=sa.text("position_code IS NOT NULL"),
    )


def downgrade() -> None:
    op.drop_index("uq_accounts_org_position", table_name="accounts")
