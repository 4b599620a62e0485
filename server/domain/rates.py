"""Per-account write limits (issue 15: one push created 100 wishes): how many comments, 先锋模范
posts (心愿, 随手拍, 微捐赠) and uploads one account may make in a window, as data.

Counted per fixed window of the server's clock (when the write arrived, not when an offline
action says it was made, so back-dating cannot spread a burst over past windows), in the
database under the account's lock (server.services.rates): every process sees the same count.
Over HTTP a write over its limit is 429 with Retry-After; in 同步 it is a refusal that uses up
its number.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta


@dataclass(frozen=True)
class WriteLimit:
    action: str
    name: str  # what the message names: 「发表评论」
    max_count: int
    per: timedelta
    per_name: str  # the window in words: 每小时


WRITE_LIMITS: dict[str, WriteLimit] = {
    limit.action: limit
    for limit in (
        # Points stop at 2 comments a day; a lively discussion is still far below this.
        WriteLimit("comment", "发表评论", 30, timedelta(hours=1), "每小时"),
        # A member posts a few wishes, donations or 随手拍 a week.
        WriteLimit("vanguard_post", "发布心愿、微捐赠或随手拍", 10, timedelta(hours=1), "每小时"),
        # 5 attachments a meeting: a branch admin filing the records of several meetings.
        WriteLimit("upload", "上传会议附件", 30, timedelta(hours=1), "每小时"),
        # 经验交流 (issue 18): a branch writes a few a month; drafts saved as new posts count.
        WriteLimit("exchange_post", "撰写经验交流", 10, timedelta(hours=1), "每小时"),
        WriteLimit("exchange_upload", "上传经验交流附件", 30, timedelta(hours=1), "每小时"),
    )
}

_EPOCH = datetime(2000, 1, 1, tzinfo=UTC)

# Counts of windows that ended longer ago than this are forgotten by the daily job.
FORGET_COUNTS_AFTER = timedelta(days=1) + max(limit.per for limit in WRITE_LIMITS.values())


def window(limit: WriteLimit, now: datetime) -> tuple[datetime, datetime]:
    """The fixed window `now` falls in: [start, end)."""
    n = (now - _EPOCH) // limit.per
    start = _EPOCH + n * limit.per
    return start, start + limit.per
