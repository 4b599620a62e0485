"""排行榜 and 爱心榜: read what the daily job computed for yesterday."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any, Literal

from sqlalchemy import Integer, bindparam, func, literal_column, null, select, union_all

from contract import schemas
from server import messages
from server.db.models import Account, BranchBoard, Org, PointsLedger
from server.db.queries import OrgRow, latest_daily_run, read_connection
from server.db.unit import Unit
from server.domain import points
from server.domain.boards import BOARDS, VISIBLE, Board
from server.domain.clock import shanghai_day
from server.domain.errors import forbidden, not_found
from server.domain.orgs import AccountKind, OrgKind
from server.services.context import Caller
from server.services.orgs import org_ref

BoardPeriod = Literal["month", "year"]


def visible(caller: Caller) -> list[schemas.BoardInfo]:
    """The boards this account may see."""
    return [schemas.BoardInfo(code=c, name=BOARDS[c].name) for c in VISIBLE[caller.kind]]


def _scope(path: Sequence[OrgRow], caller: Caller, board: Board) -> OrgRow | None:
    """The org a board ranks within for this caller: their branch, their 党委, or the province."""
    if board.subject == "member":
        return path[-1] if path and path[-1].kind == OrgKind.BRANCH else None
    if caller.kind is AccountKind.PROVINCE_ADMIN:
        return path[0] if path else None
    return next((o for o in path if o.kind == OrgKind.COMMITTEE), None)


# Each board is read in one statement of three parts (part, rank, subject, name, points):
# part 0 the number of rows, part 1 the caller's own row, part 2 the page. Statements are built
# once per shape, with parameters, so SQLAlchemy's compiled cache serves every request.
_TOTAL, _ME, _PAGE = 0, 1, 2


def _member_board() -> Any:
    """A branch has tens of members: sum their ledger up to the as-of day and rank them as they
    are read (the (account_id, day) index keeps this to their own rows)."""
    a, ledger = Account.__table__.c, PointsLedger.__table__.c
    total_points = func.coalesce(func.sum(ledger.points), 0)
    ranked = (
        select(
            func.rank().over(order_by=total_points.desc()).label("rank"),
            a.id.label("subject"),
            a.display_name.label("name"),
            total_points.label("points"),
        )
        .select_from(
            Account.__table__.outerjoin(
                PointsLedger.__table__,
                (ledger.account_id == a.id)
                & (ledger.category == bindparam("category"))
                & (ledger.day >= bindparam("start"))
                & (ledger.day <= bindparam("as_of")),
            )
        )
        .where(a.org_id == bindparam("scope"), a.kind == AccountKind.MEMBER.value)
        .group_by(a.id, a.display_name)
    ).cte("ranked")
    r = ranked.c
    page = (
        select(r.rank, r.subject, r.name, r.points)
        .order_by(r.rank, r.subject)
        .offset(bindparam("offset", type_=Integer))
        .limit(bindparam("limit", type_=Integer))
        .subquery()
    )
    return union_all(
        select(_part(_TOTAL), func.count(), null(), null(), null()).select_from(ranked),
        select(_part(_ME), r.rank, r.subject, r.name, r.points).where(r.subject == bindparam("me")),
        select(_part(_PAGE), page.c.rank, page.c.subject, page.c.name, page.c.points),
    )


def _branch_board(column: str, province_wide: bool) -> Any:
    """Up to a province of branches: ranked by the daily job and paged through the
    (as_of, rank, branch_id) index; names joined for the page's rows only."""
    bb, o = BranchBoard.__table__.c, Org.__table__.c
    rank_col = bb[f"{column}_rank_{'province' if province_wide else 'committee'}"]
    points_col = bb[column]
    where = [bb.as_of == bindparam("as_of")]
    if not province_wide:
        where.append(bb.committee_id == bindparam("scope"))
    # The page's keys first, from the index alone (a deep page skips index entries, not joined
    # rows); then points and names for those rows only.
    keys = (
        select(rank_col.label("rank"), bb.branch_id.label("branch_id"))
        .where(*where)
        .order_by(rank_col, bb.branch_id)
        .offset(bindparam("offset", type_=Integer))
        .limit(bindparam("limit", type_=Integer))
        .subquery()
    )
    board, orgs = BranchBoard.__table__, Org.__table__
    return union_all(
        select(_part(_TOTAL), func.count(), null(), null(), null())
        .select_from(board)
        .where(*where),
        select(_part(_ME), rank_col, bb.branch_id, o.name, points_col)
        .select_from(board.join(orgs, o.id == bb.branch_id))
        .where(bb.as_of == bindparam("as_of"), bb.branch_id == bindparam("me")),
        select(_part(_PAGE), keys.c.rank, keys.c.branch_id, o.name, points_col).select_from(
            keys.join(
                board, (bb.as_of == bindparam("as_of")) & (bb.branch_id == keys.c.branch_id)
            ).join(orgs, o.id == keys.c.branch_id)
        ),
    )


