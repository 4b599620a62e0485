"""POST /api/v1/auth/login and /logout."""

from __future__ import annotations

import asyncio
from datetime import datetime

from fastapi import APIRouter, Request, Response
from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from contract import schemas
from server import messages
from server.api.deps import DB, ClockDep, CurrentCaller
from server.api.errors import ApiError
from server.db import ledger
from server.db.models import Account, AuthSession, LoginFailure
from server.db.queries import insert_if_absent
from server.db.unit import lock_now
from server.domain import auth
from server.services.grants import earned_out
from server.services.orgs import account_out

router = APIRouter(prefix="/api/v1/auth", tags=["auth"])

_ERRORS = {401: {"model": schemas.ErrorOut}, 429: {"model": schemas.ErrorOut}}


def _state(row: LoginFailure | None) -> auth.FailureState | None:
    if row is None:
        return None
    return auth.FailureState(row.failures, row.window_start, row.locked_until)


async def _record_failure(
    session: AsyncSession, scope: str, key: str, now: datetime, policy: auth.LockoutPolicy
) -> None:
    # Insert-if-absent first, so two concurrent failures for a new key never collide.
    await insert_if_absent(
        session, LoginFailure, scope=scope, key=key, failures=0, window_start=now, locked_until=None
    )
    row = await session.get(
        LoginFailure, (scope, key), with_for_update=True, populate_existing=True
    )
    assert row is not None
    state = auth.record_failure(_state(row) if row.failures else None, now, policy)
    row.failures, row.window_start, row.locked_until = (
        state.failures,
        state.window_start,
        state.locked_until,
    )


@router.post("/login", response_model=schemas.LoginOut, responses=_ERRORS)
async def login(
    body: schemas.LoginIn, request: Request, db: DB, clock: ClockDep
) -> schemas.LoginOut:
    """Log in with username and password; answers an opaque bearer token."""
    address = request.client.host if request.client else "unknown"
    keys = {"account": body.username.strip().lower(), "address": address}
    now = clock.now()
    async with db.read() as session:
        failures = {
            scope: await session.get(LoginFailure, (scope, key)) for scope, key in keys.items()
        }
        for scope, template in (
            ("address", messages.ADDRESS_LOCKED),
            ("account", messages.ACCOUNT_LOCKED),
        ):
            minutes = auth.locked_minutes(_state(failures[scope]), now)
            if minutes is not None:
                raise ApiError(
                    429,
                    f"{scope}_locked",
                    template.format(minutes=minutes),
                    {"Retry-After": str(minutes * 60)},
                )
        account = (
            await session.execute(select(Account).where(Account.username == body.username.strip()))
        ).scalar_one_or_none()
    # argon2 takes tens of milliseconds of CPU by design: in a thread, so that the event loop
    # keeps serving everyone else while one user logs in.
    ok = await asyncio.to_thread(
        auth.verify_password, account.password_hash if account else None, body.password
    )
    async with db.write() as session:
        if not ok or account is None:
            for scope, key in keys.items():
                policy = auth.ACCOUNT_POLICY if scope == "account" else auth.ADDRESS_POLICY
                await _record_failure(session, scope, key, now, policy)
        else:
            if not account.active:
                raise ApiError(403, "account_disabled", messages.ACCOUNT_DISABLED)
            await session.execute(
                delete(LoginFailure).where(
                    LoginFailure.scope == "account", LoginFailure.key == keys["account"]
                )
            )
            token = auth.new_token()
            expires = now + auth.TOKEN_TTL
            session.add(
                AuthSession(
                    token_hash=auth.token_digest(token),
                    account_id=account.id,
                    created_at=now,
                    expires_at=expires,
                )
            )
            await session.execute(delete(AuthSession).where(AuthSession.expires_at <= now))
            # 每日首次登录: the cap (1 a day) makes every later login of the day earn nothing.
            first_login = await ledger.grant(
                session,
                await lock_now(session, account.id),
                "login",
                at=now,
                source=("login", str(account.id)),
            )
    if not ok or account is None:
        raise ApiError(401, "bad_credentials", messages.BAD_CREDENTIALS)
    async with db.read() as session:
        account_model = await account_out(session, account)
    return schemas.LoginOut(
        token=token,
        expires_at=expires,
        account=account_model,
        earned=earned_out(first_login) if first_login.points else None,
    )


@router.post("/logout", status_code=204, responses={401: {"model": schemas.ErrorOut}})
async def logout(caller: CurrentCaller, db: DB) -> Response:
    """Revoke the token used for this request."""
    async with db.write() as session:
        await session.execute(
            delete(AuthSession).where(AuthSession.token_hash == caller.token_hash)
        )
    return Response(status_code=204)
