"""账号管理 by level (issue 16): an admin lists, adds, disables and re-enables the accounts it
manages (server.domain.account_levels), resets their passwords (one-time, shown once), moves
a 党员 between 党小组 or to another branch of its scope and sets their 委员职位. Every change is
audited (server.db.audit) in its own transaction."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from contract import schemas
from server import messages
from server.db import audit
from server.db.errors import unique_violation
from server.db.models import Account, AuthSession, CommitteePosition, Org, OrgEvent
from server.db.unit import Unit
from server.domain import account_levels as levels
from server.domain import auth
from server.domain.errors import conflict, forbidden, not_found, refused
from server.domain.imports import remember_edit
from server.domain.orgs import (
    ACCOUNT_KIND_NAMES,
    ACCOUNT_ORG_KIND,
    ORG_KIND_NAMES,
    AccountKind,
    OrgKind,
)
from server.services.context import Caller
from server.services.orgs import org_ref, require_in_scope


def _require_admin(caller: Caller) -> frozenset[AccountKind]:
    kinds = levels.MANAGES.get(caller.kind)
    if not kinds:
        raise forbidden("accounts_forbidden", messages.ACCOUNTS_FORBIDDEN)
    return kinds


def _kind_not_managed(caller: Caller, kind: AccountKind) -> Exception:
    return forbidden(
        "kind_not_managed",
        messages.ACCOUNT_KIND_NOT_MANAGED.format(
            admin=ACCOUNT_KIND_NAMES[caller.kind], kind=ACCOUNT_KIND_NAMES[kind]
        ),
    )


async def _positions(session: AsyncSession) -> dict[str, str]:
    rows = await session.execute(select(CommitteePosition.code, CommitteePosition.name))
    return dict(rows.tuples().all())


def _out(
    caller: Caller,
    a: Account,
    orgs: dict[int, Org],
    positions: dict[str, str],
) -> schemas.ManagedAccountOut:
    kind = AccountKind(a.kind)
    assert a.org_id is not None
    group = orgs.get(a.group_id) if a.group_id else None
    return schemas.ManagedAccountOut(
        id=a.id,
        username=a.username,
        display_name=a.display_name,
        kind=a.kind,
        kind_name=ACCOUNT_KIND_NAMES[kind],
        org=org_ref(orgs[a.org_id]),
        group=org_ref(group) if group else None,
        position_code=a.position_code,
        position=positions.get(a.position_code) if a.position_code else None,
        active=a.active,
        must_change_password=a.must_change_password,
        actions=[o.value for o in levels.ops(caller.kind, kind, a.active)],
    )


async def _orgs(session: AsyncSession, *ids: int | None) -> dict[int, Org]:
    wanted = [i for i in ids if i is not None]
    rows = (await session.execute(select(Org).where(Org.id.in_(wanted)))).scalars()
    return {o.id: o for o in rows}


async def list_accounts(
    uow: Unit, caller: Caller, org_id: int | None
) -> schemas.ManagedAccountsOut:
    """The accounts of one org in the caller's scope that the caller manages (its own org by
    default), with what the caller may do to each and the kinds it may add there."""
    kinds = _require_admin(caller)
    target = org_id if org_id is not None else caller.org_id
    assert target is not None  # every admin kind belongs to an org
    async with uow.read() as session:
        await require_in_scope(session, caller, target)
        org = await session.get(Org, target)
        assert org is not None
        rows = (
            (
                await session.execute(
                    select(Account)
                    .where(Account.org_id == target, Account.kind.in_([k.value for k in kinds]))
                    .order_by(Account.kind, Account.username)
                )
            )
            .scalars()
            .all()
        )
        groups = (
            (
                await session.execute(
                    select(Org)
                    .where(Org.parent_id == target, Org.kind == OrgKind.GROUP.value)
                    .order_by(Org.sort, Org.id)
                )
            )
            .scalars()
            .all()
        )
        positions = await _positions(session)
    orgs = {org.id: org, **{g.id: g for g in groups}}
    return schemas.ManagedAccountsOut(
        org=org_ref(org),
        items=[_out(caller, a, orgs, positions) for a in rows],
        may_add=[
            schemas.PositionOut(code=k.value, name=ACCOUNT_KIND_NAMES[k])
            for k in sorted(kinds)
            if ACCOUNT_ORG_KIND[k] == OrgKind(org.kind)
        ],
        groups=[org_ref(g) for g in groups],
    )


async def _group_of(session: AsyncSession, branch_id: int, group_id: int | None) -> Org | None:
    if group_id is None:
        return None
    group = await session.get(Org, group_id)
    if group is None or group.kind != OrgKind.GROUP.value or group.parent_id != branch_id:
        raise refused("group_not_in_branch", messages.ACCOUNT_GROUP_NOT_IN_BRANCH)
    return group


async def _position(session: AsyncSession, code: str | None) -> str | None:
    """The name of a 委员职位 of the fixed list; an unknown one is refused with the platform's
    answer (positions are the handbook's; the province adds others as data)."""
    if code is None:
        return None
    position = await session.get(CommitteePosition, code)
    if position is None:
        raise refused("position_unknown", messages.POSITION_UNKNOWN.format(code=code))
    return position.name


def _who(a: Account) -> str:
    return f"{a.display_name}({a.username})"


async def _position_taken(
    session: AsyncSession, org_id: int, code: str, name: str, account_id: int | None
) -> Exception | None:
    """The refusal when another account of the branch holds this 委员职位 (one holder of each
    per branch, also a unique index: see `_hold`), naming who holds it; None when it is free."""
    holder = (
        await session.execute(
            select(Account).where(
                Account.org_id == org_id,
                Account.position_code == code,
                Account.id != (account_id or 0),
            )
        )
    ).scalar_one_or_none()
    if holder is None:
        return None
    who = _who(holder) + ("" if holder.active else messages.POSITION_HOLDER_DISABLED)
    return conflict("position_taken", messages.POSITION_TAKEN.format(position=name, holder=who))


async def _hold(session: AsyncSession, a: Account, code: str | None, name: str | None) -> None:
    """Give `a` the 委员职位 `code` (already checked free in this transaction's view). Two
    admins giving one position to two members at once both see it free; the unique index lets
    one of them through, and the other is answered as if it had seen the holder."""
    org_id, account_id = a.org_id, a.id  # `a` is expired if the savepoint rolls back
    try:
        async with session.begin_nested():
            a.position_code = code
            await session.flush()
    except IntegrityError as exc:
        if code is None or name is None or org_id is None or not unique_violation(exc):
            raise
        taken = await _position_taken(session, org_id, code, name, account_id)
        raise taken or conflict("concurrent_change", messages.CONCURRENT_CHANGE) from exc


async def create(
    uow: Unit, caller: Caller, body: schemas.AccountCreateIn, now: datetime
) -> schemas.OneTimePasswordOut:
    """添加账号: a kind the caller manages, in an org of that kind in its scope; a one-time
    password (shown once, stored as a fast salted hash) that must be changed at first login."""
    kinds = _require_admin(caller)
    try:
        kind = AccountKind(body.kind)
    except ValueError:
        raise _kind_not_managed(caller, AccountKind.PUBLIC) from None
    if kind not in kinds:
        raise _kind_not_managed(caller, kind)
    username, name = body.username.strip(), body.display_name.strip()
    if not username or not name:
        raise refused("account_name_empty", messages.ACCOUNT_USERNAME_EMPTY)
    password = auth.one_time_password()
    async with uow.write() as session:
        await require_in_scope(session, caller, body.org_id)
        org = await session.get(Org, body.org_id)
        assert org is not None
        wanted = ACCOUNT_ORG_KIND[kind]
        if wanted is None or org.kind != wanted.value:
            raise refused(
                "account_wrong_org",
                messages.ACCOUNT_WRONG_ORG.format(
                    kind=ACCOUNT_KIND_NAMES[kind],
                    org_kind=ORG_KIND_NAMES[wanted] if wanted else "",
                    actual=ORG_KIND_NAMES[OrgKind(org.kind)],
                ),
            )
        if kind != AccountKind.MEMBER and (body.group_id or body.position_code):
            raise refused("member_only", messages.ACCOUNT_MEMBER_ONLY)
        group = await _group_of(session, org.id, body.group_id)
        position = await _position(session, body.position_code)
        if body.position_code and position:
            held = await _position_taken(session, org.id, body.position_code, position, None)
            if held:
                raise held
        taken = await session.execute(select(Account.id).where(Account.username == username))
        if taken.first() is not None:
            raise conflict(
                "username_taken", messages.ACCOUNT_USERNAME_TAKEN.format(username=username)
            )
        account = Account(
            username=username,
            display_name=name,
            kind=kind.value,
            org_id=org.id,
            group_id=group.id if group else None,
            password_hash=auth.hash_one_time(password),
            active=True,
            created_at=now,
            must_change_password=True,
        )
        session.add(account)
        await session.flush()
        await _hold(session, account, body.position_code, position)
        detail = f"添加{ACCOUNT_KIND_NAMES[kind]} {_who(account)}"
        if group:
            detail += f",{group.name}"
        if position:
            detail += f",{position}"
        await audit.record(
            session, at=now, actor_id=caller.account_id, org_id=org.id,
            action="account_add", detail=detail, account_id=account.id,
        )  # fmt: skip
        out = _out(caller, account, {o.id: o for o in (org, group) if o}, await _positions(session))
    return schemas.OneTimePasswordOut(
        account=out,
        one_time_password=password,
        message=messages.ACCOUNT_CREATED.format(username=username),
    )


async def _target(session: AsyncSession, caller: Caller, account_id: int) -> Account:
    """The account, locked, when the caller manages its kind and its org is in scope."""
    _require_admin(caller)
    account = await session.get(Account, account_id, with_for_update=True)
    if account is None or account.org_id is None:
        raise not_found("account_not_found", messages.ACCOUNT_NOT_FOUND)
    kind = AccountKind(account.kind)
    if not levels.manages(caller.kind, kind):
        raise _kind_not_managed(caller, kind)
    await require_in_scope(session, caller, account.org_id)
    return account


async def _answer(session: AsyncSession, caller: Caller, a: Account) -> schemas.ManagedAccountOut:
    return _out(caller, a, await _orgs(session, a.org_id, a.group_id), await _positions(session))


async def _revoke(session: AsyncSession, account_id: int) -> None:
    await session.execute(delete(AuthSession).where(AuthSession.account_id == account_id))


def _require_member(a: Account) -> None:
    if a.kind != AccountKind.MEMBER.value:
        raise refused("member_only", messages.ACCOUNT_MEMBER_ONLY)


async def set_active(
    uow: Unit, caller: Caller, account_id: int, active: bool, now: datetime
) -> schemas.ManagedAccountOut:
    """停用 / 启用: a disabled account cannot log in, and its tokens are revoked."""
    async with uow.write() as session:
        a = await _target(session, caller, account_id)
        if a.active != active:
            a.active = active
            if not active:
                await _revoke(session, a.id)
            assert a.org_id is not None
            await audit.record(
                session, at=now, actor_id=caller.account_id, org_id=a.org_id,
                action="account_enable" if active else "account_disable",
                detail=f"{'启用' if active else '停用'} {_who(a)}", account_id=a.id,
            )  # fmt: skip
        return await _answer(session, caller, a)


async def reset_password(
    uow: Unit, caller: Caller, account_id: int, now: datetime
) -> schemas.OneTimePasswordOut:
    """重置密码: a new one-time password (shown once, changed at next login); every token of
    the account is revoked."""
    password = auth.one_time_password()
    async with uow.write() as session:
        a = await _target(session, caller, account_id)
        a.password_hash = auth.hash_one_time(password)
        a.must_change_password = True
        await _revoke(session, a.id)
        assert a.org_id is not None
        await audit.record(
            session, at=now, actor_id=caller.account_id, org_id=a.org_id,
            action="password_reset", detail=f"重置 {_who(a)} 的密码", account_id=a.id,
        )  # fmt: skip
        out = await _answer(session, caller, a)
    return schemas.OneTimePasswordOut(
        account=out,
        one_time_password=password,
        message=messages.PASSWORD_RESET.format(username=out.username),
    )


async def set_group(
    uow: Unit, caller: Caller, account_id: int, group_id: int | None, now: datetime
) -> schemas.ManagedAccountOut:
    """Move a 党员 between its branch's 党小组 (None: no 党小组)."""
    async with uow.write() as session:
        a = await _target(session, caller, account_id)
        _require_member(a)
        assert a.org_id is not None
        group = await _group_of(session, a.org_id, group_id)
        if a.group_id != group_id:
            old = await session.get(Org, a.group_id) if a.group_id else None
            # A re-import whose file still holds the old 党小组 keeps this one.
            a.local_edits = remember_edit(a.local_edits, {"group": a.group_id})
            a.group_id = group_id
            await audit.record(
                session, at=now, actor_id=caller.account_id, org_id=a.org_id,
                action="group_change", account_id=a.id,
                detail=f"{_who(a)} 党小组:{old.name if old else '无'} → "
                f"{group.name if group else '无'}",
            )  # fmt: skip
        return await _answer(session, caller, a)


async def set_position(
    uow: Unit, caller: Caller, account_id: int, code: str | None, now: datetime
) -> schemas.ManagedAccountOut:
    """Set or clear a 党员's 委员职位, from the committee_positions list only."""
    async with uow.write() as session:
        a = await _target(session, caller, account_id)
        _require_member(a)
        name = await _position(session, code)
        if a.position_code != code:
            assert a.org_id is not None
            if code is not None and name is not None:
                held = await _position_taken(session, a.org_id, code, name, a.id)
                if held:
                    raise held
            old = await _position(session, a.position_code)
            a.local_edits = remember_edit(a.local_edits, {"position": a.position_code})
            await _hold(session, a, code, name)
            await audit.record(
                session, at=now, actor_id=caller.account_id, org_id=a.org_id,
                action="position_change", account_id=a.id,
                detail=f"{_who(a)} 委员职位:{old or '无'} → {name or '无'}",
            )  # fmt: skip
        return await _answer(session, caller, a)


async def move_branch(
    uow: Unit, caller: Caller, account_id: int, body: schemas.AccountBranchIn, now: datetime
) -> schemas.ManagedAccountOut:
    """Move a 党员 to another branch: both branches in the caller's scope. The ledger is the
    account's own, so its points count in the new branch from now on (boards, 我的积分); its
    党小组 and 委员职位 belonged to the old branch and are cleared (a new 党小组 may be given)."""
    async with uow.write() as session:
        a = await _target(session, caller, account_id)
        _require_member(a)
        await require_in_scope(session, caller, body.org_id)
        new = await session.get(Org, body.org_id)
        assert new is not None and a.org_id is not None
        if new.kind != OrgKind.BRANCH.value:
            raise refused("not_a_branch", messages.ACCOUNT_NOT_BRANCH)
        if new.id == a.org_id:
            raise refused("same_branch", messages.ACCOUNT_SAME_BRANCH)
        group = await _group_of(session, new.id, body.group_id)
        old = await session.get(Org, a.org_id)
        assert old is not None
        a.local_edits = remember_edit(
            a.local_edits, {"org": a.org_id, "group": a.group_id, "position": a.position_code}
        )
        a.org_id, a.group_id, a.position_code = new.id, group.id if group else None, None
        detail = f"{_who(a)} 从{old.name}转到{new.name}"
        # Recorded on both branches: the upper orgs of each see it.
        await audit.record_many(
            session,
            [
                {"at": now, "actor_id": caller.account_id, "org_id": org_id,
                 "account_id": a.id, "action": "branch_move", "detail": detail}
                for org_id in (old.id, new.id)
            ],
        )  # fmt: skip
        return await _answer(session, caller, a)


async def changes(
    session: AsyncSession, caller: Caller, orgs: dict[int, Org], start: datetime, end: datetime
) -> list[schemas.AccountChangeOut]:
    """审核记录's 账号变动: the audited changes (org_events) to the orgs strictly under the
    caller's (everything for the province), newest first, at most 500. The scope is a filter
    in the database (no org filter for the province, the subtree's recursive CTE for the
    others), never a list of ids: a province holds more orgs than a statement takes parameters.
    `orgs` (every org by id) names the rows."""
    e = OrgEvent
    query = (
        select(e.at, e.actor_id, e.account_id, e.org_id, e.action, e.detail)
        .where(e.at >= start, e.at < end)
        .order_by(e.at.desc(), e.id.desc())
        .limit(500)
    )
    if caller.kind != AccountKind.PROVINCE_ADMIN:
        below = select(Org.id).where(Org.parent_id == caller.org_id).cte("below", recursive=True)
        below = below.union_all(select(Org.id).where(Org.parent_id == below.c.id))
        query = query.where(e.org_id.in_(select(below.c.id)))
    rows = (await session.execute(query)).all()
    ids = {r.actor_id for r in rows if r.actor_id} | {r.account_id for r in rows if r.account_id}
    people = {
        a.id: a
        for a in (await session.execute(select(Account).where(Account.id.in_(ids)))).scalars()
    }
    return [
        schemas.AccountChangeOut(
            at=r.at,
            actor=people[r.actor_id].display_name if r.actor_id in people else "",
            account=_who(people[r.account_id]) if r.account_id in people else "",
            org=orgs[r.org_id].name if r.org_id in orgs else "",
            action=levels.AUDIT_ACTIONS.get(r.action, r.action),
            detail=r.detail,
        )
        for r in rows
    ]
