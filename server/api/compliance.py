"""督办达标: the board the daily job computed, for a branch itself and for its upper orgs."""

from __future__ import annotations

from fastapi import APIRouter

from contract import schemas
from server.api.deps import ClockDep, CurrentCaller, UnitDep
from server.api.errors import documented
from server.services import compliance

router = APIRouter(prefix="/api/v1", tags=["meetings"])


@router.get(
    "/compliance",
    response_model=schemas.ComplianceOut,
    responses=documented(401, 403),
)
async def board(uow: UnitDep, clock: ClockDep, caller: CurrentCaller) -> schemas.ComplianceOut:
    """Green or red per branch and requirement as of the last daily run: a branch sees itself,
    a 党总支 its branches, a 党委 every branch under it."""
    return await compliance.board(uow, caller, clock.now())
