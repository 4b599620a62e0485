"""Accounts: who is calling (the token of a request), logging in and out, the caller's own
profile, feature access and 首页功能区 shortcuts."""

from __future__ import annotations

import asyncio
from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, delete, func, select, true
from sqlalchemy.ext.asyncio import AsyncSession

from contract import schemas
from server import messages
from server.db import ledger
from server.db.models import (
    Account,
    AccountPreferences,
    AuthSession,
    CommitteePosition,
    LoginFailure,
)
from server.db.queries import insert_if_absent, orgs_of, read_connection, split_orgs
from server.db.unit import Unit
from server.domain import auth, permissions, shortcuts
from server.domain.errors import DomainError, Kind, forbidden, not_found, refused
from server.domain.orgs import AccountKind
from server.services.context import Caller
from server.services.grants import earned_out
from server.services.orgs import account_out, caller_out


def _caller_statement() -> Any:
    s, a, p = AuthSession.__table__.c, Account.__table__.c, CommitteePosition.__table__.c
    caller = (
        select(
            s.expires_at,
            a.active,
            a.id,
            a.username,
            a.kind,
            a.org_id,
            a.display_name,
            a.group_id,
            p.name.label("position"),
            a.must_change_password,
        )  # fmt: skip
        .select_from(
            AuthSession.__table__.join(Account.__table__, a.id == s.account_id).outerjoin(
                CommitteePosition.__table__, p.code == a.position_code
            )
        )
        .where(s.token_hash == bindparam("digest"))
        .cte("caller")
    )
    orgs = orgs_of(caller.c.org_id, caller.c.group_id, source=caller).subquery("orgs")
    # One row per org of the account (its path and its 党小组), or one with no org at all.
    return select(caller, orgs).select_from(caller.outerjoin(orgs, true()))


# One statement per request, compiled once: the token's session, its account with its 委员职位,
# and the account's org path and 党小组 (a few index lookups). Not cached in the process: a
# logout or a password change in any process must end the token at once.
_CALLER = _caller_statement()


async def authenticate(uow: Unit, token: str | None, now: datetime) -> Caller:
    """The account of a bearer token; 401 without a valid one, 403 for a disabled account."""
    if token is None:
        raise DomainError(Kind.UNAUTHENTICATED, "not_logged_in", messages.NOT_LOGGED_IN)
    return await authenticate_digest(uow, auth.token_digest(token), now)


async def authenticate_digest(uow: Unit, digest: str, now: datetime) -> Caller:
    """`authenticate` for the session whose token hashes to `digest` (a 播放链接's session)."""
    async with read_connection(uow) as conn:
        rows = (await conn.execute(_CALLER, {"digest": digest})).all()
    if not rows or rows[0][0] <= now:
        raise DomainError(Kind.UNAUTHENTICATED, "session_expired", messages.SESSION_EXPIRED)
    (_expires, active, account_id, username, kind, org_id, name, group_id, position,
     must_change) = rows[0][:10]  # fmt: skip
    if not active:
        raise forbidden("account_disabled", messages.ACCOUNT_DISABLED)
    path, group = split_orgs(r[10:] for r in rows if r[10] is not None)
    return Caller(
        account_id, username, AccountKind(kind), org_id, digest, name, group_id, position,
        path, group, bool(must_change),
    )  # fmt: skip


def require_password_changed(caller: Caller) -> Caller:
    """403 `password_change_required` while the account still holds a one-time password:
    every endpoint but 修改密码, logout and /me refuses until it is changed."""
    if caller.must_change_password:
        raise forbidden("password_change_required", messages.PASSWORD_CHANGE_REQUIRED)
    return caller


def _state(row: LoginFailure | None) -> auth.FailureState | None:
    if row is None:
        return None
    return auth.FailureState(row.failures, row.window_start, row.locked_until)


async def _failure_row(session: AsyncSession, scope: str, key: str, now: datetime) -> LoginFailure:
    """The counter row of (scope, key), locked for this transaction (made if absent: two
    concurrent failures for a new key never collide)."""
    await insert_if_absent(
        session, LoginFailure, scope=scope, key=key, failures=0, window_start=now, locked_until=None
    )
    row = await session.get(
        LoginFailure, (scope, key), with_for_update=True, populate_existing=True
    )
    assert row is not None
    return row


