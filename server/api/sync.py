"""同步: the outbox of a terminal arrives here as a batch of mutations, applied in order.

Protocol (SPEC §7): each client has an id per account and numbers its mutations 1, 2, 3 …. A
mutation at or below the client's last applied number is a duplicate and gets its stored answer;
a gap stops the batch. A mutation is applied in one transaction with the new last number and its
answer, so a crash at any point either applied both or neither. A permanent refusal (the action's
own 4xx answer) also uses up its number and is stored; a transient failure stops the batch.

Each kind is one of the member actions of the HTTP API, called with a clock fixed at the
skew-corrected time the action was made; actions older than 7 days are recorded without points.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Annotated, Any

from fastapi import APIRouter, Query
from pydantic import BaseModel, ValidationError
from sqlalchemy import insert, select, update
from sqlalchemy.exc import DBAPIError

from contract import outbox, schemas
from contract.outbox import (
    Args,
    ArticleArgs,
    CommentArgs,
    CourseArgs,
    ExamArgs,
    FeedbackArgs,
    LinkArgs,
    ReadArgs,
    VanguardActArgs,
    VanguardPostArgs,
    VideoArgs,
)
from server import messages
from server.api import exams, meetings, study, vanguard
from server.api.deps import DB, Caller, ClockDep, CurrentCaller
from server.api.errors import ApiError, describe_errors
from server.db import watching
from server.db.engine import Database
from server.db.models import SyncClient, SyncResult, Video
from server.db.queries import insert_if_absent
from server.db.unit import Unit, lock_now
from server.domain import permissions, points
from server.domain.clock import Clock, FixedClock
from server.domain.errors import DomainError
from server.domain.orgs import AccountKind
from server.services import articles
from server.services.context import Act

router = APIRouter(prefix="/api/v1", tags=["sync"])
# A mutation may carry a time this far past the server's (after skew correction): the two
# clocks are read a request's round trip apart.
FUTURE_GRACE = timedelta(seconds=30)


@dataclass
class Context:
    db: Database
    uow: Unit  # the mutation's transaction
    caller: Caller
    clock: Clock  # fixed at the corrected time of the action
    key: str  # the mutation id: the idempotency key of any grant
    skew: timedelta  # server time minus client time
    late: bool  # too old to earn points


def _act(ctx: Context) -> Act:
    return Act(ctx.caller, ctx.clock.now(), ctx.key, ctx.late)


async def _like(ctx: Context, a: ArticleArgs) -> BaseModel:
    return await articles.toggle_on(ctx.uow, _act(ctx), a.article_id, "like")


async def _unlike(ctx: Context, a: ArticleArgs) -> BaseModel:
    return await articles.toggle_off(ctx.uow, ctx.caller, a.article_id, "like")


async def _collect(ctx: Context, a: ArticleArgs) -> BaseModel:
    return await articles.toggle_on(ctx.uow, _act(ctx), a.article_id, "collect")


async def _uncollect(ctx: Context, a: ArticleArgs) -> BaseModel:
    return await articles.toggle_off(ctx.uow, ctx.caller, a.article_id, "collect")


async def _share(ctx: Context, a: ArticleArgs) -> BaseModel:
    return await articles.share(ctx.uow, _act(ctx), a.article_id)


async def _comment(ctx: Context, a: CommentArgs) -> BaseModel:
    return await articles.comment(ctx.uow, _act(ctx), a.article_id, a.body)


async def _read(ctx: Context, a: ReadArgs) -> BaseModel:
    if a.read_id is not None:  # timed by the server: it was online when the article opened
        return await articles.complete_read(ctx.uow, _act(ctx), a.article_id, a.read_id)
    return await articles.read_offline(
        ctx.uow, _act(ctx), a.article_id, a.started_at, a.elapsed_s, ctx.skew
    )


async def _third_party(ctx: Context, a: LinkArgs) -> BaseModel:
    return await articles.visit_third_party(ctx.uow, _act(ctx), a.code)


async def _enrol(ctx: Context, a: CourseArgs) -> BaseModel:
    if a.on:
        return await study.enrol(a.course_id, ctx.db, ctx.clock, ctx.caller)
    return await study.leave(a.course_id, ctx.db, ctx.caller)


async def _exam(ctx: Context, a: ExamArgs) -> BaseModel:
    attempt_id = a.attempt_id
    if attempt_id is None:  # answered offline: the attempt begins and ends now
        attempt_id = (await exams.start(a.paper_id, ctx.db, ctx.clock, ctx.caller)).attempt_id
    answers = schemas.AnswersIn(answers=a.answers)
    return await exams.submit(attempt_id, answers, ctx.db, ctx.clock, ctx.caller, ctx.key)


async def _video(ctx: Context, a: VideoArgs) -> BaseModel:
    now = ctx.clock.now()
    segments = [(s.from_s, s.to_s) for s in a.segments]
    async with ctx.db.write() as session:
        if a.watch_session_id is not None:  # the player was online: a server session
            saved = await watching.save_progress(
                session, ctx.caller.account_id, a.watch_session_id, segments, a.position_s, now
            )
        else:
            row = await session.get(Video, a.video_id)
            if row is None:
                raise ApiError(404, "video_not_found", messages.VIDEO_NOT_FOUND)
            if row.course_id is not None:
                permissions.require(ctx.caller.kind, "courses")
                if not await watching.is_enrolled(session, ctx.caller.account_id, row.course_id):
                    raise ApiError(409, "not_enrolled", messages.NOT_ENROLLED)
            started = a.started_at + ctx.skew
            ws = await watching.offline_session(
                session, ctx.caller.account_id, a.video_id, a.client_session, started
            )
            wall = (now - ws.started_at).total_seconds()
            if a.elapsed_s is not None:
                wall = min(wall, a.elapsed_s)
            saved = await watching.save_progress(
                session,
                ctx.caller.account_id,
                ws.id,
                segments,
                a.position_s,
                now,
                offline_wall_ms=max(0, int(wall * 1000)),
            )
    return study.progress_out(saved, bool(segments))


async def _meeting_feedback(ctx: Context, a: FeedbackArgs) -> BaseModel:
    body = schemas.FeedbackIn(answer=a.answer, reason=a.reason)
    return await meetings.feedback(a.meeting_id, body, ctx.db, ctx.clock, ctx.caller)


async def _vanguard_post(ctx: Context, a: VanguardPostArgs) -> BaseModel:
    body = schemas.VanguardIn(**a.model_dump(exclude={"kind"}))
    return await vanguard.post(a.kind, body, ctx.db, ctx.clock, ctx.caller)


async def _vanguard_act(ctx: Context, a: VanguardActArgs) -> BaseModel:
    return await vanguard.act(a.kind, a.item_id, a.action, a.reason, ctx.db, ctx.clock, ctx.caller)


Handler = Callable[[Context, Any], Awaitable[BaseModel]]
# The handler of each outbox kind, by the handler name the contract's registry gives it.
HANDLERS: dict[str, Handler] = {
    "like": _like,
    "unlike": _unlike,
    "collect": _collect,
    "uncollect": _uncollect,
    "share": _share,
    "comment": _comment,
    "read": _read,
    "third_party": _third_party,
    "enrol": _enrol,
    "exam": _exam,
    "video_progress": _video,
    "meeting_feedback": _meeting_feedback,
    "vanguard_post": _vanguard_post,
    "vanguard_act": _vanguard_act,
}
KINDS: dict[str, tuple[type[Args], Handler]] = {
    code: (kind.args, HANDLERS[kind.handler]) for code, kind in outbox.KINDS.items()
}


class _Raced(Exception):
    """Another push of the same client applied this number first."""


async def _advance(
    session: Any, caller: Caller, client_id: str, m: schemas.MutationIn, status: str,
    result: dict[str, Any], now: datetime,
) -> None:  # fmt: skip
    await lock_now(session, caller.account_id)
    moved = await session.execute(
        update(SyncClient)
        .where(
            SyncClient.account_id == caller.account_id,
            SyncClient.client_id == client_id,
            SyncClient.last_seq == m.seq - 1,
        )
        .values(last_seq=m.seq, updated_at=now)
    )
    if moved.rowcount != 1:
        raise _Raced
    session.add(
        SyncResult(
            account_id=caller.account_id,
            client_id=client_id,
            seq=m.seq,
            mutation_id=m.id,
            kind=m.kind,
            status=status,
            result=result,
            created_at=now,
        )
    )


def _refusal(exc: Exception) -> tuple[str, str] | None:
    """(code, message) when the action was refused for good; None when it may succeed later."""
    if isinstance(exc, DomainError) and exc.permanent:
        return exc.code, exc.message
    if isinstance(exc, ValidationError):
        return "invalid_mutation", messages.SYNC_BAD_ARGS.format(
            detail=describe_errors(exc.errors())
        )
    return None


async def _duplicate(
    db: Database, caller: Caller, client_id: str, m: schemas.MutationIn
) -> schemas.MutationResult:
    """The answer to a number already used: the stored answer, a refusal staying a refusal."""
    async with db.read() as session:
        row = await session.scalar(
            select(SyncResult).where(
                SyncResult.account_id == caller.account_id,
                SyncResult.client_id == client_id,
                SyncResult.seq == m.seq,
            )
        )
    out = schemas.MutationResult(id=m.id, seq=m.seq, status="duplicate")
    if row is not None and row.status == "rejected":
        out.code, out.message = row.result.get("code"), row.result.get("message")
    elif row is not None:
        out.result = row.result
    return out


@router.post(
    "/sync/push",
    response_model=schemas.PushOut,
    responses={401: {"model": schemas.ErrorOut}},
)
async def push(
    body: schemas.PushIn, db: DB, clock: ClockDep, caller: CurrentCaller
) -> schemas.PushOut:
    """Apply a batch of a client's queued mutations in order; answer each one."""
    now = clock.now()
    skew = now - body.client_time
    async with db.write() as session:
        await insert_if_absent(
            session,
            SyncClient,
            account_id=caller.account_id,
            client_id=body.client_id,
            last_seq=0,
            updated_at=now,
        )
    async with db.read() as session:
        last = int(
            await session.scalar(
                select(SyncClient.last_seq).where(
                    SyncClient.account_id == caller.account_id,
                    SyncClient.client_id == body.client_id,
                )
            )
            or 0
        )
    results: list[schemas.MutationResult] = []
    stopped = stopped_message = None
    skip = 0
    for i, m in enumerate(body.mutations):
        if skip:
            skip -= 1
            continue
        if m.seq <= last:
            results.append(await _duplicate(db, caller, body.client_id, m))
            continue
        if m.seq > last + 1:
            stopped, stopped_message = "gap", messages.SYNC_GAP.format(missing=last + 1)
            break
        run = _video_run(body.mutations, i)
        if len(run) > 1:
            applied = await _apply_video_run(db, caller, body.client_id, run, skew, clock.now())
            if applied is None:
                stopped, stopped_message = "busy", messages.SYNC_BUSY
                break
            if applied:  # else: the first one alone, below, says why it cannot join a run
                results += applied
                last = applied[-1].seq
                skip = len(applied) - 1
                continue
        answer = await _apply(db, caller, body.client_id, m, skew, clock.now())
        if answer is None:
            stopped, stopped_message = "busy", messages.SYNC_BUSY
            break
        results.append(answer)
        last = m.seq
    async with db.read() as session:
        version = await session.scalar(
            select(SyncResult.version)
            .where(SyncResult.account_id == caller.account_id)
            .order_by(SyncResult.version.desc())
            .limit(1)
        )
    return schemas.PushOut(
        results=results,
        last_seq=last,
        stopped=stopped,
        stopped_message=stopped_message,
        version=int(version or 0),
        server_time=clock.now(),
    )


