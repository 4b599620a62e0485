"""党建资讯: columns, articles, and the points-bearing actions on them; third-party links."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Query
from sqlalchemy import delete, func, insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from contract import schemas
from server import messages
from server.api.deps import DB, ClockDep, CurrentCaller, IdempotencyKey, OptionalCaller, RowId
from server.api.errors import ApiError
from server.api.points import action_out
from server.api.study import videos_out
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
    Video,
)
from server.db.queries import get_or_404, insert_if_absent
from server.domain import points

router = APIRouter(prefix="/api/v1", tags=["articles"])
_ERR = {
    401: {"model": schemas.ErrorOut},
    404: {"model": schemas.ErrorOut},
    409: {"model": schemas.ErrorOut},
}


def _summary(a: Article) -> schemas.ArticleSummary:
    return schemas.ArticleSummary(
        id=a.id, column_id=a.column_id, title=a.title, source=a.source, published_at=a.published_at
    )


async def _article(session: AsyncSession, article_id: int) -> Article:
    return await get_or_404(
        session, Article, article_id, "article_not_found", messages.ARTICLE_NOT_FOUND
    )


async def require_article(db: DB, article_id: int) -> None:
    """404 for an unknown article, checked on a read connection before any write begins
    (on SQLite the single writer is the scarce resource)."""
    async with db.read() as session:
        if await session.scalar(select(Article.id).where(Article.id == article_id)) is None:
            raise ApiError(404, "article_not_found", messages.ARTICLE_NOT_FOUND)


async def _unmark_unless_earned(
    session: AsyncSession, account_id: int, article_id: int, kind: str, grant: ledger.Grant
) -> None:
    """The once-per-article mark stands for points earned: an action that earned nothing
    (daily cap reached) leaves the article able to earn on a later day."""
    if grant.points == 0:
        await session.execute(
            delete(ArticleMark).where(
                ArticleMark.account_id == account_id,
                ArticleMark.article_id == article_id,
                ArticleMark.kind == kind,
            )
        )


@router.get("/columns", response_model=list[schemas.ColumnOut])
async def columns(db: DB) -> list[schemas.ColumnOut]:
    """党建资讯 columns with their article counts. Open to visitors."""
    async with db.read() as session:
        rows = await session.execute(
            select(ArticleColumn, func.count(Article.id))
            .outerjoin(Article, Article.column_id == ArticleColumn.id)
            .group_by(ArticleColumn.id)
            .order_by(ArticleColumn.sort, ArticleColumn.id)
        )
        return [schemas.ColumnOut(id=c.id, name=c.name, articles=n) for c, n in rows.all()]


@router.get("/articles", response_model=schemas.ArticlePage, responses=_ERR)
async def articles(
    db: DB,
    column: Annotated[int | None, Query(ge=1, le=2_147_483_647, description="column id")] = None,
    page: Annotated[int, Query(ge=1, le=100000)] = 1,
    size: Annotated[int, Query(ge=1, le=100)] = 20,
) -> schemas.ArticlePage:
    """Articles newest first, optionally of one column. Open to visitors."""
    async with db.read() as session:
        where = [] if column is None else [Article.column_id == column]
        if column is not None and await session.get(ArticleColumn, column) is None:
            raise ApiError(404, "column_not_found", messages.COLUMN_NOT_FOUND)
        total = await session.scalar(select(func.count()).select_from(Article).where(*where))
        rows = (
            await session.execute(
                select(Article)
                .where(*where)
                .order_by(Article.published_at.desc(), Article.id.desc())
                .offset((page - 1) * size)
                .limit(size)
            )
        ).scalars()
        return schemas.ArticlePage(
            total=int(total or 0), page=page, size=size, items=[_summary(a) for a in rows]
        )


@router.get("/articles/{article_id}", response_model=schemas.ArticleDetail, responses=_ERR)
async def article(article_id: RowId, db: DB, caller: OptionalCaller) -> schemas.ArticleDetail:
    async with db.read() as session:
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


async def _toggle_on(
    db: DB,
    clock: ClockDep,
    caller: CurrentCaller,
    article_id: RowId,
    kind: str,
    done: str,
    key: str | None,
) -> schemas.ActionOut:
    """Like or collect: the state turns on; the first time ever for this article earns points."""
    now = clock.now()
    await require_article(db, article_id)
    async with db.write() as session:
        await insert_if_absent(
            session,
            ArticleToggle,
            account_id=caller.account_id,
            article_id=article_id,
            kind=kind,
            created_at=now,
        )
        first = await insert_if_absent(
            session,
            ArticleMark,
            account_id=caller.account_id,
            article_id=article_id,
            kind=kind,
            created_at=now,
        )
        grant = None
        if first:
            grant = await ledger.grant(
                session,
                caller.account_id,
                kind,
                at=now,
                source=("article", str(article_id)),
                idempotency_key=key,
            )
            await _unmark_unless_earned(session, caller.account_id, article_id, kind, grant)
    return action_out(done, grant)


async def _toggle_off(
    db: DB, caller: CurrentCaller, article_id: int, kind: str, done: str
) -> schemas.ActionOut:
    await require_article(db, article_id)
    async with db.write() as session:
        await session.execute(
            delete(ArticleToggle).where(
                ArticleToggle.account_id == caller.account_id,
                ArticleToggle.article_id == article_id,
                ArticleToggle.kind == kind,
            )
        )
    return action_out(done, None)


@router.post("/articles/{article_id}/like", response_model=schemas.ActionOut, responses=_ERR)
async def like(
    article_id: RowId, caller: CurrentCaller, db: DB, clock: ClockDep, key: IdempotencyKey
) -> schemas.ActionOut:
    """点赞. Points only the first time this member likes this article, ever."""
    return await _toggle_on(db, clock, caller, article_id, "like", messages.LIKED, key)


@router.delete("/articles/{article_id}/like", response_model=schemas.ActionOut, responses=_ERR)
async def unlike(article_id: RowId, caller: CurrentCaller, db: DB) -> schemas.ActionOut:
    return await _toggle_off(db, caller, article_id, "like", messages.UNLIKED)


@router.post("/articles/{article_id}/collect", response_model=schemas.ActionOut, responses=_ERR)
async def collect(
    article_id: RowId, caller: CurrentCaller, db: DB, clock: ClockDep, key: IdempotencyKey
) -> schemas.ActionOut:
    """收藏. Points only the first time this member collects this article, ever."""
    return await _toggle_on(db, clock, caller, article_id, "collect", messages.COLLECTED, key)


@router.delete("/articles/{article_id}/collect", response_model=schemas.ActionOut, responses=_ERR)
async def uncollect(article_id: RowId, caller: CurrentCaller, db: DB) -> schemas.ActionOut:
    return await _toggle_off(db, caller, article_id, "collect", messages.UNCOLLECTED)


@router.post("/articles/{article_id}/share", response_model=schemas.ActionOut, responses=_ERR)
async def share(
    article_id: RowId, caller: CurrentCaller, db: DB, clock: ClockDep, key: IdempotencyKey
) -> schemas.ActionOut:
    """分享. Every share counts, up to the daily cap."""
    now = clock.now()
    await require_article(db, article_id)
    async with db.write() as session:
        share_id = await session.scalar(
            insert(ArticleShare)
            .values(article_id=article_id, account_id=caller.account_id, created_at=now)
            .returning(ArticleShare.id)
        )
        grant = await ledger.grant(
            session,
            caller.account_id,
            "share",
            at=now,
            source=("article_share", str(share_id)),
            idempotency_key=key,
        )
    return action_out(messages.SHARED, grant)


@router.post(
    "/articles/{article_id}/comments",
    response_model=schemas.ActionOut,
    responses={**_ERR, 422: {"model": schemas.ErrorOut}},
)
async def comment(
    article_id: RowId,
    body: schemas.CommentIn,
    caller: CurrentCaller,
    db: DB,
    clock: ClockDep,
    key: IdempotencyKey,
) -> schemas.ActionOut:
    """发表评论: at least 5 non-space characters, not a repeat of one's own earlier comment here."""
    now = clock.now()
    await require_article(db, article_id)
    async with db.write() as session:
        previous = list(
            (
                await session.execute(
                    select(ArticleComment.body).where(
                        ArticleComment.article_id == article_id,
                        ArticleComment.account_id == caller.account_id,
                    )
                )
            ).scalars()
        )
        problem = points.comment_problem(body.body, previous)
        if problem == "comment_too_short":
            raise ApiError(
                422, problem, messages.COMMENT_TOO_SHORT.format(n=points.COMMENT_MIN_CHARS)
            )
        if problem == "comment_repeated":
            raise ApiError(422, problem, messages.COMMENT_REPEATED)
        row = ArticleComment(
            article_id=article_id,
            account_id=caller.account_id,
            body=body.body.strip(),
            created_at=now,
        )
        session.add(row)
        await session.flush()
        grant = await ledger.grant(
            session,
            caller.account_id,
            "comment",
            at=now,
            source=("comment", str(row.id)),
            idempotency_key=key,
        )
    return action_out(messages.COMMENTED, grant)


