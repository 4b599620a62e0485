"""排行榜 and 爱心榜: read what the daily job computed for yesterday."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any, Literal

from sqlalchemy import Select, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from contract import schemas
from server import messages
from server.db.models import Account, BranchBoard, Org, PointsLedger
from server.db.queries import latest_daily_run, org_path
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


async def _scope(session: AsyncSession, caller: Caller, board: Board) -> Org | None:
    """The org a board ranks within for this caller: their branch, their 党委, or the province."""
    path = await org_path(session, caller.org_id)
    if board.subject == "member":
        return path[-1] if path and path[-1].kind == OrgKind.BRANCH else None
    if caller.kind is AccountKind.PROVINCE_ADMIN:
        return path[0] if path else None
    return next((o for o in path if o.kind == OrgKind.COMMITTEE), None)


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
    async with uow.read() as session:
        as_of = await latest_daily_run(session, shanghai_day(now) - timedelta(days=1))
        scope = await _scope(session, caller, spec)
        empty = schemas.BoardPage(
            board=code, board_name=spec.name, period=period, scope=org_ref(scope) if scope else None,
            as_of=as_of.isoformat() if as_of else None, total=0, page=page, size=size, rows=[], me=None,
        )  # fmt: skip
        if as_of is None or scope is None:
            return empty
        column = f"{'study' if spec.category.value == 'study' else 'love'}_{period}"
        total: int | None
        page_query: Select[Any]
        me_query: Select[Any]
        mine: int | None
        if spec.subject == "member":
            # A branch has tens of members: sum their ledger up to the as-of day and rank them
            # as they are read (the (account_id, day) index keeps this to their own rows).
            category = spec.category.value
            start = points.period_bounds(as_of, points.Period(period))[0]
            total_points = func.coalesce(func.sum(PointsLedger.points), 0)
            ranked = (
                select(
                    func.rank().over(order_by=total_points.desc()).label("rank"),
                    Account.id.label("subject"),
                    Account.display_name.label("name"),
                    total_points.label("points"),
                )
                .outerjoin(
                    PointsLedger,
                    (PointsLedger.account_id == Account.id)
                    & (PointsLedger.category == category)
                    & (PointsLedger.day >= start)
                    & (PointsLedger.day <= as_of),
                )
                .where(Account.org_id == scope.id, Account.kind == AccountKind.MEMBER.value)
                .group_by(Account.id, Account.display_name)
            ).subquery()
            total = await session.scalar(select(func.count()).select_from(ranked))
            page_query = (
                select(ranked)
                .order_by(ranked.c.rank, ranked.c.subject)
                .offset((page - 1) * size)
                .limit(size)
            )
            mine = caller.account_id
            me_query = select(ranked).where(ranked.c.subject == mine)
        else:
            # Up to a province of branches: ranked by the daily job and paged through the
            # (as_of, rank, branch_id) index; names joined for the page's rows only.
            province_wide = scope.kind == OrgKind.PROVINCE
            rank_col = getattr(
                BranchBoard, f"{column}_rank_{'province' if province_wide else 'committee'}"
            )
            where = [BranchBoard.as_of == as_of]
            if not province_wide:
                where.append(BranchBoard.committee_id == scope.id)
            total = await session.scalar(
                select(func.count()).select_from(BranchBoard).where(*where)
            )
            # The page's keys first, from the index alone (a deep page skips index entries,
            # not joined rows); then points and names for those rows only.
            keys = (
                select(rank_col.label("rank"), BranchBoard.branch_id.label("branch_id"))
                .where(*where)
                .order_by(rank_col, BranchBoard.branch_id)
                .offset((page - 1) * size)
                .limit(size)
                .subquery()
            )
            points_col = getattr(BranchBoard, column)
            page_query = (
                select(keys.c.rank, keys.c.branch_id, Org.name, points_col)
                .join(
                    BranchBoard,
                    (BranchBoard.as_of == as_of) & (BranchBoard.branch_id == keys.c.branch_id),
                )
                .join(Org, Org.id == keys.c.branch_id)
                .order_by(keys.c.rank, keys.c.branch_id)
            )
            mine = caller.org_id
            me_query = (
                select(rank_col, BranchBoard.branch_id, Org.name, points_col)
                .join(Org, Org.id == BranchBoard.branch_id)
                .where(BranchBoard.as_of == as_of, BranchBoard.branch_id == mine)
            )
        rows = (await session.execute(page_query)).all()
        me_row = (await session.execute(me_query)).first() if mine is not None else None

        def out(r: Sequence[Any]) -> schemas.BoardRow:
            return schemas.BoardRow(
                rank=r[0], subject_id=r[1], name=r[2], points=r[3], is_me=r[1] == mine
            )

        return empty.model_copy(
            update={
                "total": int(total or 0),
                "rows": [out(r) for r in rows],
                "me": out(me_row) if me_row else None,
            }
        )
