"""Request dependencies: the database, the clock and the logged-in account."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Header, Path, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy import select

from server import messages
from server.api.errors import ApiError
from server.db.engine import Database
from server.db.models import Account, AuthSession
from server.domain import auth
from server.domain.clock import Clock
from server.domain.orgs import AccountKind

_bearer = HTTPBearer(auto_error=False, description="the token from /api/v1/auth/login")


def get_db(request: Request) -> Database:
    return request.app.state.db


def get_clock(request: Request) -> Clock:
    return request.app.state.clock


DB = Annotated[Database, Depends(get_db)]
ClockDep = Annotated[Clock, Depends(get_clock)]


@dataclass(frozen=True)
class Caller:
    account_id: int
    username: str
    kind: AccountKind
    org_id: int | None
    token_hash: str


async def _caller(
    db: DB,
    clock: ClockDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> Caller:
    if credentials is None or credentials.scheme.lower() != "bearer":
        raise ApiError(401, "not_logged_in", messages.NOT_LOGGED_IN, {"WWW-Authenticate": "Bearer"})
    digest = auth.token_digest(credentials.credentials)
    async with db.read() as session:
        row = (
            await session.execute(
                select(AuthSession.expires_at, Account)
                .join(Account, Account.id == AuthSession.account_id)
                .where(AuthSession.token_hash == digest)
            )
        ).first()
    if row is None or row.expires_at <= clock.now():
        raise ApiError(
            401, "session_expired", messages.SESSION_EXPIRED, {"WWW-Authenticate": "Bearer"}
        )
    account: Account = row.Account
    if not account.active:
        raise ApiError(403, "account_disabled", messages.ACCOUNT_DISABLED)
    return Caller(account.id, account.username, AccountKind(account.kind), account.org_id, digest)


CurrentCaller = Annotated[Caller, Depends(_caller)]


async def _optional_caller(
    db: DB,
    clock: ClockDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> Caller | None:
    """The caller when a token is sent; None for visitors (who may browse 党建资讯)."""
    if credentials is None:
        return None
    return await _caller(db, clock, credentials)


OptionalCaller = Annotated[Caller | None, Depends(_optional_caller)]


def idempotency_key(
    key: Annotated[str | None, Header(alias="Idempotency-Key", max_length=80)] = None,
) -> str | None:
    """A client's key for a points-bearing request: replaying it never grants twice."""
    return key


IdempotencyKey = Annotated[str | None, Depends(idempotency_key)]


# A row id in a path: ids are 32-bit on PostgreSQL, so a larger number is a malformed request
# (422), not a database error.
RowId = Annotated[int, Path(ge=1, le=2_147_483_647)]
