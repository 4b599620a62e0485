"""Who is acting, and the circumstances of one action."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from server.db.queries import OrgRow
from server.domain.orgs import AccountKind


@dataclass(frozen=True)
class Caller:
    """The logged-in account of a request (or of a synced action)."""

    account_id: int
    username: str
    kind: AccountKind
    org_id: int | None
    token_hash: str
    # The rest of the account as the request's authentication read it, in the same query (so
    # that 我的积分, the profile and the boards need not read the account or its orgs again).
    display_name: str = ""
    group_id: int | None = None
    position: str | None = None  # 委员职位's name
    org_path: tuple[OrgRow, ...] = ()  # from the province down to `org_id`
    group: OrgRow | None = None  # the 党小组 `group_id`
    # A one-time password not yet changed (server.api.deps lets only 修改密码, logout and /me in).
    must_change_password: bool = False


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
