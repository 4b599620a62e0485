"""Who sees published content (issue 16; server.domain.publishing): published, and owned by an
org on the reader's path (the province down to the reader's org); a visitor or an account of
no org sees the province's only."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from server.db.models import Org
from server.domain.errors import conflict, not_found
from server.domain.publishing import State
from server.services.context import Caller


def visible_to(model: Any, caller: Caller | None) -> list[Any]:
    """WHERE clauses of the content a caller lists."""
    owners = [o.id for o in caller.org_path] if caller is not None else []
    of_owner = (
        model.owner_org_id.in_(owners)
        if owners
        else model.owner_org_id.in_(select(Org.id).where(Org.parent_id.is_(None)))
    )
    return [model.status == State.PUBLISHED.value, of_owner]


async def check_visible(
    session: AsyncSession, row: Any, caller: Caller | None, kind: str, missing: str, withdrawn: str
) -> None:
    """404 for content this caller may not see, 409 `<kind>_withdrawn` for withdrawn content."""
    if row.status == State.WITHDRAWN:
        raise conflict(f"{kind}_withdrawn", withdrawn)
    owners = [o.id for o in caller.org_path] if caller is not None and caller.org_path else []
    if row.owner_org_id is not None and row.owner_org_id not in owners:
        owner = await session.get(Org, row.owner_org_id)
        if owner is None or owner.parent_id is not None:
            raise not_found(f"{kind}_not_found", missing)
    if row.status != State.PUBLISHED:
        raise not_found(f"{kind}_not_found", missing)
