"""先锋模范: 心愿树, 微捐赠 and 随手拍 — posting, the transitions of server.domain.vanguard, the branch
admin's approval queue, and the upper org's anti-farming audit."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Path, Query

from contract import schemas
from contract.schemas import Text
from server.api.deps import ClockDep, CurrentCaller, OptionalCaller, RowId, UnitDep
from server.api.errors import documented
from server.domain.vanguard import FLOWS
from server.services import vanguard
from server.services.context import Act

router = APIRouter(prefix="/api/v1", tags=["vanguard"])
_ERR = documented(401, 403, 404, 409)
_RULES = documented(401, 403, 404, 409, 413, rules=True)


def _states(kind: str) -> str:
    """The states of a kind's flow, as the `state` filter's pattern."""
    return "^(" + "|".join(FLOWS[kind].states) + ")$"


@router.get("/wishes", response_model=list[schemas.VanguardItemOut], responses=_ERR)
async def wishes(
    uow: UnitDep,
    caller: OptionalCaller,
    branch_id: Annotated[int | None, Query(ge=1, le=2_147_483_647)] = None,
    state: Annotated[str | None, Query(pattern=_states("wish"))] = None,
) -> list[schemas.VanguardItemOut]:
    """心愿树: open to visitors; the contact only for the wish's branch and its poster."""
    return await vanguard.wishes(uow, caller, branch_id, state)


@router.get("/donations", response_model=list[schemas.VanguardItemOut], responses=_ERR)
async def donations(
    uow: UnitDep,
    caller: CurrentCaller,
    state: Annotated[str | None, Query(pattern=_states("donation"))] = None,
) -> list[schemas.VanguardItemOut]:
    """微捐赠 of the caller's branch: published ones, and the caller's own (the admin: all)."""
    return await vanguard.of_branch(uow, caller, "donation", state)


@router.get("/snapshots", response_model=list[schemas.VanguardItemOut], responses=_ERR)
async def snapshots(
    uow: UnitDep,
    caller: CurrentCaller,
    state: Annotated[str | None, Query(pattern=_states("snapshot"))] = None,
) -> list[schemas.VanguardItemOut]:
    """随手拍 of the caller's branch: published ones, and the caller's own (the admin: all)."""
    return await vanguard.of_branch(uow, caller, "snapshot", state)


@router.get("/vanguard/branches", response_model=list[schemas.OrgRef], responses=_ERR)
async def branches(uow: UnitDep) -> list[schemas.OrgRef]:
    """The branches whose 心愿树 a wish may hang on (the public choose one when posting)."""
    return await vanguard.branches(uow)


@router.get("/vanguard/queue", response_model=list[schemas.VanguardItemOut], responses=_ERR)
async def queue(uow: UnitDep, caller: CurrentCaller) -> list[schemas.VanguardItemOut]:
    """The branch admin's work: what waits for their approval or confirmation, oldest first."""
    return await vanguard.queue(uow, caller)


def _routes(kind: str) -> None:
    """POST /{kinds}, GET /{kinds}/{id}, POST /{kinds}/{id}/{action} for one kind."""
    base = f"/{vanguard.PLURAL[kind]}"
    name, action_names = vanguard.kind_names(kind)

    async def create(
        body: schemas.VanguardIn, uow: UnitDep, clock: ClockDep, caller: CurrentCaller
    ) -> schemas.VanguardActionOut:
        return await vanguard.post(uow, Act(caller, clock.now()), kind, body)

    async def detail(
        item_id: RowId, uow: UnitDep, caller: OptionalCaller
    ) -> schemas.VanguardItemOut:
        return await vanguard.detail(uow, caller, kind, item_id)

    async def transition(
        item_id: RowId,
        action: Annotated[Text, Path(max_length=20)],
        uow: UnitDep,
        clock: ClockDep,
        caller: CurrentCaller,
        body: schemas.VanguardReasonIn | None = None,
    ) -> schemas.VanguardActionOut:
        act = Act(caller, clock.now())
        reason = body.reason if body else None
        return await vanguard.transition(uow, act, kind, item_id, action, reason)

    router.add_api_route(base, create, methods=["POST"], response_model=schemas.VanguardActionOut,
                         responses=documented(401, 403, 404, 409, 413, 429, rules=True),
                         summary=f"发布{name}")  # fmt: skip
    router.add_api_route(f"{base}/{{item_id}}", detail, methods=["GET"],
                         response_model=schemas.VanguardItemOut, responses=_ERR,
                         summary=f"{name}详情")  # fmt: skip
    router.add_api_route(f"{base}/{{item_id}}/{{action}}", transition, methods=["POST"],
                         response_model=schemas.VanguardActionOut, responses=_RULES,
                         summary=f"{name}: " + "、".join(action_names))  # fmt: skip


for _kind in vanguard.PLURAL:
    _routes(_kind)


@router.get("/snapshots/{item_id}/image", response_model=schemas.VanguardImageOut, responses=_ERR)
async def snapshot_image(
    item_id: RowId, uow: UnitDep, caller: CurrentCaller
) -> schemas.VanguardImageOut:
    return await vanguard.snapshot_image(uow, caller, item_id)


# The anti-farming audit ---------------------------------------------------------------------


@router.get(
    "/audit",
    response_model=schemas.AuditOut,
    responses=documented(401, 403, rules=True),
)
async def audit(
    uow: UnitDep,
    clock: ClockDep,
    caller: CurrentCaller,
    since: date | None = None,
    until: date | None = None,
    min_caps: Annotated[int, Query(ge=2, le=10)] = 3,
    min_days: Annotated[int, Query(ge=2, le=30)] = 3,
    days: Annotated[int, Query(ge=1, le=vanguard.MAX_AUDIT_DAYS)] = 30,
) -> schemas.AuditOut:
    """For an upper org: every points-bearing approval in its branches (who, what, whom, when),
    approvals per admin per day, and the members whose daily points hit `min_caps` or more caps
    on `min_days` or more consecutive days. Default: the last `days` (30) days up to today."""
    return await vanguard.audit(uow, caller, clock.today(), since, until, min_caps, min_days, days)
