"""What the meeting screens share: the step calls (approve, reject, answer) and the node cell."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text

from contract import schemas
from tui import strings
from tui.format import when_short
from tui.widgets.ask import AskText, in_worker
from tui.widgets.confirm import Confirm

if TYPE_CHECKING:
    from collections.abc import Callable

    from tui.protocol import AppLike

UPPER_KINDS = ("committee_admin", "general_branch_admin")


def node_cell(row: schemas.MeetingRowOut) -> Text:
    if row.overdue:
        return Text(strings.MEETING_OVERDUE_MARK, style="bold red")
    if row.done:
        return Text(strings.MEETING_DONE_MARK, style="green")
    return Text(row.node_name, style="bold")


async def show_outcome(app: AppLike, request, refresh) -> schemas.MeetingActionOut | None:  # type: ignore[no-untyped-def]
    """Run one workflow step; say what the server answered (and the points it granted)."""
    done = await app.fetch(request)
    if done is None:
        return None
    app.notify("\n".join([done.message, *done.earned]), timeout=5)
    refresh()
    return done


def approve(app: AppLike, meeting_id: int, title: str, refresh) -> None:  # type: ignore[no-untyped-def]
    async def answered(yes: bool | None) -> None:
        if yes:
            await show_outcome(app, lambda c: c.meeting_step(meeting_id, "approve"), refresh)

    app.push_screen(Confirm(strings.CONFIRM_APPROVE.format(title=title)), in_worker(app, answered))


def reject(app: AppLike, meeting_id: int, refresh) -> None:  # type: ignore[no-untyped-def]
    async def answered(reason: str | None) -> None:
        if reason:
            await show_outcome(
                app, lambda c: c.meeting_step(meeting_id, "reject", {"reason": reason}), refresh
            )

    app.push_screen(AskText(strings.ASK_REJECT_REASON, max_length=500), in_worker(app, answered))


def meeting_note(m: schemas.MeetingOut | schemas.MeetingRowOut | None) -> str | None:
    """What the 同步 screen calls a queued answer's meeting: "支部党员大会 12-05 09:00"."""
    return f"{m.title} {when_short(m.starts_at)}" if m is not None else None


def answer_meeting(
    app: AppLike,
    meeting_id: int,
    answer: str,
    refresh: Callable[[], object],
    note: str | None = None,
) -> None:
    """参加 at once, 请假 after its reason: through the outbox, so it works offline too."""

    async def send(reason: str | None) -> None:
        args: dict[str, object] = {"meeting_id": meeting_id, "answer": answer}
        if answer == "leave":
            if not reason:
                return
            args["reason"] = reason
        outcome = await app.mutate("meeting_feedback", args, note)
        severity = "error" if outcome.status in ("rejected", "refused") else "information"
        app.notify(outcome.message, severity=severity, timeout=4)
        if outcome.status == "applied":
            refresh()

    if answer == "leave":
        app.push_screen(AskText(strings.ASK_LEAVE_REASON), in_worker(app, send))
    else:
        app.run_worker(send(None), group="answer")
