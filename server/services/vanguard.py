"""先锋模范: 心愿树, 微捐赠 and 随手拍 — posting, the transitions of server.domain.vanguard, the branch
admin's approval queue, and the upper org's anti-farming audit."""

from __future__ import annotations

import base64
import binascii
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import and_, func, or_, select, true
from sqlalchemy.ext.asyncio import AsyncSession

from contract import limits, schemas
from server import messages
from server.db import ledger, notices
from server.db.models import (
    Account,
    Org,
    PointsLedger,
    SyncBackdated,
    VanguardEvent,
    VanguardItem,
)
from server.db.queries import branches_in_scope, display_names
from server.db.unit import Unit
from server.domain import points
from server.domain import vanguard as vg
from server.domain.clock import SHANGHAI, shanghai_day
from server.domain.errors import forbidden, not_found, refused, too_large
from server.domain.orgs import AccountKind, OrgKind
from server.services import account_admin, rates
from server.services.context import Act, Caller
from server.services.grants import earned_out
from server.services.orgs import org_ref

# The URL of each kind's collection.
PLURAL = {"wish": "wishes", "donation": "donations", "snapshot": "snapshots"}
# Who may post each kind (SPEC §6: the public or members post wishes; members the others).
POSTERS = {
    "wish": frozenset({AccountKind.MEMBER, AccountKind.PUBLIC}),
    "donation": frozenset({AccountKind.MEMBER}),
    "snapshot": frozenset({AccountKind.MEMBER}),
}
AUDIT_KINDS = (
    AccountKind.PROVINCE_ADMIN,
    AccountKind.COMMITTEE_ADMIN,
    AccountKind.GENERAL_BRANCH_ADMIN,
)
MAX_AUDIT_DAYS = 92


def _who(caller: Caller | None, item: VanguardItem) -> vg.Who:
    roles: set[vg.Actor] = set()
    me = caller.account_id if caller else 0
    if caller is not None:
        if me == item.poster_id:
            roles.add(vg.Actor.POSTER)
        if me == item.claimer_id:
            roles.add(vg.Actor.CLAIMER)
        in_branch = caller.org_id == item.branch_id
        if in_branch and caller.kind == AccountKind.MEMBER and me != item.poster_id:
            roles.add(vg.Actor.MEMBER)
        if in_branch and caller.kind == AccountKind.BRANCH_ADMIN:
            roles.add(vg.Actor.ADMIN)
    return vg.Who(frozenset(roles), me, item.poster_id, item.claimer_id)


def _visible(caller: Caller | None, item: VanguardItem, who: vg.Who) -> bool:
    if item.kind == "wish":
        return True  # 心愿树 is a 党群服务 page: anyone may browse it
    if who.roles & {vg.Actor.POSTER, vg.Actor.ADMIN}:
        return True
    published = item.state in vg.PUBLISHED
    return published and caller is not None and caller.org_id == item.branch_id


async def _outs(
    session: AsyncSession,
    items: list[VanguardItem],
    caller: Caller | None,
    *,
    history: bool = False,
) -> list[schemas.VanguardItemOut]:
    """The items as the caller sees them: names, branches and (with `history`) the events of all
    of them in one query each, whatever the number of items."""
    if not items:
        return []
    events: dict[int, list[VanguardEvent]] = {}
    if history:
        rows = await session.execute(
            select(VanguardEvent)
            .where(VanguardEvent.item_id.in_([i.id for i in items]))
            .order_by(VanguardEvent.at, VanguardEvent.id)
        )
        for e in rows.scalars():
            events.setdefault(e.item_id, []).append(e)
    ids = {i.poster_id for i in items} | {i.claimer_id for i in items if i.claimer_id}
    ids |= {e.actor_id for es in events.values() for e in es}
    names = await display_names(session, ids)
    orgs = await session.execute(select(Org).where(Org.id.in_({i.branch_id for i in items})))
    branches = {o.id: org_ref(o) for o in orgs.scalars()}
    return [_item_out(i, caller, names, branches[i.branch_id], events.get(i.id, [])) for i in items]


async def _out(
    session: AsyncSession, item: VanguardItem, caller: Caller | None, *, history: bool = False
) -> schemas.VanguardItemOut:
    return (await _outs(session, [item], caller, history=history))[0]


