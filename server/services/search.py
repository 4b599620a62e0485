"""One search (issue 18): the index of documents and the query over it.

Writers call `index_document` / `drop_document` inside their own transactions, so what the
search finds commits with the change that makes it visible: publishing an article or a course
(and a course's videos), withdrawing it, publishing it again. The kinds are
`server.domain.search.KINDS`; a new kind (学标对标, 经验交流) is its row there plus one
`index_document(conn, "standard", item.id, title, text, scope_org_id=…, visible_from=…)` in
its module's write, and `drop_document` when it leaves.

Who finds what (decided, SPEC §2 and server.services.visibility): a document carries its scope
— NULL for the province's content, which everyone, visitors too, may read; else the owner org,
found by accounts whose org path holds it — and the time it becomes visible (a scheduled
article's publish time). Drafts and withdrawn content are not in the index.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    Column,
    Integer,
    MetaData,
    Table,
    bindparam,
    delete,
    func,
    insert,
    literal_column,
    select,
    text,
)
from sqlalchemy import Text as Text_
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession

from contract import schemas
from server.db.models import (
    Article,
    Course,
    ExchangePost,
    Org,
    SearchDocument,
    StandardItem,
    Video,
)
from server.db.queries import read_connection
from server.db.unit import Unit
from server.domain import publishing
from server.domain import search as rules
from server.domain.exchange import PUBLISHED
from server.domain.orgs import BRANCH_FIELD_NAMES, BranchField
from server.services.context import Caller

_D = SearchDocument.__table__.c
EPOCH = datetime(2000, 1, 1, tzinfo=UTC)

_DROP = delete(SearchDocument).where(_D.kind == bindparam("kind"), _D.ref_id == bindparam("ref_id"))
_INSERT = insert(SearchDocument)


async def _conn(target: AsyncSession | AsyncConnection) -> AsyncConnection:
    return target if isinstance(target, AsyncConnection) else await target.connection()


async def index_document(
    target: AsyncSession | AsyncConnection,
    kind: str,
    ref_id: int,
    title: str,
    text_: str,
    *,
    scope_org_id: int | None,
    visible_from: datetime | None,
    parent_id: int | None = None,
) -> None:
    """Put (or replace) one document in the index, inside the caller's transaction.
    `scope_org_id` None: everyone may find it; else readers whose org path holds that org."""
    if kind not in rules.BY_CODE:
        raise ValueError(f"unknown search kind {kind!r}")
    conn = await _conn(target)
    await conn.execute(_DROP, {"kind": kind, "ref_id": ref_id})
    body = " ".join(text_.split())[: rules.INDEXED_TEXT]
    await conn.execute(
        _INSERT,
        {
            "kind": kind,
            "ref_id": ref_id,
            "title": title[:200],
            "body": body,
            "tokens": rules.document_tokens(title, body),
            "scope_org_id": scope_org_id,
            "visible_from": visible_from or EPOCH,
            "parent_id": parent_id,
        },
    )


async def drop_document(target: AsyncSession | AsyncConnection, kind: str, ref_id: int) -> None:
    """Take one document out of the index (withdrawn, back to draft, deleted)."""
    await (await _conn(target)).execute(_DROP, {"kind": kind, "ref_id": ref_id})


async def scope_of(target: AsyncSession | AsyncConnection, owner_org_id: int | None) -> int | None:
    """A document's scope from its owner: None (everyone) for the province's or no owner."""
    if owner_org_id is None:
        return None
    conn = await _conn(target)
    parent = await conn.scalar(select(Org.parent_id).where(Org.id == owner_org_id))
    return None if parent is None else owner_org_id


# -- the kinds that exist today: articles, courses and their videos ---------------------------


async def index_article(target: AsyncSession | AsyncConnection, row: Article) -> None:
    """An article as its state says: published (from its publish time, so a scheduled one is
    found only then) in the index, anything else out of it."""
    if row.status != publishing.State.PUBLISHED:
        await drop_document(target, "article", row.id)
        return
    scope = await scope_of(target, row.owner_org_id)
    await index_document(
        target, "article", row.id, row.title, row.body,
        scope_org_id=scope, visible_from=row.published_at,
    )  # fmt: skip


async def index_course(target: AsyncSession | AsyncConnection, row: Course) -> None:
    """A course and its videos (学习中心's): in the index while published, as the course is
    seen (server.services.visibility), out of it otherwise."""
    conn = await _conn(target)
    videos = (
        await conn.execute(select(Video.id, Video.title).where(Video.course_id == row.id))
    ).all()
    if row.status != publishing.State.PUBLISHED:
        await drop_document(conn, "course", row.id)
        for video_id, _ in videos:
            await drop_document(conn, "video", video_id)
        return
    scope = await scope_of(conn, row.owner_org_id)
    await index_document(
        conn, "course", row.id, row.title, row.summary,
        scope_org_id=scope, visible_from=row.published_at,
    )  # fmt: skip
    for video_id, title in videos:
        await index_document(
            conn, "video", video_id, title, row.title,
            scope_org_id=scope, visible_from=row.published_at, parent_id=row.id,
        )  # fmt: skip


async def _province(conn: AsyncConnection) -> int | None:
    """The province's org: the scope of what every logged-in account with an org reads, and
    no visitor (学标对标, 经验交流)."""
    return await conn.scalar(select(Org.id).where(Org.parent_id.is_(None)).order_by(Org.id))


async def index_standard_field(target: AsyncSession | AsyncConnection, field: str) -> None:
    """A field's standard items as the last load left them (server.services.standards.load):
    the current ones in the index, each titled by its field and number, the removed ones out."""
    conn = await _conn(target)
    scope = await _province(conn)
    name = BRANCH_FIELD_NAMES[BranchField(field)]
    i = StandardItem.__table__.c
    rows = (
        await conn.execute(
            select(i.id, i.number, i.title, i.text, i.removed_at).where(i.field == field)
        )
    ).all()
    for item_id, number, title, body, removed_at in rows:
        if removed_at is not None:
            await drop_document(conn, "standard", item_id)
        else:
            await index_document(
                conn, "standard", item_id, f"{name} {number} {title}", body,
                scope_org_id=scope, visible_from=None,
            )  # fmt: skip


async def index_exchange_post(target: AsyncSession | AsyncConnection, post: ExchangePost) -> None:
    """A 经验交流 post (an ExchangePost) as its state says: published, read by every logged-in
    account of the province, in the index; any other state out of it."""
    conn = await _conn(target)
    if post.state != PUBLISHED:
        await drop_document(conn, "exchange", post.id)
        return
    await index_document(
        conn, "exchange", post.id, post.title, post.body,
        scope_org_id=await _province(conn), visible_from=post.published_at,
    )  # fmt: skip


async def reindex(target: AsyncSession | AsyncConnection) -> int:
    """Index every published article and course (the demo after seeding; a database from
    before the search, once, at startup). Returns the documents indexed."""
    conn = await _conn(target)
    session = target if isinstance(target, AsyncSession) else AsyncSession(bind=conn)
    n = 0
    published = publishing.State.PUBLISHED.value
    for article in (
        await session.execute(select(Article).where(Article.status == published))
    ).scalars():
        await index_article(conn, article)
        n += 1
    for course in (
        await session.execute(select(Course).where(Course.status == published))
    ).scalars():
        await index_course(conn, course)
        n += 1
    fields = (await conn.execute(select(StandardItem.field).distinct())).scalars().all()
    for field in fields:
        await index_standard_field(conn, field)
        n += 1
    for post in (
        await session.execute(select(ExchangePost).where(ExchangePost.state == PUBLISHED))
    ).scalars():
        await index_exchange_post(conn, post)
        n += 1
    return n


async def backfill(uow: Unit) -> int:
    """At startup: a database whose index is empty while it has published content (made
    before migration 0016) gets every document once. Several server processes take turns
    (an advisory lock on PostgreSQL; SQLite's one writer)."""
    async with uow.write() as session:
        conn = await session.connection()
        if conn.dialect.name == "postgresql":
            await conn.execute(text("SELECT pg_advisory_xact_lock(180016)"))
        if await conn.scalar(select(func.count()).select_from(SearchDocument.__table__)):
            return 0
        return await reindex(session)


# -- the query --------------------------------------------------------------------------------


def _visible(visitor: bool) -> list[Any]:
    scope = (
        _D.scope_org_id.is_(None)
        if visitor
        else (_D.scope_org_id.is_(None) | _D.scope_org_id.in_(bindparam("owners", expanding=True)))
    )
    return [_D.visible_from <= bindparam("now"), scope]


# The FTS5 table (migration 0016): its rowid is search_documents.id.
_FTS = Table("search_fts", MetaData(), Column("rowid", Integer), Column("search_fts", Text_))


def _sqlite_statement(visitor: bool) -> Any:
    """A kind's newest matches this reader may see: FTS5 walks the match's rows newest first
    (rowid descending) and stops at the candidates' limit."""
    return (
        select(_D.id, _D.ref_id, _D.title, _D.parent_id)
        .select_from(_FTS.join(SearchDocument.__table__, _FTS.c.rowid == _D.id))
        .where(_FTS.c.search_fts.op("MATCH")(bindparam("match")), *_visible(visitor))
        .order_by(_FTS.c.rowid.desc())
        .limit(rules.CANDIDATES + 1)
    )


def _postgres_statement(visitor: bool) -> Any:
    """The same on PostgreSQL, over a window of the kind's newest documents (`id > floor`):
    the GIN index over the stored tsvector (migration 0019) ANDed with the (kind, id) range."""
    tsv: Any = literal_column("search_documents.tsv")
    return (
        select(_D.id, _D.ref_id, _D.title, _D.parent_id)
        .where(
            tsv.op("@@")(
                func.to_tsquery(literal_column("'simple'::regconfig"), bindparam("match"))
            ),
            _D.kind == bindparam("kind"),
            _D.id > bindparam("floor"),
            *_visible(visitor),
        )
        # `id + 0`: not the primary key's order, so the planner takes the indexes and sorts the
        # window's matches; walking the key backwards filtering row by row took 2 s for a pair
        # of characters it thought common (docs/performance.md, issue 18).
        .order_by((_D.id + 0).desc())
        .limit(rules.CANDIDATES + 1)
    )


# PostgreSQL's windows, in documents of the kind: the newest 2,000, then 20,000, then all. A
# common pair fills its 301 candidates in the first (the GIN index alone would hand over every
# match, tens of thousands, to be sorted); a rare one costs three cheap lookups. The candidates
# are the same as one query over everything whatever the floors are: a window that holds more
# than rules.CANDIDATES matches holds the newest of them. So the floors (the id of a kind's
# 2,000th and 20,000th newest document) are kept a while: finding the 20,000th reads 20,000
# index entries, and until a vacuum marks the pages all-visible, 20,000 rows (60 ms).
WINDOWS = (2_000, 20_000)
FLOORS_SECONDS = 300.0
_FLOOR = (
    select(_D.id)
    .where(_D.kind == bindparam("kind"))
    .order_by(_D.id.desc())
    .offset(bindparam("offset"))
    .limit(1)
)
_floors: dict[tuple[str, str], tuple[float, tuple[int | None, ...]]] = {}


async def _kind_floors(conn: AsyncConnection, kind: str) -> tuple[int | None, ...]:
    """The id below each window of `kind` (None: fewer documents than the window), at most
    FLOORS_SECONDS old."""
    key = (str(conn.engine.url), kind)
    kept = _floors.get(key)
    if kept is not None and kept[0] > time.monotonic():
        return kept[1]
    floors = tuple(
        [
            (await conn.execute(_FLOOR, {"kind": kind, "offset": window})).scalar()
            for window in WINDOWS
        ]
    )
    _floors[key] = (time.monotonic() + FLOORS_SECONDS, floors)
    return floors


async def _candidates(
    conn: AsyncConnection, statement: Any, params: dict[str, Any]
) -> list[Sequence[Any]]:
    """A kind's newest matches this reader may see, at most rules.CANDIDATES + 1."""
    if conn.dialect.name == "sqlite":
        return list((await conn.execute(statement, params)).all())
    for floor in await _kind_floors(conn, params["kind"]):
        if floor is None:  # fewer documents of the kind than the window: the last query reads all
            break
        rows: list[Sequence[Any]] = list(
            (await conn.execute(statement, {**params, "floor": floor})).all()
        )
        if len(rows) > rules.CANDIDATES:
            return rows
    return list((await conn.execute(statement, {**params, "floor": 0})).all())


_STATEMENTS = {
    (dialect, visitor): (_sqlite_statement if dialect == "sqlite" else _postgres_statement)(visitor)
    for dialect in ("sqlite", "postgresql")
    for visitor in (False, True)
}
_BODIES = select(_D.id, _D.body).where(_D.id.in_(bindparam("ids", expanding=True)))
# A standards item opens on its 领域 (学标对标 shows one field at a time).
_FIELDS = select(StandardItem.id, StandardItem.field).where(
    StandardItem.id.in_(bindparam("ids", expanding=True))
)


def _match(dialect: str, kind: str, q: rules.Query) -> str:
    if dialect == "sqlite":
        return f"kind : {kind} AND tokens : ({rules.fts5_match(q)})"
    return rules.tsquery(q)


async def search(
    uow: Unit,
    caller: Caller | None,
    raw: str,
    kinds: str | None,
    limit: int,
    now: datetime,
) -> schemas.SearchOut:
    """The groups of one query, one per kind asked for, each with the number of matches this
    reader may see (exact up to rules.CANDIDATES) and its best `limit`: those whose title holds
    the query first, then the newest."""
    q = rules.parse_query(raw)
    wanted = rules.parse_kinds(kinds)
    visitor = caller is None or not caller.org_path
    params: dict[str, Any] = {"now": now}
    if not visitor:
        assert caller is not None
        params["owners"] = [o.id for o in caller.org_path]
    found: list[tuple[rules.SearchKind, list[Sequence[Any]], bool]] = []
    counts: list[int] = []
    async with read_connection(uow) as conn:
        dialect = conn.dialect.name
        statement = _STATEMENTS[(dialect, visitor)]
        for kind in wanted:
            rows = await _candidates(
                conn,
                statement,
                {**params, "match": _match(dialect, kind.code, q), "kind": kind.code},
            )
            more = len(rows) > rules.CANDIDATES
            rows = rows[: rules.CANDIDATES]
            # Stable: the newest first among those with the query in their title, then the rest.
            best: list[Sequence[Any]] = sorted(rows, key=lambda r: not rules.in_title(r[2], q))[
                :limit
            ]
            found.append((kind, best, more))
            counts.append(len(rows))
        ids = [r[0] for _, best, _ in found for r in best]
        bodies = dict((await conn.execute(_BODIES, {"ids": ids})).all()) if ids else {}
        items = [r[1] for kind, best, _ in found if kind.code == "standard" for r in best]
        sections = dict((await conn.execute(_FIELDS, {"ids": items})).all()) if items else {}
    return schemas.SearchOut(
        query=q.text,
        groups=[
            schemas.SearchGroup(
                kind=kind.code,
                name=kind.name,
                count=count,
                more=more,
                items=[
                    schemas.SearchHit(
                        kind=kind.code,
                        id=ref_id,
                        title=title,
                        snippet=rules.snippet(bodies.get(doc_id, ""), q),
                        opens=kind.opens,
                        parent_id=parent_id,
                        section=sections.get(ref_id) if kind.code == "standard" else None,
                    )
                    for doc_id, ref_id, title, parent_id in best
                ],
            )
            for (kind, best, more), count in zip(found, counts, strict=True)
        ],
    )
