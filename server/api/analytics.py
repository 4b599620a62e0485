"""数据分析示图, 党建地图 and 党建大屏 (issue 17): one read per view, as of the last daily run."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query

from contract import schemas
from server.api.deps import ClockDep, CurrentCaller, UnitDep
from server.api.errors import documented
from server.services import analytics

router = APIRouter(prefix="/api/v1", tags=["analytics"])

_ERR = documented(401, 403, 404)


@router.get("/analytics", response_model=schemas.AnalyticsOut, responses=_ERR)
async def org_view(
    uow: UnitDep,
    clock: ClockDep,
    caller: CurrentCaller,
    org_id: Annotated[int | None, Query(ge=1, le=2**31 - 1)] = None,
) -> schemas.AnalyticsOut:
    """数据分析示图 (党委, 党总支 admins): the org's figures of the day and the month so far, its
    last 30 days and 12 months, the orgs directly under it, the meeting types; `org_id` drills
    into an org under the caller's."""
    return await analytics.org_view(uow, caller, clock.now(), org_id)


@router.get("/map", response_model=schemas.MapOut, responses=_ERR)
async def city_map(uow: UnitDep, clock: ClockDep, caller: CurrentCaller) -> schemas.MapOut:
    """党建地图 (省委组织部): every 市州's figures."""
    return await analytics.city_map(uow, caller, clock.now())


@router.get("/map/{code}", response_model=schemas.MapCityOut, responses=_ERR)
async def city_detail(
    uow: UnitDep,
    clock: ClockDep,
    caller: CurrentCaller,
    code: Annotated[str, Path(pattern=r"^\d{6}$")],
) -> schemas.MapCityOut:
    """One 市州 (by its division code): its figures and those of its 党委."""
    return await analytics.city_detail(uow, caller, clock.now(), code)


@router.get("/big-screen", response_model=schemas.BigScreenOut, responses=_ERR)
async def big_screen(uow: UnitDep, clock: ClockDep, caller: CurrentCaller) -> schemas.BigScreenOut:
    """党建大屏 (省委组织部): the province's figures and trends, the 市州 ranked by 督办达标率."""
    return await analytics.big_screen(uow, caller, clock.now())