def _payee_name(flow: vg.Flow, item: VanguardItem, names: dict[int, str]) -> str | None:
    gets = vg.payee(flow, item.state)
    whom = item.poster_id if gets == vg.Gets.POSTER else item.claimer_id if gets else None
    return names.get(whom) if whom is not None else None


def _item_out(
    item: VanguardItem,
    caller: Caller | None,
    names: dict[int, str],
    branch: schemas.OrgRef,
    events: list[VanguardEvent],
) -> schemas.VanguardItemOut:
    flow = vg.FLOWS[item.kind]
    who = _who(caller, item)
    in_branch = caller is not None and caller.org_id == item.branch_id
    sees_contact = in_branch or vg.Actor.POSTER in who.roles
    actions = vg.available(flow, item.state, who) if caller else []
    return schemas.VanguardItemOut(
        id=item.id,
        kind=item.kind,
        kind_name=flow.name,
        branch=branch,
        title=item.title,
        body=item.body,
        contact=item.contact if sees_contact else None,
        image_type=item.image_type,
        state=item.state,
        state_name=flow.state_name(item.state),
        poster=names.get(item.poster_id, ""),
        claimer=names.get(item.claimer_id) if item.claimer_id else None,
        payee=_payee_name(flow, item, names),
        mine=vg.Actor.POSTER in who.roles,
        claimed_by_me=vg.Actor.CLAIMER in who.roles,
        reason=item.reason,
        created_at=item.created_at,
        updated_at=item.updated_at,
        actions=actions,
        action_names={a: flow.transitions[a].name for a in actions},
        needs_reason=[a for a in actions if flow.transitions[a].needs_reason],
        history=[
            schemas.VanguardEventOut(
                action=e.action,
                name=flow.transitions[e.action].name if e.action in flow.transitions else "发布",
                actor=names.get(e.actor_id, ""),
                at=e.at,
                note=e.note,
            )
            for e in events
        ],
    )


async def _get(session: AsyncSession, kind: str, item_id: int, caller: Caller | None,
               *, lock: bool = False) -> VanguardItem:  # fmt: skip
    query = select(VanguardItem).where(VanguardItem.id == item_id, VanguardItem.kind == kind)
    if lock:
        query = query.with_for_update()
    item = await session.scalar(query)
    if item is None or not _visible(caller, item, _who(caller, item)):
        raise not_found(
            "vanguard_not_found", messages.VANGUARD_NOT_FOUND.format(kind=vg.FLOWS[kind].name)
        )
    return item


def _image(body: schemas.VanguardIn, kind: str) -> tuple[bytes | None, str | None]:
    if body.image_base64 is None or kind != "snapshot":
        return None, None
    try:
        content = base64.b64decode(body.image_base64, validate=True)
    except (binascii.Error, ValueError):
        raise refused("image_bad_encoding", messages.IMAGE_BAD_ENCODING) from None
    if len(content) > limits.MAX_IMAGE_BYTES:
        raise too_large("image_too_large", messages.IMAGE_TOO_LARGE.format(limit="512 KiB"))
    image_type = limits.image_type(content)
    if image_type is None:
        raise refused("image_bad_type", messages.IMAGE_BAD_TYPE)
    return content, image_type


def kind_names(kind: str) -> tuple[str, list[str]]:
    """The Chinese name of a kind and of its transitions (the routes' summaries)."""
    flow = vg.FLOWS[kind]
    return flow.name, [t.name for t in flow.transitions.values()]


