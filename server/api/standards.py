"""学标对标, 对标, 标准化专栏 (issue 18)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query

from contract import schemas
from server.api.deps import ClockDep, CurrentCaller, RowId, UnitDep
from server.api.errors import documented
from server.services import standards

router = APIRouter(prefix="/api/v1/standards", tags=["standards"])

_READ = documented(401, 403, 404)
_WRITE = documented(401, 403, 404, 409, rules=True)
OrgId = Annotated[int | None, Query(ge=1, le=2_147_483_647)]


@router.get("", response_model=schemas.StandardsOut, responses=_READ)
async def fields(caller: CurrentCaller, uow: UnitDep) -> schemas.StandardsOut:
    """The six fields' standards, the caller's branch's own field first."""
    return await standards.fields(uow, caller)


@router.post("", response_model=schemas.StandardLoadOut, responses=_WRITE)
async def load(
    body: schemas.StandardLoadIn, caller: CurrentCaller, uow: UnitDep, clock: ClockDep
) -> schemas.StandardLoadOut:
    """Load a field's standard from its Markdown file (省委组织部): items matched by number."""
    return await standards.load(uow, standards.loader(caller), body.text, clock.now())


@router.get("/overview", response_model=schemas.StandardsOverviewOut, responses=_READ)
async def overview(
    caller: CurrentCaller,
    uow: UnitDep,
    org_id: OrgId = None,
    page: Annotated[int, Query(ge=1, le=10_000)] = 1,
) -> schemas.StandardsOverviewOut:
    """对标 of the caller's subtree (or an org in it): share met per aspect, the items most
    often not met, a page of branches."""
    return await standards.overview(uow, caller, org_id, page)


@router.get("/column", response_model=schemas.StandardsColumnOut, responses=_READ)
async def column(
    caller: CurrentCaller, uow: UnitDep, clock: ClockDep
) -> schemas.StandardsColumnOut:
    """标准化专栏, in its order."""
    return await standards.column(uow, caller, clock.now())


@router.post("/column", response_model=schemas.StandardsColumnOut, responses=_WRITE)
async def column_add(
    body: schemas.StandardsColumnEntryIn, caller: CurrentCaller, uow: UnitDep, clock: ClockDep
) -> schemas.StandardsColumnOut:
    """Add an article or a standards item at the column's end (省委组织部)."""
    return await standards.column_add(uow, caller, body.article_id, body.item_id, clock.now())


@router.delete("/column/{entry_id}", response_model=schemas.StandardsColumnOut, responses=_WRITE)
async def column_remove(
    entry_id: RowId, caller: CurrentCaller, uow: UnitDep, clock: ClockDep
) -> schemas.StandardsColumnOut:
    return await standards.column_remove(uow, caller, entry_id, clock.now())


@router.put(
    "/column/{entry_id}/position", response_model=schemas.StandardsColumnOut, responses=_WRITE
)
async def column_move(
    entry_id: RowId, body: schemas.StandardsColumnMoveIn, caller: CurrentCaller, uow: UnitDep,
    clock: ClockDep,
) -> schemas.StandardsColumnOut:  # fmt: skip
    return await standards.column_move(uow, caller, entry_id, body.position, clock.now())


@router.put("/items/{item_id}/check", response_model=schemas.StandardItemOut, responses=_WRITE)
async def check(
    item_id: RowId, body: schemas.StandardCheckIn, caller: CurrentCaller, uow: UnitDep,
    clock: ClockDep,
) -> schemas.StandardItemOut:  # fmt: skip
    """The caller's branch's self-check of one item (its 党支部管理员 only)."""
    return await standards.check(uow, caller, item_id, body.mark, body.note, clock.now())


@router.get("/{field}", response_model=schemas.StandardDetailOut, responses=_READ)
async def detail(
    field: Annotated[str, Path(pattern=r"^[a-z_]{1,20}$")], caller: CurrentCaller, uow: UnitDep,
    branch_id: OrgId = None,
) -> schemas.StandardDetailOut:  # fmt: skip
    """One field's standard by aspect, with the caller's branch's self-checks (an upper org:
    `branch_id`, a branch in its scope)."""
    return await standards.detail(uow, caller, field, branch_id)
