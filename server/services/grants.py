"""How points earned by an action are reported back: the action's message and the grant."""

from __future__ import annotations

from contract import schemas
from server import messages
from server.db.ledger import Grant
from server.domain import points


def earned_out(grant: Grant) -> schemas.PointsEarned:
    rule = points.RULES[grant.code]
    return schemas.PointsEarned(
        code=grant.code,
        name=rule.name,
        points=grant.points,
        earned=grant.earned_in_period,
        cap=grant.cap,
        period=rule.period.value,
        reason=grant.reason,
    )


def action_out(done: str, grant: Grant | None) -> schemas.ActionOut:
    """The action's own message, followed by what it earned or why it earned nothing."""
    if grant is None:
        return schemas.ActionOut(message=done)
    rule = points.RULES[grant.code]
    if grant.points:
        note = messages.POINTS_EARNED.format(name=rule.name, points=grant.points)
    elif grant.reason == "capped":
        note = (
            messages.POINTS_CAPPED.format(name=rule.name)
            if rule.period is points.Period.DAY
            else messages.POINTS_CAPPED_PERIOD.format(
                name=rule.name, period=points.PERIOD_NAMES[rule.period]
            )
        )
    elif grant.reason == "late":
        note = messages.POINTS_LATE.format(days=points.LATE_DAYS)
    else:
        note = ""
    return schemas.ActionOut(message=f"{done},{note}" if note else done, earned=earned_out(grant))
