"""The logged-in account: profile, feature access, 首页功能区 shortcuts."""

from __future__ import annotations

from fastapi import APIRouter
from sqlalchemy import select

from contract import schemas
from server import messages
from server.api.deps import DB, CurrentCaller
from server.api.errors import ApiError
from server.db.models import Account, AccountPreferences, CommitteePosition
from server.domain import permissions, shortcuts
from server.services.orgs import account_out, org_subtree

router = APIRouter(prefix="/api/v1", tags=["me"])
_ERR = {401: {"model": schemas.ErrorOut}, 403: {"model": schemas.ErrorOut}}


def _access(caller: CurrentCaller, feature: permissions.Feature) -> schemas.FeatureAccess:
    allowed = caller.kind in feature.allowed
    return schemas.FeatureAccess(
        code=feature.code,
        name=feature.name,
        allowed=allowed,
        message=None if allowed else feature.refusal,
    )


@router.get("/me", response_model=schemas.AccountOut, responses=_ERR)
async def me(caller: CurrentCaller, db: DB) -> schemas.AccountOut:
    async with db.read() as session:
        account = await session.get(Account, caller.account_id)
        assert account is not None  # the caller's session row references it
        return await account_out(session, account)


@router.get("/me/features", response_model=list[schemas.FeatureAccess], responses=_ERR)
async def my_features(caller: CurrentCaller) -> list[schemas.FeatureAccess]:
    """Every feature of the permission table, with whether this account may use it."""
    return [_access(caller, f) for f in permissions.FEATURES.values()]


@router.get(
    "/features/{code}",
    response_model=schemas.FeatureAccess,
    responses={**_ERR, 404: {"model": schemas.ErrorOut}},
)
async def enter_feature(code: str, caller: CurrentCaller) -> schemas.FeatureAccess:
    """Enter a feature (subsystem or module): 200 when allowed, else 403 with the platform's message."""
    feature = permissions.FEATURES.get(code)
    if feature is None:
        raise ApiError(404, "unknown_feature", messages.UNKNOWN_FEATURE.format(code=code))
    permissions.require(caller.kind, code)
    return _access(caller, feature)


def _shortcuts_out(caller: CurrentCaller, codes: list[str]) -> schemas.ShortcutsOut:
    available = shortcuts.available(caller.kind)
    allowed = {s.code for s in available}
    return schemas.ShortcutsOut(
        # A shortcut saved earlier may since have left the catalog or the account's rights.
        items=[
            schemas.ShortcutOut(code=c, name=shortcuts.BY_CODE[c].name)
            for c in codes
            if c in allowed
        ],
        available=[schemas.ShortcutOut(code=s.code, name=s.name) for s in available],
        max_items=shortcuts.MAX_SHORTCUTS,
    )


@router.get("/me/shortcuts", response_model=schemas.ShortcutsOut, responses=_ERR)
async def my_shortcuts(caller: CurrentCaller, db: DB) -> schemas.ShortcutsOut:
    async with db.read() as session:
        prefs = await session.get(AccountPreferences, caller.account_id)
    codes = prefs.shortcuts if prefs is not None else shortcuts.default_for(caller.kind)
    return _shortcuts_out(caller, codes)


@router.put(
    "/me/shortcuts",
    response_model=schemas.ShortcutsOut,
    responses=_ERR,
)
async def set_my_shortcuts(
    body: schemas.ShortcutsIn, caller: CurrentCaller, db: DB
) -> schemas.ShortcutsOut:
    """Replace the user's shortcuts with this ordered list (add, remove and reorder in one call)."""
    try:
        codes = shortcuts.validate(caller.kind, body.codes)
    except shortcuts.ShortcutError as exc:
        raise ApiError(422, exc.code, exc.message) from exc
    async with db.write() as session:
        prefs = await session.get(AccountPreferences, caller.account_id)
        if prefs is None:
            session.add(AccountPreferences(account_id=caller.account_id, shortcuts=codes))
        else:
            prefs.shortcuts = codes
    return _shortcuts_out(caller, codes)


@router.get("/orgs/tree", response_model=schemas.OrgNode, responses=_ERR)
async def org_tree(caller: CurrentCaller, db: DB) -> schemas.OrgNode:
    """The caller's own org and everything under it (a member sees their branch and its groups)."""
    if caller.org_id is None:
        raise ApiError(403, "no_org", messages.PUBLIC_HAS_NO_ORG)
    async with db.read() as session:
        return await org_subtree(session, caller.org_id)


@router.get("/orgs/positions", response_model=list[schemas.PositionOut], responses=_ERR)
async def positions(_: CurrentCaller, db: DB) -> list[schemas.PositionOut]:
    """委员职位: the branch committee positions of the standardisation handbook."""
    async with db.read() as session:
        rows = (
            await session.execute(select(CommitteePosition).order_by(CommitteePosition.sort))
        ).scalars()
        return [schemas.PositionOut(code=p.code, name=p.name) for p in rows]
