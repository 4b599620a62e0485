"""同步: the outbox of a terminal arrives as a batch of mutations, applied in order.

Protocol (SPEC §7): each client has an id per account and numbers its mutations 1, 2, 3 …. A
mutation at or below the client's last applied number is a duplicate and gets its stored answer;
a gap stops the batch. A mutation is applied in one transaction (one `Unit`) with the new last
number and its answer, so a crash at any point either applied both or neither. A permanent
refusal (a DomainError of the action, or anything else that is not a transient database
failure: an id or kind holding NUL, arguments the database refuses) also uses up its number and
is stored; only a transient failure (server.db.errors.transient: contention, a lost connection)
stops the batch.

Each kind of contract.outbox is handled by the same service the HTTP API calls, as an `Act` at
the skew-corrected time the action was made; actions older than 7 days are recorded without
points (`Act.late`). An action may not be dated before its installation first signed in as
the account, nor before the client's previous applied action (server.domain.offline); a push
whose points went to earlier days is recorded for 审核记录 (`sync_backdated`). Consecutive
offline saves of one watch session are applied as one run.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from pydantic import BaseModel, ValidationError
from pydantic_core import PydanticCustomError
from sqlalchemy import func, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from contract import outbox, schemas
from contract.outbox import (
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
from contract.schemas import check_text
from server import messages
from server.db import jobstate
from server.db.engine import Database
from server.db.errors import transient
from server.db.models import AuthSession, PointsLedger, SyncBackdated, SyncClient, SyncResult
from server.db.queries import insert_if_absent
from server.db.unit import Unit
from server.domain import offline, points
from server.domain.clock import Clock, shanghai_day
from server.domain.errors import DomainError, refused
from server.domain.validation import describe_errors
from server.services import articles, exams, meetings, study, vanguard
from server.services.context import Act, Caller

# A mutation may carry a time this far past the server's (after skew correction): the two
# clocks are read a request's round trip apart.
FUTURE_GRACE = timedelta(seconds=30)
RUN_LIMIT = 500
log = logging.getLogger("gsdj.server")


@dataclass(frozen=True)
class Mutation:
    """One queued action as the handler sees it: its act and the skew of its client."""

    act: Act
    skew: timedelta  # server time minus client time


Handler = Callable[[Unit, Mutation, Any], Awaitable[BaseModel]]


async def _like(uow: Unit, m: Mutation, a: ArticleArgs) -> BaseModel:
    return await articles.toggle_on(uow, m.act, a.article_id, "like")


async def _unlike(uow: Unit, m: Mutation, a: ArticleArgs) -> BaseModel:
    return await articles.toggle_off(uow, m.act.caller, a.article_id, "like")


async def _collect(uow: Unit, m: Mutation, a: ArticleArgs) -> BaseModel:
    return await articles.toggle_on(uow, m.act, a.article_id, "collect")


async def _uncollect(uow: Unit, m: Mutation, a: ArticleArgs) -> BaseModel:
    return await articles.toggle_off(uow, m.act.caller, a.article_id, "collect")


async def _share(uow: Unit, m: Mutation, a: ArticleArgs) -> BaseModel:
    return await articles.share(uow, m.act, a.article_id)


async def _comment(uow: Unit, m: Mutation, a: CommentArgs) -> BaseModel:
    return await articles.comment(uow, m.act, a.article_id, a.body)


async def _read(uow: Unit, m: Mutation, a: ReadArgs) -> BaseModel:
    if a.read_id is not None:  # timed by the server: it was online when the article opened
        return await articles.complete_read(uow, m.act, a.article_id, a.read_id)
    return await articles.read_offline(uow, m.act, a.article_id, a.started_at, a.elapsed_s, m.skew)


async def _third_party(uow: Unit, m: Mutation, a: LinkArgs) -> BaseModel:
    return await articles.visit_third_party(uow, m.act, a.code)


async def _enrol(uow: Unit, m: Mutation, a: CourseArgs) -> BaseModel:
    if a.on:
        return await study.enrol(uow, m.act.caller, a.course_id, m.act.now)
    return await study.leave(uow, m.act.caller, a.course_id)


async def _exam(uow: Unit, m: Mutation, a: ExamArgs) -> BaseModel:
    attempt_id = a.attempt_id
    if attempt_id is None:  # answered offline: the attempt begins and ends now
        attempt_id = (await exams.start(uow, m.act.caller, a.paper_id, m.act.now)).attempt_id
    return await exams.submit(uow, m.act, attempt_id, a.answers)


def _offline_save(m: Mutation, a: VideoArgs) -> study.OfflineSave:
    return study.OfflineSave(
        m.act, a.video_id, a.client_session, a.started_at, a.elapsed_s, a.segments, a.position_s
    )


async def _video(uow: Unit, m: Mutation, a: VideoArgs) -> BaseModel:
    if a.watch_session_id is not None:  # the player was online: a server session
        return await study.save_progress(uow, m.act, a.watch_session_id, a.segments, a.position_s)
    (out,) = await study.save_offline(uow, m.act.caller, [_offline_save(m, a)], m.skew)
    return out


async def _meeting_feedback(uow: Unit, m: Mutation, a: FeedbackArgs) -> BaseModel:
    return await meetings.feedback(uow, m.act, a.meeting_id, a.answer, a.reason)


async def _vanguard_post(uow: Unit, m: Mutation, a: VanguardPostArgs) -> BaseModel:
    body = schemas.VanguardIn(**a.model_dump(exclude={"kind"}))
    return await vanguard.post(uow, m.act, a.kind, body)


async def _vanguard_act(uow: Unit, m: Mutation, a: VanguardActArgs) -> BaseModel:
    return await vanguard.transition(uow, m.act, a.kind, a.item_id, a.action, a.reason)


# The handler of each outbox kind, by the handler name contract.outbox gives it.
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
_missing = {k.handler for k in outbox.KINDS.values()} - set(HANDLERS)
assert not _missing, f"outbox kinds without a handler: {sorted(_missing)}"


class _Raced(Exception):
    """Another push of the same client applied this number first."""


def _late(at: datetime, now: datetime) -> bool:
    return now - at > timedelta(days=points.LATE_DAYS)


async def _advance(
    uow: Unit,
    session: AsyncSession,
    caller: Caller,
    client_id: str,
    m: schemas.MutationIn,
    status: str,
    result: dict[str, Any],
    now: datetime,
    dated: datetime | None = None,
) -> None:
    # Under the account lock (taken once: the action may hold it already), so the account's
    # sync versions grow in commit order. An applied action's time bounds the next ones.
    await uow.lock(caller.account_id)
    moved = await session.execute(
        update(SyncClient)
        .where(
            SyncClient.account_id == caller.account_id,
            SyncClient.client_id == client_id,
            SyncClient.last_seq == m.seq - 1,
        )
        .values(last_seq=m.seq, updated_at=now, **({"last_at": dated} if dated else {}))
    )
    if moved.rowcount != 1:  # type: ignore[attr-defined]
        raise _Raced
    session.add(
        SyncResult(
            account_id=caller.account_id,
            client_id=client_id,
            seq=m.seq,
            mutation_id=_storable(m.id),
            kind=_storable(m.kind),
            status=status,
            result=result,
            created_at=now,
        )
    )


def _storable(text: str) -> str:
    """An id or kind as a refusal's row keeps it: without the NUL or lone surrogate that got
    it refused (neither fits in the database)."""
    return "".join(c if c.isprintable() else "?" for c in text)


def _refusal(exc: Exception) -> tuple[str, str] | None:
    """(code, message) when the action was refused for good; None when it may succeed later."""
    # A throttled action (a write limit) is refused too: waiting would wedge the outbox.
    if isinstance(exc, DomainError):
        return exc.code, exc.message
    if isinstance(exc, ValidationError):
        return "invalid_mutation", messages.SYNC_BAD_ARGS.format(
            detail=describe_errors(exc.errors())
        )
    if transient(exc):
        return None
    # Not the client's network nor contention: trying it again would fail the same way and
    # hold back every action queued after it.
    log.error("sync action refused after an unexpected error", exc_info=exc)
    return "not_applicable", messages.SYNC_NOT_APPLICABLE


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
    return _answer(m, row)


def _answer(m: schemas.MutationIn, row: SyncResult | None) -> schemas.MutationResult:
    out = schemas.MutationResult(id=m.id, seq=m.seq, status="duplicate")
    if row is not None and row.status == "rejected":
        out.code, out.message = row.result.get("code"), row.result.get("message")
    elif row is not None:
        out.result = row.result
    return out


async def _stored(
    db: Database, caller: Caller, client_id: str, seqs: set[int]
) -> dict[int, SyncResult]:
    """The stored answers of the numbers a batch repeats, in one query (a retried batch of
    1,000 asked 1,000 times)."""
    if not seqs:
        return {}
    async with db.read() as session:
        rows = await session.scalars(
            select(SyncResult).where(
                SyncResult.account_id == caller.account_id,
                SyncResult.client_id == client_id,
                SyncResult.seq.in_(sorted(seqs)),
            )
        )
        return {row.seq: row for row in rows}


async def push(
    db: Database,
    clock: Clock,
    caller: Caller,
    body: schemas.PushIn,
    wake_jobs: Callable[[], None] | None = None,
) -> schemas.PushOut:
    """Apply a batch of a client's queued mutations in order; answer each one."""
    now = clock.now()
    skew = now - body.client_time
    known = await _client(db, caller, body.client_id)
    if known is None:  # first seen: signed in no later than the token it pushes with
        async with db.write() as session:
            signed_in = await session.scalar(
                select(AuthSession.created_at).where(AuthSession.token_hash == caller.token_hash)
            )
            await insert_if_absent(
                session,
                SyncClient,
                account_id=caller.account_id,
                client_id=body.client_id,
                last_seq=0,
                updated_at=now,
                first_seen_at=min(signed_in or now, now),
            )
        known = await _client(db, caller, body.client_id)
        assert known is not None
    last, signed_in, previous = known
    stored = await _stored(
        db, caller, body.client_id, {m.seq for m in body.mutations if m.seq <= last}
    )
    results: list[schemas.MutationResult] = []
    stopped = stopped_message = None
    skip = 0
    for i, m in enumerate(body.mutations):
        if skip:
            skip -= 1
            continue
        if m.seq <= last:
            row = stored.get(m.seq)
            if row is None:  # applied earlier in this batch
                results.append(await _duplicate(db, caller, body.client_id, m))
            else:
                results.append(_answer(m, row))
            continue
        if m.seq > last + 1:
            stopped, stopped_message = "gap", messages.SYNC_GAP.format(missing=last + 1)
            break
        bounds = _Bounds(signed_in, previous, now)
        run = _video_run(body.mutations, i)
        if len(run) > 1:
            ran = await _apply_video_run(db, caller, body.client_id, run, skew, clock.now(), bounds)
            if ran is None:
                stopped, stopped_message = "busy", messages.SYNC_BUSY
                break
            applied, dated = ran
            if applied:  # else: the first one alone, below, says why it cannot join a run
                results += applied
                last = applied[-1].seq
                previous = dated or previous
                skip = len(applied) - 1
                continue
        done = await _apply(db, caller, body.client_id, m, skew, clock.now(), bounds)
        if done is None:
            stopped, stopped_message = "busy", messages.SYNC_BUSY
            break
        answer, dated = done
        results.append(answer)
        last = m.seq
        previous = dated or previous
    await _recount_past_days(db, clock, body.mutations, results, skew, wake_jobs)
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


