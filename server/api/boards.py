"""排行榜 and 爱心榜: read what the daily job computed for yesterday."""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated, Literal

from fastapi import APIRouter, Query
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from contract import schemas
from server import messages
from server.api.deps import DB, Caller, ClockDep, CurrentCaller
from server.api.errors import ApiError
from server.db.models import Account, BranchBoard, Org, PointsLedger
from server.db.queries import org_path
from server.domain import points
from server.domain.boards import BOARDS, MAX_PAGE, VISIBLE, Board
from server.domain.orgs import AccountKind, OrgKind
from server.jobs.daily import latest_run
from server.services.orgs import org_ref

router = APIRouter(prefix="/api/v1/boards", tags=["boards"])
_ERR = {
    401: {"model": schemas.ErrorOut},
    403: {"model": schemas.ErrorOut},
    404: {"model": schemas.ErrorOut},
}


@router.get("", response_model=list[schemas.BoardInfo], responses=_ERR)
async def boards(caller: CurrentCaller) -> list[schemas.BoardInfo]:
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


@router.get("/{code}", response_model=schemas.BoardPage, responses=_ERR)
async def board(
    code: str,
    caller: CurrentCaller,
    db: DB,
    clock: ClockDep,
    period: Literal["month", "year"] = "month",
    page: Annotated[int, Query(ge=1, le=100000)] = 1,
    size: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 50,
) -> schemas.BoardPage:
    """One page of a board as of the end of the last computed day (yesterday at the latest),
    with the caller's own row (or their branch's) whatever the page."""
    spec = BOARDS.get(code)
    if spec is None:
        raise ApiError(404, "unknown_board", messages.BOARD_UNKNOWN)
    if code not in VISIBLE[caller.kind]:
        raise ApiError(403, "board_forbidden", messages.BOARD_NOT_FOR_YOU.format(name=spec.name))
    as_of = await latest_run(db, clock.today() - timedelta(days=1))
    async with db.read() as session:
        scope = await _scope(session, caller, spec)
        empty = schemas.BoardPage(
            board=code, board_name=spec.name, period=period, scope=org_ref(scope) if scope else None,
            as_of=as_of.isoformat() if as_of else None, total=0, page=page, size=size, rows=[], me=None,
        )  # fmt: skip
        if as_of is None or scope is None:
            return empty
        column = f"{'study' if spec.category.value == 'study' else 'love'}_{period}"
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
            page_query = select(ranked).order_by(ranked.c.rank, ranked.c.subject)
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
        if spec.subject == "member":
            page_query = page_query.offset((page - 1) * size).limit(size)
        rows = (await session.execute(page_query)).all()
        me_row = (await session.execute(me_query)).first() if mine is not None else None

        def out(r) -> schemas.BoardRow:  # type: ignore[no-untyped-def]
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
