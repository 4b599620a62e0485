"""党建资讯: columns, articles, and the points-bearing actions on them; third-party links."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import Integer, and_, bindparam, delete, exists, func, insert, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession

from contract import schemas
from server import messages
from server.db import ledger
from server.db.models import (
    Account,
    Article,
    ArticleColumn,
    ArticleComment,
    ArticleMark,
    ArticleRead,
    ArticleShare,
    ArticleToggle,
    Org,
    Video,
)
from server.db.queries import get_or_404, insert_if_absent, read_connection
from server.db.unit import Unit
from server.domain import points, publishing
from server.domain.errors import conflict, not_found, refused
from server.services import rates
from server.services.context import Act, Caller
from server.services.grants import action_out
from server.services.study import videos_out

# Built once: SQLAlchemy's compiled cache finds them without building a statement per request.
# A share of an existing article, in one statement: no row (so no id) for an unknown one.
_PUBLISHED = Article.status == publishing.State.PUBLISHED.value
_SHARE_COLUMNS = ArticleShare.__table__.c
_INSERT_SHARE = (
    insert(ArticleShare)
    .from_select(
        ["article_id", "account_id", "created_at"],
        select(
            bindparam("article_id", type_=_SHARE_COLUMNS.article_id.type),
            bindparam("account_id", type_=_SHARE_COLUMNS.account_id.type),
            bindparam("created_at", type_=_SHARE_COLUMNS.created_at.type),
        ).where(exists().where(Article.id == bindparam("article_id"), _PUBLISHED)),
    )
    .returning(ArticleShare.id)
)
# The article's state, time and owner, and whether the owner is the province (visitors see it).
_ARTICLE_STATE = (
    select(Article.status, Article.published_at, Article.owner_org_id, Org.parent_id)
    .outerjoin(Org, Org.id == Article.owner_org_id)
    .where(Article.id == bindparam("article_id"))
)
_UNMARK = delete(ArticleMark).where(
    ArticleMark.account_id == bindparam("account_id"),
    ArticleMark.article_id == bindparam("article_id"),
    ArticleMark.kind == bindparam("kind"),
)
_TOGGLE_INSERTS: dict[str, tuple[Any, Any]] = {}


def _toggle_inserts(dialect: str) -> tuple[Any, Any]:
    """INSERT … ON CONFLICT DO NOTHING of a toggle (of an existing article) and of its
    once-only mark, per dialect."""
    if dialect not in _TOGGLE_INSERTS:
        make = sqlite_insert if dialect == "sqlite" else pg_insert
        c = ArticleToggle.__table__.c
        names = ["account_id", "article_id", "kind", "created_at"]
        # The toggle only for an existing article (no row otherwise: the caller then checks).
        of_article = select(*(bindparam(n, type_=c[n].type) for n in names)).where(
            exists().where(Article.id == bindparam("article_id"), _PUBLISHED)
        )
        _TOGGLE_INSERTS[dialect] = (
            make(ArticleToggle).from_select(names, of_article).on_conflict_do_nothing(),
            make(ArticleMark).on_conflict_do_nothing(),
        )
    return _TOGGLE_INSERTS[dialect]


def _summary(a: Article) -> schemas.ArticleSummary:
    return schemas.ArticleSummary(
        id=a.id, column_id=a.column_id, title=a.title, source=a.source, published_at=a.published_at
    )


async def _article(session: AsyncSession, article_id: int) -> Article:
    return await get_or_404(
        session, Article, article_id, "article_not_found", messages.ARTICLE_NOT_FOUND
    )


async def require_article(
    uow: Unit, article_id: int, caller: Caller | None = None, now: datetime | None = None
) -> None:
    """404 for an unknown article, or one this caller may not see (a draft, a scheduled one
    before its time, one owned by an org off the caller's path); 409 `article_withdrawn` for a
    withdrawn one. Inside a write, checked in its transaction: one statement there (on SQLite,
    run on the loop under the write lock already held, server.db.engine) costs less than a read
    session of its own before it."""
    async with read_connection(uow) as conn:
        row = (await conn.execute(_ARTICLE_STATE, {"article_id": article_id})).first()
    if row is None:
        raise not_found("article_not_found", messages.ARTICLE_NOT_FOUND)
    status, published_at, owner, owner_parent = row
    if status == publishing.State.WITHDRAWN:
        raise conflict("article_withdrawn", messages.ARTICLE_WITHDRAWN)
    on_path = owner is None or owner_parent is None
    if caller is not None and not on_path:
        on_path = any(o.id == owner for o in caller.org_path)
    if (
        status != publishing.State.PUBLISHED
        or not on_path
        or (now is not None and published_at > now)
    ):
        raise not_found("article_not_found", messages.ARTICLE_NOT_FOUND)


async def _unmark_unless_earned(
    session: AsyncSession | AsyncConnection,
    account_id: int,
    article_id: int,
    kind: str,
    grant: ledger.Grant,
) -> None:
    """The once-per-article mark stands for points earned: an action that earned nothing
    (daily cap reached) leaves the article able to earn on a later day."""
    if grant.points == 0:
        conn = session if isinstance(session, AsyncConnection) else await session.connection()
        await conn.execute(
            _UNMARK, {"account_id": account_id, "article_id": article_id, "kind": kind}
        )


def _visible(of_column: bool, visitor: bool) -> list[Any]:
    """The articles a reader sees (issue 16): published, from their time on, owned by an org on
    the reader's path (`owners`: the province down to the reader's org); a visitor's only by the
    province. The index `ix_articles_status_published` serves it."""
    a = Article.__table__.c
    owners = (
        a.owner_org_id.in_(select(Org.id).where(Org.parent_id.is_(None)).scalar_subquery())
        if visitor
        else a.owner_org_id.in_(bindparam("owners", expanding=True))
    )
    where = [
        a.status == publishing.State.PUBLISHED.value,
        a.published_at <= bindparam("now"),
        owners,
    ]
    return where + ([a.column_id == bindparam("column")] if of_column else [])


def _page_statement(of_column: bool, visitor: bool) -> Any:
    """A page of articles, newest first, each row with the number of articles (one statement)."""
    a = Article.__table__.c
    where = _visible(of_column, visitor)
    total = select(func.count()).select_from(Article.__table__).where(*where).scalar_subquery()
    return (
        select(a.id, a.column_id, a.title, a.source, a.published_at, total)
        .where(*where)
        .order_by(a.published_at.desc(), a.id.desc())
        .offset(bindparam("offset", type_=Integer))
        .limit(bindparam("limit", type_=Integer))
    )


_VARIANTS = [(of_column, visitor) for of_column in (False, True) for visitor in (False, True)]
_PAGES = {v: _page_statement(*v) for v in _VARIANTS}
_TOTAL = {
    v: select(func.count()).select_from(Article.__table__).where(*_visible(*v)) for v in _VARIANTS
}
_COLUMN = select(ArticleColumn.__table__.c.id).where(
    ArticleColumn.__table__.c.id == bindparam("column")
)


def _columns_statement(visitor: bool) -> Any:
    """Each column with the number of articles this reader sees in it: the list's own rule
    (`_visible`), so a scheduled article counts from its time and one owned off the reader's
    path not at all (both counted at once before)."""
    a, c = Article.__table__.c, ArticleColumn.__table__.c
    seen = and_(a.column_id == c.id, *_visible(False, visitor))
    return (
        select(c.id, c.name, func.count(a.id))
        .select_from(ArticleColumn.__table__.outerjoin(Article.__table__, seen))
        .group_by(c.id, c.name, c.sort)
        .order_by(c.sort, c.id)
    )


_COLUMNS = {visitor: _columns_statement(visitor) for visitor in (False, True)}


async def columns(
    uow: Unit, caller: Caller | None = None, now: datetime | None = None
) -> list[schemas.ColumnOut]:
    owners = [o.id for o in caller.org_path] if caller is not None else []
    params: dict[str, Any] = {"now": now or datetime.max.replace(tzinfo=UTC)}
    if owners:
        params["owners"] = owners
    async with read_connection(uow) as conn:
        rows = (await conn.execute(_COLUMNS[not owners], params)).all()
    return [schemas.ColumnOut(id=i, name=name, articles=n) for i, name, n in rows]


async def page(
    uow: Unit,
    column: int | None,
    page: int,
    size: int,
    caller: Caller | None = None,
    now: datetime | None = None,
) -> schemas.ArticlePage:
    of_column = column is not None
    owners = [o.id for o in caller.org_path] if caller is not None else []
    visitor = not owners  # a visitor, or an account of no org (群众): the province's articles
    variant = (of_column, visitor)
    params: dict[str, Any] = {
        "column": column,
        "offset": (page - 1) * size,
        "limit": size,
        "now": now or datetime.max.replace(tzinfo=UTC),
    }
    if not visitor:
        params["owners"] = owners
    async with read_connection(uow) as conn:
        rows = (await conn.execute(_PAGES[variant], params)).all()
        if rows:
            total = rows[0][5]
        else:  # past the last page, or an unknown column
            if of_column and (await conn.execute(_COLUMN, params)).first() is None:
                raise not_found("column_not_found", messages.COLUMN_NOT_FOUND)
            total = (await conn.execute(_TOTAL[variant], params)).scalar()
    # Built without validation: every value is a column of the articles table.
    return schemas.ArticlePage.model_construct(
        total=int(total or 0),
        page=page,
        size=size,
        items=[
            schemas.ArticleSummary.model_construct(
                id=r[0], column_id=r[1], title=r[2], source=r[3], published_at=r[4]
            )
            for r in rows
        ],
    )


async def detail(
    uow: Unit, article_id: int, caller: Caller | None, now: datetime | None = None
) -> schemas.ArticleDetail:
    await require_article(uow, article_id, caller, now)
    async with uow.read() as session:
        a = await _article(session, article_id)
        counts = dict(
            (
                await session.execute(
                    select(ArticleToggle.kind, func.count())
                    .where(ArticleToggle.article_id == a.id)
                    .group_by(ArticleToggle.kind)
                )
            ).all()
        )
        comments = (
            await session.execute(
                select(ArticleComment, Account.display_name)
                .join(Account, Account.id == ArticleComment.account_id)
                .where(ArticleComment.article_id == a.id)
                .order_by(ArticleComment.id.desc())
                .limit(50)
            )
        ).all()
        videos = list(
            (
                await session.execute(
                    select(Video).where(Video.article_id == a.id).order_by(Video.sort, Video.id)
                )
            ).scalars()
        )
        mine_toggles: set[str] = set()
        read_done = False
        if caller is not None:
            mine_toggles = set(
                (
                    await session.execute(
                        select(ArticleToggle.kind).where(
                            ArticleToggle.article_id == a.id,
                            ArticleToggle.account_id == caller.account_id,
                        )
                    )
                ).scalars()
            )
            read_done = (
                await session.get(ArticleMark, (caller.account_id, a.id, "read"))
            ) is not None
        return schemas.ArticleDetail(
            **_summary(a).model_dump(),
            body=a.body,
            likes=counts.get("like", 0),
            collects=counts.get("collect", 0),
            comments=[
                schemas.CommentOut(
                    id=c.id,
                    author=name,
                    body=c.body,
                    created_at=c.created_at,
                    mine=caller is not None and c.account_id == caller.account_id,
                )
                for c, name in comments
            ],
            liked="like" in mine_toggles,
            collected="collect" in mine_toggles,
            read_done=read_done,
            videos=await videos_out(session, videos, caller),
        )


# like / collect: the toggle's kind and the message of each direction
_TOGGLES = {
    "like": (messages.LIKED, messages.UNLIKED),
    "collect": (messages.COLLECTED, messages.UNCOLLECTED),
}


async def toggle_on(uow: Unit, act: Act, article_id: int, kind: str) -> schemas.ActionOut:
    """Like or collect: the state turns on; the first time ever for this article earns points."""
    me, now = act.caller.account_id, act.now
    async with uow.connection() as conn:
        values = {"account_id": me, "article_id": article_id, "kind": kind, "created_at": now}
        toggle, mark = _toggle_inserts(conn.dialect.name)
        # Who may see it (issue 16: its owner on the caller's path) and its state.
        await require_article(uow, article_id, act.caller, act.now)
        await conn.execute(toggle, values)  # nothing when it is on already
        first = bool((await conn.execute(mark, values)).rowcount)
        grant = None
        if first:
            grant = await ledger.grant(
                conn,
                await uow.lock(me, act.caller.kind),
                kind,
                at=now,
                source=("article", str(article_id)),
                idempotency_key=act.key,
                late=act.late,
            )
            await _unmark_unless_earned(conn, me, article_id, kind, grant)
    return action_out(_TOGGLES[kind][0], grant)


async def toggle_off(uow: Unit, caller: Caller, article_id: int, kind: str) -> schemas.ActionOut:
    async with uow.write() as session:
        await require_article(uow, article_id, caller)
        await session.execute(
            delete(ArticleToggle).where(
                ArticleToggle.account_id == caller.account_id,
                ArticleToggle.article_id == article_id,
                ArticleToggle.kind == kind,
            )
        )
    return action_out(_TOGGLES[kind][1], None)


async def share(uow: Unit, act: Act, article_id: int) -> schemas.ActionOut:
    """分享. Every share counts, up to the daily cap."""
    me = act.caller.account_id
    async with uow.connection() as conn:
        # Who may see it (issue 16: its owner on the caller's path) and its state.
        await require_article(uow, article_id, act.caller, act.now)
        share_id = await conn.scalar(
            _INSERT_SHARE, {"article_id": article_id, "account_id": me, "created_at": act.now}
        )
        if share_id is None:
            raise not_found("article_not_found", messages.ARTICLE_NOT_FOUND)
        grant = await ledger.grant(
            conn,
            await uow.lock(me, act.caller.kind),
            "share",
            at=act.now,
            source=("article_share", str(share_id)),
            idempotency_key=act.key,
            late=act.late,
        )
    return action_out(messages.SHARED, grant)


async def comment(uow: Unit, act: Act, article_id: int, body: str) -> schemas.ActionOut:
    """发表评论: at least 5 non-space characters, not a repeat of one's own earlier comment here."""
    me = act.caller.account_id
    async with uow.write() as session:
        await require_article(uow, article_id, act.caller, act.now)
        previous = list(
            (
                await session.execute(
                    select(ArticleComment.body).where(
                        ArticleComment.article_id == article_id, ArticleComment.account_id == me
                    )
                )
            ).scalars()
        )
        points.check_comment(body, previous)
        await rates.spend(uow, act, "comment")
        row = ArticleComment(
            article_id=article_id, account_id=me, body=body.strip(), created_at=act.now
        )
        session.add(row)
        await session.flush()
        grant = await ledger.grant(
            session,
            await uow.lock(me, act.caller.kind),
            "comment",
            at=act.now,
            source=("comment", str(row.id)),
            idempotency_key=act.key,
            late=act.late,
        )
    return action_out(messages.COMMENTED, grant)


