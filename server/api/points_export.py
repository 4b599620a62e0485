"""积分导出: a year's points by category for the caller's scope, paged (a province is ~1.7 M)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from contract import schemas
from server.api.deps import ClockDep, CurrentCaller, UnitDep
from server.api.errors import documented
from server.services import points_export

router = APIRouter(prefix="/api/v1", tags=["points"])
_ERR = documented(401, 403, rules=True)
_ID = Query(ge=0, le=2_147_483_647)


@router.get("/points/export", response_model=schemas.PointsExportPage, responses=_ERR)
async def export_points(
    caller: CurrentCaller,
    uow: UnitDep,
    clock: ClockDep,
    year: Annotated[int, Query(ge=1, le=9999)],
    after_org: Annotated[int, _ID] = 0,
    after_account: Annotated[int, _ID] = 0,
    size: Annotated[int, Query(ge=1, le=5000)] = 2000,
) -> schemas.PointsExportPage:
    """Members' (and branch accounts') points of `year` by category, for the annual appraisal:
    a branch admin its branch, a 党总支/党委 admin every branch under it, the province everyone.
    Ordered by branch and account; pass `next_after_org` / `next_after_account` of a page as
    `after_org` / `after_account` for the next one (null: the last page). Each page reads the
    members' branches as they are then: a member moved between branches while the pages are
    fetched may appear under both branches or under neither (export again after the move)."""
    return await points_export.page(
        uow,
        caller,
        year,
        clock.now(),
        after_org=after_org,
        after_account=after_account,
        size=size,
    )
