"""What this terminal did that the server has not answered yet, for the item on screen.

Screens show the server's answer (fresh or cached) and, on top of it, the actions still waiting
in the outbox for the same item, marked 待同步: a 请假 queued offline, a like taken back, a
comment written on the train. Read from the outbox (offline_cache), off the event loop.
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from offline_cache.store import Mutation, Outbox


async def waiting(
    outbox: Outbox | None, kinds: tuple[str, ...], key: str, value: Any
) -> list[Mutation]:
    """Pending actions of `kinds` whose argument `key` is `value`, oldest first."""
    if outbox is None:
        return []
    rows = await asyncio.to_thread(outbox.pending)
    return [m for m in rows if m.kind in kinds and m.args.get(key) == value]


async def waiting_by(
    outbox: Outbox | None, kinds: tuple[str, ...], key: str
) -> dict[Any, list[Mutation]]:
    """Pending actions of `kinds`, grouped by their argument `key` (for a list of items)."""
    if outbox is None:
        return {}
    rows = await asyncio.to_thread(outbox.pending)
    out: dict[Any, list[Mutation]] = {}
    for m in rows:
        if m.kind in kinds and key in m.args:
            out.setdefault(m.args[key], []).append(m)
    return out
