"""我的支部 (issue 16): GET /api/v1/branch[/{id}], and the branch admin's edits (领域, 党小组)."""

from __future__ import annotations

from fastapi import APIRouter

from contract import schemas
from server.api.deps import ClockDep, CurrentCaller, RowId, UnitDep
from server.api.errors import documented
from server.services import branch

router = APIRouter(prefix="/api/v1/branch", tags=["branch"])

_READ = documented(401, 403, 404)
_WRITE = documented(401, 403, 404, 409, rules=True)


@router.get("", response_model=schemas.BranchProfileOut, responses=_READ)
async def my_branch(
    caller: CurrentCaller, uow: UnitDep, clock: ClockDep
) -> schemas.BranchProfileOut:
    """The caller's own branch (a member's or a branch admin's)."""
    return await branch.profile(uow, caller, None, clock.now())


@router.get("/{branch_id}", response_model=schemas.BranchProfileOut, responses=_READ)
async def a_branch(
    branch_id: RowId, caller: CurrentCaller, uow: UnitDep, clock: ClockDep
) -> schemas.BranchProfileOut:
    """A branch: its own members and admin, or an upper org whose scope holds it."""
    return await branch.profile(uow, caller, branch_id, clock.now())


@router.put("/{branch_id}/field", response_model=schemas.BranchProfileOut, responses=_WRITE)
async def set_field(
    branch_id: RowId,
    body: schemas.BranchFieldIn,
    caller: CurrentCaller,
    uow: UnitDep,
    clock: ClockDep,
) -> schemas.BranchProfileOut:
    """领域 (the branch's own admin)."""
    return await branch.set_field(uow, caller, branch_id, body.field, clock.now())


@router.post("/{branch_id}/groups", response_model=schemas.BranchProfileOut, responses=_WRITE)
async def add_group(
    branch_id: RowId, body: schemas.GroupIn, caller: CurrentCaller, uow: UnitDep, clock: ClockDep
) -> schemas.BranchProfileOut:
    """A new 党小组 (the branch's own admin)."""
    return await branch.add_group(uow, caller, branch_id, body.name, clock.now())


@router.put(
    "/{branch_id}/groups/{group_id}", response_model=schemas.BranchProfileOut, responses=_WRITE
)
async def rename_group(
    branch_id: RowId,
    group_id: RowId,
    body: schemas.GroupIn,
    caller: CurrentCaller,
    uow: UnitDep,
    clock: ClockDep,
) -> schemas.BranchProfileOut:
    """Rename a 党小组 (the branch's own admin)."""
    return await branch.rename_group(uow, caller, branch_id, group_id, body.name, clock.now())
