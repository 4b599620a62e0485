"""学习中心: courses, 我的课程, videos, watch sessions and 保存进度."""

from __future__ import annotations

from fastapi import APIRouter

from contract import schemas
from server.api.deps import ClockDep, CurrentCaller, OptionalCaller, RowId, UnitDep
from server.api.errors import documented
from server.services import study
from server.services.context import Act

router = APIRouter(prefix="/api/v1", tags=["study"])
_ERR = documented(401, 403, 404, 409)


@router.get("/courses", response_model=list[schemas.CourseOut], responses=_ERR)
async def courses(uow: UnitDep, caller: OptionalCaller) -> list[schemas.CourseOut]:
    """学习中心: every course, with the caller's enrolment and watched time. Open to visitors."""
    return await study.courses(uow, caller)


@router.get("/me/courses", response_model=list[schemas.CourseOut], responses=_ERR)
async def my_courses(uow: UnitDep, caller: CurrentCaller) -> list[schemas.CourseOut]:
    """我的课程: the courses the caller joined (members and branch accounts)."""
    return await study.my_courses(uow, caller)


@router.get("/courses/{course_id}", response_model=schemas.CourseDetail, responses=_ERR)
async def course(course_id: RowId, uow: UnitDep, caller: OptionalCaller) -> schemas.CourseDetail:
    return await study.course(uow, course_id, caller)


@router.post("/courses/{course_id}/enrol", response_model=schemas.ActionOut, responses=_ERR)
async def enrol(
    course_id: RowId, uow: UnitDep, clock: ClockDep, caller: CurrentCaller
) -> schemas.ActionOut:
    """Join a course (我的课程). Members and branch accounts only."""
    return await study.enrol(uow, caller, course_id, clock.now())


@router.delete("/courses/{course_id}/enrol", response_model=schemas.ActionOut, responses=_ERR)
async def leave(course_id: RowId, uow: UnitDep, caller: CurrentCaller) -> schemas.ActionOut:
    """Remove a course from 我的课程 (what was watched stays watched)."""
    return await study.leave(uow, caller, course_id)


@router.get("/videos/{video_id}", response_model=schemas.VideoOut, responses=_ERR)
async def get_video(video_id: RowId, uow: UnitDep, caller: OptionalCaller) -> schemas.VideoOut:
    return await study.video(uow, video_id, caller)


@router.post("/videos/{video_id}/watch", response_model=schemas.WatchOut, responses=_ERR)
async def watch(
    video_id: RowId, uow: UnitDep, clock: ClockDep, caller: CurrentCaller
) -> schemas.WatchOut:
    """Open a watch session: the player saves progress against it. One per account: opening one
    ends the account's earlier session, on this terminal or another."""
    return await study.watch(uow, caller, video_id, clock.now())


@router.post(
    "/watch/{session_id}/progress",
    response_model=schemas.ProgressOut,
    responses=documented(401, 403, 404, 409, rules=True),
)
async def save_progress(
    session_id: RowId,
    body: schemas.ProgressIn,
    uow: UnitDep,
    clock: ClockDep,
    caller: CurrentCaller,
) -> schemas.ProgressOut:
    """保存进度: the watched segments since the last save. The server merges them with what was
    watched before and credits only new seconds: 180 s → 1 point, 10 a day."""
    act = Act(caller, clock.now())
    return await study.save_progress(uow, act, session_id, body.segments, body.position_s)
