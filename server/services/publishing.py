"""Publishing content (issue 16): articles, courses and papers by the accounts that own them.

Who publishes to whom is `server.domain.publishing`; the readers' side is
`server.services.visibility`. Withdrawing only changes the state: the points ledger is
append-only and finished attempts, progress and marks stay.
"""

from __future__ import annotations

import base64
import binascii
import json
import shutil
import subprocess
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from contract import schemas
from server import messages
from server.db.models import (
    Account,
    Article,
    ArticleColumn,
    AuthSession,
    Course,
    ExamPaper,
    ExamQuestion,
    Org,
    Video,
)
from server.db.unit import Unit
from server.domain import media, permissions
from server.domain import publishing as rules
from server.domain.errors import DomainError, Kind, conflict, forbidden, not_found, refused
from server.domain.orgs import AccountKind
from server.services import accounts, orgs, search
from server.services.context import Caller
from server.services.visibility import check_visible

MODELS: dict[str, Any] = {"article": Article, "course": Course, "paper": ExamPaper}
MEDIA_PATH = "/api/v1/media/videos/{id}"


@dataclass(frozen=True)
class Publisher:
    """Who publishes: the owning org, the author account (None: the CLI with --org), and the
    caller whose scope every change is checked against (None: the CLI, the operator)."""

    org_id: int
    author_id: int | None
    caller: Caller | None = None


def _refused(problems: list[str]) -> Exception:
    return refused("publish_refused", messages.PUBLISH_REFUSED.format(problems=";".join(problems)))


async def publisher(uow: Unit, caller: Caller, org_id: int | None) -> Publisher:
    """An admin publishing over HTTP: the `publish` feature (province, 党委, 党总支 admins), and
    the owner org — their own by default — inside their scope."""
    permissions.require(caller.kind, "publish")
    target = org_id or caller.org_id
    if target is None:
        raise forbidden("publish_forbidden", messages.PUBLISH_FORBIDDEN)
    async with uow.read() as session:
        await orgs.require_in_scope(session, caller, target)
    return Publisher(target, caller.account_id, caller)


async def cli_publisher(uow: Unit, username: str | None, org_code: str | None) -> Publisher:
    """`--as USERNAME` (an admin account that may publish: its org owns it) or `--org CODE`."""
    async with uow.read() as session:
        if username:
            account = await session.scalar(select(Account).where(Account.username == username))
            if account is None:
                raise not_found(
                    "account_not_found", messages.PUBLISH_ACCOUNT_UNKNOWN.format(username=username)
                )
            if (
                not permissions.may_use(AccountKind(account.kind), "publish")
                or account.org_id is None
            ):
                raise forbidden("publish_forbidden", messages.PUBLISH_FORBIDDEN)
            return Publisher(account.org_id, account.id)
        org = await session.scalar(select(Org).where(Org.code == (org_code or "")))
        if org is None:
            raise not_found("org_not_found", messages.PUBLISH_ORG_UNKNOWN.format(code=org_code))
        if org.kind not in {"province", "committee", "general_branch"}:
            raise forbidden("publish_forbidden", messages.PUBLISH_FORBIDDEN)
        return Publisher(org.id, None)


async def _out(
    session: AsyncSession, kind: str, row: Any, now: datetime, message: str = ""
) -> schemas.PublishedOut:
    owner = await session.get(Org, row.owner_org_id) if row.owner_org_id else None
    state, state_name = rules.shown_state(rules.State(row.status), row.published_at, now)
    return schemas.PublishedOut(
        kind=kind,
        id=row.id,
        title=row.title,
        state=state,
        state_name=state_name,
        owner_org_id=row.owner_org_id,
        owner_name=owner.name if owner else "",
        published_at=row.published_at,
        message=message,
    )


def _state(draft: bool) -> str:
    return (rules.State.DRAFT if draft else rules.State.PUBLISHED).value


