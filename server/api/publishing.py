"""内容发布 (issue 16): admins publish and withdraw articles, courses and papers; the server
serves published video files."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Path, Query
from fastapi.responses import FileResponse

from contract import schemas
from contract.schemas import Text
from server.api.deps import ClockDep, CurrentCaller, OptionalCaller, RowId, UnitDep
from server.api.errors import documented
from server.services import publishing

router = APIRouter(prefix="/api/v1", tags=["publishing"])
_ERR = documented(401, 403, 404, rules=True)
Kind = Annotated[
    Literal["article", "course", "paper"], Path(description="article | course | paper")
]


@router.get("/publish/mine", response_model=list[schemas.PublishedOut], responses=_ERR)
async def mine(caller: CurrentCaller, uow: UnitDep, clock: ClockDep) -> list[schemas.PublishedOut]:
    """The content the caller's org owns, in every state (`scheduled`: published, its time
    still to come)."""
    return await publishing.mine(uow, await publishing.publisher(uow, caller, None), clock.now())


@router.post("/publish/articles", response_model=schemas.PublishedOut, responses=_ERR)
async def article(
    body: schemas.PublishArticleIn, caller: CurrentCaller, uow: UnitDep, clock: ClockDep
) -> schemas.PublishedOut:
    pub = await publishing.publisher(uow, caller, body.org_id)
    return await publishing.article(uow, pub, body.text, body.draft, clock.now())


@router.post("/publish/courses", response_model=schemas.PublishedOut, responses=_ERR)
async def course(
    body: schemas.PublishCourseIn, caller: CurrentCaller, uow: UnitDep, clock: ClockDep
) -> schemas.PublishedOut:
    pub = await publishing.publisher(uow, caller, body.org_id)
    return await publishing.course(uow, pub, body.toml, body.draft, clock.now())


@router.post("/publish/papers", response_model=schemas.PublishedOut, responses=_ERR)
async def paper(
    body: schemas.PublishPaperIn, caller: CurrentCaller, uow: UnitDep, clock: ClockDep
) -> schemas.PublishedOut:
    pub = await publishing.publisher(uow, caller, body.org_id)
    data = publishing.file_bytes(body.content, body.base64)
    return await publishing.paper(
        uow, pub, body.filename, data, body.title, body.draft, clock.now()
    )


@router.post(
    "/publish/{kind}/{item_id}/{action}",
    response_model=schemas.PublishedOut,
    responses=documented(401, 403, 404, 409),
)
async def move(
    kind: Kind,
    item_id: RowId,
    action: Annotated[Literal["publish", "withdraw"], Path()],
    caller: CurrentCaller,
    uow: UnitDep,
    clock: ClockDep,
) -> schemas.PublishedOut:
    pub = await publishing.publisher(uow, caller, None)
    return await publishing.move(uow, pub, kind, item_id, action, clock.now())


@router.get(
    "/media/videos/{video_id}",
    response_class=FileResponse,
    responses={
        200: {"description": "the video file", "content": {"video/*": {}}},
        **documented(401, 404, 409),
    },
)
async def media(
    video_id: RowId,
    uow: UnitDep,
    caller: OptionalCaller,
    clock: ClockDep,
    ticket: Annotated[
        Text | None, Query(max_length=100, description="a 播放链接's ticket (POST …/ticket)")
    ] = None,
) -> FileResponse:
    """A published video file, to whoever sees its course: with the caller's token, or with
    a 播放链接's ticket in place of it (what an outside player such as mpv is given)."""
    if ticket is not None:
        return FileResponse(
            await publishing.media_file_by_ticket(uow, video_id, ticket, clock.now())
        )
    return FileResponse(await publishing.media_file(uow, video_id, caller))


@router.post(
    "/media/videos/{video_id}/ticket",
    response_model=schemas.MediaTicketOut,
    responses=documented(401, 403, 404, 409),
)
async def media_ticket(
    video_id: RowId, caller: CurrentCaller, uow: UnitDep, clock: ClockDep
) -> schemas.MediaTicketOut:
    """播放链接: a link to this video's file that needs no token, for this video only, valid
    for its length and ten minutes (at most four hours) and while the caller's session lasts."""
    return await publishing.media_ticket(uow, video_id, caller, clock.now())