RUN_LIMIT = 500


def _video_run(mutations: list[schemas.MutationIn], i: int) -> list[schemas.MutationIn]:
    """The offline saves of one watch session that follow each other from position i, in
    sequence: they are applied together (one read and one write of the intervals)."""
    first = mutations[i]
    if first.kind != "video_progress" or first.args.get("watch_session_id") is not None:
        return [first]
    run = [first]
    for m in mutations[i + 1 : i + RUN_LIMIT]:
        if (
            m.kind != "video_progress"
            or m.seq != run[-1].seq + 1
            or m.args.get("watch_session_id") is not None
            or m.args.get("client_session") != first.args.get("client_session")
            or m.args.get("video_id") != first.args.get("video_id")
        ):
            break
        run.append(m)
    return run


async def _apply_video_run(
    db: Database, caller: Caller, client_id: str, run: list[schemas.MutationIn],
    skew: timedelta, now: datetime,
) -> list[schemas.MutationResult] | None:  # fmt: skip
    """Apply a run of offline saves in one transaction with their sequence numbers; [] when
    the run cannot start (the first save is then applied alone), None on a transient failure."""
    parsed: list[tuple[schemas.MutationIn, VideoArgs, datetime]] = []
    for m in run:
        try:
            args = VideoArgs.model_validate(m.args)
        except ValidationError:
            break
        at = m.at + skew
        if at > now + FUTURE_GRACE:
            break
        parsed.append((m, args, min(at, now)))
    if len(parsed) < 2:
        return []
    first = parsed[0][1]
    try:
        uow = Unit(db)
        async with uow.write() as session:
            kind = (await lock_now(session, caller.account_id)).kind
            row = await session.get(Video, first.video_id)
            if row is None:
                return []
            if row.course_id is not None and (
                not permissions.may_use(caller.kind, "courses")
                or not await watching.is_enrolled(session, caller.account_id, row.course_id)
            ):
                return []
            ws = await watching.offline_session(
                session, caller.account_id, row.id, first.client_session, first.started_at + skew
            )
            items = []
            for _, args, at in parsed:
                wall = (at - ws.started_at).total_seconds()
                if args.elapsed_s is not None:
                    wall = min(wall, args.elapsed_s)
                items.append(
                    watching.RunItem(
                        at=at,
                        segments=[(x.from_s, x.to_s) for x in args.segments],
                        position_s=args.position_s,
                        wall_ms=max(0, int(wall * 1000)),
                        late=now - at > timedelta(days=points.LATE_DAYS),
                    )
                )
            saved = await watching.save_run(
                session, caller.account_id, AccountKind(kind) if kind else None, ws, row, items,
                [m.id for m, _, _ in parsed],
            )  # fmt: skip
            if not saved:
                return []
            done = [m for m, _, _ in parsed[: len(saved)]]
            answers = [study.progress_out(x, True).model_dump(mode="json") for x in saved]
            moved = await session.execute(
                update(SyncClient)
                .where(
                    SyncClient.account_id == caller.account_id,
                    SyncClient.client_id == client_id,
                    SyncClient.last_seq == done[0].seq - 1,
                )
                .values(last_seq=done[-1].seq, updated_at=now)
            )
            if moved.rowcount != 1:
                raise _Raced
            await session.execute(
                insert(SyncResult),
                [
                    {
                        "account_id": caller.account_id, "client_id": client_id, "seq": m.seq,
                        "mutation_id": m.id, "kind": m.kind, "status": "applied", "result": a,
                        "created_at": now,
                    }
                    for m, a in zip(done, answers, strict=True)
                ],
            )  # fmt: skip
    except _Raced:
        return []
    except DomainError:
        return []
    except DBAPIError:
        return None
    return [
        schemas.MutationResult(id=m.id, seq=m.seq, status="applied", result=a)
        for m, a in zip(done, answers, strict=True)
    ]


