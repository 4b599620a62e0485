"""Polling the notices: the newest id seen, which notices are new, and the unread badge."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from api_client import GsdjClient
    from contract import schemas

SHOWN_AT_ONCE = 3  # more new notices than this are summed up in one line


@dataclass(frozen=True)
class Poll:
    fresh: list[str] = field(default_factory=list)  # texts to show, newest last, at most three
    more: int = 0  # new notices beyond those
    unread: int = 0


class NoticeFeed:
    """The first poll after login only sets the badge; later ones also report what is new."""

    def __init__(self) -> None:
        self.cursor: int | None = None  # newest notice id seen; None before the first poll

    def reset(self) -> None:
        self.cursor = None

    def receive(self, got: schemas.NoticesOut) -> Poll:
        fresh: list[str] = []
        if self.cursor is not None:
            cursor = self.cursor
            fresh = [n.text for n in reversed(got.items) if n.id > cursor]
        self.cursor = got.latest_id
        return Poll(fresh[:SHOWN_AT_ONCE], max(0, len(fresh) - SHOWN_AT_ONCE), got.unread)

    async def poll(
        self, client: GsdjClient, wanted: Callable[[], bool] = lambda: True
    ) -> Poll | None:
        """One poll; None when the server refused (the next poll tries again) or when the answer
        is no longer `wanted` once it comes (the user logged out meanwhile). A server that cannot
        be reached raises ServerUnreachable: the caller says 离线 (a screen that asks nothing for
        minutes, 党建大屏, learns of it this way)."""
        from api_client import ApiError, ServerUnreachable

        try:
            got = await client.notices(self.cursor or 0)
        except ServerUnreachable:
            raise
        except ApiError:
            return None
        return self.receive(got) if wanted() else None