async def _recount_past_days(
    db: Database,
    clock: Clock,
    mutations: list[schemas.MutationIn],
    results: list[schemas.MutationResult],
    skew: timedelta,
    wake_jobs: Callable[[], None] | None,
) -> None:
    """Offline actions just applied for past days (within SPEC §7's seven) may have earned
    points after those days' daily runs: mark the runs that count them stale, for the daily
    job to compute again (woken here when it runs in this process)."""
    applied = {r.seq for r in results if r.status == "applied"}
    now = clock.now()
    today = clock.today()
    days = {
        shanghai_day(min(m.at + skew, now))
        for m in mutations
        if m.seq in applied and not _late(m.at + skew, now)
    }
    days = {d for d in days if d < today}
    if not days:
        return
    async with db.write() as session:
        marked = await jobstate.mark_stale(session, days)
    if marked and wake_jobs is not None:
        wake_jobs()


async def _client(
    db: Database, caller: Caller, client_id: str
) -> tuple[int, datetime | None, datetime | None] | None:
    """(last applied number, first sign-in, time of the last applied action) of a client."""
    async with db.read() as session:
        row = (
            await session.execute(
                select(SyncClient.last_seq, SyncClient.first_seen_at, SyncClient.last_at).where(
                    SyncClient.account_id == caller.account_id,
                    SyncClient.client_id == client_id,
                )
            )
        ).first()
    return (int(row.last_seq), row.first_seen_at, row.last_at) if row is not None else None


