"""我的考试: papers, attempts, submission once per attempt, score and correct answers."""

from __future__ import annotations

from fastapi import APIRouter

from contract import schemas
from server.api.deps import ClockDep, CurrentCaller, IdempotencyKey, RowId, UnitDep
from server.api.errors import documented
from server.services import exams
from server.services.context import Act

router = APIRouter(prefix="/api/v1", tags=["exams"])
_ERR = documented(401, 403, 404, 409)


@router.get("/exams", response_model=list[schemas.PaperOut], responses=_ERR)
async def papers(uow: UnitDep, caller: CurrentCaller) -> list[schemas.PaperOut]:
    """我的考试: the papers, with the caller's attempts and best score. Members only."""
    return await exams.papers(uow, caller)


@router.post("/exams/{paper_id}/attempts", response_model=schemas.AttemptOut, responses=_ERR)
async def start(
    paper_id: RowId, uow: UnitDep, clock: ClockDep, caller: CurrentCaller
) -> schemas.AttemptOut:
    """Begin a sitting: the questions without their answers."""
    return await exams.start(uow, caller, paper_id, clock.now())


@router.post(
    "/exams/attempts/{attempt_id}/submit",
    response_model=schemas.ExamResult,
    responses=documented(401, 403, 404, 409, rules=True),
)
async def submit(
    attempt_id: RowId,
    body: schemas.AnswersIn,
    uow: UnitDep,
    clock: ClockDep,
    caller: CurrentCaller,
    key: IdempotencyKey,
) -> schemas.ExamResult:
    """交卷, once per attempt. The first completion of a paper earns 2 points (4 a day);
    retakes earn nothing and the best score is kept."""
    return await exams.submit(uow, Act(caller, clock.now(), key), attempt_id, body.answers)


@router.get("/exams/{paper_id}", response_model=schemas.ExamPaperOut, responses=_ERR)
async def paper(paper_id: RowId, uow: UnitDep, caller: CurrentCaller) -> schemas.ExamPaperOut:
    """A paper and its questions without answers: a terminal keeps it to answer offline."""
    return await exams.paper(uow, caller, paper_id)