@router.post("/articles/{article_id}/reads", response_model=schemas.ReadStarted, responses=_ERR)
async def start_read(
    article_id: RowId, caller: CurrentCaller, db: DB, clock: ClockDep
) -> schemas.ReadStarted:
    """The article is on screen: the server starts timing the read with its own clock."""
    now = clock.now()
    await require_article(db, article_id)
    async with db.write() as session:
        row = ArticleRead(account_id=caller.account_id, article_id=article_id, started_at=now)
        session.add(row)
        await session.flush()
        return schemas.ReadStarted(
            read_id=row.id, started_at=now, required_seconds=points.READ_SECONDS
        )


@router.post(
    "/articles/{article_id}/reads/{read_id}/complete",
    response_model=schemas.ActionOut,
    responses=_ERR,
)
async def complete_read(
    article_id: RowId,
    read_id: RowId,
    caller: CurrentCaller,
    db: DB,
    clock: ClockDep,
    key: IdempotencyKey,
) -> schemas.ActionOut:
    """An effective read: at least 30 s by the server's clock since the read began; once per article."""
    now = clock.now()
    async with db.write() as session:
        read = await session.get(ArticleRead, read_id)
        if read is None or read.account_id != caller.account_id or read.article_id != article_id:
            raise ApiError(404, "read_not_found", messages.READ_NOT_FOUND)
        elapsed = (now - read.started_at).total_seconds()
        if elapsed < points.READ_SECONDS:
            left = int(points.READ_SECONDS - elapsed + 0.999)
            raise ApiError(
                409,
                "read_too_short",
                messages.READ_TOO_SHORT.format(seconds=points.READ_SECONDS, left=left),
            )
        if read.completed_at is None:
            read.completed_at = now
        return await record_read(session, caller.account_id, article_id, now, key)