@dataclass(frozen=True)
class _Bounds:
    """What an action of this push may not be dated before (server.domain.offline), and when
    the push arrived (审核记录 lists the pushes whose points went to earlier days)."""

    signed_in: datetime | None
    previous: datetime | None
    pushed_at: datetime

    def dated(self, at: datetime, now: datetime) -> datetime:
        return offline.dated(at, signed_in=self.signed_in, previous=self.previous, now=now)


async def _note_backdated(
    session: AsyncSession,
    caller: Caller,
    client_id: str,
    bounds: _Bounds,
    done: list[tuple[schemas.MutationIn, datetime]],
) -> None:
    """Record the points that actions of this push earned for days before the push's own."""
    today = shanghai_day(bounds.pushed_at)
    past = {m.id: m.seq for m, at in done if shanghai_day(at) < today}
    if not past:
        return
    rows = (
        await session.execute(
            select(PointsLedger.idempotency_key, PointsLedger.day, func.sum(PointsLedger.points))
            .where(
                PointsLedger.account_id == caller.account_id,
                PointsLedger.idempotency_key.in_(list(past)),
                PointsLedger.day < today,
            )
            .group_by(PointsLedger.idempotency_key, PointsLedger.day)
        )
    ).all()
    for key, day, total in rows:
        session.add(
            SyncBackdated(
                account_id=caller.account_id, client_id=client_id, pushed_at=bounds.pushed_at,
                seq=past[key], day=day, points=int(total),
            )
        )  # fmt: skip


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
    db: Database,
    caller: Caller,
    client_id: str,
    run: list[schemas.MutationIn],
    skew: timedelta,
    now: datetime,
    bounds: _Bounds,
) -> tuple[list[schemas.MutationResult], datetime | None] | None:
    """Apply a run of offline saves in one transaction with their sequence numbers, and the
    time of the last; [] when the run cannot start (the first save is then applied alone),
    None on a transient failure."""
    saves: list[study.OfflineSave] = []
    times: list[datetime] = []
    for m in run:
        try:
            check_text(m.id)
            args = VideoArgs.model_validate(m.args)
        except (ValidationError, PydanticCustomError):
            break
        at = m.at + skew
        if at > now + FUTURE_GRACE:
            break
        try:
            at = _Bounds(bounds.signed_in, times[-1] if times else bounds.previous,
                         bounds.pushed_at).dated(at, now)  # fmt: skip
        except DomainError:
            break
        times.append(at)
        act = Act(caller, min(at, now), m.id, _late(at, now), received=now)
        saves.append(_offline_save(Mutation(act, skew), args))
    if len(saves) < 2:
        return [], None
    uow = Unit(db)
    try:
        async with uow.write() as session:
            answers = [
                out.model_dump(mode="json")
                for out in await study.save_offline(uow, caller, saves, skew)
            ]
            done = run[: len(answers)]
            dated = min(times[len(answers) - 1], now)
            await _note_backdated(session, caller, client_id, bounds,
                                  list(zip(done, times, strict=False)))  # fmt: skip
            await uow.lock(caller.account_id)  # held already: the versions grow in order
            moved = await session.execute(
                update(SyncClient)
                .where(
                    SyncClient.account_id == caller.account_id,
                    SyncClient.client_id == client_id,
                    SyncClient.last_seq == done[0].seq - 1,
                )
                .values(last_seq=done[-1].seq, updated_at=now, last_at=dated)
            )
            if moved.rowcount != 1:  # type: ignore[attr-defined]
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
    except (_Raced, DomainError):
        return [], None
    except Exception as exc:  # the first save alone says whether it is for good
        return None if transient(exc) else ([], None)
    return [
        schemas.MutationResult(id=m.id, seq=m.seq, status="applied", result=a)
        for m, a in zip(done, answers, strict=True)
    ], dated


