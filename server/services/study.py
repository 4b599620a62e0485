"""学习中心: courses, 我的课程, videos, watch sessions and 保存进度."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from contract import schemas
from server.db.models import Video, VideoProgress
from server.services.context import Caller


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
