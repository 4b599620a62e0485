"""在线用标: meetings of a branch through the workflow of their type, and the 会议时间轴."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from contract import schemas
from server.api.deps import ClockDep, CodeQuery, CurrentCaller, RowId, UnitDep
from server.api.errors import documented
from server.services import meetings as service
from server.services.context import Act

router = APIRouter(prefix="/api/v1", tags=["meetings"])
_ERR = documented(401, 403, 404, 409)
_RULES = documented(401, 403, 404, 409, rules=True)


@router.get("/meetings/types", response_model=list[schemas.MeetingTypeOut], responses=_ERR)
async def types(caller: CurrentCaller) -> list[schemas.MeetingTypeOut]:
    return service.types()


@router.get("/meetings", response_model=list[schemas.MeetingRowOut], responses=_ERR)
async def meetings(
    uow: UnitDep,
    clock: ClockDep,
    caller: CurrentCaller,
    type: CodeQuery = None,
    state: Annotated[str | None, Query(pattern="^(active|review|done|overdue)$")] = None,
) -> list[schemas.MeetingRowOut]:
    """The branch's meetings for its admin; for a 党总支 or 党委, the meetings its branches
    have submitted or filed (state=review: the review queue)."""
    return await service.meetings(uow, caller, clock.now(), type, state)


@router.get("/me/meetings", response_model=list[schemas.MeetingRowOut], responses=_ERR)
async def my_meetings(
    uow: UnitDep, clock: ClockDep, caller: CurrentCaller
) -> list[schemas.MeetingRowOut]:
    """The meetings this account was notified of, newest first, with its own feedback."""
    return await service.my_meetings(uow, caller, clock.now())


@router.get("/meetings/{meeting_id}", response_model=schemas.MeetingOut, responses=_ERR)
async def meeting(
    meeting_id: RowId, uow: UnitDep, clock: ClockDep, caller: CurrentCaller
) -> schemas.MeetingOut:
    """One meeting with its 会议时间轴, history of every round and the caller's possible actions."""
    return await service.detail(uow, caller, meeting_id, clock.now())


@router.get(
    "/meetings/{meeting_id}/candidates",
    response_model=list[schemas.MeetingCandidate],
    responses=_ERR,
)
async def candidates(
    meeting_id: RowId, uow: UnitDep, caller: CurrentCaller
) -> list[schemas.MeetingCandidate]:
    """The members the branch admin may notify (a 党小组会: that group's), by group."""
    return await service.candidates(uow, caller, meeting_id)


@router.post("/meetings", response_model=schemas.MeetingActionOut, responses=_RULES)
async def create(
    body: schemas.MeetingIn, uow: UnitDep, clock: ClockDep, caller: CurrentCaller
) -> schemas.MeetingActionOut:
    return await service.create(uow, Act(caller, clock.now()), body)


@router.post(
    "/meetings/{meeting_id}/notify", response_model=schemas.MeetingActionOut, responses=_RULES
)
async def notify(
    meeting_id: RowId,
    body: schemas.AttendeesIn,
    uow: UnitDep,
    clock: ClockDep,
    caller: CurrentCaller,
) -> schemas.MeetingActionOut:
    """发通知: the picked members (more can be added until the record is uploaded)."""
    return await service.notify(uow, Act(caller, clock.now()), meeting_id, body.account_ids)


@router.post(
    "/meetings/{meeting_id}/feedback", response_model=schemas.MeetingActionOut, responses=_RULES
)
async def feedback(
    meeting_id: RowId,
    body: schemas.FeedbackIn,
    uow: UnitDep,
    clock: ClockDep,
    caller: CurrentCaller,
) -> schemas.MeetingActionOut:
    """参加 or 请假 (with a reason), by a notified member; changeable until the record is up."""
    act = Act(caller, clock.now())
    return await service.feedback(uow, act, meeting_id, body.answer, body.reason)


