"""Pushing the outbox: in order, in batches, settling each answer as it comes."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from offline_cache.store import Outbox

if TYPE_CHECKING:
    from api_client import GsdjClient
    from contract.schemas import MutationResult

BATCH = 500


@dataclass
class SyncReport:
    results: dict[str, MutationResult] = field(default_factory=dict)  # by mutation id
    stopped: str | None = None  # the server's reason for stopping a batch early

    @property
    def rejected(self) -> list[MutationResult]:
        return [r for r in self.results.values() if r.code is not None]


async def push_outbox(client: GsdjClient, outbox: Outbox, batch: int = BATCH) -> SyncReport:
    """Send everything pending. Raises the client's errors (unreachable, expired): whatever
    was not answered stays in the outbox for the next push."""
    report = SyncReport()
    while True:
        pending = await asyncio.to_thread(outbox.pending, batch)
        if not pending:
            return report
        out = await client.sync_push(
            outbox.client_id, datetime.now(UTC).astimezone(), [m.wire() for m in pending]
        )
        # A duplicate of a refused action carries the refusal: it stays visible as refused.
        await asyncio.to_thread(
            outbox.settle,
            [(r.id, "rejected" if r.code else r.status, r.code, r.message) for r in out.results],
        )
        report.results.update({r.id: r for r in out.results})
        if out.stopped:
            report.stopped = out.stopped_message
            return report
        if len(out.results) < len(pending):
            return report
