"""账号管理 (issue 16): /api/v1/accounts — list, add, disable/enable, reset a password, 党小组,
委员职位 and moving to another branch, for the admins of server.domain.account_levels."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from contract import schemas
from server.api.deps import ClockDep, CurrentCaller, RowId, UnitDep
from server.api.errors import documented
from server.services import account_admin

router = APIRouter(prefix="/api/v1/accounts", tags=["accounts"])

_READ = documented(401, 403, 404)
_WRITE = documented(401, 403, 404, rules=True)


@router.get("", response_model=schemas.ManagedAccountsOut, responses=_READ)
async def list_accounts(
    caller: CurrentCaller,
    uow: UnitDep,
    org_id: Annotated[int | None, Query(ge=1, le=2_147_483_647)] = None,
) -> schemas.ManagedAccountsOut:
    """The accounts of an org in the caller's scope that it manages (its own org by default)."""
    return await account_admin.list_accounts(uow, caller, org_id)


@router.post(
    "",
    response_model=schemas.OneTimePasswordOut,
    status_code=201,
    responses=documented(401, 403, 404, 409, rules=True),
)
async def create(
    body: schemas.AccountCreateIn, caller: CurrentCaller, uow: UnitDep, clock: ClockDep
) -> schemas.OneTimePasswordOut:
    """添加账号: answers the one-time password, once."""
    return await account_admin.create(uow, caller, body, clock.now())


@router.put("/{account_id}/active", response_model=schemas.ManagedAccountOut, responses=_WRITE)
async def set_active(
    account_id: RowId,
    body: schemas.AccountActiveIn,
    caller: CurrentCaller,
    uow: UnitDep,
    clock: ClockDep,
) -> schemas.ManagedAccountOut:
    """停用 (its tokens are revoked) or 启用 an account."""
    return await account_admin.set_active(uow, caller, account_id, body.active, clock.now())


@router.post(
    "/{account_id}/password-reset", response_model=schemas.OneTimePasswordOut, responses=_WRITE
)
async def reset_password(
    account_id: RowId, caller: CurrentCaller, uow: UnitDep, clock: ClockDep
) -> schemas.OneTimePasswordOut:
    """重置密码: a one-time password, shown once; every token of the account is revoked."""
    return await account_admin.reset_password(uow, caller, account_id, clock.now())


@router.put("/{account_id}/group", response_model=schemas.ManagedAccountOut, responses=_WRITE)
async def set_group(
    account_id: RowId,
    body: schemas.AccountGroupIn,
    caller: CurrentCaller,
    uow: UnitDep,
    clock: ClockDep,
) -> schemas.ManagedAccountOut:
    """Move a 党员 to another 党小组 of its branch (null: none)."""
    return await account_admin.set_group(uow, caller, account_id, body.group_id, clock.now())


@router.put(
    "/{account_id}/position",
    response_model=schemas.ManagedAccountOut,
    responses=documented(401, 403, 404, 409, rules=True),
)
async def set_position(
    account_id: RowId,
    body: schemas.AccountPositionIn,
    caller: CurrentCaller,
    uow: UnitDep,
    clock: ClockDep,
) -> schemas.ManagedAccountOut:
    """Set (a code of GET /orgs/positions) or clear (null) a 党员's 委员职位; 409 when another
    account of the branch holds it (one holder of each position per branch)."""
    return await account_admin.set_position(
        uow, caller, account_id, body.position_code, clock.now()
    )


@router.put("/{account_id}/branch", response_model=schemas.ManagedAccountOut, responses=_WRITE)
async def move_branch(
    account_id: RowId,
    body: schemas.AccountBranchIn,
    caller: CurrentCaller,
    uow: UnitDep,
    clock: ClockDep,
) -> schemas.ManagedAccountOut:
    """Move a 党员 to another branch of the caller's scope; its ledger goes with it."""
    return await account_admin.move_branch(uow, caller, account_id, body, clock.now())
