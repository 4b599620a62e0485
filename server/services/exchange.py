"""经验交流: a branch's write-ups through the review of server.domain.exchange, then read, liked
and commented on by the province. No points anywhere (SPEC §3's table has none for them).

Where a post becomes public or stops being public (for a search index): `transition` with
`approve` (published) and `withdraw` from published; a published post's text never changes
(editing is only for drafts and returned posts).
"""

from __future__ import annotations

import base64
from datetime import datetime

from sqlalchemy import delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from contract import limits, schemas
from server import messages
from server.db import notices
from server.db.models import (
    ExchangeAttachment,
    ExchangeComment,
    ExchangeEvent,
    ExchangeLike,
    ExchangePost,
    Org,
)
from server.db.queries import display_names, insert_if_absent
from server.db.unit import Unit
from server.domain import exchange as ex
from server.domain import points
from server.domain.errors import conflict, forbidden, not_found
from server.domain.orgs import AccountKind
from server.services import rates, search
from server.services.context import Act, Caller
from server.services.meetings import decode_attachment
from server.services.orgs import org_ref

UPPER_KINDS = (AccountKind.COMMITTEE_ADMIN, AccountKind.GENERAL_BRANCH_ADMIN)
VIEWS = ("published", "mine", "review")
LIST_LIMIT = 200
ACTION_NAMES = {**{t.code: t.name for t in ex.TRANSITIONS.values()}, **ex.OTHER_NAMES}
EVENT_NAMES = {**{t.code: t.name for t in ex.TRANSITIONS.values()}, "create": "撰写"}


def _not_found() -> Exception:
    return not_found("exchange_not_found", messages.EXCHANGE_NOT_FOUND)


def _role(caller: Caller, post: ExchangePost, branch: Org) -> ex.Role:
    if caller.kind == AccountKind.BRANCH_ADMIN and caller.org_id == post.branch_id:
        return ex.Role.BRANCH
    if caller.kind in UPPER_KINDS and caller.org_id == branch.parent_id:
        return ex.Role.UPPER
    return ex.Role.READER


def _visible(role: ex.Role, post: ExchangePost) -> bool:
    """Published: the whole province. Before: the branch; the upper org once it was submitted
    (a withdrawn post stays with the branch and that upper org as a trail)."""
    if role == ex.Role.BRANCH:
        return True
    if role == ex.Role.UPPER:
        return post.shared_at is not None
    return post.state == ex.PUBLISHED


async def _open(
    session: AsyncSession, caller: Caller, post_id: int, *, lock: bool = False
) -> tuple[ExchangePost, Org, ex.Role]:
    query = select(ExchangePost).where(ExchangePost.id == post_id)
    if lock:
        query = query.with_for_update()
    post = await session.scalar(query)
    if post is None:
        raise _not_found()
    branch = await session.get(Org, post.branch_id)
    assert branch is not None
    role = _role(caller, post, branch)
    if not _visible(role, post):
        raise _not_found()
    return post, branch, role


_LIKES = (
    select(func.count())
    .where(ExchangeLike.post_id == ExchangePost.id)
    .correlate(ExchangePost)
    .scalar_subquery()
)
_COMMENTS = (
    select(func.count())
    .where(ExchangeComment.post_id == ExchangePost.id)
    .correlate(ExchangePost)
    .scalar_subquery()
)


def _row(post: ExchangePost, branch: Org, likes: int, comments: int) -> schemas.ExchangeRowOut:
    return schemas.ExchangeRowOut(
        id=post.id, branch=org_ref(branch), title=post.title, state=post.state,
        state_name=ex.STATES[post.state], round=post.round, likes=likes, comments=comments,
        updated_at=post.updated_at, published_at=post.published_at,
    )  # fmt: skip


def views_of(caller: Caller) -> list[str]:
    out = ["published"]
    if caller.kind == AccountKind.BRANCH_ADMIN:
        out.append("mine")
    if caller.kind in UPPER_KINDS:
        out.append("review")
    return out


