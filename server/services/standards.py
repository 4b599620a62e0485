"""学标对标 (the six fields' standards, loaded as files), 对标 (a branch's self-check per item,
and the upper org's overview of its subtree) and 标准化专栏 (the province's column), issue 18.

Rules as data are `server.domain.standards`. The overview is computed in a handful of
set-based statements over the subtree (a recursive select of its orgs), never per branch.

Where items change (for a search index): `load` creates, changes and removes items (one
transaction per file); `documents` yields every current item.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Float, and_, case, cast, delete, func, literal, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from contract import schemas
from server import messages
from server.db.models import (
    Account,
    Article,
    ColumnEntry,
    Org,
    StandardCheck,
    StandardItem,
    StandardSet,
)
from server.db.queries import insert_if_absent, org_path
from server.db.unit import Unit
from server.domain import publishing as publishing_rules
from server.domain import standards as rules
from server.domain.errors import conflict, forbidden, not_found, refused
from server.domain.orgs import BRANCH_FIELD_NAMES, AccountKind, BranchField, OrgKind
from server.services import search
from server.services.context import Caller
from server.services.orgs import org_ref, require_in_scope

I = StandardItem.__table__.c  # noqa: E741
C = StandardCheck.__table__.c
O = Org.__table__.c  # noqa: E741


def _field(code: str) -> BranchField:
    if code not in {f.value for f in BranchField}:
        raise not_found("field_unknown", messages.STANDARD_FIELD_UNKNOWN.format(code=code))
    return BranchField(code)


def _own_branch(caller: Caller) -> Any:
    """The caller's branch row of its org path (members and branch admins), or None."""
    path = caller.org_path
    if caller.kind in (AccountKind.MEMBER, AccountKind.BRANCH_ADMIN) and path:
        if path[-1].kind == OrgKind.BRANCH.value:
            return path[-1]
    return None


def _ref(row: Any) -> schemas.OrgRef:
    return org_ref(row)


# --- reading ---------------------------------------------------------------------------------


async def fields(uow: Unit, caller: Caller) -> schemas.StandardsOut:
    """The six fields, the caller's branch's own first, each with its standard's title."""
    branch = _own_branch(caller)
    async with uow.read() as session:
        own = None
        if branch is not None:
            own = (await session.execute(select(O.field).where(O.id == branch.id))).scalar()
        sets = {s.field: s for s in (await session.execute(select(StandardSet))).scalars()}
        counts: dict[str, int] = dict(
            (
                await session.execute(
                    select(I.field, func.count()).where(I.removed_at.is_(None)).group_by(I.field)
                )
            ).all()
        )
    out = []
    for f, name in BRANCH_FIELD_NAMES.items():
        s = sets.get(f.value)
        out.append(
            schemas.StandardFieldOut(
                field=f.value, name=name, title=s.title if s else None,
                version=s.version if s else None, loaded_at=s.loaded_at if s else None,
                items=int(counts.get(f.value, 0)), own=f.value == own,
            )
        )  # fmt: skip
    out.sort(key=lambda x: not x.own)
    return schemas.StandardsOut(
        fields=out,
        branch=_ref(branch) if branch is not None else None,
        may_load=caller.kind in rules.LOADERS,
        may_overview=caller.kind in rules.OVERSEERS,
        may_curate=caller.kind in rules.CURATORS,
    )


async def _whose_checks(session: AsyncSession, caller: Caller, branch_id: int | None) -> Any:
    """The branch whose self-checks are shown: the caller's own by default; an upper org may
    name a branch in its scope (404/403 otherwise); a member or branch admin only its own."""
    if branch_id is None:
        return _own_branch(caller)
    own = _own_branch(caller)
    if own is not None and own.id == branch_id:
        return own
    if caller.kind not in rules.OVERSEERS:
        raise forbidden("standards_forbidden", messages.STANDARD_OVERVIEW_FORBIDDEN)
    path = await require_in_scope(session, caller, branch_id)
    if path[-1].kind != OrgKind.BRANCH.value:
        raise not_found("branch_not_found", messages.ORG_NOT_FOUND)
    return path[-1]


