"""POST /api/v1/auth/login, /logout and /password."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response

from contract import schemas
from server.api.deps import ClockDep, PendingCaller, UnitDep
from server.api.errors import documented
from server.domain import auth as auth_rules
from server.services import accounts

router = APIRouter(prefix="/api/v1/auth", tags=["auth"])

_ERRORS = documented(401, 429)


@router.post("/login", response_model=schemas.LoginOut, responses=_ERRORS)
async def login(
    body: schemas.LoginIn, request: Request, uow: UnitDep, clock: ClockDep
) -> schemas.LoginOut:
    """Log in with username and password; answers an opaque bearer token."""
    address = auth_rules.client_address(
        request.client.host if request.client else None,
        request.headers.get("x-forwarded-for"),
        request.app.state.trusted_proxies,
    )
    return await accounts.login(uow, body.username, body.password, address, clock.now())


@router.post("/logout", status_code=204, responses=documented(401))
async def logout(caller: PendingCaller, uow: UnitDep) -> Response:
    """Revoke the token used for this request."""
    await accounts.logout(uow, caller)
    return Response(status_code=204)


@router.post(
    "/password",
    response_model=schemas.PasswordChangeOut,
    responses=documented(401, 429, rules=True),
)
async def change_password(
    body: schemas.PasswordChangeIn, caller: PendingCaller, uow: UnitDep, clock: ClockDep
) -> schemas.PasswordChangeOut:
    """修改密码: old and new password; every token of the account is revoked and the answer
    carries this terminal's new one."""
    return await accounts.change_password(
        uow, caller, body.old_password, body.new_password, clock.now()
    )