async def listing(uow: Unit, caller: Caller, view: str) -> schemas.ExchangeListOut:
    """published: the province's published posts, newest first; mine: a branch admin's own
    branch, every state; review: an upper org's branches' posts waiting for it (待审核) and
    those it sent back (已退回), the waiting ones first."""
    views = views_of(caller)
    if view not in views:
        raise forbidden("exchange_view_forbidden", messages.EXCHANGE_VIEW_FORBIDDEN[view])
    query = select(ExchangePost, Org, _LIKES, _COMMENTS).join(Org, Org.id == ExchangePost.branch_id)
    if view == "published":
        query = query.where(ExchangePost.state == ex.PUBLISHED).order_by(
            ExchangePost.published_at.desc(), ExchangePost.id.desc()
        )
    elif view == "mine":
        query = query.where(ExchangePost.branch_id == caller.org_id).order_by(
            ExchangePost.updated_at.desc(), ExchangePost.id.desc()
        )
    else:
        waiting = ExchangePost.state == "pending"
        query = query.where(
            Org.parent_id == caller.org_id, ExchangePost.state.in_(("pending", "rejected"))
        ).order_by(waiting.desc(), ExchangePost.updated_at, ExchangePost.id)
    async with uow.read() as session:
        rows = (await session.execute(query.limit(LIST_LIMIT))).all()
    return schemas.ExchangeListOut(
        view=view,
        views=views,
        may_write=caller.kind == AccountKind.BRANCH_ADMIN,
        posts=[_row(p, b, likes or 0, comments or 0) for p, b, likes, comments in rows],
    )


async def _detail(
    session: AsyncSession, caller: Caller, post: ExchangePost, branch: Org, role: ex.Role
) -> schemas.ExchangeOut:
    pid = post.id
    likes = await session.scalar(select(func.count()).where(ExchangeLike.post_id == pid))
    liked = await session.get(ExchangeLike, (pid, caller.account_id)) is not None
    attachments = (
        await session.execute(
            select(
                ExchangeAttachment.id,
                ExchangeAttachment.name,
                ExchangeAttachment.size,
                ExchangeAttachment.uploaded_at,
            )
            .where(ExchangeAttachment.post_id == pid)
            .order_by(ExchangeAttachment.id)
        )  # fmt: skip
    ).all()
    comments = list(
        (
            await session.execute(
                select(ExchangeComment)
                .where(ExchangeComment.post_id == pid)
                .order_by(ExchangeComment.id)
            )
        ).scalars()
    )
    # The history is the branch's and its reviewer's; readers see the post, not its rounds.
    events = (
        list(
            (
                await session.execute(
                    select(ExchangeEvent)
                    .where(ExchangeEvent.post_id == pid)
                    .order_by(ExchangeEvent.id)
                )
            ).scalars()
        )
        if role != ex.Role.READER
        else []
    )
    names = await display_names(
        session, {c.account_id for c in comments} | {e.actor_id for e in events}
    )
    upper = await session.get(Org, branch.parent_id) if branch.parent_id else None
    actions = ex.available(post.state, role)
    return schemas.ExchangeOut(
        **_row(post, branch, likes or 0, len(comments)).model_dump(),
        body=post.body,
        upper=org_ref(upper) if upper else None,
        reason=post.reason if role != ex.Role.READER else None,
        liked=liked,
        attachments=[
            schemas.AttachmentOut(id=a, name=n, size=s, uploaded_at=at)
            for a, n, s, at in attachments
        ],
        comment_list=[
            schemas.ExchangeCommentOut(
                id=c.id, author=names.get(c.account_id, ""), body=c.body, created_at=c.created_at
            )
            for c in comments
        ],
        history=[
            schemas.ExchangeEventOut(
                action=e.action,
                name=EVENT_NAMES.get(e.action, e.action),
                round=e.round,
                actor=names.get(e.actor_id, ""),
                at=e.at,
                note=e.note,
            )  # fmt: skip
            for e in events
        ],
        actions=actions,
        action_names={a: ACTION_NAMES[a] for a in actions},
        needs_reason=[a for a in actions if a in ex.TRANSITIONS and ex.TRANSITIONS[a].needs_reason],
    )


async def detail(uow: Unit, caller: Caller, post_id: int) -> schemas.ExchangeOut:
    async with uow.read() as session:
        post, branch, role = await _open(session, caller, post_id)
        return await _detail(session, caller, post, branch, role)


async def _answer(
    session: AsyncSession, caller: Caller, post_id: int, message: str
) -> schemas.ExchangeActionOut:
    await session.flush()
    post, branch, role = await _open(session, caller, post_id)
    return schemas.ExchangeActionOut(
        message=message, post=await _detail(session, caller, post, branch, role)
    )


