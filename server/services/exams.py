"""我的考试: papers, attempts, submission once per attempt, score and correct answers."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from contract import schemas
from server import messages
from server.db import ledger
from server.db.models import ExamAttempt, ExamPaper, ExamQuestion
from server.db.unit import Unit
from server.domain import exams, permissions
from server.domain.errors import conflict, not_found, refused
from server.services.context import Act, Caller
from server.services.grants import action_out
from server.services.visibility import check_visible, visible_to


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
    session: AsyncSession,
    account_id: int,
    paper_id: int | None = None,
    caller: Caller | None = None,
) -> list[schemas.PaperOut]:
    where = [] if paper_id is None else [ExamPaper.id == paper_id]
    if caller is not None:
        where += visible_to(ExamPaper, caller)
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


async def _paper(
    session: AsyncSession, account_id: int, paper_id: int, caller: Caller | None = None
) -> schemas.PaperOut:
    if caller is not None:
        row = await session.get(ExamPaper, paper_id)
        if row is not None:
            await check_visible(
                session, row, caller, "paper", messages.PAPER_NOT_FOUND, messages.PAPER_WITHDRAWN
            )
    found = await _papers(session, account_id, paper_id, caller)
    if not found:
        raise not_found("paper_not_found", messages.PAPER_NOT_FOUND)
    return found[0]


async def papers(uow: Unit, caller: Caller) -> list[schemas.PaperOut]:
    """我的考试: the papers, with the caller's attempts and best score. Members only."""
    permissions.require(caller.kind, "exams")
    async with uow.read() as session:
        return await _papers(session, caller.account_id, caller=caller)


async def paper(uow: Unit, caller: Caller, paper_id: int) -> schemas.ExamPaperOut:
    """A paper and its questions without answers: a terminal keeps it to answer offline."""
    permissions.require(caller.kind, "exams")
    async with uow.read() as session:
        found = await _paper(session, caller.account_id, paper_id, caller)
        questions = await _questions(session, paper_id)
        return schemas.ExamPaperOut(paper=found, questions=[_question_out(q) for q in questions])


async def start(uow: Unit, caller: Caller, paper_id: int, now: datetime) -> schemas.AttemptOut:
    """Begin a sitting: the questions without their answers."""
    permissions.require(caller.kind, "exams")
    async with uow.write() as session:
        found = await _paper(session, caller.account_id, paper_id, caller)
        attempt = ExamAttempt(
            account_id=caller.account_id, paper_id=paper_id, started_at=now, earned=0
        )
        session.add(attempt)
        await session.flush()
        questions = await _questions(session, paper_id)
        return schemas.AttemptOut(
            attempt_id=attempt.id,
            paper=found,
            questions=[_question_out(q) for q in questions],
        )


def _check_answers(questions: list[ExamQuestion], answers: dict[int, list[int]]) -> None:
    numbers = {q.id: n for n, q in enumerate(questions, 1)}
    by_id = {q.id: q for q in questions}
    for qid, chosen in answers.items():
        if qid not in by_id:
            raise refused("exam_question_unknown", messages.EXAM_QUESTION_UNKNOWN.format(id=qid))
        question = _question(by_id[qid])
        problem = exams.answer_problem(question, chosen)
        if problem == "exam_option_unknown":
            raise refused(problem, messages.EXAM_OPTION_UNKNOWN.format(n=numbers[qid]))
        if problem == "exam_option_repeated":
            raise refused(problem, messages.EXAM_OPTION_REPEATED.format(n=numbers[qid]))
        if problem == "exam_one_option":
            raise refused(
                problem,
                messages.EXAM_ONE_OPTION.format(
                    n=numbers[qid], kind=exams.KIND_NAMES[question.kind]
                ),
            )


async def submit(
    uow: Unit, act: Act, attempt_id: int, answers: dict[int, list[int]]
) -> schemas.ExamResult:
    """交卷, once per attempt. The first completion of a paper earns 2 points (4 a day);
    retakes earn nothing and the best score is kept."""
    caller = act.caller
    permissions.require(caller.kind, "exams")
    async with uow.write() as session:
        # Locked first: two submissions of one account are judged one after the other.
        earner = await uow.lock(caller.account_id, caller.kind)
        attempt = await session.get(ExamAttempt, attempt_id)
        if attempt is None or attempt.account_id != caller.account_id:
            raise not_found("attempt_not_found", messages.ATTEMPT_NOT_FOUND)
        if attempt.submitted_at is not None:
            raise conflict("attempt_submitted", messages.ATTEMPT_SUBMITTED)
        # A sitting begun before the paper was withdrawn (or moved out of sight) earns nothing.
        paper_row = await session.get(ExamPaper, attempt.paper_id)
        assert paper_row is not None  # a paper with attempts is never deleted
        await check_visible(
            session, paper_row, caller, "paper", messages.PAPER_NOT_FOUND, messages.PAPER_WITHDRAWN
        )
        questions = await _questions(session, attempt.paper_id)
        _check_answers(questions, answers)
        score = exams.score([_question(q) for q in questions], answers)
        paid_before = await session.scalar(
            select(func.count()).where(
                ExamAttempt.account_id == caller.account_id,
                ExamAttempt.paper_id == attempt.paper_id,
                ExamAttempt.earned > 0,
            )
        )
        attempt.submitted_at = act.now
        attempt.score = score
        attempt.answers = {str(k): v for k, v in answers.items()}
        grant = None
        if not paid_before:
            grant = await ledger.grant(
                session,
                earner,
                "exam",
                at=act.now,
                source=("exam_attempt", str(attempt.id)),
                idempotency_key=act.key,
                late=act.late,
            )
            attempt.earned = grant.points
        await session.flush()
        found = (await _papers(session, caller.account_id, attempt.paper_id))[0]
    total = found.total
    best = found.best_score if found.best_score is not None else score
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
                chosen=sorted(answers.get(q.id, [])),
                correct=sorted(q.answer),
                right=exams.is_right(_question(q), answers.get(q.id, [])),
            )
            for q in questions
        ],
    )
