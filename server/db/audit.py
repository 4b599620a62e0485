"""The audit of changes to organisations and accounts (`org_events`): one writer, used by the
import, 账号管理 and 我的支部, inside the transaction of the change itself."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import insert
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession

from server.db.models import OrgEvent

_INSERT = insert(OrgEvent.__table__)  # type: ignore[arg-type]  # a Table, typed FromClause


async def record(
    conn: AsyncConnection | AsyncSession,
    *,
    at: datetime,
    actor_id: int | None,
    org_id: int,
    action: str,
    detail: str,
    account_id: int | None = None,
) -> None:
    """Audit one change: `org_id` is the org changed, or the org of the account changed (its
    branch), so that every upper org of it finds the change in 审核记录; `actor_id` None for
    the command line (gsdj-server init / import)."""
    await conn.execute(
        _INSERT,
        {
            "at": at,
            "actor_id": actor_id,
            "org_id": org_id,
            "account_id": account_id,
            "action": action,
            "detail": detail[:500],
        },
    )


async def record_many(conn: AsyncConnection | AsyncSession, rows: list[dict[str, object]]) -> None:
    """Audit many changes in one statement (an import): each row as `record`'s arguments."""
    if rows:
        await conn.execute(_INSERT, [{"account_id": None, **r} for r in rows])
