"""Cap periods at their Asia/Shanghai boundaries: day, month, quarter, year. The org-life rules
(month/quarter/year caps) have no HTTP action until the meetings issue, so the grant itself is
exercised here, in the server's own code, on the test session's real database."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select

from server.db.engine import Database
from server.db.ledger import grant
from server.db.models import Account
from server.db.unit import Unit
from server.domain.clock import SHANGHAI
from server.domain.points import Period, period_bounds
from tests.servers import ServerProcess


@pytest.mark.parametrize(
    ("day", "period", "bounds"),
    [
        (date(2027, 3, 31), Period.DAY, (date(2027, 3, 31), date(2027, 4, 1))),
        (date(2027, 2, 28), Period.MONTH, (date(2027, 2, 1), date(2027, 3, 1))),
        (date(2027, 12, 31), Period.MONTH, (date(2027, 12, 1), date(2028, 1, 1))),
        (date(2027, 3, 31), Period.QUARTER, (date(2027, 1, 1), date(2027, 4, 1))),
        (date(2027, 4, 1), Period.QUARTER, (date(2027, 4, 1), date(2027, 7, 1))),
        (date(2027, 12, 31), Period.QUARTER, (date(2027, 10, 1), date(2028, 1, 1))),
        (date(2027, 12, 31), Period.YEAR, (date(2027, 1, 1), date(2028, 1, 1))),
    ],
)
def test_period_bounds(day: date, period: Period, bounds: tuple[date, date]) -> None:
    assert period_bounds(day, period) == bounds


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=SHANGHAI).astimezone(UTC)


async def _grants(
    server: ServerProcess, username: str, code: str, instants: list[str]
) -> list[int]:
    db = Database(server.database_url)
    try:
        out = []
        for n, instant in enumerate(instants):
            uow = Unit(db)
            async with uow.write() as session:
                account_id = await session.scalar(
                    select(Account.id).where(Account.username == username)
                )
                assert account_id is not None
                earner = await uow.lock(account_id)
                result = await grant(session, earner, code, at=at(instant), source=("test", str(n)))
                out.append(result.points)
        return out
    finally:
        await db.dispose()


async def test_quarter_cap_resets_at_the_quarter(server: ServerProcess) -> None:
    got = await _grants(
        server, "zb004", "meeting_general",
        ["2028-01-05T10:00:00", "2028-03-31T23:59:59", "2028-04-01T00:00:00", "2028-06-30T12:00:00"],
    )  # fmt: skip
    assert got == [30, 0, 30, 0]


async def test_month_and_year_caps(server: ServerProcess) -> None:
    month = await _grants(
        server,
        "zb005",
        "theme_day",
        ["2028-05-31T23:59:59", "2028-05-01T00:00:00", "2028-06-01T00:00:00"],
    )
    assert month == [10, 0, 10]
    year = await _grants(
        server,
        "zb005",
        "life_meeting",
        ["2028-12-31T23:59:59", "2028-01-01T00:00:00", "2029-01-01T00:00:00"],
    )
    assert year == [30, 0, 30]


async def test_org_life_goes_to_members_and_branch_accounts_only(server: ServerProcess) -> None:
    assert await _grants(server, "dy059", "meeting_committee", ["2028-07-01T09:00:00"]) == [10]
    for username in ("dw001", "zzz001", "sw001", "qz001"):
        assert await _grants(server, username, "meeting_committee", ["2028-07-01T09:00:00"]) == [0]