async def create(uow: Unit, act: Act, body: schemas.ExchangeIn) -> schemas.ExchangeActionOut:
    """A draft of the caller's branch (branch admins only)."""
    caller, now = act.caller, act.now
    if caller.kind != AccountKind.BRANCH_ADMIN or caller.org_id is None:
        raise forbidden("exchange_write_forbidden", messages.EXCHANGE_WRITE_FORBIDDEN)
    title, text = ex.check_text(body.title, body.body)
    async with uow.write() as session:
        await rates.spend(uow, act, "exchange_post")
        post = ExchangePost(
            branch_id=caller.org_id, author_id=caller.account_id, title=title, body=text,
            state=ex.FIRST_STATE, round=1, created_at=now, updated_at=now,
        )  # fmt: skip
        session.add(post)
        await session.flush()
        session.add(
            ExchangeEvent(post_id=post.id, action="create", round=1,
                          actor_id=caller.account_id, at=now)
        )  # fmt: skip
        return await _answer(session, caller, post.id, messages.EXCHANGE_CREATED)


async def edit(
    uow: Unit, act: Act, post_id: int, body: schemas.ExchangeIn
) -> schemas.ExchangeActionOut:
    """修改: the branch's own admin, while a draft or returned."""
    caller = act.caller
    title, text = ex.check_text(body.title, body.body)
    async with uow.write() as session:
        post, _, role = await _open(session, caller, post_id, lock=True)
        ex.check_edit(post.state, role)
        post.title, post.body, post.updated_at = title, text, act.now
        return await _answer(session, caller, post_id, messages.EXCHANGE_SAVED)


async def transition(
    uow: Unit, act: Act, post_id: int, action: str, reason: str | None
) -> schemas.ExchangeActionOut:
    """报审, 审核通过, 退回 (with a reason: a new round), 撤回 — as server.domain.exchange allows.

    `approve` makes the post public; `withdraw` of a published post ends that."""
    caller, now = act.caller, act.now
    async with uow.write() as session:
        post, branch, role = await _open(session, caller, post_id, lock=True)
        t = ex.check(post.state, action, role)
        why = ex.check_reason(t, reason)
        note = why
        if action == "submit":
            note = f"{post.title}\n\n{post.body}"  # the text as it left the branch
            post.shared_at = post.shared_at or now
        session.add(
            ExchangeEvent(post_id=post.id, action=action, round=post.round,
                          actor_id=caller.account_id, at=now, note=note)
        )  # fmt: skip
        post.state, post.updated_at = t.target, now
        if action == "reject":
            post.reason = why
        if action == "approve":
            post.published_at = now
        if t.new_round:
            post.round += 1
        if action in ("approve", "withdraw"):  # published, or no longer: the search follows
            await search.index_exchange_post(session, post)
        upper = await session.get(Org, branch.parent_id) if branch.parent_id else None
        await _announce(session, post, branch, action, now)
        message = messages.EXCHANGE_DONE[action].format(upper=upper.name if upper else "上级党组织")
        return await _answer(session, caller, post_id, message)


async def _announce(
    session: AsyncSession, post: ExchangePost, branch: Org, action: str, at: datetime
) -> None:
    """Tell the other side of the review, as for a meeting's 报审 and its answer."""
    link = f"exchange:{post.id}"
    if action == "submit":
        text = messages.NOTICE_EXCHANGE_SUBMITTED.format(branch=branch.name, title=post.title)
        await notices.tell(session, await notices.admins_of(session, branch.parent_id), text,
                           link, at)  # fmt: skip
    elif action in ("approve", "reject"):
        text = (
            messages.NOTICE_EXCHANGE_APPROVED.format(title=post.title)
            if action == "approve"
            else messages.NOTICE_EXCHANGE_REJECTED.format(title=post.title, reason=post.reason)
        )
        await notices.tell(session, await notices.admins_of(session, branch.id), text, link, at)


# Likes and comments ---------------------------------------------------------------------------


async def like(uow: Unit, act: Act, post_id: int) -> schemas.ExchangeActionOut:
    """点赞: once per account (again is nothing)."""
    async with uow.write() as session:
        post, _, _ = await _open(session, act.caller, post_id, lock=True)
        ex.check_reader(post.state)
        await insert_if_absent(
            session, ExchangeLike, post_id=post_id, account_id=act.caller.account_id,
            created_at=act.now,
        )  # fmt: skip
        return await _answer(session, act.caller, post_id, messages.EXCHANGE_LIKED)


