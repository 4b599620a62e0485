"""Accounts: who is calling (the token of a request)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from server import messages
from server.db.models import Account, AuthSession
from server.db.unit import Unit
from server.domain import auth
from server.domain.errors import DomainError, Kind, forbidden
from server.domain.orgs import AccountKind
from server.services.context import Caller


async def authenticate(uow: Unit, token: str | None, now: datetime) -> Caller:
    """The account of a bearer token; 401 without a valid one, 403 for a disabled account."""
    if token is None:
        raise DomainError(Kind.UNAUTHENTICATED, "not_logged_in", messages.NOT_LOGGED_IN)
    digest = auth.token_digest(token)
    async with uow.read() as session:
        row = (
            await session.execute(
                select(AuthSession.expires_at, Account)
                .join(Account, Account.id == AuthSession.account_id)
                .where(AuthSession.token_hash == digest)
            )
        ).first()
    if row is None or row.expires_at <= now:
        raise DomainError(Kind.UNAUTHENTICATED, "session_expired", messages.SESSION_EXPIRED)
    account: Account = row.Account
    if not account.active:
        raise forbidden("account_disabled", messages.ACCOUNT_DISABLED)
    return Caller(account.id, account.username, AccountKind(account.kind), account.org_id, digest)