def _check_out(mark: str, note: str, by: str, at: datetime) -> schemas.StandardCheckOut:
    m = rules.Mark(mark)
    return schemas.StandardCheckOut(
        mark=m.value, mark_name=rules.MARK_NAMES[m], sign=rules.MARK_SIGNS[m], note=note,
        by=by, at=at,
    )  # fmt: skip


async def detail(
    uow: Unit, caller: Caller, field_code: str, branch_id: int | None
) -> schemas.StandardDetailOut:
    """One field's standard by aspect; with a branch's self-checks when the caller has a
    branch of that field, or an upper org names one."""
    fld = _field(field_code)
    async with uow.read() as session:
        branch = await _whose_checks(session, caller, branch_id)
        branch_field = None
        if branch is not None:
            branch_field = (
                await session.execute(select(O.field).where(O.id == branch.id))
            ).scalar()
        std = await session.get(StandardSet, fld.value)
        col = ColumnEntry.__table__.c
        q = (
            select(I.id, I.number, I.aspect, I.title, I.text, I.sort, col.id.label("entry"))
            .outerjoin(ColumnEntry, col.item_id == I.id)
            .where(I.field == fld.value, I.removed_at.is_(None))
        )
        items = (await session.execute(q)).all()
        checks: dict[int, Any] = {}
        # A branch's checks show on its own field only (those of a field it left stay aside).
        if branch is not None and branch_field == fld.value:
            a = Account.__table__.c
            rows = await session.execute(
                select(C.item_id, C.mark, C.note, C.checked_at, a.display_name)
                .join(Account, a.id == C.account_id)
                .join(StandardItem, StandardItem.id == C.item_id)
                .where(C.branch_id == branch.id, I.field == fld.value)
            )
            checks = {r.item_id: r for r in rows}
    by_aspect: dict[rules.Aspect, list[schemas.StandardItemOut]] = {a: [] for a in rules.Aspect}
    for r in sorted(items, key=lambda r: (rules.ASPECT_ORDER[rules.Aspect(r.aspect)], r.sort)):
        c = checks.get(r.id)
        aspect = rules.Aspect(r.aspect)
        by_aspect[aspect].append(
            schemas.StandardItemOut(
                id=r.id, number=r.number, aspect=aspect.value,
                aspect_name=rules.ASPECT_NAMES[aspect], title=r.title, text=r.text,
                check=_check_out(c.mark, c.note, c.display_name, c.checked_at) if c else None,
                in_column=r.entry is not None,
            )
        )  # fmt: skip

    def count(xs: list[schemas.StandardItemOut], mark: rules.Mark) -> int:
        return sum(1 for x in xs if x.check is not None and x.check.mark == mark.value)

    may_check = (
        branch is not None
        and caller.kind in rules.CHECKERS
        and caller.org_id == branch.id
        and branch_field == fld.value
    )
    return schemas.StandardDetailOut(
        field=fld.value,
        name=BRANCH_FIELD_NAMES[fld],
        title=std.title if std else None,
        version=std.version if std else None,
        loaded_at=std.loaded_at if std else None,
        branch=_ref(branch) if branch is not None and branch_field == fld.value else None,
        may_check=may_check,
        may_curate=caller.kind in rules.CURATORS,
        aspects=[
            schemas.StandardAspectOut(
                code=a.value,
                name=rules.ASPECT_NAMES[a],
                items=xs,
                met=count(xs, rules.Mark.MET),
                partly=count(xs, rules.Mark.PARTLY),
                not_yet=count(xs, rules.Mark.NOT_YET),
            )
            for a, xs in by_aspect.items()
            if xs
        ],  # fmt: skip
        marks=[schemas.PositionOut(code=m.value, name=n) for m, n in rules.MARK_NAMES.items()],
    )