@router.put(
    "/meetings/{meeting_id}/record", response_model=schemas.MeetingActionOut, responses=_RULES
)
async def record(
    meeting_id: RowId, body: schemas.TextIn, uow: UnitDep, clock: ClockDep, caller: CurrentCaller
) -> schemas.MeetingActionOut:
    """上传 (or edit) the record: possible once the meeting was held, until it leaves the branch."""
    return await service.record(uow, Act(caller, clock.now()), meeting_id, body.text)


@router.put(
    "/meetings/{meeting_id}/summary", response_model=schemas.MeetingActionOut, responses=_RULES
)
async def summary(
    meeting_id: RowId, body: schemas.TextIn, uow: UnitDep, clock: ClockDep, caller: CurrentCaller
) -> schemas.MeetingActionOut:
    """支部党课: the summary after the lesson record."""
    return await service.summary(uow, Act(caller, clock.now()), meeting_id, body.text)


@router.post(
    "/meetings/{meeting_id}/submit", response_model=schemas.MeetingActionOut, responses=_RULES
)
async def submit(
    meeting_id: RowId, uow: UnitDep, clock: ClockDep, caller: CurrentCaller
) -> schemas.MeetingActionOut:
    """报审: to the direct upper org for 审核. The record as submitted is kept with the round."""
    return await service.submit(uow, Act(caller, clock.now()), meeting_id)


@router.post(
    "/meetings/{meeting_id}/file", response_model=schemas.MeetingActionOut, responses=_RULES
)
async def file(
    meeting_id: RowId, uow: UnitDep, clock: ClockDep, caller: CurrentCaller
) -> schemas.MeetingActionOut:
    """报备: the upper org may read the record (审阅); the meeting is complete."""
    return await service.file(uow, Act(caller, clock.now()), meeting_id)


@router.post(
    "/meetings/{meeting_id}/confirm", response_model=schemas.MeetingActionOut, responses=_RULES
)
async def confirm(
    meeting_id: RowId, uow: UnitDep, clock: ClockDep, caller: CurrentCaller
) -> schemas.MeetingActionOut:
    """党小组会: the branch admin confirms the record; the meeting is complete."""
    return await service.confirm(uow, Act(caller, clock.now()), meeting_id)


@router.post(
    "/meetings/{meeting_id}/approve", response_model=schemas.MeetingActionOut, responses=_RULES
)
async def approve(
    meeting_id: RowId, uow: UnitDep, clock: ClockDep, caller: CurrentCaller
) -> schemas.MeetingActionOut:
    """审核通过, by the direct upper org only: the meeting is complete."""
    return await service.approve(uow, Act(caller, clock.now()), meeting_id)


@router.post(
    "/meetings/{meeting_id}/reject", response_model=schemas.MeetingActionOut, responses=_RULES
)
async def reject(
    meeting_id: RowId,
    body: schemas.ReasonIn,
    uow: UnitDep,
    clock: ClockDep,
    caller: CurrentCaller,
) -> schemas.MeetingActionOut:
    """退回 with a reason: the branch edits the record and submits again (a new round)."""
    return await service.reject(uow, Act(caller, clock.now()), meeting_id, body.reason)


@router.post(
    "/meetings/{meeting_id}/attachments",
    response_model=schemas.AttachmentOut,
    responses=documented(401, 403, 404, 409, 429, rules=True),
)
async def attach(
    meeting_id: RowId,
    body: schemas.AttachmentIn,
    uow: UnitDep,
    clock: ClockDep,
    caller: CurrentCaller,
) -> schemas.AttachmentOut:
    """A file with the record (up to 5, each up to 512 KiB), while the record may be edited."""
    act = Act(caller, clock.now())
    return await service.attach(uow, act, meeting_id, body.name, body.content_base64)


@router.get(
    "/meetings/{meeting_id}/attachments/{attachment_id}",
    response_model=schemas.AttachmentContentOut,
    responses=_ERR,
)
async def attachment(
    meeting_id: RowId, attachment_id: RowId, uow: UnitDep, caller: CurrentCaller
) -> schemas.AttachmentContentOut:
    return await service.attachment(uow, caller, meeting_id, attachment_id)
