"""Request dependencies: the database, the clock and the logged-in account."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated

from fastapi import Depends, Header, Path, Query, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from contract.schemas import Text
from server.db.engine import Database
from server.db.unit import Unit
from server.domain.clock import Clock
from server.services import accounts
from server.services.context import Caller

__all__ = [
    "Caller",
    "ClockDep",
    "CurrentCaller",
    "DB",
    "IdempotencyKey",
    "OptionalCaller",
    "PendingCaller",
    "UnitDep",
    "WakeJobs",
]

SCHEME = "HTTPBearer"
OPTIONAL_SCHEME = "OptionalBearer"
_bearer = HTTPBearer(
    auto_error=False, scheme_name=SCHEME, description="the token from /api/v1/auth/login"
)
# The same token where a visitor may come without one: server.api.openapi describes it as
# optional (`security: [{}, {"HTTPBearer": []}]`).
_optional_bearer = HTTPBearer(auto_error=False, scheme_name=OPTIONAL_SCHEME)


async def get_db(request: Request) -> Database:
    return request.app.state.db  # type: ignore[no-any-return]


async def get_clock(request: Request) -> Clock:
    return request.app.state.clock  # type: ignore[no-any-return]


async def get_unit(request: Request) -> Unit:
    """The unit of work of one request."""
    return Unit(request.app.state.db)


async def get_wake_jobs(request: Request) -> Callable[[], None]:
    """Asks this process's daily job scheduler to look now (server.jobs.runner.Wake)."""
    return request.app.state.wake_jobs  # type: ignore[no-any-return]


DB = Annotated[Database, Depends(get_db)]
ClockDep = Annotated[Clock, Depends(get_clock)]
UnitDep = Annotated[Unit, Depends(get_unit)]
WakeJobs = Annotated[Callable[[], None], Depends(get_wake_jobs)]


def _token(credentials: HTTPAuthorizationCredentials | None) -> str | None:
    if credentials is None or credentials.scheme.lower() != "bearer":
        return None
    return credentials.credentials


# The caller's dependencies take the app's state from the request rather than through
# `get_unit`/`get_clock`: each sub-dependency costs FastAPI a resolution on every request, and
# the token is read outside any transaction (its own Unit is the same as the route's until the
# route opens one).
async def _caller(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> Caller:
    state = request.app.state
    caller = await accounts.authenticate(Unit(state.db), _token(credentials), state.clock.now())
    return accounts.require_password_changed(caller)


CurrentCaller = Annotated[Caller, Depends(_caller)]


async def _pending_caller(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> Caller:
    """The caller even while a one-time password is still to be changed: only 修改密码
    (POST /auth/password), logout (POST /auth/logout) and GET /me take it; every other
    authenticated endpoint answers 403 `password_change_required` until then."""
    state = request.app.state
    return await accounts.authenticate(Unit(state.db), _token(credentials), state.clock.now())


PendingCaller = Annotated[Caller, Depends(_pending_caller)]


async def _optional_caller(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_optional_bearer)],
) -> Caller | None:
    """The caller when a token is sent; None for visitors (who may browse 党建资讯)."""
    if credentials is None:
        return None
    state = request.app.state
    caller = await accounts.authenticate(Unit(state.db), _token(credentials), state.clock.now())
    return accounts.require_password_changed(caller)


OptionalCaller = Annotated[Caller | None, Depends(_optional_caller)]


async def idempotency_key(
    key: Annotated[Text | None, Header(alias="Idempotency-Key", max_length=80)] = None,
) -> str | None:
    """A client's key for a points-bearing request: replaying it never grants twice."""
    return key


IdempotencyKey = Annotated[str | None, Depends(idempotency_key)]


# A row id in a path: ids are 32-bit on PostgreSQL, so a larger number is a malformed request
# (422), not a database error.
RowId = Annotated[int, Path(ge=1, le=2_147_483_647)]

# A code in a path or a query: text like any other (contract.schemas.Text: no NUL).
CodePath = Annotated[Text, Path(max_length=40)]
CodeQuery = Annotated[Text | None, Query(max_length=20)]