async def article(
    uow: Unit, pub: Publisher, text: str, draft: bool, now: datetime
) -> schemas.PublishedOut:
    """A Markdown article with its header; a publish time later than now schedules it."""
    try:
        parsed = rules.parse_article(text)
    except rules.Problem as e:
        raise _refused(e.problems) from e
    async with uow.write() as session:
        columns = (await session.execute(select(ArticleColumn))).scalars().all()
        column = next((c for c in columns if c.name == parsed.column), None)
        if column is None:
            names = "、".join(c.name for c in columns)
            raise refused(
                "column_unknown",
                messages.PUBLISH_UNKNOWN_COLUMN.format(name=parsed.column, names=names),
            )
        row = Article(
            column_id=column.id,
            title=parsed.title,
            source=parsed.source,
            body=parsed.body,
            published_at=parsed.published_at or now,
            owner_org_id=pub.org_id,
            author_id=pub.author_id,
            status=_state(draft),
            updated_at=now,
        )
        session.add(row)
        await session.flush()
        await search.index_article(session, row)
        return await _out(session, "article", row, now, _message(draft, row.published_at, now))


def _message(draft: bool, at: datetime | None, now: datetime) -> str:
    if draft:
        return messages.PUBLISH_DRAFT_SAVED
    if at is not None and at > now:
        return messages.PUBLISH_SCHEDULED.format(
            at=at.astimezone(rules.BEIJING).strftime("%Y-%m-%d %H:%M")
        )
    return messages.PUBLISH_DONE


def probe_seconds(path: Path) -> int | None:
    """The video's duration by ffprobe where it is installed; None if absent or unreadable."""
    ffprobe = shutil.which("ffprobe")
    if ffprobe is None:
        return None
    try:
        done = subprocess.run(
            [ffprobe, "-v", "error", "-show_entries", "format=duration", "-of", "json", str(path)],
            capture_output=True,
            timeout=30,
            check=False,
        )
        seconds = float(json.loads(done.stdout)["format"]["duration"])
    except (OSError, subprocess.TimeoutExpired, ValueError, KeyError, TypeError):
        return None
    return max(1, round(seconds)) if seconds > 0 else None


async def course(
    uow: Unit,
    pub: Publisher,
    text: str,
    draft: bool,
    now: datetime,
    base_dir: Path | None = None,
) -> schemas.PublishedOut:
    """A course from its TOML. Videos by URL (their seconds given), or — from the CLI, on the
    server's machine (`base_dir`: the TOML's folder) — local files the server then serves,
    their seconds read by ffprobe where installed, else given; neither refuses the course."""
    try:
        parsed = rules.read_course(text)
    except rules.Problem as e:
        raise _refused(e.problems) from e
    problems: list[str] = []
    videos: list[tuple[rules.VideoIn, Path | None, int]] = []
    for n, v in enumerate(parsed.videos, 1):
        at = messages.COURSE_VIDEO_AT.format(n=n)
        path: Path | None = None
        if v.file is not None:
            if base_dir is None:
                problems.append(at + messages.COURSE_VIDEO_FILE_OVER_HTTP)
                continue
            path = (base_dir / v.file).resolve()
            if not path.is_relative_to(base_dir.resolve()):
                problems.append(at + messages.COURSE_VIDEO_FILE_OUTSIDE.format(path=v.file))
                continue
            if path.suffix.lower() not in rules.VIDEO_EXTENSIONS:
                kinds = "、".join(rules.VIDEO_EXTENSIONS)
                problems.append(
                    at + messages.COURSE_VIDEO_FILE_KIND.format(kinds=kinds, path=v.file)
                )
                continue
            if not path.is_file():
                problems.append(at + messages.COURSE_VIDEO_NO_FILE.format(path=v.file))
                continue
        seconds = v.seconds if v.seconds is not None else (probe_seconds(path) if path else None)
        if seconds is None:
            problems.append(at + messages.COURSE_VIDEO_NO_DURATION.format(title=v.title))
            continue
        videos.append((v, path, seconds))
    if problems:
        raise _refused(problems)
    async with uow.write() as session:
        sort = (await session.scalar(select(func.coalesce(func.max(Course.sort), 0)))) or 0
        row = Course(
            title=parsed.title,
            summary=parsed.summary,
            sort=sort + 1,
            owner_org_id=pub.org_id,
            author_id=pub.author_id,
            status=_state(draft),
            published_at=None if draft else now,
            updated_at=now,
        )
        session.add(row)
        await session.flush()
        for vsort, (v, path, seconds) in enumerate(videos):
            video = Video(
                course_id=row.id,
                title=v.title,
                seconds=seconds,
                url=v.url or "",
                sort=vsort,
                file_path=str(path) if path else None,
            )
            session.add(video)
            await session.flush()
            if path is not None:
                video.url = MEDIA_PATH.format(id=video.id)
        await session.flush()
        await search.index_course(session, row)
        return await _out(session, "course", row, now, _message(draft, None, now))