def _store(row: LoginFailure, state: auth.FailureState) -> None:
    row.failures, row.window_start, row.locked_until = (
        state.failures,
        state.window_start,
        state.locked_until,
    )


async def _record_failure(
    session: AsyncSession, scope: str, key: str, now: datetime, policy: auth.LockoutPolicy
) -> None:
    row = await _failure_row(session, scope, key, now)
    _store(row, auth.record_failure(_state(row) if row.failures else None, now, policy))


def _pair_key(address: str, username: str) -> str:
    """One username from one address (hashed: an IPv6 address and a username overflow the key)."""
    return auth.token_digest(f"{address}\n{username}")


def _throttled(code: str, template: str, until: datetime, now: datetime) -> DomainError:
    seconds = auth.retry_after_s(until, now)
    return DomainError(
        Kind.THROTTLED, code, template.format(wait=auth.wait_text(seconds)), retry_after_s=seconds
    )


async def _refuse_if_locked(session: AsyncSession, username: str, now: datetime) -> None:
    """429 while this account is locked by its own failed logins."""
    minutes = auth.locked_minutes(
        _state(await session.get(LoginFailure, ("account", username))), now
    )
    if minutes is not None:
        raise DomainError(
            Kind.THROTTLED,
            "account_locked",
            messages.ACCOUNT_LOCKED.format(minutes=minutes),
            retry_after_s=minutes * 60,
        )


async def login(
    uow: Unit, username: str, password: str, address: str, now: datetime
) -> schemas.LoginOut:
    """Log in from a client address: 429 while the account is locked by its own failures or
    this username waits after failing from this address (server.domain.auth), 401 for a wrong
    username or password (counted against the account, the address and the pair), 403 for a
    disabled account; a new bearer token otherwise, with the point of the day's first login.
    Failures of other usernames from the same address never stop a correct password."""
    name = username.strip().lower()
    pair = _pair_key(address, name)
    async with uow.read() as session:
        await _refuse_if_locked(session, name, now)
        waiting = await session.get(LoginFailure, ("pair", pair))
        if waiting is not None and waiting.locked_until is not None and waiting.locked_until > now:
            raise _throttled("login_throttled", messages.LOGIN_THROTTLED, waiting.locked_until, now)
        account = (
            await session.execute(select(Account).where(Account.username == username.strip()))
        ).scalar_one_or_none()
    # argon2 takes tens of milliseconds of CPU by design: in a thread, so that the event loop
    # keeps serving everyone else while one user logs in.
    ok = await asyncio.to_thread(
        auth.verify_password, account.password_hash if account else None, password
    )
    if not ok or account is None:
        throttle = auth.ADDRESS_THROTTLE
        async with uow.write() as session:  # rows locked in one order: account, address, pair
            await _record_failure(session, "account", name, now, auth.ACCOUNT_POLICY)
            at_address = await _failure_row(session, "address", address, now)
            place = auth.counted(_state(at_address) if at_address.failures else None, now,
                                 throttle.window)  # fmt: skip
            _store(at_address, place)
            at_pair = await _failure_row(session, "pair", pair, now)
            mine = auth.counted(_state(at_pair) if at_pair.failures else None, now,
                                throttle.window)  # fmt: skip
            wait = throttle.wait(place.failures)
            mine.locked_until = now + wait if wait is not None else None
            _store(at_pair, mine)
        raise DomainError(Kind.UNAUTHENTICATED, "bad_credentials", messages.BAD_CREDENTIALS)
    if not account.active:
        raise forbidden("account_disabled", messages.ACCOUNT_DISABLED)
    token = auth.new_token()
    expires = now + auth.TOKEN_TTL
    async with uow.write() as session:
        await session.execute(
            delete(LoginFailure).where(
                ((LoginFailure.scope == "account") & (LoginFailure.key == name))
                | ((LoginFailure.scope == "pair") & (LoginFailure.key == pair))
            )
        )
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
            session, await uow.lock(account.id), "login", at=now, source=("login", str(account.id))
        )
    async with uow.read() as session:
        account_model = await account_out(session, account)
    return schemas.LoginOut(
        token=token,
        expires_at=expires,
        account=account_model,
        earned=earned_out(first_login) if first_login.points else None,
        must_change_password=account.must_change_password,
    )


