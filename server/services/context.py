"""Who is acting, and the circumstances of one action."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from server.domain.orgs import AccountKind


@dataclass(frozen=True)
class Caller:
    """The logged-in account of a request (or of a synced action)."""

    account_id: int
    username: str
    kind: AccountKind
    org_id: int | None
    token_hash: str


@dataclass(frozen=True)
class Act:
    """One action of a caller: when it was made (the server's clock online; the corrected
    client time for a synced one), the idempotency key of any points it earns, and whether it
    arrived too late to earn (SPEC §7: after 7 days an action is recorded without points);
    `received`, for a synced action, the server's clock when it arrived (write limits count
    by it)."""

    caller: Caller
    now: datetime
    key: str | None = None
    late: bool = False
    received: datetime | None = None

    @property
    def arrived(self) -> datetime:
        """When the server got the action: `now` online, `received` for a synced one."""
        return self.received or self.now
