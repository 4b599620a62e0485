"""通知: the caller's notices (meeting notices, review results, approvals), newest first."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from contract import schemas
from contract.schemas import JSON_INT_MAX
from server.api.deps import CurrentCaller, UnitDep
from server.api.errors import documented
from server.services import notices as service

router = APIRouter(prefix="/api/v1", tags=["notices"])
_ERR = documented(401)


@router.get("/me/notices", response_model=schemas.NoticesOut, responses=_ERR)
async def notices(
    uow: UnitDep,
    caller: CurrentCaller,
    after: Annotated[int, Query(ge=0, le=JSON_INT_MAX)] = 0,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
) -> schemas.NoticesOut:
    """Notices newer than `after` (all, newest first, up to `limit`), the unread count and the
    newest id. A terminal polls with `after` = the newest id it has seen."""
    return await service.page(uow, caller, after, limit)


@router.post("/me/notices/read", response_model=schemas.ActionOut, responses=_ERR)
async def mark_read(
    body: schemas.NoticesReadIn, uow: UnitDep, caller: CurrentCaller
) -> schemas.ActionOut:
    return await service.mark_read(uow, caller, body.up_to)
