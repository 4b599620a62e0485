"""The transitions of a 先锋模范 item, keyed as the list and the detail screen both offer them."""

from __future__ import annotations

from typing import TYPE_CHECKING

from contract import schemas
from tui import strings
from tui.widgets.ask import AskText, in_worker
from tui.widgets.confirm import Confirm

if TYPE_CHECKING:
    from tui.protocol import AppLike

# key → the server's transitions it takes (the first one the item offers)
KEYS = {
    "c": ("claim",),
    "f": ("fulfil",),
    "u": ("release",),
    "w": ("withdraw",),
    "d": ("complete",),
    "a": ("approve", "confirm"),
    "r": ("reject", "reopen"),
}


async def take(app: AppLike, item: schemas.VanguardItemOut, action: str, refresh) -> None:  # type: ignore[no-untyped-def]
    """One transition: the branch admin's straight to the server (after Y, or with the reason the
    server asks for), a member's through the outbox."""
    needs_reason = action in item.needs_reason
    account = app.session.account
    admin = account is not None and account.kind == "branch_admin"

    async def run(reason: str | None) -> None:
        if needs_reason and not reason:
            return
        if admin:
            done = await app.fetch(lambda c: c.vanguard_act(item.kind, item.id, action, reason))
            if done is None:
                return
            lines = [done.message]
            if done.earned is not None:
                # Whose points: the poster or claimer the server paid, never the admin.
                whom = done.earned_by or ""
                lines.append(
                    strings.POINTS_EARNED_BY.format(
                        whom=whom, name=done.earned.name, points=done.earned.points
                    )
                    if done.earned.points
                    else strings.POINTS_NOT_GRANTED_BY.format(whom=whom, name=done.earned.name)
                )
            app.notify("\n".join(lines), timeout=5)
            refresh()
            return
        args = {"kind": item.kind, "item_id": item.id, "action": action}
        outcome = await app.mutate(
            "vanguard_act",
            args,
            f"{item.action_names.get(action, '')} · {item.kind_name} · {item.title}",
        )
        severity = "error" if outcome.status in ("rejected", "refused") else "information"
        app.notify(outcome.message, severity=severity, timeout=4)
        if outcome.status == "applied":
            refresh()

    if needs_reason:
        app.push_screen(AskText(strings.ASK_VANGUARD_REASON, max_length=500), in_worker(app, run))
    elif admin:

        async def confirmed(yes: bool | None) -> None:
            if yes:
                await run(None)

        question = strings.CONFIRM_VANGUARD.format(
            action=item.action_names.get(action, action), title=item.title
        )
        app.push_screen(Confirm(question), in_worker(app, confirmed))
    else:
        await run(None)


def pick(item: schemas.VanguardItemOut, key: str) -> str | None:
    return next((a for a in KEYS[key] if a in item.actions), None)