async def record_read(
    session: AsyncSession, account_id: int, article_id: int, now: datetime, key: str | None
) -> schemas.ActionOut:
    """An effective read, timed already (by the server online, by the client offline)."""
    first = await insert_if_absent(
        session,
        ArticleMark,
        account_id=account_id,
        article_id=article_id,
        kind="read",
        created_at=now,
    )
    if not first:
        return action_out(messages.READ_ALREADY_DONE, None)
    grant = await ledger.grant(
        session,
        account_id,
        "read",
        at=now,
        source=("article", str(article_id)),
        idempotency_key=key,
    )
    await _unmark_unless_earned(session, account_id, article_id, "read", grant)
    return action_out(messages.READ_DONE, grant)


@router.get("/third-party", response_model=list[schemas.ThirdPartyLink])
async def third_party_links() -> list[schemas.ThirdPartyLink]:
    return [
        schemas.ThirdPartyLink(code=t.code, name=t.name, url=t.url)
        for t in points.THIRD_PARTY.values()
    ]


@router.post("/third-party/{code}/visit", response_model=schemas.ThirdPartyVisit, responses=_ERR)
async def visit_third_party(
    code: str, caller: CurrentCaller, db: DB, clock: ClockDep, key: IdempotencyKey
) -> schemas.ThirdPartyVisit:
    """A jump to a third-party platform: 1 point each, 5 a day."""
    link = points.THIRD_PARTY.get(code)
    if link is None:
        raise ApiError(404, "unknown_link", messages.UNKNOWN_LINK)
    now = clock.now()
    async with db.write() as session:
        grant = await ledger.grant(
            session,
            caller.account_id,
            "third_party",
            at=now,
            source=("link", code),
            idempotency_key=key,
        )
    out = action_out(messages.VISITED.format(name=link.name), grant)
    return schemas.ThirdPartyVisit(**out.model_dump(), url=link.url)
