"""学习中心: courses, 我的课程, videos, watch sessions and 保存进度."""

from __future__ import annotations

from fastapi import APIRouter
from sqlalchemy import delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from contract import schemas
from server import messages
from server.api.deps import DB, Caller, ClockDep, CurrentCaller, OptionalCaller, RowId
from server.api.errors import ApiError
from server.db import watching
from server.db.models import Course, Enrolment, Video, VideoProgress
from server.db.queries import get_or_404, insert_if_absent
from server.domain import permissions, points, video
from server.services.grants import action_out, earned_out

router = APIRouter(prefix="/api/v1", tags=["study"])
_ERR = {
    401: {"model": schemas.ErrorOut},
    403: {"model": schemas.ErrorOut},
    404: {"model": schemas.ErrorOut},
    409: {"model": schemas.ErrorOut},
}


from server.services.study import _seconds, videos_out  # noqa: E402


async def _courses(
    session: AsyncSession, caller: Caller | None, only_enrolled: bool
) -> list[schemas.CourseOut]:
    query = (
        select(Course, func.count(Video.id), func.coalesce(func.sum(Video.seconds), 0))
        .outerjoin(Video, Video.course_id == Course.id)
        .group_by(Course.id)
        .order_by(Course.sort, Course.id)
    )
    enrolled: set[int] = set()
    covered: dict[int, int] = {}
    if caller is not None:
        enrolled = set(
            (
                await session.execute(
                    select(Enrolment.course_id).where(Enrolment.account_id == caller.account_id)
                )
            ).scalars()
        )
        covered = dict(
            (
                await session.execute(
                    select(Video.course_id, func.sum(VideoProgress.covered_ms))
                    .join(Video, Video.id == VideoProgress.video_id)
                    .where(VideoProgress.account_id == caller.account_id)
                    .group_by(Video.course_id)
                )
            ).all()
        )
    out = []
    for course, count, seconds in (await session.execute(query)).all():
        if only_enrolled and course.id not in enrolled:
            continue
        out.append(
            schemas.CourseOut(
                id=course.id,
                title=course.title,
                summary=course.summary,
                videos=count,
                seconds=int(seconds),
                enrolled=course.id in enrolled,
                covered_seconds=_seconds(int(covered.get(course.id) or 0)),
            )
        )
    return out


@router.get("/courses", response_model=list[schemas.CourseOut], responses=_ERR)
async def courses(db: DB, caller: OptionalCaller) -> list[schemas.CourseOut]:
    """学习中心: every course, with the caller's enrolment and watched time. Open to visitors."""
    async with db.read() as session:
        return await _courses(session, caller, only_enrolled=False)


@router.get("/me/courses", response_model=list[schemas.CourseOut], responses=_ERR)
async def my_courses(db: DB, caller: CurrentCaller) -> list[schemas.CourseOut]:
    """我的课程: the courses the caller joined (members and branch accounts)."""
    permissions.require(caller.kind, "courses")
    async with db.read() as session:
        return await _courses(session, caller, only_enrolled=True)


async def _course(session: AsyncSession, course_id: int) -> Course:
    return await get_or_404(
        session, Course, course_id, "course_not_found", messages.COURSE_NOT_FOUND
    )


@router.get("/courses/{course_id}", response_model=schemas.CourseDetail, responses=_ERR)
async def course(course_id: RowId, db: DB, caller: OptionalCaller) -> schemas.CourseDetail:
    async with db.read() as session:
        row = await _course(session, course_id)
        videos = list(
            (
                await session.execute(
                    select(Video).where(Video.course_id == course_id).order_by(Video.sort, Video.id)
                )
            ).scalars()
        )
        items = await videos_out(session, videos, caller)
        enrolled = caller is not None and await watching.is_enrolled(
            session, caller.account_id, course_id
        )
        return schemas.CourseDetail(
            id=row.id,
            title=row.title,
            summary=row.summary,
            videos=len(videos),
            seconds=sum(v.seconds for v in videos),
            enrolled=enrolled,
            covered_seconds=sum(i.covered_seconds for i in items),
            items=items,
        )


@router.post("/courses/{course_id}/enrol", response_model=schemas.ActionOut, responses=_ERR)
async def enrol(
    course_id: RowId, db: DB, clock: ClockDep, caller: CurrentCaller
) -> schemas.ActionOut:
    """Join a course (我的课程). Members and branch accounts only."""
    permissions.require(caller.kind, "courses")
    async with db.write() as session:
        await _course(session, course_id)
        added = await insert_if_absent(
            session,
            Enrolment,
            account_id=caller.account_id,
            course_id=course_id,
            enrolled_at=clock.now(),
        )
    return schemas.ActionOut(message=messages.ENROLLED if added else messages.ALREADY_ENROLLED)


