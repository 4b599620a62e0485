"""我的考试: papers, attempts, submission once per attempt, score and correct answers."""

from __future__ import annotations

from fastapi import APIRouter
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from contract import schemas
from server import messages
from server.api.deps import DB, ClockDep, CurrentCaller, IdempotencyKey, RowId
from server.api.errors import ApiError
from server.db import ledger
from server.db.models import ExamAttempt, ExamPaper, ExamQuestion
from server.db.unit import lock_now
from server.domain import exams, permissions
from server.services.grants import action_out

router = APIRouter(prefix="/api/v1", tags=["exams"])
_ERR = {
    401: {"model": schemas.ErrorOut},
    403: {"model": schemas.ErrorOut},
    404: {"model": schemas.ErrorOut},
    409: {"model": schemas.ErrorOut},
}


def _question(q: ExamQuestion) -> exams.Question:
    return exams.Question(
        id=q.id,
        kind=exams.QuestionKind(q.kind),
        options=tuple(q.options),
        answer=frozenset(q.answer),
        points=q.points,
    )


def _question_out(q: ExamQuestion) -> schemas.QuestionOut:
    kind = exams.QuestionKind(q.kind)
    return schemas.QuestionOut(
        id=q.id,
        kind=kind.value,
        kind_name=exams.KIND_NAMES[kind],
        stem=q.stem,
        options=list(q.options),
        points=q.points,
    )


async def _questions(session: AsyncSession, paper_id: int) -> list[ExamQuestion]:
    rows = await session.execute(
        select(ExamQuestion)
        .where(ExamQuestion.paper_id == paper_id)
        .order_by(ExamQuestion.sort, ExamQuestion.id)
    )
    return list(rows.scalars())


async def _papers(
    session: AsyncSession, account_id: int, paper_id: int | None = None
) -> list[schemas.PaperOut]:
    where = [] if paper_id is None else [ExamPaper.id == paper_id]
    papers = (
        await session.execute(
            select(
                ExamPaper,
                func.count(ExamQuestion.id),
                func.coalesce(func.sum(ExamQuestion.points), 0),
            )
            .outerjoin(ExamQuestion, ExamQuestion.paper_id == ExamPaper.id)
            .where(*where)
            .group_by(ExamPaper.id)
            .order_by(ExamPaper.sort, ExamPaper.id)
        )
    ).all()
    mine = {
        pid: (n, best)
        for pid, n, best in (
            await session.execute(
                select(ExamAttempt.paper_id, func.count(), func.max(ExamAttempt.score))
                .where(ExamAttempt.account_id == account_id, ExamAttempt.submitted_at.isnot(None))
                .group_by(ExamAttempt.paper_id)
            )
        ).all()
    }
    return [
        schemas.PaperOut(
            id=p.id,
            title=p.title,
            summary=p.summary,
            questions=count,
            total=int(total),
            attempts=mine.get(p.id, (0, None))[0],
            best_score=mine.get(p.id, (0, None))[1],
        )
        for p, count, total in papers
    ]


@router.get("/exams", response_model=list[schemas.PaperOut], responses=_ERR)
async def papers(db: DB, caller: CurrentCaller) -> list[schemas.PaperOut]:
    """我的考试: the papers, with the caller's attempts and best score. Members only."""
    permissions.require(caller.kind, "exams")
    async with db.read() as session:
        return await _papers(session, caller.account_id)


@router.post("/exams/{paper_id}/attempts", response_model=schemas.AttemptOut, responses=_ERR)
async def start(
    paper_id: RowId, db: DB, clock: ClockDep, caller: CurrentCaller
) -> schemas.AttemptOut:
    """Begin a sitting: the questions without their answers."""
    permissions.require(caller.kind, "exams")
    async with db.write() as session:
        found = await _papers(session, caller.account_id, paper_id)
        if not found:
            raise ApiError(404, "paper_not_found", messages.PAPER_NOT_FOUND)
        attempt = ExamAttempt(
            account_id=caller.account_id, paper_id=paper_id, started_at=clock.now(), earned=0
        )
        session.add(attempt)
        await session.flush()
        questions = await _questions(session, paper_id)
        return schemas.AttemptOut(
            attempt_id=attempt.id,
            paper=found[0],
            questions=[_question_out(q) for q in questions],
        )