async def documents(uow: Unit) -> AsyncIterator[tuple[int, str, str]]:
    """(item id, title, text) for every current standards item: the hook a search index
    reads. Its title names the field and number, e.g. "农村 1.1 理论学习"."""
    async with uow.read() as session:
        rows = await session.execute(
            select(I.id, I.field, I.number, I.title, I.text)
            .where(I.removed_at.is_(None))
            .order_by(I.id)
        )
        for r in rows:
            name = BRANCH_FIELD_NAMES[BranchField(r.field)]
            yield r.id, f"{name} {r.number} {r.title}", r.text


# --- loading ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Loader:
    """Who loads a standard: an account (over HTTP, or the CLI's --as) or the CLI operator."""

    account_id: int | None


def loader(caller: Caller) -> Loader:
    if caller.kind not in rules.LOADERS:
        raise forbidden("standard_load_forbidden", messages.STANDARD_LOAD_FORBIDDEN)
    return Loader(caller.account_id)


async def cli_loader(uow: Unit, username: str | None, org_code: str | None) -> Loader:
    """`--as USERNAME` (a 省委组织部 admin) or `--org CODE` (the province's code)."""
    async with uow.read() as session:
        if username:
            account = await session.scalar(select(Account).where(Account.username == username))
            if account is None:
                raise not_found(
                    "account_not_found", messages.PUBLISH_ACCOUNT_UNKNOWN.format(username=username)
                )
            if AccountKind(account.kind) not in rules.LOADERS:
                raise forbidden("standard_load_forbidden", messages.STANDARD_LOAD_FORBIDDEN)
            return Loader(account.id)
        org = await session.scalar(select(Org).where(Org.code == (org_code or "")))
        if org is None:
            raise not_found("org_not_found", messages.PUBLISH_ORG_UNKNOWN.format(code=org_code))
        if org.kind != OrgKind.PROVINCE.value:
            raise forbidden("standard_load_forbidden", messages.STANDARD_LOAD_FORBIDDEN)
        return Loader(None)


async def load(uow: Unit, who: Loader, text: str, now: datetime) -> schemas.StandardLoadOut:
    """A field's standard from its file: every problem first (nothing stored on any); then,
    by number, new items added, changed ones updated (their self-checks kept), numbers no
    longer in the file removed (kept aside with their checks; a later version that has the
    number again brings it back)."""
    try:
        parsed = rules.parse(text)
    except rules.Problem as e:
        raise refused(
            "standard_refused", messages.STANDARD_REFUSED.format(problems=";".join(e.problems))
        ) from e
    fld = parsed.field.value
    async with uow.write() as session:
        created = await insert_if_absent(
            session, StandardSet, field=fld, title=parsed.title, version=parsed.version,
            loaded_at=now, loaded_by=who.account_id,
        )  # fmt: skip
        # Two loads of one field take turns on its row (SQLite has one writer anyway).
        std = (
            await session.execute(
                select(StandardSet).where(StandardSet.field == fld).with_for_update()
            )
        ).scalar_one()
        if not created:
            std.title, std.version = parsed.title, parsed.version
            std.loaded_at, std.loaded_by = now, who.account_id
        existing = {
            r.number: r
            for r in (
                await session.execute(select(StandardItem).where(StandardItem.field == fld))
            ).scalars()
        }
        added = changed = removed = 0
        for item in parsed.items:
            row = existing.pop(item.number, None)
            if row is None:
                session.add(
                    StandardItem(
                        field=fld, number=item.number, aspect=item.aspect.value, sort=item.sort,
                        title=item.title, text=item.text, updated_at=now,
                    )
                )  # fmt: skip
                added += 1
                continue
            new = (item.aspect.value, item.title, item.text)
            if (row.aspect, row.title, row.text) != new or row.removed_at is not None:
                row.aspect, row.title, row.text = new
                row.updated_at, row.removed_at = now, None
                changed += 1
            row.sort = item.sort
        for row in existing.values():
            if row.removed_at is None:
                row.removed_at = now
                removed += 1
        await session.flush()
        await search.index_standard_field(session, fld)
    name = BRANCH_FIELD_NAMES[parsed.field]
    return schemas.StandardLoadOut(
        field=fld, name=name, title=parsed.title, added=added, changed=changed, removed=removed,
        message=messages.STANDARD_LOADED.format(
            field=name, title=parsed.title, added=added, changed=changed, removed=removed
        ),
    )  # fmt: skip