async def unlike(uow: Unit, act: Act, post_id: int) -> schemas.ExchangeActionOut:
    async with uow.write() as session:
        post, _, _ = await _open(session, act.caller, post_id, lock=True)
        ex.check_reader(post.state)
        await session.execute(
            delete(ExchangeLike).where(
                ExchangeLike.post_id == post_id, ExchangeLike.account_id == act.caller.account_id
            )
        )
        return await _answer(session, act.caller, post_id, messages.EXCHANGE_UNLIKED)


async def comment(uow: Unit, act: Act, post_id: int, body: str) -> schemas.ExchangeActionOut:
    """评论, by the rules of 党建资讯's comments (at least 5 non-space characters, not a repeat
    of one's own) and their write limit; no points."""
    me = act.caller.account_id
    async with uow.write() as session:
        post, _, _ = await _open(session, act.caller, post_id, lock=True)
        ex.check_reader(post.state)
        previous = list(
            (
                await session.execute(
                    select(ExchangeComment.body).where(
                        ExchangeComment.post_id == post_id, ExchangeComment.account_id == me
                    )
                )
            ).scalars()
        )
        points.check_comment(body, previous)
        await rates.spend(uow, act, "comment")
        session.add(
            ExchangeComment(post_id=post_id, account_id=me, body=body.strip(), created_at=act.now)
        )
        return await _answer(session, act.caller, post_id, messages.EXCHANGE_COMMENTED)


# Attachments (as a meeting record's) -----------------------------------------------------------


async def attach(
    uow: Unit, act: Act, post_id: int, name: str, content_base64: str
) -> schemas.AttachmentOut:
    """A file with the post (up to 5, each up to 512 KiB), while it may be edited."""
    content = decode_attachment(content_base64)
    caller, now = act.caller, act.now
    async with uow.write() as session:
        post, _, role = await _open(session, caller, post_id, lock=True)
        ex.check_edit(post.state, role)
        count = await session.scalar(
            select(func.count()).where(ExchangeAttachment.post_id == post_id)
        )
        if (count or 0) >= limits.MAX_ATTACHMENTS:
            raise conflict(
                "attachment_too_many",
                messages.EXCHANGE_ATTACHMENT_TOO_MANY.format(n=limits.MAX_ATTACHMENTS),
            )
        await rates.spend(uow, act, "exchange_upload")
        row = ExchangeAttachment(
            post_id=post_id, name=name, size=len(content), content=content,
            uploaded_by=caller.account_id, uploaded_at=now,
        )  # fmt: skip
        session.add(row)
        post.updated_at = now
        await session.flush()
        return schemas.AttachmentOut(id=row.id, name=row.name, size=row.size, uploaded_at=now)


async def _attachment_row(
    session: AsyncSession, post_id: int, attachment_id: int
) -> ExchangeAttachment:
    row = await session.get(ExchangeAttachment, attachment_id)
    if row is None or row.post_id != post_id:
        raise not_found("attachment_not_found", messages.ATTACHMENT_NOT_FOUND)
    return row


async def attachment(
    uow: Unit, caller: Caller, post_id: int, attachment_id: int
) -> schemas.AttachmentContentOut:
    """Whoever may read the post may fetch its files."""
    async with uow.read() as session:
        await _open(session, caller, post_id)
        row = await _attachment_row(session, post_id, attachment_id)
        return schemas.AttachmentContentOut(
            id=row.id, name=row.name, size=row.size, uploaded_at=row.uploaded_at,
            content_base64=base64.b64encode(row.content).decode(),
        )  # fmt: skip


async def remove_attachment(
    uow: Unit, act: Act, post_id: int, attachment_id: int
) -> schemas.ExchangeActionOut:
    async with uow.write() as session:
        post, _, role = await _open(session, act.caller, post_id, lock=True)
        ex.check_edit(post.state, role)
        row = await _attachment_row(session, post_id, attachment_id)
        await session.delete(row)
        post.updated_at = act.now
        return await _answer(session, act.caller, post_id, messages.EXCHANGE_ATTACHMENT_REMOVED)