def file_bytes(content: str, is_base64: bool) -> bytes:
    if not is_base64:
        return content.encode("utf-8")
    try:
        return base64.b64decode(content, validate=True)
    except (binascii.Error, ValueError) as e:
        raise refused("bad_base64", messages.PUBLISH_BAD_BASE64) from e


async def paper(
    uow: Unit,
    pub: Publisher,
    filename: str,
    data: bytes,
    title: str | None,
    draft: bool,
    now: datetime,
) -> schemas.PublishedOut:
    """A paper from .xlsx, .csv or .toml: every question checked first; any bad one, with its
    row or number and reason, and nothing is stored."""
    try:
        parsed = rules.read_paper(filename, data, title)
    except rules.Problem as e:
        raise _refused(e.problems) from e
    except UnicodeDecodeError as e:
        raise refused("publish_refused", messages.PUBLISH_BAD_TEXT) from e
    async with uow.write() as session:
        sort = (await session.scalar(select(func.coalesce(func.max(ExamPaper.sort), 0)))) or 0
        row = ExamPaper(
            title=parsed.title[:100],
            summary=parsed.summary,
            sort=sort + 1,
            owner_org_id=pub.org_id,
            author_id=pub.author_id,
            status=_state(draft),
            published_at=None if draft else now,
            updated_at=now,
        )
        session.add(row)
        await session.flush()
        session.add_all(
            ExamQuestion(
                paper_id=row.id,
                sort=n,
                kind=q.kind.value,
                stem=q.stem,
                options=list(q.options),
                answer=list(q.answer),
                points=q.points,
            )
            for n, q in enumerate(parsed.questions)
        )
        return await _out(session, "paper", row, now, _message(draft, None, now))


async def move(
    uow: Unit, pub: Publisher | None, kind: str, item_id: int, action: str, now: datetime
) -> schemas.PublishedOut:
    """publish (a draft, or a withdrawn item again) or withdraw (a published one). An admin
    only moves content owned inside their scope; the CLI (pub None) any."""
    model = MODELS.get(kind)
    if model is None:
        raise not_found("kind_unknown", messages.PUBLISH_UNKNOWN_KIND)
    async with uow.write() as session:
        row = await session.get(model, item_id)
        if row is None:
            raise not_found("content_not_found", messages.PUBLISH_NOT_FOUND)
        if pub is not None and pub.caller is not None:
            if row.owner_org_id is None:
                raise forbidden("not_owner", messages.PUBLISH_NOT_OWNER)
            await orgs.require_in_scope(session, pub.caller, row.owner_org_id)
        state = rules.State(row.status)
        if state not in rules.MOVES[action]:
            raise conflict(
                "publish_bad_move",
                messages.PUBLISH_BAD_MOVE.format(
                    state=rules.STATE_NAMES[state], action="发布" if action == "publish" else "撤回"
                ),
            )
        row.status = (rules.State.PUBLISHED if action == "publish" else rules.State.WITHDRAWN).value
        row.updated_at = now
        if action == "publish" and row.published_at is None:
            row.published_at = now
        await session.flush()
        if kind == "article":
            await search.index_article(session, row)
        elif kind == "course":
            await search.index_course(session, row)
        message = messages.PUBLISH_WITHDRAWN if action == "withdraw" else messages.PUBLISH_DONE
        return await _out(session, kind, row, now, message)