async def logout(uow: Unit, caller: Caller) -> None:
    """Revoke the token the caller used."""
    async with uow.write() as session:
        await session.execute(
            delete(AuthSession).where(AuthSession.token_hash == caller.token_hash)
        )


async def change_password(
    uow: Unit, caller: Caller, old: str, new: str, now: datetime
) -> schemas.PasswordChangeOut:
    """修改密码: the old password (a wrong one counts as a failed login of the account, and the
    account's lock applies), the strength rule of server.domain.auth; then every token of the
    account is revoked and the caller's terminal gets a new one."""
    key = caller.username.strip().lower()
    async with uow.read() as session:
        await _refuse_if_locked(session, key, now)
        account = await session.get(Account, caller.account_id)
        assert account is not None  # the caller's session row references it
        stored_hash = account.password_hash
    if not await asyncio.to_thread(auth.verify_password, stored_hash, old):
        async with uow.write() as session:
            await _record_failure(session, "account", key, now, auth.ACCOUNT_POLICY)
        raise refused("wrong_password", messages.WRONG_OLD_PASSWORD)
    auth.check_new_password(new, old=old, username=caller.username)
    new_hash = await asyncio.to_thread(auth.hash_password, new)
    token = auth.new_token()
    expires = now + auth.TOKEN_TTL
    async with uow.write() as session:
        others = (
            await session.execute(
                select(func.count())
                .select_from(AuthSession)
                .where(
                    AuthSession.account_id == caller.account_id,
                    AuthSession.token_hash != caller.token_hash,
                    AuthSession.expires_at > now,
                )
            )
        ).scalar_one()
        row = await session.get(Account, caller.account_id, with_for_update=True)
        assert row is not None
        row.password_hash = new_hash
        row.must_change_password = False
        await session.execute(
            delete(AuthSession).where(AuthSession.account_id == caller.account_id)
        )
        session.add(
            AuthSession(
                token_hash=auth.token_digest(token),
                account_id=caller.account_id,
                created_at=now,
                expires_at=expires,
            )
        )
    return schemas.PasswordChangeOut(
        token=token,
        expires_at=expires,
        revoked=int(others),
        message=messages.PASSWORD_CHANGED.format(count=int(others)),
    )


def me(caller: Caller) -> schemas.AccountOut:
    return caller_out(caller)


def _access(caller: Caller, feature: permissions.Feature) -> schemas.FeatureAccess:
    allowed = caller.kind in feature.allowed
    return schemas.FeatureAccess(
        code=feature.code,
        name=feature.name,
        allowed=allowed,
        message=None if allowed else feature.refusal,
    )


def features(caller: Caller) -> list[schemas.FeatureAccess]:
    """Every feature of the permission table, with whether this account may use it."""
    return [_access(caller, f) for f in permissions.FEATURES.values()]


def enter_feature(caller: Caller, code: str) -> schemas.FeatureAccess:
    """A feature this account may use; 404 for an unknown one, 403 with the platform's message
    for one it may not."""
    feature = permissions.FEATURES.get(code)
    if feature is None:
        raise not_found("unknown_feature", messages.UNKNOWN_FEATURE.format(code=code))
    permissions.require(caller.kind, code)
    return _access(caller, feature)


def _shortcuts_out(caller: Caller, codes: list[str]) -> schemas.ShortcutsOut:
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


async def my_shortcuts(uow: Unit, caller: Caller) -> schemas.ShortcutsOut:
    async with uow.read() as session:
        prefs = await session.get(AccountPreferences, caller.account_id)
    codes = prefs.shortcuts if prefs is not None else shortcuts.default_for(caller.kind)
    return _shortcuts_out(caller, codes)


async def set_shortcuts(uow: Unit, caller: Caller, codes: list[str]) -> schemas.ShortcutsOut:
    """Replace the caller's shortcuts with this ordered list (add, remove and reorder at once)."""
    try:
        valid = shortcuts.validate(caller.kind, codes)
    except shortcuts.ShortcutError as exc:
        raise refused(exc.code, exc.message) from exc
    async with uow.write() as session:
        prefs = await session.get(AccountPreferences, caller.account_id)
        if prefs is None:
            session.add(AccountPreferences(account_id=caller.account_id, shortcuts=valid))
        else:
            prefs.shortcuts = valid
    return _shortcuts_out(caller, valid)
