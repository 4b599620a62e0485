"""学习中心: courses, 我的课程, videos, watch sessions and 保存进度."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from contract import schemas
from server import messages
from server.db import watching
from server.db.models import Course, Enrolment, Video, VideoProgress, WatchSession
from server.db.queries import get_or_404, insert_if_absent
from server.db.unit import Unit
from server.domain import permissions, points
from server.domain import video as video_rules
from server.domain.errors import conflict, not_found
from server.services.context import Act, Caller
from server.services.grants import action_out, earned_out
from server.services.visibility import check_visible, visible_to


def _seconds(value_ms: int) -> float:
    return round(value_ms / 1000, 3)


def video_out(v: Video, progress: VideoProgress | None = None) -> schemas.VideoOut:
    return schemas.VideoOut(
        id=v.id,
        title=v.title,
        seconds=v.seconds,
        url=v.url,
        study=v.course_id is not None,
        covered_seconds=_seconds(progress.covered_ms) if progress else 0,
        position_seconds=_seconds(progress.position_ms) if progress else 0,
    )


async def videos_out(
    session: AsyncSession, videos: list[Video], caller: Caller | None
) -> list[schemas.VideoOut]:
    progress: dict[int, VideoProgress] = {}
    if caller is not None and videos:
        rows = await session.execute(
            select(VideoProgress).where(
                VideoProgress.account_id == caller.account_id,
                VideoProgress.video_id.in_([v.id for v in videos]),
            )
        )
        progress = {p.video_id: p for p in rows.scalars()}
    return [video_out(v, progress.get(v.id)) for v in videos]


def _may_join(caller: Caller | None) -> bool:
    return caller is not None and permissions.may_use(caller.kind, "courses")


async def _courses(
    session: AsyncSession, caller: Caller | None, only_enrolled: bool
) -> list[schemas.CourseOut]:
    query = (
        select(Course, func.count(Video.id), func.coalesce(func.sum(Video.seconds), 0))
        .outerjoin(Video, Video.course_id == Course.id)
        .where(*visible_to(Course, caller))
        .group_by(Course.id)
        .order_by(Course.sort, Course.id)
    )
    enrolled: set[int] = set()
    covered: dict[int, int] = {}
    may_join = _may_join(caller)
    if caller is not None:
        enrolled = set(
            (
                await session.execute(
                    select(Enrolment.course_id).where(Enrolment.account_id == caller.account_id)
                )
            ).scalars()
        )
        covered_rows = await session.execute(
            select(Video.course_id, func.sum(VideoProgress.covered_ms))
            .join(Video, Video.id == VideoProgress.video_id)
            .where(VideoProgress.account_id == caller.account_id)
            .group_by(Video.course_id)
        )
        covered = {c: int(n or 0) for c, n in covered_rows.all() if c is not None}
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
                covered_seconds=_seconds(covered.get(course.id, 0)),
                can_enrol=may_join,
            )
        )
    return out


async def courses(uow: Unit, caller: Caller | None) -> list[schemas.CourseOut]:
    """学习中心: every course, with the caller's enrolment and watched time."""
    async with uow.read() as session:
        return await _courses(session, caller, only_enrolled=False)


async def my_courses(uow: Unit, caller: Caller) -> list[schemas.CourseOut]:
    """我的课程: the courses the caller joined (members and branch accounts)."""
    permissions.require(caller.kind, "courses")
    async with uow.read() as session:
        return await _courses(session, caller, only_enrolled=True)


async def _course(session: AsyncSession, course_id: int, caller: Caller | None = None) -> Course:
    """The course if this caller sees it: 404 for a draft or one off the caller's path, 409
    `course_withdrawn` once withdrawn (progress and points earned stay; it lists no more)."""
    row = await get_or_404(
        session, Course, course_id, "course_not_found", messages.COURSE_NOT_FOUND
    )
    await check_visible(
        session, row, caller, "course", messages.COURSE_NOT_FOUND, messages.COURSE_WITHDRAWN
    )
    return row


async def course(uow: Unit, course_id: int, caller: Caller | None) -> schemas.CourseDetail:
    async with uow.read() as session:
        row = await _course(session, course_id, caller)
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
            can_enrol=_may_join(caller),
            items=items,
        )


async def enrol(uow: Unit, caller: Caller, course_id: int, now: datetime) -> schemas.ActionOut:
    """Join a course (我的课程). Members and branch accounts only."""
    permissions.require(caller.kind, "courses")
    async with uow.write() as session:
        await _course(session, course_id, caller)
        added = await insert_if_absent(
            session, Enrolment, account_id=caller.account_id, course_id=course_id, enrolled_at=now
        )
    return schemas.ActionOut(message=messages.ENROLLED if added else messages.ALREADY_ENROLLED)


async def leave(uow: Unit, caller: Caller, course_id: int) -> schemas.ActionOut:
    """Remove a course from 我的课程 (what was watched stays watched)."""
    permissions.require(caller.kind, "courses")
    async with uow.write() as session:
        # No visibility check: leaving only deletes the enrolment, also of a course withdrawn
        # since or owned by a 党委 (an offline 退课 must not be refused for good).
        await get_or_404(session, Course, course_id, "course_not_found", messages.COURSE_NOT_FOUND)
        await session.execute(
            delete(Enrolment).where(
                Enrolment.account_id == caller.account_id, Enrolment.course_id == course_id
            )
        )
    return schemas.ActionOut(message=messages.LEFT_COURSE)


async def _video(session: AsyncSession, video_id: int) -> Video:
    return await get_or_404(session, Video, video_id, "video_not_found", messages.VIDEO_NOT_FOUND)