async def start_read(
    uow: Unit, caller: Caller, article_id: int, now: datetime
) -> schemas.ReadStarted:
    """The article is on screen: the server starts timing the read with its own clock."""
    async with uow.write() as session:
        await require_article(uow, article_id, caller, now)
        row = ArticleRead(account_id=caller.account_id, article_id=article_id, started_at=now)
        session.add(row)
        await session.flush()
        return schemas.ReadStarted(
            read_id=row.id, started_at=now, required_seconds=points.READ_SECONDS
        )


async def complete_read(uow: Unit, act: Act, article_id: int, read_id: int) -> schemas.ActionOut:
    """An effective read: at least 30 s by the server's clock since the read began; once per
    article."""
    async with uow.write() as session:
        read = await session.get(ArticleRead, read_id)
        if (
            read is None
            or read.account_id != act.caller.account_id
            or read.article_id != article_id
        ):
            raise not_found("read_not_found", messages.READ_NOT_FOUND)
        await require_article(uow, article_id, act.caller, act.now)
        elapsed = (act.now - read.started_at).total_seconds()
        if elapsed < points.READ_SECONDS:
            left = int(points.READ_SECONDS - elapsed + 0.999)
            raise conflict(
                "read_too_short",
                messages.READ_TOO_SHORT.format(seconds=points.READ_SECONDS, left=left),
            )
        if read.completed_at is None:
            read.completed_at = act.now
        return await _record_read(uow, session, act, article_id)