# --- 对标: the self-check --------------------------------------------------------------------


async def check(
    uow: Unit, caller: Caller, item_id: int, mark: str, note: str, now: datetime
) -> schemas.StandardItemOut:
    """The caller's branch's self-check of one item of its own field (its admin only)."""
    if mark not in {m.value for m in rules.Mark}:
        raise refused("mark_unknown", messages.STANDARD_MARK_UNKNOWN)
    note = note.strip()
    if len(note) > rules.NOTE_MAX:
        raise refused("note_too_long", messages.STANDARD_NOTE_TOO_LONG.format(n=rules.NOTE_MAX))
    branch = _own_branch(caller)
    if caller.kind not in rules.CHECKERS or branch is None:
        raise forbidden("standard_check_forbidden", messages.STANDARD_CHECK_FORBIDDEN)
    async with uow.write() as session:
        item = await session.get(StandardItem, item_id)
        if item is None or item.removed_at is not None:
            raise not_found("standard_item_not_found", messages.STANDARD_ITEM_NOT_FOUND)
        own = (await session.execute(select(O.field).where(O.id == branch.id))).scalar()
        if own is None:
            raise conflict("branch_no_field", messages.STANDARD_CHECK_NO_FIELD)
        if own != item.field:
            raise forbidden(
                "standard_other_field",
                messages.STANDARD_CHECK_OTHER_FIELD.format(
                    item_field=BRANCH_FIELD_NAMES[BranchField(item.field)],
                    field=BRANCH_FIELD_NAMES[BranchField(own)],
                ),
            )
        values = {"mark": mark, "note": note, "account_id": caller.account_id, "checked_at": now}
        # Two admins of one branch saving at once: one inserts, the other updates after it.
        if not await insert_if_absent(
            session, StandardCheck, branch_id=branch.id, item_id=item.id, **values
        ):
            await session.execute(
                update(StandardCheck)
                .where(StandardCheck.branch_id == branch.id, StandardCheck.item_id == item.id)
                .values(**values)
            )
        entry = await session.scalar(select(ColumnEntry.id).where(ColumnEntry.item_id == item.id))
        await session.flush()
        aspect = rules.Aspect(item.aspect)
        return schemas.StandardItemOut(
            id=item.id, number=item.number, aspect=aspect.value,
            aspect_name=rules.ASPECT_NAMES[aspect], title=item.title, text=item.text,
            check=_check_out(mark, note, caller.display_name or caller.username, now),
            in_column=entry is not None,
        )  # fmt: skip


# --- 对标: the upper org's overview ------------------------------------------------------------


# A subtree of at most this many branches is named by its ids (PostgreSQL then estimates it
# well and probes the checks' primary key per branch); a larger one by the recursive select.
_IDS_AT_MOST = 5000


async def _subtree(session: AsyncSession, root_id: int, everything: bool) -> Any:
    """The branches of the subtree (id, name, field, sort) as a CTE: every branch for the
    province; else those below the org, by their ids (one recursive read) or, for a large
    subtree, by the recursive select itself."""
    branch = O.kind == OrgKind.BRANCH.value
    cols = (O.id, O.name, O.field, O.sort)
    if everything:
        return select(*cols).where(branch).cte("sub_b")
    down = select(O.id).where(O.id == root_id).cte("sub_down", recursive=True)
    down = down.union_all(select(O.id).where(O.parent_id == down.c.id))
    under = select(O.id).join(down, down.c.id == O.id).where(branch)
    ids = list((await session.execute(under.limit(_IDS_AT_MOST + 1))).scalars())
    if len(ids) <= _IDS_AT_MOST:
        return select(*cols).where(O.id.in_(ids or [0])).cte("sub_b")
    return select(*cols).join(down, down.c.id == O.id).where(branch).cte("sub_b")


