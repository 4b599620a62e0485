"""GET /api/v1/search: one search over what this reader may read (issue 18)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from contract import schemas
from contract.schemas import Text
from server.api.deps import ClockDep, OptionalCaller, UnitDep
from server.api.errors import documented
from server.domain import search as rules
from server.services import search

router = APIRouter(prefix="/api/v1", tags=["search"])


@router.get("/search", response_model=schemas.SearchOut, responses=documented(401, 403, rules=True))
async def find(
    uow: UnitDep,
    caller: OptionalCaller,
    clock: ClockDep,
    q: Annotated[Text, Query(max_length=200, description="what to find; at most 40 characters")],
    kinds: Annotated[
        Text | None,
        Query(max_length=200, description="kind codes, comma-separated (default: every kind)"),
    ] = None,
    limit: Annotated[int, Query(ge=1, le=rules.MAX_LIMIT)] = rules.DEFAULT_LIMIT,
) -> schemas.SearchOut:
    """Articles, courses, videos (and 学标对标, 经验交流 once they are indexed) this reader may
    read, grouped by kind, each group with its count and its best results. Open to visitors
    (the province's content). Empty, blank, too long or punctuation-only queries: 422."""
    return await search.search(uow, caller, q, kinds, limit, clock.now())
