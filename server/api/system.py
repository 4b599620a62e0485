"""GET /healthz and the test clock."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from fastapi import APIRouter

from contract import schemas
from server import messages
from server.api.deps import ClockDep, UnitDep
from server.api.errors import documented
from server.domain.errors import refused
from server.services import system

router = APIRouter(tags=["system"])


@router.get("/healthz", response_model=schemas.HealthOut)
async def healthz(uow: UnitDep, clock: ClockDep) -> schemas.HealthOut:
    return await system.health(uow, test_clock=clock.adjustable)


def _clock_out(clock: ClockDep) -> schemas.ClockOut:
    return schemas.ClockOut(now=clock.now(), local_date=clock.today().isoformat())


# Far enough for any test, near enough that every date computation stays valid.
CLOCK_RANGE = (datetime(2000, 1, 1, tzinfo=UTC), datetime(2100, 1, 1, tzinfo=UTC))

# Mounted only when the server runs with the test clock: otherwise these paths do not exist (404).
test_clock_router = APIRouter(prefix="/api/v1/test/clock", tags=["test clock"])


@test_clock_router.get("", response_model=schemas.ClockOut)
async def get_clock(clock: ClockDep) -> schemas.ClockOut:
    return _clock_out(clock)


@test_clock_router.put("", response_model=schemas.ClockOut, responses=documented(rules=True))
async def set_clock(body: schemas.ClockSetIn, clock: ClockDep, uow: UnitDep) -> schemas.ClockOut:
    """Set the server clock to an instant (ISO 8601 with offset); it runs on from there."""
    if body.now.tzinfo is None:
        raise refused("naive_time", messages.TEST_CLOCK_NAIVE)
    if not CLOCK_RANGE[0] <= body.now <= CLOCK_RANGE[1]:
        raise refused("time_out_of_range", messages.TEST_CLOCK_RANGE)
    await system.set_test_clock(uow, clock, body.now)
    return _clock_out(clock)


@test_clock_router.post(
    "/advance", response_model=schemas.ClockOut, responses=documented(rules=True)
)
async def advance_clock(
    body: schemas.ClockAdvanceIn, clock: ClockDep, uow: UnitDep
) -> schemas.ClockOut:
    if not CLOCK_RANGE[0] <= clock.now() + timedelta(seconds=body.seconds) <= CLOCK_RANGE[1]:
        raise refused("time_out_of_range", messages.TEST_CLOCK_RANGE)
    await system.advance_test_clock(uow, clock, body.seconds)
    return _clock_out(clock)