def _n(column: Any, mark: rules.Mark) -> Any:
    return func.coalesce(func.sum(case((column == mark.value, 1), else_=0)), 0)


async def overview(
    uow: Unit, caller: Caller, org_id: int | None, page: int
) -> schemas.StandardsOverviewOut:
    """For the caller's org (or an org in its scope): each aspect's share of (branch, item)
    pairs marked 达标, the items most often marked 部分达标/未达标, and a page of branches with
    their completion, least met first. An item counts for a branch of its own field only.

    Two passes over the subtree's checks, whatever its size: one grouped by (item, mark) —
    the aspects' figures and the worst items follow from it and the few items — and one per
    branch for the page (its counts by window in the same statement)."""
    if caller.kind not in rules.OVERSEERS or caller.org_id is None:
        raise forbidden("standards_overview_forbidden", messages.STANDARD_OVERVIEW_FORBIDDEN)
    target = org_id or caller.org_id
    active = I.removed_at.is_(None)
    async with uow.read() as session:
        path = await require_in_scope(session, caller, target)
        org = path[-1]
        b = await _subtree(session, org.id, org.kind == OrgKind.PROVINCE.value)
        items = {
            r.id: r
            for r in await session.execute(
                select(I.id, I.field, I.number, I.title, I.aspect).where(active)
            )
        }
        per_field: dict[str | None, int] = dict(
            (await session.execute(select(b.c.field, func.count()).group_by(b.c.field))).all()
        )
        own_item = and_(StandardItem.id == C.item_id, I.field == b.c.field, active)
        marks = (
            await session.execute(
                select(C.item_id, C.mark, func.count())
                .select_from(StandardCheck)
                .join(b, b.c.id == C.branch_id)
                .join(StandardItem, own_item)
                .group_by(C.item_id, C.mark)
            )
        ).all()
        per_branch = (
            select(C.branch_id, func.count().label("checked"),
                   _n(C.mark, rules.Mark.MET).label("met"),
                   _n(C.mark, rules.Mark.PARTLY).label("partly"),
                   _n(C.mark, rules.Mark.NOT_YET).label("not_yet"))
            .join(b, b.c.id == C.branch_id)
            .join(StandardItem, own_item)
            .group_by(C.branch_id)
            .subquery()
        )  # fmt: skip
        items_f = (
            select(I.field, func.count().label("k")).where(active).group_by(I.field).subquery()
        )
        met = func.coalesce(per_branch.c.met, 0)
        total = func.coalesce(items_f.c.k, 0)
        share = cast(met, Float) / func.coalesce(func.nullif(total, 0), literal(1))
        wanted = min(max(page, 1), 10_000)
        rows = (
            await session.execute(
                select(b.c.id, b.c.name, b.c.field, total.label("total"),
                       func.coalesce(per_branch.c.checked, 0).label("checked"), met.label("met"),
                       func.coalesce(per_branch.c.partly, 0).label("partly"),
                       func.coalesce(per_branch.c.not_yet, 0).label("not_yet"),
                       func.count().over().label("n_branches"),
                       func.count(per_branch.c.branch_id).over().label("n_checked"))
                .select_from(b)
                .outerjoin(per_branch, per_branch.c.branch_id == b.c.id)
                .outerjoin(items_f, items_f.c.field == b.c.field)
                .order_by(share, b.c.sort, b.c.id)
                .limit(rules.BRANCH_PAGE)
                .offset((wanted - 1) * rules.BRANCH_PAGE)
            )
        ).all()  # fmt: skip
        if rows:
            branches, branches_checked = int(rows[0].n_branches), int(rows[0].n_checked)
        else:  # past the last page (or none): count them once more
            branches = sum(int(n) for n in per_field.values())
            branches_checked = int(
                (await session.execute(select(func.count()).select_from(per_branch))).scalar_one()
            )
        pages = max(1, -(-branches // rules.BRANCH_PAGE))
        if wanted > pages and branches:  # a page past the end: the last one
            return await overview(uow, caller, org_id, pages)

    def field_name(code: str | None) -> str | None:
        return BRANCH_FIELD_NAMES[BranchField(code)] if code in set(BRANCH_FIELD_NAMES) else None

    by_aspect: dict[tuple[str, str], int] = {}
    bad: dict[int, dict[str, int]] = {}
    for item_id, mark, n in marks:
        key = (items[item_id].aspect, mark)
        by_aspect[key] = by_aspect.get(key, 0) + int(n)
        if mark != rules.Mark.MET.value:
            bad.setdefault(item_id, {})[mark] = int(n)
    totals: dict[str, int] = {}
    for i in items.values():
        totals[i.aspect] = totals.get(i.aspect, 0) + int(per_field.get(i.field, 0))
    worst = sorted(bad.items(), key=lambda kv: (-sum(kv[1].values()), kv[0]))[: rules.WORST_ITEMS]
    aspects = []
    for a, name in rules.ASPECT_NAMES.items():
        t = totals.get(a.value, 0)
        m = by_aspect.get((a.value, rules.Mark.MET.value), 0)
        aspects.append(
            schemas.AspectShareOut(
                code=a.value, name=name, total=t, met=m,
                partly=by_aspect.get((a.value, rules.Mark.PARTLY.value), 0),
                not_yet=by_aspect.get((a.value, rules.Mark.NOT_YET.value), 0),
                share_met=m / t if t else None,
            )
        )  # fmt: skip
    return schemas.StandardsOverviewOut(
        org=_ref(org),
        branches=branches,
        branches_checked=branches_checked,
        aspects=aspects,
        worst=[
            schemas.WorstItemOut(
                id=i,
                field=items[i].field,
                field_name=field_name(items[i].field) or "",
                number=items[i].number,
                title=items[i].title,
                not_met=sum(m.values()),
                not_yet=m.get(rules.Mark.NOT_YET.value, 0),
                partly=m.get(rules.Mark.PARTLY.value, 0),
            )
            for i, m in worst
        ],  # fmt: skip
        rows=[
            schemas.BranchProgressOut(
                id=r.id,
                name=r.name,
                field=r.field if field_name(r.field) else None,
                field_name=field_name(r.field),
                total=int(r.total),
                checked=int(r.checked),
                met=int(r.met),
                partly=int(r.partly),
                not_yet=int(r.not_yet),
            )
            for r in rows
        ],  # fmt: skip
        page=min(wanted, pages),
        pages=pages,
    )


# --- 标准化专栏 --------------------------------------------------------------------------------


async def column(uow: Unit, caller: Caller, now: datetime) -> schemas.StandardsColumnOut:
    """The column in its order: the articles still published (the province's), the items
    still in their standard."""
    e = ColumnEntry.__table__.c
    a = Article.__table__.c
    async with uow.read() as session:
        rows = (
            await session.execute(
                select(e.id, e.article_id, e.item_id, a.title.label("a_title"), a.source,
                       a.status, a.published_at, I.field, I.number, I.title.label("i_title"),
                       I.text, I.removed_at)
                .outerjoin(Article, a.id == e.article_id)
                .outerjoin(StandardItem, StandardItem.id == e.item_id)
                .order_by(e.sort, e.id)
            )
        ).all()  # fmt: skip
    out = []
    for r in rows:
        if r.article_id is not None:
            if r.status != publishing_rules.State.PUBLISHED.value or r.published_at > now:
                continue
            out.append(
                schemas.StandardsColumnEntryOut(
                    id=r.id, kind="article", article_id=r.article_id, item_id=None,
                    title=r.a_title, detail=r.source, text="",
                )
            )  # fmt: skip
        elif r.item_id is not None and r.removed_at is None:
            name = BRANCH_FIELD_NAMES[BranchField(r.field)]
            out.append(
                schemas.StandardsColumnEntryOut(
                    id=r.id, kind="item", article_id=None, item_id=r.item_id,
                    title=r.i_title, detail=f"{name} {r.number}", text=r.text, field=r.field,
                )
            )  # fmt: skip
    return schemas.StandardsColumnOut(entries=out, may_curate=caller.kind in rules.CURATORS)


def _curator(caller: Caller) -> None:
    if caller.kind not in rules.CURATORS:
        raise forbidden("column_forbidden", messages.COLUMN_FORBIDDEN)


async def column_add(
    uow: Unit, caller: Caller, article_id: int | None, item_id: int | None, now: datetime
) -> schemas.StandardsColumnOut:
    """Add one article (the province's, published) or one current item at the column's end."""
    _curator(caller)
    if (article_id is None) == (item_id is None):
        raise refused("column_bad_entry", messages.COLUMN_BAD_ENTRY)
    async with uow.write() as session:
        if article_id is not None:
            art = await session.get(Article, article_id)
            root = (
                (await org_path(session, art.owner_org_id))[:1] if art and art.owner_org_id else []
            )
            if (
                art is None
                or art.status != publishing_rules.State.PUBLISHED.value
                or not root
                or root[0].id != art.owner_org_id
            ):
                raise not_found("column_article_not_found", messages.COLUMN_ARTICLE_NOT_FOUND)
            taken = ColumnEntry.article_id == article_id
        else:
            item = await session.get(StandardItem, item_id)
            if item is None or item.removed_at is not None:
                raise not_found("standard_item_not_found", messages.STANDARD_ITEM_NOT_FOUND)
            taken = ColumnEntry.item_id == item_id
        if await session.scalar(select(ColumnEntry.id).where(taken)) is not None:
            raise conflict("column_entry_twice", messages.COLUMN_ENTRY_TWICE)
        count, last = (
            await session.execute(
                select(func.count(), func.coalesce(func.max(ColumnEntry.sort), 0))
            )
        ).one()
        if count >= rules.COLUMN_MAX:
            raise conflict("column_full", messages.COLUMN_FULL.format(n=rules.COLUMN_MAX))
        session.add(
            ColumnEntry(sort=last + 1, article_id=article_id, item_id=item_id, added_at=now,
                        added_by=caller.account_id)
        )  # fmt: skip
    return await column(uow, caller, now)


async def column_remove(
    uow: Unit, caller: Caller, entry_id: int, now: datetime
) -> schemas.StandardsColumnOut:
    _curator(caller)
    async with uow.write() as session:
        done = await session.execute(delete(ColumnEntry).where(ColumnEntry.id == entry_id))
        if not done.rowcount:  # type: ignore[attr-defined]
            raise not_found("column_entry_not_found", messages.COLUMN_ENTRY_NOT_FOUND)
    return await column(uow, caller, now)


async def column_move(
    uow: Unit, caller: Caller, entry_id: int, position: int, now: datetime
) -> schemas.StandardsColumnOut:
    """Put an entry at `position` (from 1; past the end: last), the others keeping their order."""
    _curator(caller)
    async with uow.write() as session:
        ids = list(
            (
                await session.execute(
                    select(ColumnEntry.id).order_by(ColumnEntry.sort, ColumnEntry.id)
                )
            ).scalars()
        )
        if entry_id not in ids:
            raise not_found("column_entry_not_found", messages.COLUMN_ENTRY_NOT_FOUND)
        ids.remove(entry_id)
        ids.insert(min(position, len(ids) + 1) - 1, entry_id)
        for n, i in enumerate(ids, 1):
            await session.execute(update(ColumnEntry).where(ColumnEntry.id == i).values(sort=n))
    return await column(uow, caller, now)
