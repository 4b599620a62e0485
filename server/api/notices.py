"""通知: the caller's notices (meeting notices, review results, approvals), newest first."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from sqlalchemy import func, select, update

from contract import schemas
from server import messages
from server.api.deps import DB, CurrentCaller
from server.db.models import Notice

router = APIRouter(prefix="/api/v1", tags=["notices"])
_ERR = {401: {"model": schemas.ErrorOut}}


@router.get("/me/notices", response_model=schemas.NoticesOut, responses=_ERR)
async def notices(
    db: DB,
    caller: CurrentCaller,
    after: Annotated[int, Query(ge=0, le=2**62)] = 0,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
) -> schemas.NoticesOut:
    """Notices newer than `after` (all, newest first, up to `limit`), the unread count and the
    newest id. A terminal polls with `after` = the newest id it has seen."""
    async with db.read() as session:
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


@router.post("/me/notices/read", response_model=schemas.ActionOut, responses=_ERR)
async def mark_read(
    body: schemas.NoticesReadIn, db: DB, caller: CurrentCaller
) -> schemas.ActionOut:
    async with db.write() as session:
        await session.execute(
            update(Notice)
            .where(Notice.account_id == caller.account_id, Notice.id <= body.up_to)
            .values(read=True)
        )
    return schemas.ActionOut(message=messages.NOTICES_READ)
