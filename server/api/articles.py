"""党建资讯: columns, articles, and the points-bearing actions on them; third-party links."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from contract import schemas
from server.api.deps import (
    ClockDep,
    CodePath,
    CurrentCaller,
    IdempotencyKey,
    OptionalCaller,
    RowId,
    UnitDep,
)
from server.api.errors import documented
from server.services import articles
from server.services.context import Act

router = APIRouter(prefix="/api/v1", tags=["articles"])
_ERR = documented(401, 404, 409)
_PUBLIC = documented(404)


@router.get("/columns", response_model=list[schemas.ColumnOut], responses=documented(401, 403))
async def columns(uow: UnitDep, caller: OptionalCaller, clock: ClockDep) -> list[schemas.ColumnOut]:
    """党建资讯 columns with the number of articles this reader sees in each (as the list
    shows them: from their publish time, owned on the reader's path). Open to visitors."""
    return await articles.columns(uow, caller, clock.now())


@router.get("/articles", response_model=schemas.ArticlePage, responses=_PUBLIC)
async def article_page(
    uow: UnitDep,
    caller: OptionalCaller,
    clock: ClockDep,
    column: Annotated[int | None, Query(ge=1, le=2_147_483_647, description="column id")] = None,
    page: Annotated[int, Query(ge=1, le=100000)] = 1,
    size: Annotated[int, Query(ge=1, le=100)] = 20,
) -> schemas.ArticlePage:
    """Articles newest first, optionally of one column. Open to visitors."""
    return await articles.page(uow, column, page, size, caller, clock.now())


@router.get("/articles/{article_id}", response_model=schemas.ArticleDetail, responses=_ERR)
async def article(
    article_id: RowId, uow: UnitDep, caller: OptionalCaller, clock: ClockDep
) -> schemas.ArticleDetail:
    return await articles.detail(uow, article_id, caller, clock.now())


@router.post("/articles/{article_id}/like", response_model=schemas.ActionOut, responses=_ERR)
async def like(
    article_id: RowId, caller: CurrentCaller, uow: UnitDep, clock: ClockDep, key: IdempotencyKey
) -> schemas.ActionOut:
    """点赞. Points only the first time this member likes this article, ever."""
    return await articles.toggle_on(uow, Act(caller, clock.now(), key), article_id, "like")


@router.delete("/articles/{article_id}/like", response_model=schemas.ActionOut, responses=_ERR)
async def unlike(article_id: RowId, caller: CurrentCaller, uow: UnitDep) -> schemas.ActionOut:
    return await articles.toggle_off(uow, caller, article_id, "like")


@router.post("/articles/{article_id}/collect", response_model=schemas.ActionOut, responses=_ERR)
async def collect(
    article_id: RowId, caller: CurrentCaller, uow: UnitDep, clock: ClockDep, key: IdempotencyKey
) -> schemas.ActionOut:
    """收藏. Points only the first time this member collects this article, ever."""
    return await articles.toggle_on(uow, Act(caller, clock.now(), key), article_id, "collect")


@router.delete("/articles/{article_id}/collect", response_model=schemas.ActionOut, responses=_ERR)
async def uncollect(article_id: RowId, caller: CurrentCaller, uow: UnitDep) -> schemas.ActionOut:
    return await articles.toggle_off(uow, caller, article_id, "collect")


@router.post("/articles/{article_id}/share", response_model=schemas.ActionOut, responses=_ERR)
async def share(
    article_id: RowId, caller: CurrentCaller, uow: UnitDep, clock: ClockDep, key: IdempotencyKey
) -> schemas.ActionOut:
    """分享. Every share counts, up to the daily cap."""
    return await articles.share(uow, Act(caller, clock.now(), key), article_id)


@router.post(
    "/articles/{article_id}/comments",
    response_model=schemas.ActionOut,
    responses=documented(401, 404, 409, 429, rules=True),
)
async def comment(
    article_id: RowId,
    body: schemas.CommentIn,
    caller: CurrentCaller,
    uow: UnitDep,
    clock: ClockDep,
    key: IdempotencyKey,
) -> schemas.ActionOut:
    """发表评论: at least 5 non-space characters, not a repeat of one's own earlier comment here."""
    return await articles.comment(uow, Act(caller, clock.now(), key), article_id, body.body)


@router.post("/articles/{article_id}/reads", response_model=schemas.ReadStarted, responses=_ERR)
async def start_read(
    article_id: RowId, caller: CurrentCaller, uow: UnitDep, clock: ClockDep
) -> schemas.ReadStarted:
    """The article is on screen: the server starts timing the read with its own clock."""
    return await articles.start_read(uow, caller, article_id, clock.now())


@router.post(
    "/articles/{article_id}/reads/{read_id}/complete",
    response_model=schemas.ActionOut,
    responses=documented(401, 404, 409, rules=True),
)
async def complete_read(
    article_id: RowId,
    read_id: RowId,
    caller: CurrentCaller,
    uow: UnitDep,
    clock: ClockDep,
    key: IdempotencyKey,
) -> schemas.ActionOut:
    """An effective read: at least 30 s by the server's clock since the read began; once per
    article."""
    return await articles.complete_read(uow, Act(caller, clock.now(), key), article_id, read_id)


@router.get("/third-party", response_model=list[schemas.ThirdPartyLink])
async def third_party_links() -> list[schemas.ThirdPartyLink]:
    return articles.third_party_links()


@router.post("/third-party/{code}/visit", response_model=schemas.ThirdPartyVisit, responses=_ERR)
async def visit_third_party(
    code: CodePath, caller: CurrentCaller, uow: UnitDep, clock: ClockDep, key: IdempotencyKey
) -> schemas.ThirdPartyVisit:
    """A jump to a third-party platform: 1 point each, 5 a day."""
    return await articles.visit_third_party(uow, Act(caller, clock.now(), key), code)
