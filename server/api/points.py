"""我的积分, another member's points (same branch only), and the caller's ledger."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from contract import schemas
from server.api.deps import ClockDep, CurrentCaller, RowId, UnitDep
from server.api.errors import documented
from server.services import points

router = APIRouter(prefix="/api/v1", tags=["points"])
_ERR = documented(401, 403, 404)


@router.get("/me/points", response_model=schemas.PointsSummary, responses=_ERR)
async def my_points(caller: CurrentCaller, uow: UnitDep, clock: ClockDep) -> schemas.PointsSummary:
    """我的积分: today per rule (earned / cap / left), this year per category. Real time."""
    return await points.mine(uow, caller, clock.now())


@router.get("/accounts/{account_id}/points", response_model=schemas.PointsSummary, responses=_ERR)
async def account_points(
    account_id: RowId, caller: CurrentCaller, uow: UnitDep, clock: ClockDep
) -> schemas.PointsSummary:
    return await points.of_account(uow, caller, account_id, clock.now())


@router.get("/me/points/ledger", response_model=schemas.LedgerPage, responses=_ERR)
async def my_ledger(
    caller: CurrentCaller,
    uow: UnitDep,
    page: Annotated[int, Query(ge=1, le=100000)] = 1,
    size: Annotated[int, Query(ge=1, le=200)] = 50,
) -> schemas.LedgerPage:
    """The ledger of the caller, newest first."""
    return await points.ledger_page(uow, caller, page, size)