async def mine(uow: Unit, pub: Publisher, now: datetime) -> list[schemas.PublishedOut]:
    """内容发布: the content the publisher's org owns, newest first, every state (a scheduled
    article 定时 until its time)."""
    out: list[schemas.PublishedOut] = []
    async with uow.read() as session:
        for kind, model in MODELS.items():
            rows = (
                await session.execute(
                    select(model)
                    .where(model.owner_org_id == pub.org_id)
                    .order_by(model.id.desc())
                    .limit(200)
                )
            ).scalars()
            out += [await _out(session, kind, r, now) for r in rows]
    return out


async def _media_video(uow: Unit, video_id: int, caller: Caller | None) -> tuple[Video, Path]:
    async with uow.read() as session:
        row = await session.get(Video, video_id)
        course = await session.get(Course, row.course_id) if row and row.course_id else None
        if course is not None:
            await check_visible(
                session, course, caller, "course", messages.COURSE_NOT_FOUND,
                messages.COURSE_WITHDRAWN,
            )  # fmt: skip
    if row is None or row.file_path is None or not Path(row.file_path).is_file():
        raise not_found("video_not_found", messages.VIDEO_NOT_FOUND)
    return row, Path(row.file_path)


async def media_file(uow: Unit, video_id: int, caller: Caller | None) -> Path:
    """The file of a published video the server serves to whoever sees its course (404 for a
    URL video, a missing file, or a course this caller does not see; 409 once withdrawn)."""
    return (await _media_video(uow, video_id, caller))[1]


async def media_ticket(
    uow: Unit, video_id: int, caller: Caller, now: datetime
) -> schemas.MediaTicketOut:
    """播放链接 (server.domain.media): a link to this video's file that opens it without the
    token, for this caller, for the video's length and a margin; refused as `media_file`
    refuses the caller."""
    video, _ = await _media_video(uow, video_id, caller)
    ticket = media.sign(
        caller.token_hash, video_id, caller.account_id, now + media.lifetime(video.seconds)
    )
    url = MEDIA_PATH.format(id=video_id) + "?ticket=" + quote(media.text(ticket), safe="")
    return schemas.MediaTicketOut(url=url, expires_at=ticket.expires)


def _bad_ticket(code: str, message: str) -> DomainError:
    return DomainError(Kind.UNAUTHENTICATED, code, message)


async def media_file_by_ticket(uow: Unit, video_id: int, value: str, now: datetime) -> Path:
    """The file a 播放链接 opens: 401 for a ticket the server did not make for this video, or
    whose session has ended (logout, a password change), or that has expired."""
    ticket = media.parse(value)
    if ticket is None or ticket.expires > now + media.TICKET_LONGEST:
        raise _bad_ticket("media_ticket_invalid", messages.MEDIA_TICKET_INVALID)
    if ticket.expires <= now:
        raise _bad_ticket("media_ticket_expired", messages.MEDIA_TICKET_EXPIRED)
    s = AuthSession.__table__.c
    async with uow.read() as session:
        digests = (
            await session.execute(
                select(s.token_hash).where(s.account_id == ticket.account_id, s.expires_at > now)
            )
        ).scalars()
        digest = next((d for d in digests if media.opens(ticket, d, video_id)), None)
    if digest is None:
        raise _bad_ticket("media_ticket_invalid", messages.MEDIA_TICKET_INVALID)
    caller = accounts.require_password_changed(await accounts.authenticate_digest(uow, digest, now))
    return await media_file(uow, video_id, caller)