def _part(n: int) -> Any:
    # Inline, not a bound parameter: PostgreSQL cannot type a bare parameter in a select list.
    return literal_column(str(n), Integer)


_MEMBER_BOARD = _member_board()
_BRANCH_BOARDS = {
    (f"{category}_{period}", province_wide): _branch_board(f"{category}_{period}", province_wide)
    for category in ("study", "love")
    for period in ("month", "year")
    for province_wide in (False, True)
}


async def page(
    uow: Unit,
    caller: Caller,
    code: str,
    period: BoardPeriod,
    page: int,
    size: int,
    now: datetime,
) -> schemas.BoardPage:
    """One page of a board as of the end of the last computed day (yesterday at the latest),
    with the caller's own row (or their branch's) whatever the page."""
    spec = BOARDS.get(code)
    if spec is None:
        raise not_found("unknown_board", messages.BOARD_UNKNOWN)
    if code not in VISIBLE[caller.kind]:
        raise forbidden("board_forbidden", messages.BOARD_NOT_FOR_YOU.format(name=spec.name))
    async with read_connection(uow) as conn:
        as_of = await latest_daily_run(conn, shanghai_day(now) - timedelta(days=1))
        scope = _scope(caller.org_path, caller, spec)
        empty = schemas.BoardPage.model_construct(
            board=code, board_name=spec.name, period=period, scope=org_ref(scope) if scope else None,
            as_of=as_of.isoformat() if as_of else None, total=0, page=page, size=size, rows=[], me=None,
        )  # fmt: skip
        if as_of is None or scope is None:
            return empty
        params: dict[str, Any] = {
            "as_of": as_of, "scope": scope.id, "offset": (page - 1) * size, "limit": size,
        }  # fmt: skip
        mine: int | None
        if spec.subject == "member":
            statement = _MEMBER_BOARD
            mine = caller.account_id
            params["category"] = spec.category.value
            params["start"] = points.period_bounds(as_of, points.Period(period))[0]
        else:
            column = f"{'study' if spec.category.value == 'study' else 'love'}_{period}"
            statement = _BRANCH_BOARDS[column, scope.kind == OrgKind.PROVINCE]
            mine = caller.org_id
        params["me"] = mine
        parts = (await conn.execute(statement, params)).all()

    def out(r: Sequence[Any]) -> schemas.BoardRow:
        return schemas.BoardRow.model_construct(
            rank=int(r[1]), subject_id=r[2], name=r[3], points=int(r[4]), is_me=r[2] == mine
        )

    total = next((int(r[1]) for r in parts if r[0] == _TOTAL), 0)
    me_row = next((r for r in parts if r[0] == _ME), None)
    rows = sorted((r for r in parts if r[0] == _PAGE), key=lambda r: (r[1], r[2]))
    return empty.model_copy(
        update={
            "total": total,
            "rows": [out(r) for r in rows],
            "me": out(me_row) if me_row else None,
        }
    )
