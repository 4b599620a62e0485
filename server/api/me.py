"""The logged-in account: profile, feature access, 首页功能区 shortcuts, its org tree."""

from __future__ import annotations

from fastapi import APIRouter

from contract import schemas
from server.api.deps import CodePath, CurrentCaller, PendingCaller, UnitDep
from server.api.errors import documented
from server.services import accounts, orgs

router = APIRouter(prefix="/api/v1", tags=["me"])
_ERR = documented(401, 403)


@router.get("/me", response_model=schemas.AccountOut, responses=_ERR)
async def me(caller: PendingCaller) -> schemas.AccountOut:
    return accounts.me(caller)


@router.get("/me/features", response_model=list[schemas.FeatureAccess], responses=_ERR)
async def my_features(caller: CurrentCaller) -> list[schemas.FeatureAccess]:
    """Every feature of the permission table, with whether this account may use it."""
    return accounts.features(caller)


@router.get(
    "/features/{code}",
    response_model=schemas.FeatureAccess,
    responses=documented(401, 403, 404),
)
async def enter_feature(code: CodePath, caller: CurrentCaller) -> schemas.FeatureAccess:
    """Enter a feature (subsystem or module): 200 when allowed, else 403 with the platform's message."""
    return accounts.enter_feature(caller, code)


@router.get("/me/shortcuts", response_model=schemas.ShortcutsOut, responses=_ERR)
async def my_shortcuts(caller: CurrentCaller, uow: UnitDep) -> schemas.ShortcutsOut:
    return await accounts.my_shortcuts(uow, caller)


@router.put(
    "/me/shortcuts",
    response_model=schemas.ShortcutsOut,
    responses=documented(401, 403, rules=True),
)
async def set_my_shortcuts(
    body: schemas.ShortcutsIn, caller: CurrentCaller, uow: UnitDep
) -> schemas.ShortcutsOut:
    """Replace the user's shortcuts with this ordered list (add, remove and reorder in one call)."""
    return await accounts.set_shortcuts(uow, caller, body.codes)


@router.get("/orgs/tree", response_model=schemas.OrgNode, responses=_ERR)
async def org_tree(caller: CurrentCaller, uow: UnitDep) -> schemas.OrgNode:
    """The caller's own org and everything under it (a member sees their branch and its groups)."""
    return await orgs.tree(uow, caller)


@router.get("/orgs/positions", response_model=list[schemas.PositionOut], responses=_ERR)
async def positions(_: CurrentCaller, uow: UnitDep) -> list[schemas.PositionOut]:
    """委员职位: the branch committee positions of the standardisation handbook."""
    return await orgs.positions(uow)
