"""经验交流 (the review of server.domain.exchange, likes and comments) and 党群服务's entries."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query

from contract import schemas
from contract.schemas import Text
from server.api.deps import ClockDep, CurrentCaller, RowId, UnitDep
from server.api.errors import documented
from server.services import exchange as service
from server.services import party_services
from server.services.context import Act

router = APIRouter(prefix="/api/v1", tags=["exchange"])
_ERR = documented(401, 403, 404, 409)
_RULES = documented(401, 403, 404, 409, rules=True)
_VIEW = "^(" + "|".join(service.VIEWS) + ")$"


@router.get("/exchange", response_model=schemas.ExchangeListOut, responses=_ERR)
async def listing(
    uow: UnitDep,
    caller: CurrentCaller,
    view: Annotated[str, Query(pattern=_VIEW)] = "published",
) -> schemas.ExchangeListOut:
    """published (every account), mine (a branch admin's branch), review (an upper org's
    branches: 待审核 first, then 已退回). Visitors: 401 (经验交流 is not a 党群服务 page)."""
    return await service.listing(uow, caller, view)


@router.post(
    "/exchange",
    response_model=schemas.ExchangeActionOut,
    responses=documented(401, 403, 404, 409, 429, rules=True),
)
async def create(
    body: schemas.ExchangeIn, uow: UnitDep, clock: ClockDep, caller: CurrentCaller
) -> schemas.ExchangeActionOut:
    """撰写 (a draft of the caller's branch; branch admins only)."""
    return await service.create(uow, Act(caller, clock.now()), body)


@router.get("/exchange/{post_id}", response_model=schemas.ExchangeOut, responses=_ERR)
async def detail(post_id: RowId, uow: UnitDep, caller: CurrentCaller) -> schemas.ExchangeOut:
    return await service.detail(uow, caller, post_id)


@router.put("/exchange/{post_id}", response_model=schemas.ExchangeActionOut, responses=_RULES)
async def edit(
    post_id: RowId,
    body: schemas.ExchangeIn,
    uow: UnitDep,
    clock: ClockDep,
    caller: CurrentCaller,
) -> schemas.ExchangeActionOut:
    """修改, while a draft or returned (已退回)."""
    return await service.edit(uow, Act(caller, clock.now()), post_id, body)


@router.post(
    "/exchange/{post_id}/like",
    response_model=schemas.ExchangeActionOut,
    responses=_ERR,
)
async def like(
    post_id: RowId, uow: UnitDep, clock: ClockDep, caller: CurrentCaller
) -> schemas.ExchangeActionOut:
    """点赞 a published post (once per account)."""
    return await service.like(uow, Act(caller, clock.now()), post_id)


@router.delete(
    "/exchange/{post_id}/like",
    response_model=schemas.ExchangeActionOut,
    responses=_ERR,
)
async def unlike(
    post_id: RowId, uow: UnitDep, clock: ClockDep, caller: CurrentCaller
) -> schemas.ExchangeActionOut:
    return await service.unlike(uow, Act(caller, clock.now()), post_id)


@router.post(
    "/exchange/{post_id}/comments",
    response_model=schemas.ExchangeActionOut,
    responses=documented(401, 403, 404, 409, 429, rules=True),
)
async def comment(
    post_id: RowId,
    body: schemas.CommentIn,
    uow: UnitDep,
    clock: ClockDep,
    caller: CurrentCaller,
) -> schemas.ExchangeActionOut:
    return await service.comment(uow, Act(caller, clock.now()), post_id, body.body)


@router.post(
    "/exchange/{post_id}/attachments",
    response_model=schemas.AttachmentOut,
    responses=documented(401, 403, 404, 409, 413, 429, rules=True),
)
async def attach(
    post_id: RowId,
    body: schemas.AttachmentIn,
    uow: UnitDep,
    clock: ClockDep,
    caller: CurrentCaller,
) -> schemas.AttachmentOut:
    """A file with the post (up to 5, each up to 512 KiB), while it may be edited."""
    act = Act(caller, clock.now())
    return await service.attach(uow, act, post_id, body.name, body.content_base64)


@router.get(
    "/exchange/{post_id}/attachments/{attachment_id}",
    response_model=schemas.AttachmentContentOut,
    responses=_ERR,
)
async def attachment(
    post_id: RowId, attachment_id: RowId, uow: UnitDep, caller: CurrentCaller
) -> schemas.AttachmentContentOut:
    return await service.attachment(uow, caller, post_id, attachment_id)


@router.delete(
    "/exchange/{post_id}/attachments/{attachment_id}",
    response_model=schemas.ExchangeActionOut,
    responses=_ERR,
)
async def remove_attachment(
    post_id: RowId, attachment_id: RowId, uow: UnitDep, clock: ClockDep, caller: CurrentCaller
) -> schemas.ExchangeActionOut:
    return await service.remove_attachment(uow, Act(caller, clock.now()), post_id, attachment_id)


@router.post(
    "/exchange/{post_id}/{action}",
    response_model=schemas.ExchangeActionOut,
    responses=_RULES,
)
async def transition(
    post_id: RowId,
    action: Annotated[Text, Path(max_length=20)],
    uow: UnitDep,
    clock: ClockDep,
    caller: CurrentCaller,
    body: schemas.ExchangeReasonIn | None = None,
) -> schemas.ExchangeActionOut:
    """报审 (submit), 审核通过 (approve), 退回 (reject, with a reason), 撤回 (withdraw)."""
    reason = body.reason if body else None
    return await service.transition(uow, Act(caller, clock.now()), post_id, action, reason)


@router.get("/party-services", response_model=schemas.PartyServicesOut, responses=documented())
async def services() -> schemas.PartyServicesOut:
    """党群服务: service information, the 党建站群 and the 市州 sites; no login needed."""
    return party_services.entries()