async def post(
    uow: Unit, act: Act, kind: str, body: schemas.VanguardIn
) -> schemas.VanguardActionOut:
    """A new wish, donation notice or 随手拍 of the caller's branch (the public name one)."""
    caller, now = act.caller, act.now
    flow = vg.FLOWS[kind]
    if caller.kind not in POSTERS[kind]:
        raise forbidden(
            "vanguard_post_forbidden", messages.VANGUARD_POST_FORBIDDEN.format(kind=flow.name)
        )
    if not body.title.strip() or not body.body.strip():
        raise refused("vanguard_empty", messages.VANGUARD_EMPTY)
    image, image_type = _image(body, kind)
    async with uow.write() as session:
        await rates.spend(uow, act, "vanguard_post")
        branch_id = caller.org_id
        if caller.kind == AccountKind.PUBLIC:
            if body.branch_id is None:
                raise refused("vanguard_branch_required", messages.VANGUARD_BRANCH_REQUIRED)
            branch = await session.get(Org, body.branch_id)
            if branch is None or branch.kind != OrgKind.BRANCH.value:
                raise refused("vanguard_branch_unknown", messages.VANGUARD_BRANCH_UNKNOWN)
            branch_id = branch.id
        assert branch_id is not None
        item = VanguardItem(
            kind=kind, branch_id=branch_id, poster_id=caller.account_id, title=body.title.strip(),
            body=body.body.strip(), contact=(body.contact or "").strip() or None if kind == "wish" else None,
            image=image, image_type=image_type, state=vg.FIRST_STATE[kind], created_at=now,
            updated_at=now,
        )  # fmt: skip
        session.add(item)
        await session.flush()
        session.add(
            VanguardEvent(item_id=item.id, branch_id=branch_id, action="post",
                          actor_id=caller.account_id, at=now)
        )  # fmt: skip
        if kind != "wish":  # donations and 随手拍 wait for the branch admin
            who = await session.get(Account, caller.account_id)
            text = messages.NOTICE_VANGUARD_WAITING.format(
                who=who.display_name if who else "", kind=flow.name, title=item.title, action="审核"
            )
            await notices.tell(session, await notices.admins_of(session, branch_id), text,
                               f"{kind}:{item.id}", now)  # fmt: skip
        await session.flush()
        message = messages.WISH_POSTED if kind == "wish" else messages.VANGUARD_POSTED
        return schemas.VanguardActionOut(
            message=message, item=await _out(session, item, caller, history=True)
        )


async def transition(
    uow: Unit, act: Act, kind: str, item_id: int, action: str, reason: str | None
) -> schemas.VanguardActionOut:
    """Take one transition of the item's flow; grant its points, audited, in the same
    transaction."""
    caller, now = act.caller, act.now
    flow = vg.FLOWS[kind]
    async with uow.write() as session:
        item = await _get(session, kind, item_id, caller, lock=True)
        t = vg.check(flow, item.state, action, _who(caller, item))
        note = (reason or "").strip() or None
        if t.needs_reason and note is None:
            raise refused("vanguard_reason", messages.VANGUARD_REASON)
        if action == "claim":
            item.claimer_id = caller.account_id
        elif action == "release":
            item.claimer_id = None
        if t.needs_reason:
            item.reason = note
        item.state = t.target
        item.updated_at = now
        grant = None
        beneficiary = (
            item.poster_id
            if t.gets == vg.Gets.POSTER
            else item.claimer_id
            if t.gets == vg.Gets.CLAIMER
            else None
        )
        if t.points is not None and beneficiary is not None:
            # The same approval never pays twice, whoever replays it: the key is the item's.
            grant = await ledger.grant(
                session, await uow.lock(beneficiary), t.points, at=now, source=(kind, str(item.id)),
                idempotency_key=f"{kind}-{item.id}-{action}", late=act.late,
            )  # fmt: skip
        session.add(
            VanguardEvent(
                item_id=item.id, branch_id=item.branch_id, action=action,
                actor_id=caller.account_id, at=now, note=note,
                beneficiary_id=beneficiary if t.points else None, rule=t.points,
                points=grant.points if grant else 0,
            )
        )  # fmt: skip
        await _announce(session, flow, item, t, caller, note, now)
        await session.flush()
        out = await _out(session, item, caller, history=True)
        # The toast names who earned the points: the poster or the claimer, not the admin.
        earned_by = (
            (await display_names(session, {beneficiary})).get(beneficiary)
            if grant is not None and beneficiary is not None
            else None
        )
    return schemas.VanguardActionOut(
        message=messages.VANGUARD_DONE.format(action=t.name, title=item.title),
        item=out,
        earned=earned_out(grant) if grant is not None else None,
        earned_by=earned_by,
    )


