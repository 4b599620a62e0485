"""Sending the outbox: the pending count, one push at a time, and what became of an action."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from tui import strings

if TYPE_CHECKING:
    from api_client import GsdjClient
    from offline_cache.store import Mutation, Outbox
    from offline_cache.sync import SyncReport


@dataclass(frozen=True)
class Outcome:
    """What became of a member action: applied (with the server's answer), queued in the
    outbox (offline), rejected (with the server's reason) or refused here."""

    status: str
    message: str
    result: dict[str, Any] = field(default_factory=dict)
    code: str | None = None


REFUSED = Outcome("refused", strings.NEED_LOGIN)
QUEUED = Outcome("queued", strings.QUEUED_OFFLINE)


def outcome(mutation: Mutation, report: SyncReport | None) -> Outcome:
    """The server's answer to one action in a push (queued when the push did not reach it)."""
    answer = report.results.get(mutation.id) if report is not None else None
    if answer is None:
        return QUEUED
    if answer.status == "rejected":
        return Outcome("rejected", answer.message or "", code=answer.code)
    result = answer.result or {}
    return Outcome("applied", str(result.get("message", "")), result=result)


Severity = Literal["information", "warning"]  # as Textual's notify takes it


def summary(report: SyncReport) -> list[tuple[str, Severity]]:
    """What a push that the user asked for says: (message, severity) lines."""
    lines: list[tuple[str, Severity]] = []
    if report.rejected:
        lines.append((strings.SYNC_REJECTED.format(n=len(report.rejected)), "warning"))
    if report.results:
        lines.append((strings.SYNC_DONE.format(n=len(report.results)), "information"))
    return lines


class Sync:
    """The outbox's disk work off the event loop, and one push at a time."""

    def __init__(self) -> None:
        self._lock = asyncio.Lock()

    @staticmethod
    async def pending(outbox: Outbox | None) -> int:
        return await asyncio.to_thread(outbox.count_pending) if outbox is not None else 0

    @staticmethod
    async def add(
        outbox: Outbox, kind: str, args: dict[str, object], note: str | None = None
    ) -> Mutation:
        """Write the action (and its display note) to disk (before anything says "saved")."""
        return await asyncio.to_thread(outbox.add, kind, args, None, note)

    async def push(self, client: GsdjClient, outbox: Outbox) -> SyncReport:
        """Send what waits; raises the client's ApiError (ServerUnreachable when offline)."""
        from offline_cache.sync import push_outbox

        async with self._lock:
            return await push_outbox(client, outbox)