@router.delete("/courses/{course_id}/enrol", response_model=schemas.ActionOut, responses=_ERR)
async def leave(course_id: RowId, db: DB, caller: CurrentCaller) -> schemas.ActionOut:
    """Remove a course from 我的课程 (what was watched stays watched)."""
    permissions.require(caller.kind, "courses")
    async with db.write() as session:
        await _course(session, course_id)
        await session.execute(
            delete(Enrolment).where(
                Enrolment.account_id == caller.account_id, Enrolment.course_id == course_id
            )
        )
    return schemas.ActionOut(message=messages.LEFT_COURSE)


async def _video(session: AsyncSession, video_id: int) -> Video:
    return await get_or_404(session, Video, video_id, "video_not_found", messages.VIDEO_NOT_FOUND)


@router.get("/videos/{video_id}", response_model=schemas.VideoOut, responses=_ERR)
async def get_video(video_id: RowId, db: DB, caller: OptionalCaller) -> schemas.VideoOut:
    async with db.read() as session:
        row = await _video(session, video_id)
        return (await videos_out(session, [row], caller))[0]


@router.post("/videos/{video_id}/watch", response_model=schemas.WatchOut, responses=_ERR)
async def watch(
    video_id: RowId, db: DB, clock: ClockDep, caller: CurrentCaller
) -> schemas.WatchOut:
    """Open a watch session: the player saves progress against it. One per account: opening one
    ends the account's earlier session, on this terminal or another."""
    now = clock.now()
    async with db.read() as session:
        row = await _video(session, video_id)
        if row.course_id is not None:
            permissions.require(caller.kind, "courses")
            if not await watching.is_enrolled(session, caller.account_id, row.course_id):
                raise ApiError(409, "not_enrolled", messages.NOT_ENROLLED)
    async with db.write() as session:
        ws = await watching.open_session(session, caller.account_id, video_id, now)
        intervals = await watching.covered(session, caller.account_id, video_id)
        today = await watching.today(session, caller.account_id, now)
        item = (await videos_out(session, [row], caller))[0]
    return schemas.WatchOut(
        session_id=ws.id,
        video=item,
        covered=[(_seconds(s), _seconds(e)) for s, e in intervals],
        earns=watching.earns(row, caller.kind),
        seconds_per_point=video.SECONDS_PER_POINT,
        today_seconds=_seconds(today.credited_ms),
        today_points=today.points,
        cap=points.RULES["video"].cap,
    )


@router.post(
    "/watch/{session_id}/progress",
    response_model=schemas.ProgressOut,
    responses={**_ERR, 422: {"model": schemas.ErrorOut}},
)
async def save_progress(
    session_id: RowId, body: schemas.ProgressIn, db: DB, clock: ClockDep, caller: CurrentCaller
) -> schemas.ProgressOut:
    """保存进度: the watched segments since the last save. The server merges them with what was
    watched before and credits only new seconds: 180 s → 1 point, 10 a day."""
    now = clock.now()
    async with db.write() as session:
        saved = await watching.save_progress(
            session,
            caller.account_id,
            session_id,
            [(s.from_s, s.to_s) for s in body.segments],
            body.position_s,
            now,
        )
    return progress_out(saved, bool(body.segments))


def progress_out(saved: watching.Saved, had_segments: bool) -> schemas.ProgressOut:
    if not saved.earns:
        done = messages.PROGRESS_NOT_STUDY
    elif saved.new_ms == 0 and had_segments:
        done = messages.PROGRESS_NOTHING_NEW
    else:
        done = messages.PROGRESS_SAVED.format(seconds=round(saved.new_ms / 1000))
    grant = saved.grants[0] if saved.grants else None  # the latest day's
    out = action_out(done, grant)
    return schemas.ProgressOut(
        message=out.message,
        earned=earned_out(grant) if grant is not None else None,
        new_seconds=_seconds(saved.new_ms),
        covered_seconds=_seconds(saved.covered_ms),
        today_seconds=_seconds(saved.today.credited_ms),
        today_points=saved.today.points,
        to_next_point_s=video.to_next_point_s(saved.today.credited_ms),
    )