async def _watchable(session: AsyncSession, caller: Caller, video_id: int) -> Video:
    """The video, if this caller may watch it: an account that may join courses (the `courses`
    feature: members, branch accounts) watches a course video once enrolled (409
    `not_enrolled`); any other account, like a visitor, watches every video, earning nothing
    (SPEC §2; `watching.earns`)."""
    row = await _video(session, video_id)
    if row.course_id is not None:
        await _course(session, row.course_id, caller)
    if row.course_id is not None and permissions.may_use(caller.kind, "courses"):
        if not await watching.is_enrolled(session, caller.account_id, row.course_id):
            raise conflict("not_enrolled", messages.NOT_ENROLLED)
    return row


async def video(uow: Unit, video_id: int, caller: Caller | None) -> schemas.VideoOut:
    async with uow.read() as session:
        row = await _video(session, video_id)
        if row.course_id is not None:  # a course's video as its course: drafts, audience, withdrawn
            await _course(session, row.course_id, caller)
        return (await videos_out(session, [row], caller))[0]


async def watch(uow: Unit, caller: Caller, video_id: int, now: datetime) -> schemas.WatchOut:
    """Open a watch session: the player saves progress against it. One per account: opening
    one ends the account's earlier session, on this terminal or another."""
    async with uow.read() as session:
        row = await _watchable(session, caller, video_id)
    async with uow.write() as session:
        ws = await watching.open_session(
            session, await uow.lock(caller.account_id, caller.kind), video_id, now
        )
        intervals = await watching.covered(session, caller.account_id, video_id)
        today = await watching.today(session, caller.account_id, now)
        item = (await videos_out(session, [row], caller))[0]
    return schemas.WatchOut(
        session_id=ws.id,
        video=item,
        covered=[(_seconds(s), _seconds(e)) for s, e in intervals],
        earns=watching.earns(row, caller.kind),
        seconds_per_point=video_rules.SECONDS_PER_POINT,
        today_seconds=_seconds(today.credited_ms),
        today_points=today.points,
        cap=points.RULES["video"].cap,
    )


def _segments(segments: list[schemas.SegmentIn]) -> list[tuple[float, float]]:
    return [(s.from_s, s.to_s) for s in segments]


async def save_progress(
    uow: Unit,
    act: Act,
    session_id: int,
    segments: list[schemas.SegmentIn],
    position_s: float | None,
) -> schemas.ProgressOut:
    """保存进度 in a server watch session: the segments watched since the last save. Timed by
    the server's clock since the session opened; a session another open has ended is refused."""
    me = act.caller.account_id
    async with uow.write() as session:
        earner = await uow.lock(me, act.caller.kind)
        ws = await session.get(WatchSession, session_id)
        if ws is None or ws.account_id != me:
            raise not_found("watch_not_found", messages.WATCH_NOT_FOUND)
        if ws.ended_at is not None:
            raise conflict("watch_taken_over", messages.WATCH_TAKEN_OVER)
        video_row = await session.get(Video, ws.video_id)
        assert video_row is not None  # a session's video is never deleted
        if video_row.course_id is not None:  # a session opened before the course was withdrawn
            await _course(session, video_row.course_id, act.caller)
        wall_ms = int((act.now - ws.started_at) / timedelta(milliseconds=1))
        item = watching.SaveItem(
            act.now, _segments(segments), position_s, wall_ms, act.late, act.key
        )
        (saved,) = await watching.save(session, earner, ws, video_row, [item])
    return progress_out(saved, bool(segments), study=video_row.course_id is not None)


@dataclass(frozen=True)
class OfflineSave:
    """One save a terminal made offline: its action (corrected time, key, late) and what the
    player sent."""

    act: Act
    video_id: int
    client_session: str
    started_at: datetime  # the client's clock when the player opened (not corrected)
    elapsed_s: float | None  # the client's monotonic seconds since
    segments: list[schemas.SegmentIn]
    position_s: float | None


async def save_offline(
    uow: Unit, caller: Caller, saves: list[OfflineSave], skew: timedelta
) -> list[schemas.ProgressOut]:
    """Saves made offline in one watch session of the client, in order (one, or a run of them):
    the session is made on its first synced save; each save's wall-clock bound is the client's
    monotonic seconds, bounded by its corrected timestamps. Refuses the first save with its
    reason; answers fewer than given when a later save must be applied alone."""
    first = saves[0]
    async with uow.write() as session:
        earner = await uow.lock(caller.account_id, caller.kind)
        video_row = await _watchable(session, caller, first.video_id)
        ws = await watching.offline_session(
            session, caller.account_id, video_row.id, first.client_session,
            first.started_at + skew,
        )  # fmt: skip
        items = []
        for s in saves:
            wall = (s.act.now - ws.started_at).total_seconds()
            if s.elapsed_s is not None:
                wall = min(wall, s.elapsed_s)
            items.append(
                watching.SaveItem(
                    s.act.now,
                    _segments(s.segments),
                    s.position_s,
                    max(0, int(wall * 1000)),
                    s.act.late,
                    s.act.key,
                )  # fmt: skip
            )
        saved = await watching.save(session, earner, ws, video_row, items)
    study = video_row.course_id is not None
    return [
        progress_out(x, bool(s.segments), study=study) for x, s in zip(saved, saves, strict=False)
    ]


def progress_out(saved: watching.Saved, had_segments: bool, *, study: bool) -> schemas.ProgressOut:
    if not saved.earns:
        # An article's video earns no one; a 学习中心 video earns only the accounts that earn.
        done = messages.PROGRESS_NOT_EARNER if study else messages.PROGRESS_NOT_STUDY
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
        to_next_point_s=video_rules.to_next_point_s(saved.today.credited_ms),
    )
