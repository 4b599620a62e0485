"""The logged-in account: profile, feature access, 首页功能区 shortcuts, its org tree."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from contract import schemas
from contract.schemas import Text
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


@router.get("/orgs/tree", response_model=schemas.OrgNode, responses=documented(401, 403, 404))
async def org_tree(
    caller: CurrentCaller,
    uow: UnitDep,
    root: Annotated[
        int | None, Query(ge=1, le=2**31 - 1, description="an org in the caller's scope")
    ] = None,
    depth: Annotated[
        int | None, Query(ge=1, le=10, description="levels below the root (default: all)")
    ] = None,
    lines: Annotated[
        int | None,
        Query(ge=1, le=1000, description="without depth: as many levels as fit in this many orgs"),
    ] = None,
) -> schemas.OrgNode:
    """The caller's own org (or `root`, one under it) and what is under it, `depth` levels down
    (or as deep as `lines` orgs allow); `child_count` says how many orgs are under a node whose
    children were left out. A member sees their branch and its groups."""
    return await orgs.tree(uow, caller, root, depth, lines)


@router.get(
    "/orgs/find", response_model=schemas.OrgFindOut, responses=documented(401, 403, rules=True)
)
async def find_orgs(
    caller: CurrentCaller,
    uow: UnitDep,
    q: Annotated[Text, Query(max_length=200, description="a name, or the start of a code")],
    kind: Annotated[
        Text | None, Query(max_length=20, description="only this kind (branch, committee, …)")
    ] = None,
) -> schemas.OrgFindOut:
    """The orgs of the caller's scope whose name holds `q` or whose code starts with it (at
    most 20, an exact name first; `more` when there are others), each with the path above it:
    what a picker offers among a province's 100,000 orgs."""
    return await orgs.find(uow, caller, q, kind)


@router.get("/orgs/positions", response_model=list[schemas.PositionOut], responses=_ERR)
async def positions(_: CurrentCaller, uow: UnitDep) -> list[schemas.PositionOut]:
    """委员职位: the branch committee positions of the standardisation handbook."""
    return await orgs.positions(uow)
