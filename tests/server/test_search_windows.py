"""搜索's candidates on PostgreSQL come from windows of a kind's newest documents (the newest
2,000, then 20,000, then all; server.services.search.WINDOWS): the groups are what one query
over everything gives, on both databases — a common pair's newest, a pair only in the oldest
documents, a pair in the oldest few hundred (more than the candidates, all outside the first
window), and a kind's documents interleaved with another kind's."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from sqlalchemy import insert

from server.db.engine import Database
from server.db.migrate import upgrade
from server.db.models import SearchDocument
from server.db.unit import Unit
from server.domain import search as rules
from server.services import search
from tests.conftest import BACKENDS, _database_url

NOW = datetime(2026, 12, 1, tzinfo=UTC)
N = 2_600  # articles: more than the first window
OLD_FEW, OLD_MANY = 5, 350  # the oldest articles that hold 梅川 / 岷县


def _doc(kind: str, ref: int, body: str) -> dict[str, object]:
    return {
        "kind": kind,
        "ref_id": ref,
        "title": f"第{ref}篇",
        "body": body,
        "tokens": rules.document_tokens(body),
        "scope_org_id": None,
        "visible_from": NOW,
        "parent_id": None,
    }


@pytest.fixture(scope="module", params=BACKENDS)
def url(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    url, drop = _database_url(request.param, tmp_path_factory)

    async def build() -> None:
        db = Database(url)
        try:
            await upgrade(db)
            rows = []
            for ref in range(1, N + 1):
                body = (
                    "基层党建工作"
                    + ("岷县" if ref <= OLD_MANY else "")
                    + ("梅川镇" if ref <= OLD_FEW else "")
                )
                rows.append(_doc("article", ref, body))
                if ref % 2 == 0:  # another kind in between: windows are counted per kind
                    rows.append(_doc("standard", ref, "岷县梅川镇党建"))
            async with db.write() as session:
                await session.execute(insert(SearchDocument), rows)
        finally:
            await db.dispose()

    asyncio.run(build())
    yield url
    if callable(drop):
        drop()


def _group(url: str, q: str) -> dict[str, object]:
    async def run() -> dict[str, object]:
        db = Database(url)
        try:
            out = await search.search(Unit(db), None, q, "article", rules.DEFAULT_LIMIT, NOW)
        finally:
            await db.dispose()
        return out.groups[0].model_dump()

    return asyncio.run(run())


def _refs(group: dict[str, object]) -> list[int]:
    items = group["items"]
    assert isinstance(items, list)
    return [i["id"] for i in items]


def test_a_common_pair_gives_the_newest_documents(url: str) -> None:
    group = _group(url, "党建")
    assert (group["count"], group["more"]) == (rules.CANDIDATES, True)
    assert _refs(group) == list(range(N, N - rules.DEFAULT_LIMIT, -1))


def test_a_pair_only_in_the_oldest_documents_is_found_whole(url: str) -> None:
    group = _group(url, "梅川")
    assert (group["count"], group["more"]) == (OLD_FEW, False)
    assert _refs(group) == list(range(OLD_FEW, 0, -1))


def test_more_matches_than_candidates_outside_the_first_window(url: str) -> None:
    group = _group(url, "岷县")
    assert (group["count"], group["more"]) == (rules.CANDIDATES, True)
    assert _refs(group) == list(range(OLD_MANY, OLD_MANY - rules.DEFAULT_LIMIT, -1))