async def read_offline(
    uow: Unit,
    act: Act,
    article_id: int,
    started_at: datetime | None,
    elapsed_s: float | None,
    skew: timedelta,
) -> schemas.ActionOut:
    """A read timed offline: the client's monotonic seconds on screen, bounded by its
    skew-corrected timestamps."""
    on_screen = elapsed_s or 0.0
    if started_at is not None:
        on_screen = min(on_screen, (act.now - (started_at + skew)).total_seconds())
    if on_screen < points.READ_SECONDS:
        raise refused(
            "read_too_short", messages.READ_OFFLINE_SHORT.format(seconds=points.READ_SECONDS)
        )
    async with uow.write() as session:
        await require_article(uow, article_id, act.caller, act.now)
        return await _record_read(uow, session, act, article_id)


async def _record_read(
    uow: Unit, session: AsyncSession, act: Act, article_id: int
) -> schemas.ActionOut:
    """An effective read, timed already (by the server online, by the client offline)."""
    me = act.caller.account_id
    first = await insert_if_absent(
        session, ArticleMark, account_id=me, article_id=article_id, kind="read", created_at=act.now
    )
    if not first:
        return action_out(messages.READ_ALREADY_DONE, None)
    grant = await ledger.grant(
        session,
        await uow.lock(me, act.caller.kind),
        "read",
        at=act.now,
        source=("article", str(article_id)),
        idempotency_key=act.key,
        late=act.late,
    )
    await _unmark_unless_earned(session, me, article_id, "read", grant)
    return action_out(messages.READ_DONE, grant)


def third_party_links() -> list[schemas.ThirdPartyLink]:
    return [
        schemas.ThirdPartyLink(code=t.code, name=t.name, url=t.url)
        for t in points.THIRD_PARTY.values()
    ]


async def visit_third_party(uow: Unit, act: Act, code: str) -> schemas.ThirdPartyVisit:
    """A jump to a third-party platform: 1 point each, 5 a day."""
    link = points.THIRD_PARTY.get(code)
    if link is None:
        raise not_found("unknown_link", messages.UNKNOWN_LINK)
    async with uow.connection() as conn:
        grant = await ledger.grant(
            conn,
            await uow.lock(act.caller.account_id, act.caller.kind),
            "third_party",
            at=act.now,
            source=("link", code),
            idempotency_key=act.key,
            late=act.late,
        )
    out = action_out(messages.VISITED.format(name=link.name), grant)
    return schemas.ThirdPartyVisit(**out.model_dump(), url=link.url)
