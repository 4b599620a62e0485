"""Watch sessions and saved progress: the storage side of server.domain.video.

A save touches only the stored intervals that overlap or adjoin its segments: one indexed
lookup for the interval at or before the segment's start, one range scan over the intervals that
start inside it. Its cost does not grow with how much of the video was watched before.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import delete, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from server import messages
from server.api.errors import ApiError  # noqa: F401 - moved with the study service
from server.db import ledger
from server.db.models import (
    Enrolment,
    Video,
    VideoDay,
    VideoProgress,
    WatchedInterval,
    WatchSession,
)
from server.db.unit import lock_now
from server.domain import points, video
from server.domain.clock import shanghai_day
from server.domain.orgs import AccountKind

WI = WatchedInterval


def ms(seconds: float) -> int:
    return round(seconds * 1000)


@dataclass(frozen=True)
class Today:
    credited_ms: int
    points: int


@dataclass(frozen=True)
class Saved:
    new_ms: int
    covered_ms: int
    grants: list[ledger.Grant]
    earns: bool
    today: Today


def earns(video_row: Video, kind: AccountKind) -> bool:
    """Only 学习中心 videos earn, and only for the accounts that earn at all."""
    return video_row.course_id is not None and kind in points.EARNERS


async def is_enrolled(session: AsyncSession, account_id: int, course_id: int) -> bool:
    return await session.get(Enrolment, (account_id, course_id)) is not None


async def today(session: AsyncSession, account_id: int, now: datetime) -> Today:
    day = shanghai_day(now)
    row = await session.get(VideoDay, (account_id, day))
    return Today(
        credited_ms=row.credited_ms if row else 0,
        points=await ledger.earned(session, account_id, "video", day),
    )


async def covered(session: AsyncSession, account_id: int, video_id: int) -> list[tuple[int, int]]:
    rows = await session.execute(
        select(WI.start_ms, WI.end_ms)
        .where(WI.account_id == account_id, WI.video_id == video_id)
        .order_by(WI.start_ms)
    )
    return [(s, e) for s, e in rows.all()]


async def open_session(
    session: AsyncSession, account_id: int, video_id: int, now: datetime
) -> WatchSession:
    """Start watching; any earlier session of this account (other video or other terminal) ends."""
    await lock_now(session, account_id)
    await session.execute(
        update(WatchSession)
        .where(WatchSession.account_id == account_id, WatchSession.ended_at.is_(None))
        .values(ended_at=now)
    )
    row = WatchSession(account_id=account_id, video_id=video_id, started_at=now, new_ms=0, saves=0)
    session.add(row)
    await session.flush()
    return row


async def offline_session(
    session: AsyncSession, account_id: int, video_id: int, client_key: str, started_at: datetime
) -> WatchSession:
    """The session a client watched offline, made on its first synced save (never active: it
    ended before the server heard of it)."""
    row = await session.scalar(
        select(WatchSession).where(
            WatchSession.account_id == account_id, WatchSession.client_key == client_key
        )
    )
    if row is not None:
        if row.video_id != video_id:
            raise ApiError(422, "watch_mismatch", messages.WATCH_NOT_FOUND)
        return row
    row = WatchSession(
        account_id=account_id,
        video_id=video_id,
        started_at=started_at,
        ended_at=started_at,
        client_key=client_key,
        new_ms=0,
        saves=0,
    )
    session.add(row)
    await session.flush()
    return row


async def _touching(
    session: AsyncSession, account_id: int, video_id: int, a: int, b: int
) -> list[tuple[int, int]]:
    """The stored intervals that overlap or adjoin [a, b]: the one starting at or before a (if
    it reaches a) and those starting inside. Two lookups on the primary key, whatever the
    history holds."""
    mine = (WI.account_id == account_id, WI.video_id == video_id)
    left = (
        await session.execute(
            select(WI.start_ms, WI.end_ms)
            .where(*mine, WI.start_ms <= a)
            .order_by(WI.start_ms.desc())
            .limit(1)
        )
    ).first()
    inner = await session.execute(
        select(WI.start_ms, WI.end_ms)
        .where(*mine, WI.start_ms > a, WI.start_ms <= b)
        .order_by(WI.start_ms)
    )
    return ([(left[0], left[1])] if left is not None and left[1] >= a else []) + [
        (s, e) for s, e in inner.all()
    ]


async def _merge_segment(
    session: AsyncSession, account_id: int, video_id: int, segment: tuple[int, int]
) -> int:
    a, b = segment
    mine = (WI.account_id == account_id, WI.video_id == video_id)
    touching = await _touching(session, account_id, video_id, a, b)
    merged = video.merge(segment, touching)
    if touching == [(merged.start, merged.end)]:
        return merged.new_ms  # inside what was watched already
    if touching:
        await session.execute(delete(WI).where(*mine, WI.start_ms.in_([s for s, _ in touching])))
    await session.execute(
        insert(WI).values(
            account_id=account_id, video_id=video_id, start_ms=merged.start, end_ms=merged.end
        )
    )
    return merged.new_ms


async def save_progress(
    session: AsyncSession,
    account_id: int,
    session_id: int,
    segments: list[tuple[float, float]],
    position_s: float | None,
    now: datetime,
    *,
    offline_wall_ms: int | None = None,
) -> Saved:
    """Merge the segments of one 保存进度, check them against the session's wall-clock time and
    credit the new seconds to the day they were watched. Raises ApiError; nothing is kept then."""
    kind = (await lock_now(session, account_id)).kind
    ws = await session.get(WatchSession, session_id)
    if ws is None or ws.account_id != account_id:
        raise ApiError(404, "watch_not_found", messages.WATCH_NOT_FOUND)
    if ws.ended_at is not None and offline_wall_ms is None:
        raise ApiError(409, "watch_taken_over", messages.WATCH_TAKEN_OVER)
    video_row = await session.get(Video, ws.video_id)
    assert video_row is not None
    length = video_row.seconds * 1000
    new_ms = 0
    for start, end in segments:
        if end < start:
            raise ApiError(422, "segment_backwards", messages.SEGMENT_BACKWARDS)
        clamped = video.clamp(ms(start), ms(end), length)
        if clamped is not None:
            new_ms += await _merge_segment(session, account_id, video_row.id, clamped)
    # Online the server's clock times the session; offline, the client's monotonic seconds
    # bounded by its skew-corrected timestamps (the caller works that out).
    wall_ms = (
        int((now - ws.started_at) / timedelta(milliseconds=1))
        if offline_wall_ms is None
        else offline_wall_ms
    )
    if video.inflated(ws.new_ms + new_ms, wall_ms):
        raise ApiError(
            422,
            "progress_inflated",
            messages.WATCH_INFLATED.format(
                new=round((ws.new_ms + new_ms) / 1000), wall=max(0, round(wall_ms / 1000))
            ),
        )
    ws.new_ms += new_ms
    ws.saves += 1
    progress = await session.get(VideoProgress, (account_id, video_row.id))
    position = min(ms(position_s), length) if position_s is not None else None
    if progress is None:
        progress = VideoProgress(
            account_id=account_id,
            video_id=video_row.id,
            covered_ms=new_ms,
            position_ms=position or 0,
            updated_at=now,
        )
        session.add(progress)
    else:
        progress.covered_ms += new_ms
        if position is not None:
            progress.position_ms = position
        progress.updated_at = now
    grants: list[ledger.Grant] = []
    counts = kind is not None and earns(video_row, AccountKind(kind))
    if counts:
        for at, part in video.split_by_day(now, new_ms):
            grant = await _credit_day(session, account_id, ws.id, at, part)
            if grant is not None:
                grants.append(grant)
    await session.flush()
    return Saved(new_ms, progress.covered_ms, grants, counts, await today(session, account_id, now))


async def _credit_day(
    session: AsyncSession, account_id: int, session_id: int, at: datetime, part_ms: int
) -> ledger.Grant | None:
    day = shanghai_day(at)
    row = await session.get(VideoDay, (account_id, day))
    before = row.credited_ms if row else 0
    if row is None:
        session.add(VideoDay(account_id=account_id, day=day, credited_ms=part_ms))
    else:
        row.credited_ms = before + part_ms
    await session.flush()
    wanted = video.points_between(before, before + part_ms)
    if wanted <= 0:
        return None
    return await ledger.grant(
        session,
        await lock_now(session, account_id),
        "video",
        at=at,
        source=("watch_session", str(session_id)),
        wanted=wanted,
    )


@dataclass(frozen=True)
class RunItem:
    """One offline save of a run: when it was made (corrected), its segments, its time bound."""

    at: datetime
    segments: list[tuple[float, float]]
    position_s: float | None
    wall_ms: int
    late: bool


async def save_run(
    session: AsyncSession,
    account_id: int,
    kind: AccountKind | None,
    ws: WatchSession,
    video_row: Video,
    items: list[RunItem],
    keys: list[str],
) -> list[Saved]:
    """Consecutive offline saves of one watch session, applied together: the stored intervals
    of the run's span are read once, merged in memory save by save, and written once. Each save
    is still checked (inflation) and credited (its own day, its own cap) on its own; the run
    stops before a save that would be refused, which the caller then applies alone."""
    length = video_row.seconds * 1000
    clamped: list[list[tuple[int, int]]] = []
    for item in items:
        if any(b < a for a, b in item.segments):
            break  # refused alone, with its message
        clamped.append([c for a, b in item.segments if (c := video.clamp(ms(a), ms(b), length))])
    items = items[: len(clamped)]
    spans = [s for segs in clamped for s in segs]
    mine = (WI.account_id == account_id, WI.video_id == video_row.id)
    loaded: list[tuple[int, int]] = []
    if spans:
        lo, hi = min(a for a, _ in spans), max(b for _, b in spans)
        loaded = await _touching(session, account_id, video_row.id, lo, hi)
    intervals = list(loaded)
    progress = await session.get(VideoProgress, (account_id, video_row.id))
    covered = progress.covered_ms if progress else 0
    counts = kind is not None and earns(video_row, kind)
    day_rows: dict[date, VideoDay] = {}
    day_points: dict[date, int] = {}

    async def day(d: date) -> VideoDay:
        if d not in day_rows:
            row = await session.get(VideoDay, (account_id, d))
            if row is None:
                row = VideoDay(account_id=account_id, day=d, credited_ms=0)
                session.add(row)
            day_rows[d] = row
            day_points[d] = await ledger.earned(session, account_id, "video", d)
        return day_rows[d]

    out: list[Saved] = []
    for item, segs, key in zip(items, clamped, keys, strict=False):
        before = list(intervals)
        new_ms = sum(video.merge_into(intervals, s) for s in segs)
        if video.inflated(ws.new_ms + new_ms, item.wall_ms):
            intervals = before
            break
        ws.new_ms += new_ms
        ws.saves += 1
        covered += new_ms
        grants: list[ledger.Grant] = []
        for at, part in video.split_by_day(item.at, new_ms) if counts else []:
            row = await day(shanghai_day(at))
            previous, row.credited_ms = row.credited_ms, row.credited_ms + part
            wanted = video.points_between(previous, row.credited_ms)
            if wanted > 0:
                grant = await ledger.grant(
                    session, await lock_now(session, account_id), "video", at=at,
                    source=("watch_session", str(ws.id)), idempotency_key=key, wanted=wanted,
                    late=item.late,
                )  # fmt: skip
                day_points[shanghai_day(at)] += grant.points
                grants.append(grant)
        today_row = await day(shanghai_day(item.at))
        today_now = Today(today_row.credited_ms, day_points[shanghai_day(item.at)])
        out.append(Saved(new_ms, covered, grants, counts, today_now))
    if not out:
        return out
    if intervals != loaded:
        if loaded:
            await session.execute(delete(WI).where(*mine, WI.start_ms.in_([s for s, _ in loaded])))
        await session.execute(
            insert(WI),
            [
                {"account_id": account_id, "video_id": video_row.id, "start_ms": s, "end_ms": e}
                for s, e in intervals
            ],
        )
    last = items[len(out) - 1]
    position = min(ms(last.position_s), length) if last.position_s is not None else None
    if progress is None:
        session.add(
            VideoProgress(
                account_id=account_id,
                video_id=video_row.id,
                covered_ms=covered,
                position_ms=position or 0,
                updated_at=last.at,
            )
        )
    else:
        progress.covered_ms = covered
        if position is not None:
            progress.position_ms = position
        progress.updated_at = last.at
    await session.flush()
    return out
