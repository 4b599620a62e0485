"""POST /api/v1/orgs/import: an admin imports orgs and accounts into its own subtree (issue 16)."""

from __future__ import annotations

from fastapi import APIRouter

from contract import schemas
from server.api.deps import ClockDep, CurrentCaller, UnitDep
from server.api.errors import documented
from server.services import imports as service

router = APIRouter(prefix="/api/v1", tags=["orgs"])
PATH = "/api/v1/orgs/import"
# The files travel base64 in the JSON body: this path takes up to 8 MiB (the others 1 MiB).
MAX_BODY_BYTES = 8 * 1024 * 1024
BODY_LIMITS = {PATH: MAX_BODY_BYTES}


@router.post(
    "/orgs/import",
    response_model=schemas.ImportOut,
    responses=documented(401, 403, 409, 413, rules=True),
)
async def import_orgs(
    body: schemas.ImportIn, uow: UnitDep, clock: ClockDep, caller: CurrentCaller
) -> schemas.ImportOut:
    """Orgs and accounts from .xlsx / .csv files into the caller's subtree. Bad rows come back
    in `problems` (then nothing is written); a dry run only checks. The new accounts' one-time
    passwords are in `passwords`, this once."""
    tables = await service.read_uploads([(f.name, f.content_base64) for f in body.files])
    return await service.run_import(
        uow, tables, now=clock.now(), caller=caller, dry_run=body.dry_run
    )