async def _apply(
    db: Database,
    caller: Caller,
    client_id: str,
    m: schemas.MutationIn,
    skew: timedelta,
    now: datetime,
    bounds: _Bounds,
) -> tuple[schemas.MutationResult, datetime | None] | None:
    """Apply one mutation with its new sequence number, and the time it counted at when it
    was applied; None on a transient failure."""
    at = m.at + skew
    refusal: tuple[str, str] | None = None
    try:
        check_text(m.id)
        check_text(m.kind)
        if at > now + FUTURE_GRACE:
            raise refused("timestamp_future", messages.SYNC_FUTURE)
        at = min(bounds.dated(at, now), now)
        kind = outbox.KINDS.get(m.kind)
        if kind is None:
            raise refused("unknown_kind", messages.SYNC_UNKNOWN_KIND.format(kind=m.kind))
        args = kind.args.model_validate(m.args)
        act = Act(caller, at, m.id, _late(at, now), received=now)
        uow = Unit(db)
        async with uow.write() as session:
            out = await HANDLERS[kind.handler](uow, Mutation(act, skew), args)
            result = out.model_dump(mode="json")
            await _note_backdated(session, caller, client_id, bounds, [(m, at)])
            await _advance(uow, session, caller, client_id, m, "applied", result, now, at)
        return schemas.MutationResult(id=m.id, seq=m.seq, status="applied", result=result), at
    except _Raced:
        return await _duplicate(db, caller, client_id, m), None
    except PydanticCustomError:
        refusal = "invalid_mutation", messages.SYNC_BAD_TEXT
    except Exception as exc:
        refusal = _refusal(exc)
        if refusal is None:
            return None
    code, message = refusal
    uow = Unit(db)
    try:
        async with uow.write() as session:
            answer = {"code": code, "message": message}
            await _advance(uow, session, caller, client_id, m, "rejected", answer, now)
    except _Raced:
        return await _duplicate(db, caller, client_id, m), None
    return schemas.MutationResult(
        id=m.id, seq=m.seq, status="rejected", code=code, message=message
    ), None


async def pull(uow: Unit, caller: Caller, since: int, limit: int) -> schemas.PullOut:
    """What this account's terminals applied after version `since` (versions only grow)."""
    async with uow.read() as session:
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