async def _announce(
    session: AsyncSession,
    flow: vg.Flow,
    item: VanguardItem,
    t: vg.Transition,
    caller: Caller,
    note: str | None,
    at: datetime,
) -> None:
    """Tell whom a transition concerns: the poster or claimer of an admin's answer, the poster of
    a claim, the admin of what now waits for them."""
    link = f"{item.kind}:{item.id}"
    if t.actor == vg.Actor.ADMIN:
        whom = item.claimer_id if item.kind == "wish" else item.poster_id
        template = messages.NOTICE_VANGUARD_REASON if note else messages.NOTICE_VANGUARD
        text = template.format(kind=flow.name, title=item.title, action=t.name, reason=note)
        await notices.tell(session, [whom] if whom else [], text, link, at)
        return
    who = await session.get(Account, caller.account_id)
    name = who.display_name if who else ""
    if t.code == "claim":
        text = messages.NOTICE_WISH_CLAIMED.format(title=item.title, who=name)
        await notices.tell(session, [item.poster_id], text, link, at)
    elif (item.kind, item.state) in vg.QUEUE:
        text = messages.NOTICE_VANGUARD_WAITING.format(
            who=name, kind=flow.name, title=item.title, action="确认"
        )
        await notices.tell(
            session, await notices.admins_of(session, item.branch_id), text, link, at
        )


async def _list(
    session: AsyncSession,
    kind: str,
    caller: Caller | None,
    branch_id: int | None,
    state: str | None,
) -> list[schemas.VanguardItemOut]:
    query = select(VanguardItem).where(VanguardItem.kind == kind)
    if branch_id is not None:
        query = query.where(VanguardItem.branch_id == branch_id)
    if state is not None:
        query = query.where(VanguardItem.state == state)
    if kind != "wish" and (caller is None or caller.kind != AccountKind.BRANCH_ADMIN):
        # What `_visible` lets a member see of their branch: the published, and their own.
        mine = VanguardItem.poster_id == (caller.account_id if caller else 0)
        query = query.where(or_(VanguardItem.state.in_(vg.PUBLISHED), mine))
    items = (await session.execute(query.order_by(VanguardItem.id.desc()).limit(500))).scalars()
    return await _outs(session, list(items), caller)


def _check_state(kind: str, state: str | None) -> None:
    if state is not None and state not in vg.FLOWS[kind].states:
        raise refused("invalid_request", messages.INVALID_REQUEST.format(detail=f"state={state}"))


async def wishes(
    uow: Unit, caller: Caller | None, branch_id: int | None, state: str | None
) -> list[schemas.VanguardItemOut]:
    """心愿树: open to visitors; the contact only for the wish's branch and its poster."""
    _check_state("wish", state)
    async with uow.read() as session:
        return await _list(session, "wish", caller, branch_id, state)


def _branch_only(caller: Caller, kind: str) -> int:
    if caller.kind not in (AccountKind.MEMBER, AccountKind.BRANCH_ADMIN) or caller.org_id is None:
        raise forbidden(
            "vanguard_branch_only", messages.VANGUARD_BRANCH_ONLY.format(kind=vg.FLOWS[kind].name)
        )
    return caller.org_id


async def of_branch(
    uow: Unit, caller: Caller, kind: str, state: str | None
) -> list[schemas.VanguardItemOut]:
    """微捐赠 or 随手拍 of the caller's branch: published ones, and the caller's own (the admin:
    all)."""
    _check_state(kind, state)
    branch = _branch_only(caller, kind)
    async with uow.read() as session:
        return await _list(session, kind, caller, branch, state)


async def branches(uow: Unit) -> list[schemas.OrgRef]:
    """The branches whose 心愿树 a wish may hang on (the public choose one when posting)."""
    async with uow.read() as session:
        rows = await session.execute(
            select(Org)
            .where(Org.kind == OrgKind.BRANCH.value)
            .order_by(Org.parent_id, Org.sort, Org.id)
        )
        return [org_ref(o) for o in rows.scalars()]


async def queue(uow: Unit, caller: Caller) -> list[schemas.VanguardItemOut]:
    """The branch admin's work: what waits for their approval or confirmation, oldest first."""
    if caller.kind != AccountKind.BRANCH_ADMIN:
        raise forbidden("vanguard_forbidden", messages.VANGUARD_ACTOR["admin"])
    waiting = or_(*(and_(VanguardItem.kind == k, VanguardItem.state == s) for k, s in vg.QUEUE))
    async with uow.read() as session:
        items = await session.execute(
            select(VanguardItem)
            .where(VanguardItem.branch_id == caller.org_id, waiting)
            .order_by(VanguardItem.updated_at, VanguardItem.id)
        )
        return await _outs(session, list(items.scalars()), caller, history=True)


