"""同步: a terminal's outbox arrives here as a batch; server.services.sync applies it."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from contract import schemas
from contract.schemas import JSON_INT_MAX
from server.api.deps import DB, ClockDep, CurrentCaller, UnitDep, WakeJobs
from server.api.errors import SafeJSONResponse, documented
from server.services import sync

router = APIRouter(prefix="/api/v1", tags=["sync"])


@router.post(
    "/sync/push",
    response_model=schemas.PushOut,
    responses=documented(401),
    # The answer quotes each action's id as the client sent it, a lone surrogate included.
    response_class=SafeJSONResponse,
)
async def push(
    body: schemas.PushIn, db: DB, clock: ClockDep, caller: CurrentCaller, wake: WakeJobs
) -> schemas.PushOut:
    """Apply a batch of a client's queued mutations in order; answer each one."""
    return await sync.push(db, clock, caller, body, wake)


@router.get("/sync/pull", response_model=schemas.PullOut, responses=documented(401))
async def pull(
    uow: UnitDep,
    caller: CurrentCaller,
    since: Annotated[int, Query(ge=0, le=JSON_INT_MAX)] = 0,
    limit: Annotated[int, Query(ge=1, le=1000)] = 500,
) -> schemas.PullOut:
    """What this account's terminals applied after version `since` (versions only grow)."""
    return await sync.pull(uow, caller, since, limit)
