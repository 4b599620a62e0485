"""The demo's search index: every published article, course and video of the demo province,
indexed once after the demo is seeded (its content is written directly, not published)."""

from __future__ import annotations

from server.db.engine import Database
from server.services.search import reindex


async def seed_search(db: Database) -> None:
    async with db.write() as session:
        await reindex(session)