async def detail(
    uow: Unit, caller: Caller | None, kind: str, item_id: int
) -> schemas.VanguardItemOut:
    async with uow.read() as session:
        item = await _get(session, kind, item_id, caller)
        return await _out(session, item, caller, history=True)


async def snapshot_image(uow: Unit, caller: Caller, item_id: int) -> schemas.VanguardImageOut:
    async with uow.read() as session:
        item = await _get(session, "snapshot", item_id, caller)
        if item.image is None or item.image_type is None:
            raise not_found("image_not_found", messages.NOT_FOUND)
        return schemas.VanguardImageOut(
            image_type=item.image_type, content_base64=base64.b64encode(item.image).decode()
        )


# The anti-farming audit ---------------------------------------------------------------------


async def audit(
    uow: Unit,
    caller: Caller,
    today: date,
    since: date | None,
    until: date | None,
    min_caps: int,
    min_days: int,
    days: int,
) -> schemas.AuditOut:
    """For an upper org: every points-bearing approval in its branches (who, what, whom, when),
    approvals per admin per day, and the members whose daily points hit `min_caps` or more caps
    on `min_days` or more consecutive days. Default: the last `days` (30) days up to today."""
    if caller.kind not in AUDIT_KINDS:
        raise forbidden("audit_forbidden", messages.AUDIT_FORBIDDEN)
    until = until or today
    since = since or until - timedelta(days=days - 1)
    if since > until or (until - since).days >= MAX_AUDIT_DAYS:
        raise refused("audit_range", messages.AUDIT_RANGE.format(days=MAX_AUDIT_DAYS))
    start = datetime.combine(since, datetime.min.time(), tzinfo=SHANGHAI)
    end = datetime.combine(until + timedelta(days=1), datetime.min.time(), tzinfo=start.tzinfo)
    async with uow.read() as session:
        everything = caller.kind == AccountKind.PROVINCE_ADMIN
        all_orgs, branches = await branches_in_scope(session, caller.org_id, everything=everything)
        changes = await account_admin.changes(session, caller, all_orgs, start, end)
        rows = (
            await session.execute(
                select(VanguardEvent, VanguardItem.kind, VanguardItem.title)
                .join(VanguardItem, VanguardItem.id == VanguardEvent.item_id)
                .where(
                    VanguardEvent.rule.is_not(None),
                    _among(VanguardEvent.branch_id, branches, everything),
                    VanguardEvent.at >= start,
                    VanguardEvent.at < end,
                )
                .order_by(VanguardEvent.at.desc(), VanguardEvent.id.desc())
            )
        ).all()
        ids = {e.actor_id for e, _, _ in rows} | {
            e.beneficiary_id for e, _, _ in rows if e.beneficiary_id
        }
        capped = await _capped(session, branches, everything, since, until, min_caps, min_days)
        ids |= {c[0] for c in capped}
        backdated = await _backdated(session, branches, everything, start, end)
        ids |= {b[1] for b in backdated}
        names = await display_names(session, ids)
        accounts_branch = dict(
            (
                await session.execute(select(Account.id, Account.org_id).where(Account.id.in_(ids)))
            ).all()
        )
    per_day: dict[tuple[str, int, int], list[int]] = {}
    for e, _, _ in rows:
        key = (shanghai_day(e.at).isoformat(), e.actor_id, e.branch_id)
        per_day.setdefault(key, [0, 0])
        per_day[key][0] += 1
        per_day[key][1] += e.points
    return schemas.AuditOut(
        since=since.isoformat(),
        until=until.isoformat(),
        per_admin_day=[
            schemas.AdminDayOut(
                day=day, admin=names.get(admin, ""), branch=branches[b].name, approvals=n, points=p
            )
            for (day, admin, b), (n, p) in sorted(
                per_day.items(), key=lambda kv: (kv[0][0], kv[0][1]), reverse=True
            )
        ],  # fmt: skip
        approvals=[
            schemas.ApprovalOut(
                at=e.at,
                admin=names.get(e.actor_id, ""),
                branch=branches[e.branch_id].name,
                kind_name=vg.FLOWS[kind].name,
                action=vg.FLOWS[kind].transitions[e.action].name,
                title=title,
                beneficiary=names.get(e.beneficiary_id or 0, ""),
                rule=points.RULES[e.rule].name if e.rule else "",
                points=e.points,
            )  # fmt: skip
            for e, kind, title in rows[:500]
        ],
        capped=[
            schemas.CappedMemberOut(
                account_id=account,
                name=names.get(account, ""),
                branch=branches[b].name
                if (b := accounts_branch.get(account)) is not None and b in branches
                else "",
                days=[d.isoformat() for d in days],
                longest_run=run,
            )  # fmt: skip
            for account, days, run in capped
        ],
        min_caps=min_caps,
        min_days=min_days,
        backdated=[
            schemas.BackdatedPushOut(
                pushed_at=pushed_at,
                account_id=account,
                name=names.get(account, ""),
                branch=branches[b].name
                if (b := accounts_branch.get(account)) is not None and b in branches
                else "",
                days=[d.isoformat() for d in sorted(days)],
                points=sum(days.values()),
            )  # fmt: skip
            for pushed_at, account, days in backdated[:500]
        ],
        account_changes=changes,
    )


