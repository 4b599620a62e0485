"""Queries shared by several services (plain rows: the wire models are built in server/services)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterable, Sequence
from contextlib import asynccontextmanager
from datetime import date
from typing import Any, NamedTuple, TypeVar

from sqlalchemy import Integer, bindparam, literal_column, select, union_all
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, AsyncSession

from server.db.models import Account, JobRun, Org
from server.db.unit import Unit
from server.domain.errors import not_found
from server.domain.orgs import OrgKind


@asynccontextmanager
async def read_connection(uow: Unit) -> AsyncIterator[AsyncConnection]:
    """A connection for Core reads: the unit's open transaction if there is one, else a pooled
    read connection without an ORM session (the reads of every request: a session and its
    identity map cost more than the few rows they read).

    Outside a transaction each statement sees its own snapshot: on PostgreSQL the connection
    is in autocommit, so a read costs one round trip, not BEGIN, the statement and ROLLBACK.
    Reads that need one snapshot for several statements use one statement, or `uow.read()`."""
    joined = await uow.transaction_connection()
    if joined is not None:
        yield joined
        return
    async with _autocommit(uow.db.read_engine).connect() as conn:
        yield conn


_AUTOCOMMIT: dict[int, AsyncEngine] = {}


def _autocommit(engine: AsyncEngine) -> AsyncEngine:
    """The engine's autocommit view on PostgreSQL (same pool); SQLite's reads begin no
    transaction anyway."""
    if engine.dialect.name == "sqlite":
        return engine
    view = _AUTOCOMMIT.get(id(engine))
    if view is None or view.sync_engine.pool is not engine.sync_engine.pool:
        view = _AUTOCOMMIT[id(engine)] = engine.execution_options(isolation_level="AUTOCOMMIT")
    return view


async def insert_if_absent(session: AsyncSession, model: type, **values: object) -> bool:
    """INSERT … ON CONFLICT DO NOTHING on either backend; True when this call inserted the row.

    Safe under concurrency: of two racing inserts of one key, one inserts and the other waits
    for it and does nothing (no unique-violation error to turn into a 500)."""
    insert = sqlite_insert if session.get_bind().dialect.name == "sqlite" else pg_insert
    result = await session.execute(insert(model).values(**values).on_conflict_do_nothing())
    return bool(getattr(result, "rowcount", 0))


async def display_names(session: AsyncSession, ids: set[int]) -> dict[int, str]:
    """Account id → display name, for the ids given (one query)."""
    if not ids:
        return {}
    rows = await session.execute(
        select(Account.id, Account.display_name).where(Account.id.in_(ids))
    )
    return dict(rows.all())


M = TypeVar("M")


async def get_or_404(session: AsyncSession, model: type[M], key: Any, code: str, message: str) -> M:
    """The row with this primary key, or a 404 with the Chinese message."""
    row = await session.get(model, key)
    if row is None:
        raise not_found(code, message)
    return row


class OrgRow(NamedTuple):
    """An org as the reads need it (a plain row, not a mapped object)."""

    id: int
    parent_id: int | None
    kind: str
    name: str


def orgs_of(org_id: Any, group_id: Any, source: Any = None) -> Any:
    """The org `org_id` and its ancestors (depth 0 = the org itself, 1 its parent …), and the
    org `group_id` (depth -1), as one recursive select of (id, parent_id, kind, name, depth).
    The two ids are SQL expressions: parameters, or columns of `source` (a row read in the
    same statement, e.g. the caller's account)."""
    o = Org.__table__.c
    orgs = Org.__table__
    # Inline numbers, not bound parameters: PostgreSQL cannot type a bare parameter in a
    # select list.
    depth0, group_depth = literal_column("0", Integer), literal_column("-1", Integer)
    anchor = select(o.id, o.parent_id, o.kind, o.name, depth0.label("depth"))
    group = select(o.id, o.parent_id, o.kind, o.name, group_depth.label("depth"))
    if source is None:
        anchor, group = anchor.where(o.id == org_id), group.where(o.id == group_id)
    else:
        anchor = anchor.select_from(orgs.join(source, o.id == org_id))
        group = group.select_from(orgs.join(source, o.id == group_id))
    path = anchor.cte("org_path", recursive=True)
    step = select(o.id, o.parent_id, o.kind, o.name, (path.c.depth + 1).label("depth")).where(
        o.id == path.c.parent_id
    )
    path = path.union_all(step)
    return union_all(select(path), group)


def split_orgs(rows: Iterable[Sequence[Any]]) -> tuple[tuple[OrgRow, ...], OrgRow | None]:
    """(the path from the province down, the 党小组) from rows of `orgs_of`."""
    rows = list(rows)
    path = sorted((r for r in rows if r[4] >= 0), key=lambda r: -r[4])
    group = next((OrgRow(*r[:4]) for r in rows if r[4] < 0), None)
    return tuple(OrgRow(*r[:4]) for r in path), group


_ORGS = orgs_of(bindparam("org_id"), bindparam("group_id"))


async def org_path_and_group(
    conn: AsyncConnection | AsyncSession, org_id: int | None, group_id: int | None = None
) -> tuple[list[OrgRow], OrgRow | None]:
    """The org and its ancestors from the province down, and the 党小组 `group_id`; one query."""
    if org_id is None and group_id is None:
        return [], None
    rows = (await conn.execute(_ORGS, {"org_id": org_id, "group_id": group_id})).all()
    path, group = split_orgs(rows)
    return list(path), group


async def org_path(conn: AsyncConnection | AsyncSession, org_id: int | None) -> list[OrgRow]:
    """The org and its ancestors, from the province down (one recursive query)."""
    return (await org_path_and_group(conn, org_id))[0]


async def branches_in_scope(
    session: AsyncSession, org_id: int | None, everything: bool = False
) -> tuple[dict[int, Org], dict[int, Org]]:
    """(every org by id, the branches that are `org_id` itself or lie under it); with
    `everything` (the province admin) all branches. One query: the tree is small."""
    orgs = {o.id: o for o in (await session.execute(select(Org))).scalars()}

    def under(o: Org) -> bool:
        node: int | None = o.id
        while node is not None:
            if node == org_id:
                return True
            node = orgs[node].parent_id if node in orgs else None
        return everything

    branches = {o.id: o for o in orgs.values() if o.kind == OrgKind.BRANCH.value and under(o)}
    return orgs, branches


DAILY_JOB = "daily"  # the job_runs name of the daily job (boards, totals, 督办达标)


# Days known finished, per database. A finished day stays finished (a re-run replaces its
# boards inside one transaction and never clears `finished_at`), so "the newest finished day up
# to D is D itself" is true for good, in every process: only that answer is kept, and any
# other is read again on the next request (the job may finish at any moment, in any process).
_FINISHED: dict[str, set[date]] = {}


async def latest_daily_run(conn: AsyncConnection | AsyncSession, before: date) -> date | None:
    """The newest day with finished boards, up to `before` (the boards show yesterday)."""
    engine = conn.get_bind().engine if isinstance(conn, AsyncSession) else conn.engine
    known = _FINISHED.setdefault(str(engine.url), set())
    if before in known:
        return before
    day: date | None = (await conn.execute(_LATEST_RUN, {"before": before})).scalar()
    if day == before:
        if len(known) > 64:
            known.clear()
        known.add(before)
    return day


_LATEST_RUN = (
    select(JobRun.__table__.c.day)
    .where(
        JobRun.__table__.c.job == DAILY_JOB,
        JobRun.__table__.c.day <= bindparam("before"),
        JobRun.__table__.c.finished_at.is_not(None),
    )
    .order_by(JobRun.__table__.c.day.desc())
    .limit(1)
)