async def _apply(
    db: Database, caller: Caller, client_id: str, m: schemas.MutationIn, skew: timedelta,
    now: datetime,
) -> schemas.MutationResult | None:  # fmt: skip
    """Apply one mutation with its new sequence number; None on a transient failure."""
    at = m.at + skew
    refusal: tuple[str, str] | None = None
    try:
        if at > now + FUTURE_GRACE:
            raise ApiError(422, "timestamp_future", messages.SYNC_FUTURE)
        spec = KINDS.get(m.kind)
        if spec is None:
            raise ApiError(422, "unknown_kind", messages.SYNC_UNKNOWN_KIND.format(kind=m.kind))
        args_model, handler = spec
        args = args_model.model_validate(m.args)
        uow = Unit(db)
        late = now - at > timedelta(days=points.LATE_DAYS)
        ctx = Context(db, uow, caller, FixedClock(min(at, now)), m.id, skew, late)
        async with uow.write() as session:
            out = await handler(ctx, args)
            result = out.model_dump(mode="json")
            await _advance(session, caller, client_id, m, "applied", result, now)
        return schemas.MutationResult(id=m.id, seq=m.seq, status="applied", result=result)
    except _Raced:
        return await _duplicate(db, caller, client_id, m)
    except (DomainError, ValidationError) as exc:
        refusal = _refusal(exc)
        if refusal is None:
            return None
    except DBAPIError:
        return None
    code, message = refusal
    try:
        async with db.write() as session:
            await _advance(
                session, caller, client_id, m, "rejected", {"code": code, "message": message}, now
            )
    except _Raced:
        return await _duplicate(db, caller, client_id, m)
    return schemas.MutationResult(id=m.id, seq=m.seq, status="rejected", code=code, message=message)


@router.get(
    "/sync/pull", response_model=schemas.PullOut, responses={401: {"model": schemas.ErrorOut}}
)
async def pull(
    db: DB,
    caller: CurrentCaller,
    since: Annotated[int, Query(ge=0, le=2**62)] = 0,
    limit: Annotated[int, Query(ge=1, le=1000)] = 500,
) -> schemas.PullOut:
    """What this account's terminals applied after version `since` (versions only grow)."""
    async with db.read() as session:
        rows = list(
            (
                await session.execute(
                    select(SyncResult)
                    .where(SyncResult.account_id == caller.account_id, SyncResult.version > since)
                    .order_by(SyncResult.version)
                    .limit(limit)
                )
            ).scalars()
        )
    return schemas.PullOut(
        version=rows[-1].version if rows else since,
        items=[
            schemas.PulledItem(
                version=r.version, client_id=r.client_id, seq=r.seq, kind=r.kind,
                status=r.status, result=r.result,
            )
            for r in rows
        ],
    )  # fmt: skip