def _among(column: Any, branches: dict[int, Org], everything: bool) -> Any:
    """`column` is one of these branches; for the province no filter at all (a province's
    100,000 branch ids would pass PostgreSQL's 32,767 bound parameters)."""
    return true() if everything else column.in_(list(branches))


async def _backdated(
    session: AsyncSession,
    branches: dict[int, Org],
    everything: bool,
    start: datetime,
    end: datetime,
) -> list[tuple[datetime, int, dict[date, int]]]:
    """Pushes that credited days before their own (server.services.sync), newest first: when,
    who, and the points per earlier day."""
    rows = await session.execute(
        select(SyncBackdated.pushed_at, SyncBackdated.account_id, SyncBackdated.client_id,
               SyncBackdated.day, func.sum(SyncBackdated.points))
        .join(Account, Account.id == SyncBackdated.account_id)
        .where(
            _among(Account.org_id, branches, everything),
            SyncBackdated.pushed_at >= start,
            SyncBackdated.pushed_at < end,
        )
        .group_by(SyncBackdated.pushed_at, SyncBackdated.account_id, SyncBackdated.client_id,
                  SyncBackdated.day)
    )  # fmt: skip
    pushes: dict[tuple[datetime, int, str], dict[date, int]] = {}
    for pushed_at, account, client, day, total in rows.all():
        pushes.setdefault((pushed_at, account, client), {})[day] = int(total)
    return [
        (pushed_at, account, days)
        for (pushed_at, account, _), days in sorted(pushes.items(), reverse=True)
    ]


async def _capped(
    session: AsyncSession, branches: dict[int, Org], everything: bool, since: date, until: date,
    min_caps: int, min_days: int,
) -> list[tuple[int, list[date], int]]:  # fmt: skip
    """Members with `min_caps` or more daily caps reached on `min_days` or more days in a row."""
    daily = {code: r.cap for code, r in points.RULES.items() if r.period is points.Period.DAY}
    rows = await session.execute(
        select(
            PointsLedger.account_id,
            PointsLedger.day,
            PointsLedger.code,
            func.sum(PointsLedger.points),
        )
        .join(Account, Account.id == PointsLedger.account_id)
        .where(
            Account.kind == AccountKind.MEMBER.value,
            _among(Account.org_id, branches, everything),
            PointsLedger.day >= since,
            PointsLedger.day <= until,
            PointsLedger.code.in_(list(daily)),
        )
        .group_by(PointsLedger.account_id, PointsLedger.day, PointsLedger.code)
    )
    caps: dict[int, dict[date, int]] = {}
    for account, day, code, total in rows.all():
        if int(total) >= daily[code]:
            caps.setdefault(account, {}).setdefault(day, 0)
            caps[account][day] += 1
    out = []
    for account, by_day in caps.items():
        days = sorted(d for d, n in by_day.items() if n >= min_caps)
        runs: list[list[date]] = []
        run: list[date] = []
        for d in days:
            if run and d - run[-1] != timedelta(days=1):
                runs.append(run)
                run = []
            run.append(d)
        if run:
            runs.append(run)
        long_runs = [r for r in runs if len(r) >= min_days]
        if long_runs:
            out.append((account, [d for r in long_runs for d in r], max(len(r) for r in long_runs)))
    return sorted(out, key=lambda x: (-x[2], x[0]))
