"""搜索 (issue 18) at a province's scale: 100,000 articles and 50,000 standards-like documents
built directly in the search index, then the service's query (`server.services.search.search`,
what GET /api/v1/search runs: every asked kind's capped match, the title sort, the snippets)
against a bare indexed lookup in the same run (one row of search_documents by its unique key).

    python bench/search.py [--articles 100000] [--standards 50000] [--backend sqlite|postgresql|both]
                           [--queries 200] [--no-vacuum]

Texts are made of words drawn (Zipf-like) from a vocabulary of 2–4 character words over 1,500
CJK characters, some latin/digit words among them. Queries: 2 characters (inside the words),
3–4 characters, latin prefixes, and queries that find nothing. PostgreSQL: a fresh database next
to GSDJ_TEST_POSTGRES, dropped afterwards, searched after a VACUUM (what autovacuum does after a
bulk load) unless --no-vacuum.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import os
import random
import statistics
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import bindparam, insert, select, text

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from server.db.engine import Database, sqlite_url  # noqa: E402
from server.db.migrate import upgrade  # noqa: E402
from server.db.models import SearchDocument  # noqa: E402
from server.db.unit import Unit  # noqa: E402
from server.domain import search as rules  # noqa: E402
from server.services import search  # noqa: E402

PG_ADMIN = os.environ.get("GSDJ_TEST_POSTGRES", "postgresql://postgres@127.0.0.1:5432/test")
NOW = datetime(2026, 12, 1, tzinfo=UTC)
BATCH = 2000


def vocabulary(rng: random.Random) -> tuple[list[str], list[str]]:
    chars = [chr(c) for c in rng.sample(range(0x4E00, 0x9FA5), 1500)]
    words = ["".join(rng.choices(chars, k=rng.choice((2, 2, 2, 3, 4)))) for _ in range(12000)]
    latin = [
        f"{rng.choice(['gsdj', 'app', 'pdf', 'wifi', 'v'])}{rng.randrange(1000)}"
        for _ in range(300)
    ]
    return words, latin


def documents(
    n: int, kind: str, start: int, rng: random.Random, words: list[str], latin: list[str]
):  # type: ignore[no-untyped-def]
    weights = list(itertools.accumulate(1 / (i + 1) for i in range(len(words))))
    for i in range(n):
        title = "".join(rng.choices(words, cum_weights=weights, k=rng.randint(3, 6)))
        body = "".join(rng.choices(words, cum_weights=weights, k=rng.randint(40, 80)))
        if rng.random() < 0.2:
            body += " " + rng.choice(latin)
        yield {
            "kind": kind,
            "ref_id": start + i,
            "title": title,
            "body": body,
            "tokens": "",
            "scope_org_id": None,
            "visible_from": NOW,
            "parent_id": None,
        }


async def build(db: Database, articles: int, standards: int, vacuum: bool) -> float:
    rng = random.Random(18)
    words, latin = vocabulary(rng)
    texts = {
        kind: list(documents(n, kind, 1, rng, words, latin))
        for kind, n in (("article", articles), ("standard", standards))
    }
    started = time.perf_counter()
    for made in texts.values():
        rows = [{**r, "tokens": rules.document_tokens(r["title"], r["body"])} for r in made]
        for i in range(0, len(rows), BATCH):
            async with db.write() as session:
                await session.execute(insert(SearchDocument), rows[i : i + BATCH])
    async with db.write() as session:
        if session.bind.dialect.name == "postgresql":
            await session.execute(text("ANALYZE search_documents"))
        else:
            await session.execute(text("INSERT INTO search_fts(search_fts) VALUES ('optimize')"))
    built = time.perf_counter() - started
    if db.write_engine.dialect.name == "postgresql" and vacuum:
        # What autovacuum does after a bulk load: the GIN index's pending list (up to 4 MB of
        # entries not yet merged, read whole by every search) merged, the pages all-visible.
        async with db.write_engine.execution_options(isolation_level="AUTOCOMMIT").connect() as c:
            await c.execute(text("VACUUM ANALYZE search_documents"))
    return built


def queries(n: int) -> dict[str, list[str]]:
    rng = random.Random(18)
    words, latin = vocabulary(rng)
    common = words[:400]
    two = [w[:2] if rng.random() < 0.5 else w[-2:] for w in rng.choices(common, k=n)]
    longer = [w for w in words if len(w) >= 3][:2000]
    return {
        "2 字": two,
        "3–4 字": rng.choices(longer, k=n),
        "拉丁前缀": [w[: rng.randint(min(3, len(w)), len(w))] for w in rng.choices(latin, k=n)],
        "无结果": ["卍" + rng.choice(words) for _ in range(n)],
    }


_BARE = select(SearchDocument.id, SearchDocument.title).where(
    SearchDocument.kind == bindparam("kind"), SearchDocument.ref_id == bindparam("ref_id")
)


async def timed(db: Database, n: int, total: int) -> list[tuple[str, list[float], list[float]]]:
    uow = Unit(db)
    rng = random.Random(5)
    out = []
    for name, qs in queries(n).items():
        service, bare = [], []
        for q in qs:
            t = time.perf_counter()
            await search.search(uow, None, q, "article,standard", rules.DEFAULT_LIMIT, NOW)
            service.append(time.perf_counter() - t)
            t = time.perf_counter()
            async with db.read_engine.connect() as conn:
                (
                    await conn.execute(_BARE, {"kind": "article", "ref_id": rng.randint(1, total)})
                ).all()
            bare.append(time.perf_counter() - t)
        out.append((name, service, bare))
    return out


def p99(xs: list[float]) -> float:
    return sorted(xs)[max(0, int(len(xs) * 0.99) - 1)]


async def run(backend: str, articles: int, standards: int, n: int, vacuum: bool) -> None:
    drop = None
    if backend == "sqlite":
        folder = tempfile.mkdtemp(prefix="gsdj-search-")
        url = sqlite_url(Path(folder) / "search.sqlite3")
    else:
        import asyncpg

        name = f"gsdj_bench_{uuid.uuid4().hex[:10]}"
        admin = PG_ADMIN.replace("postgresql://", "postgres://")
        conn = await asyncpg.connect(admin)
        await conn.execute(f'CREATE DATABASE "{name}"')
        await conn.close()
        url = PG_ADMIN.rsplit("/", 1)[0] + "/" + name

        async def drop() -> None:  # type: ignore[misc]
            c = await asyncpg.connect(admin)
            await c.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            await c.close()

    db = Database(url)
    try:
        await upgrade(db)
        seconds = await build(db, articles, standards, vacuum)
        print(
            f"\n{backend}: index build of {articles:,} articles + {standards:,} standards "
            f"(tokenize + insert + index): {seconds:.1f} s"
        )
        rows = await timed(db, n, articles)
        print(
            f"{'query':<8} {'median ms':>10} {'p99 ms':>8} {'bare median':>12} {'bare p99':>9} "
            f"{'ratio med':>10}"
        )
        for name, service, bare in rows:
            sm, bm = statistics.median(service) * 1000, statistics.median(bare) * 1000
            print(
                f"{name:<8} {sm:>10.2f} {p99(service) * 1000:>8.2f} {bm:>12.3f} "
                f"{p99(bare) * 1000:>9.3f} {sm / bm:>10.0f}×"
            )
    finally:
        await db.dispose()
        if drop is not None:
            await drop()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--standards", type=int, default=50_000)
    parser.add_argument("--backend", choices=("sqlite", "postgresql", "both"), default="both")
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument(
        "--no-vacuum", action="store_true", help="PostgreSQL: search straight after the load"
    )
    args = parser.parse_args()
    backends = ("sqlite", "postgresql") if args.backend == "both" else (args.backend,)
    for backend in backends:
        asyncio.run(run(backend, args.articles, args.standards, args.queries, not args.no_vacuum))


if __name__ == "__main__":
    main()
