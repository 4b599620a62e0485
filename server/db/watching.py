"""Watch sessions and saved progress: the storage side of server.domain.video.

A save touches only the stored intervals that overlap or adjoin its segments: one indexed
lookup for the interval at or before the segment's start, one range scan over the intervals that
start inside it. Its cost does not grow with how much of the video was watched before.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import delete, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from server import messages
from server.db import ledger
from server.db.models import (
    Enrolment,
    Video,
    VideoDay,
    VideoProgress,
    WatchedInterval,
    WatchSession,
)
from server.db.unit import Earner
from server.domain import points, video
from server.domain.clock import shanghai_day
from server.domain.errors import refused
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
    session: AsyncSession, earner: Earner, video_id: int, now: datetime
) -> WatchSession:
    """Start watching; any earlier session of this account (other video or other terminal) ends.
    Under the account lock (`earner`), so two terminals opening at once end each other in order."""
    account_id = earner.account_id
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
            raise refused("watch_mismatch", messages.WATCH_NOT_FOUND)
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


@dataclass(frozen=True)
class SaveItem:
    """One 保存进度: when it was made (corrected, for a synced one), its segments, the
    wall-clock milliseconds it may have covered since its session began, whether it came too
    late to earn, and the idempotency key of its points."""

    at: datetime
    segments: list[tuple[float, float]]
    position_s: float | None
    wall_ms: int
    late: bool = False
    key: str | None = None


async def save(
    session: AsyncSession,
    earner: Earner,
    ws: WatchSession,
    video_row: Video,
    items: list[SaveItem],
) -> list[Saved]:
    """Saves of one watch session in order — one online save is a run of one; consecutive
    offline saves are applied together. The stored intervals of the run's span are read once,
    merged in memory save by save, and written once. Each save is still checked (segments,
    inflation) and credited (its own day, its own cap) on its own. A refused first save raises
    DomainError (the transaction rolls back, nothing is kept); a later one ends the run before
    it, so the caller applies it alone and gets its reason."""
    account_id = earner.account_id
    length = video_row.seconds * 1000
    clamped: list[list[tuple[int, int]]] = []
    for item in items:
        if any(b < a for a, b in item.segments):
            if not clamped:
                raise refused("segment_backwards", messages.SEGMENT_BACKWARDS)
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
    counts = earner.kind is not None and earns(video_row, earner.kind)
    day_rows: dict[date, VideoDay | None] = {}
    day_points: dict[date, int] = {}

    async def day(d: date, create: bool) -> VideoDay | None:
        """The day's credited row (made when something is credited to it) and points."""
        if d not in day_rows:
            day_rows[d] = await session.get(VideoDay, (account_id, d))
            day_points[d] = await ledger.earned(session, account_id, "video", d)
        row = day_rows[d]
        if row is None and create:
            row = day_rows[d] = VideoDay(account_id=account_id, day=d, credited_ms=0)
            session.add(row)
        return row

    out: list[Saved] = []
    for item, segs in zip(items, clamped, strict=True):
        before = list(intervals)
        new_ms = sum(video.merge_into(intervals, s) for s in segs)
        if video.inflated(ws.new_ms + new_ms, item.wall_ms):
            if not out:
                raise refused(
                    "progress_inflated",
                    messages.WATCH_INFLATED.format(
                        new=round((ws.new_ms + new_ms) / 1000),
                        wall=max(0, round(item.wall_ms / 1000)),
                    ),
                )
            intervals = before
            break
        ws.new_ms += new_ms
        ws.saves += 1
        covered += new_ms
        grants: list[ledger.Grant] = []
        for at, part in video.split_by_day(item.at, new_ms) if counts else []:
            row = await day(shanghai_day(at), create=True)
            assert row is not None
            previous, row.credited_ms = row.credited_ms, row.credited_ms + part
            wanted = video.points_between(previous, row.credited_ms)
            if wanted > 0:
                grant = await ledger.grant(
                    session, earner, "video", at=at, source=("watch_session", str(ws.id)),
                    idempotency_key=item.key, wanted=wanted, late=item.late,
                    so_far=day_points[shanghai_day(at)],  # read in this transaction already
                )  # fmt: skip
                day_points[shanghai_day(at)] += grant.points
                grants.append(grant)
        today_row = await day(shanghai_day(item.at), create=False)
        credited = today_row.credited_ms if today_row is not None else 0
        today_now = Today(credited, day_points[shanghai_day(item.at)])
        out.append(Saved(new_ms, covered, grants, counts, today_now))
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