def _check_answers(questions: list[ExamQuestion], answers: dict[int, list[int]]) -> None:
    numbers = {q.id: n for n, q in enumerate(questions, 1)}
    by_id = {q.id: q for q in questions}
    for qid, chosen in answers.items():
        if qid not in by_id:
            raise ApiError(
                422, "exam_question_unknown", messages.EXAM_QUESTION_UNKNOWN.format(id=qid)
            )
        question = _question(by_id[qid])
        problem = exams.answer_problem(question, chosen)
        if problem == "exam_option_unknown":
            raise ApiError(422, problem, messages.EXAM_OPTION_UNKNOWN.format(n=numbers[qid]))
        if problem == "exam_option_repeated":
            raise ApiError(422, problem, messages.EXAM_OPTION_REPEATED.format(n=numbers[qid]))
        if problem == "exam_one_option":
            raise ApiError(
                422,
                problem,
                messages.EXAM_ONE_OPTION.format(
                    n=numbers[qid], kind=exams.KIND_NAMES[question.kind]
                ),
            )


@router.post(
    "/exams/attempts/{attempt_id}/submit",
    response_model=schemas.ExamResult,
    responses={**_ERR, 422: {"model": schemas.ErrorOut}},
)
async def submit(
    attempt_id: RowId,
    body: schemas.AnswersIn,
    db: DB,
    clock: ClockDep,
    caller: CurrentCaller,
    key: IdempotencyKey,
) -> schemas.ExamResult:
    """交卷, once per attempt. The first completion of a paper earns 2 points (4 a day);
    retakes earn nothing and the best score is kept."""
    permissions.require(caller.kind, "exams")
    now = clock.now()
    async with db.write() as session:
        await lock_now(session, caller.account_id)
        attempt = await session.get(ExamAttempt, attempt_id)
        if attempt is None or attempt.account_id != caller.account_id:
            raise ApiError(404, "attempt_not_found", messages.ATTEMPT_NOT_FOUND)
        if attempt.submitted_at is not None:
            raise ApiError(409, "attempt_submitted", messages.ATTEMPT_SUBMITTED)
        questions = await _questions(session, attempt.paper_id)
        _check_answers(questions, body.answers)
        score = exams.score([_question(q) for q in questions], body.answers)
        paid_before = await session.scalar(
            select(func.count()).where(
                ExamAttempt.account_id == caller.account_id,
                ExamAttempt.paper_id == attempt.paper_id,
                ExamAttempt.earned > 0,
            )
        )
        attempt.submitted_at = now
        attempt.score = score
        attempt.answers = {str(k): v for k, v in body.answers.items()}
        grant = None
        if not paid_before:
            grant = await ledger.grant(
                session,
                await lock_now(session, caller.account_id),
                "exam",
                at=now,
                source=("exam_attempt", str(attempt.id)),
                idempotency_key=key,
            )
            attempt.earned = grant.points
        await session.flush()
        paper = (await _papers(session, caller.account_id, attempt.paper_id))[0]
    total = paper.total
    best = paper.best_score if paper.best_score is not None else score
    done = (
        messages.EXAM_SUBMITTED.format(score=score, total=total)
        if not paid_before
        else messages.EXAM_RETAKE.format(score=score, total=total, best=best)
    )
    out = action_out(done, grant)
    return schemas.ExamResult(
        **out.model_dump(),
        attempt_id=attempt.id,
        score=score,
        total=total,
        best_score=best,
        questions=[
            schemas.QuestionResult(
                **_question_out(q).model_dump(),
                chosen=sorted(body.answers.get(q.id, [])),
                correct=sorted(q.answer),
                right=exams.is_right(_question(q), body.answers.get(q.id, [])),
            )
            for q in questions
        ],
    )


@router.get("/exams/{paper_id}", response_model=schemas.ExamPaperOut, responses=_ERR)
async def paper(paper_id: RowId, db: DB, caller: CurrentCaller) -> schemas.ExamPaperOut:
    """A paper and its questions without answers: a terminal keeps it to answer offline."""
    permissions.require(caller.kind, "exams")
    async with db.read() as session:
        found = await _papers(session, caller.account_id, paper_id)
        if not found:
            raise ApiError(404, "paper_not_found", messages.PAPER_NOT_FOUND)
        questions = await _questions(session, paper_id)
        return schemas.ExamPaperOut(paper=found[0], questions=[_question_out(q) for q in questions])
