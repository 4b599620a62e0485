"""排行榜 and 爱心榜: read what the daily job computed for yesterday."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from contract import schemas
from server.api.deps import ClockDep, CodePath, CurrentCaller, UnitDep
from server.api.errors import documented
from server.domain.boards import MAX_PAGE
from server.services import boards as service
from server.services.boards import BoardPeriod

router = APIRouter(prefix="/api/v1/boards", tags=["boards"])
_ERR = documented(401, 403, 404)


@router.get("", response_model=list[schemas.BoardInfo], responses=_ERR)
async def boards(caller: CurrentCaller) -> list[schemas.BoardInfo]:
    """The boards this account may see."""
    return service.visible(caller)


@router.get("/{code}", response_model=schemas.BoardPage, responses=_ERR)
async def board(
    code: CodePath,
    caller: CurrentCaller,
    uow: UnitDep,
    clock: ClockDep,
    period: BoardPeriod = "month",
    page: Annotated[int, Query(ge=1, le=100000)] = 1,
    size: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 50,
) -> schemas.BoardPage:
    """One page of a board as of the end of the last computed day (yesterday at the latest),
    with the caller's own row (or their branch's) whatever the page."""
    return await service.page(uow, caller, code, period, page, size, clock.now())
