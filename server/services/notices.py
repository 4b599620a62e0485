"""通知: the caller's notices (meeting notices, review results, approvals), newest first."""

from __future__ import annotations

from sqlalchemy import func, select, update

from contract import schemas
from server import messages
from server.db.models import Notice
from server.db.unit import Unit
from server.services.context import Caller


async def page(uow: Unit, caller: Caller, after: int, limit: int) -> schemas.NoticesOut:
    """Notices newer than `after` (all, newest first, up to `limit`), the unread count and the
    newest id. A terminal polls with `after` = the newest id it has seen."""
    async with uow.read() as session:
        mine = Notice.account_id == caller.account_id
        items = (
            await session.execute(
                select(Notice)
                .where(mine, Notice.id > after)
                .order_by(Notice.id.desc())
                .limit(limit)
            )
        ).scalars()
        unread = await session.scalar(select(func.count()).where(mine, Notice.read.is_(False)))
        latest = await session.scalar(select(func.max(Notice.id)).where(mine))
    return schemas.NoticesOut(
        unread=unread or 0,
        latest_id=latest or 0,
        items=[
            schemas.NoticeOut(id=n.id, at=n.at, text=n.text, link=n.link, read=n.read)
            for n in items
        ],
    )


async def mark_read(uow: Unit, caller: Caller, up_to: int) -> schemas.ActionOut:
    """Mark the caller's notice `up_to` and every older one read."""
    async with uow.write() as session:
        await session.execute(
            update(Notice)
            .where(Notice.account_id == caller.account_id, Notice.id <= up_to)
            .values(read=True)
        )
    return schemas.ActionOut(message=messages.NOTICES_READ)
