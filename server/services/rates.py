"""Per-account write limits (server.domain.rates), counted in the database."""

from __future__ import annotations

from server import messages
from server.db.models import WriteCount
from server.db.unit import Unit
from server.domain import auth, rates
from server.domain.errors import DomainError, Kind
from server.services.context import Act


async def spend(uow: Unit, act: Act, action: str) -> None:
    """Count one write of `action` by the caller in the current window, in the caller's write
    transaction and under the account's lock (the count rolls back with a refused write);
    429 over the limit, with the seconds until the window ends."""
    limit = rates.WRITE_LIMITS[action]
    now = act.arrived
    start, end = rates.window(limit, now)
    account_id = act.caller.account_id
    async with uow.write() as session:
        await uow.lock(account_id)
        row = await session.get(WriteCount, (account_id, action, start))
        if row is None:
            session.add(
                WriteCount(account_id=account_id, action=action, window_start=start, count=1)
            )
        elif row.count >= limit.max_count:
            seconds = auth.retry_after_s(end, now)
            raise DomainError(
                Kind.THROTTLED,
                "write_limited",
                messages.WRITE_LIMITED.format(
                    action=limit.name,
                    per=limit.per_name,
                    count=limit.max_count,
                    wait=auth.wait_text(seconds),
                ),
                retry_after_s=seconds,
            )
        else:
            row.count += 1
