"""How far back an offline action may be dated (SPEC §7; issue 15: a member who had just logged
in pushed likes, collects and third-party visits dated over the past seven days and earned 56
points instead of 8).

An action synced from a terminal carries the time it was made, corrected for the terminal's
clock skew. That time may not be earlier than
- the moment this installation (its sync client id) first signed in as this account: the
  server records it the first time it sees the client id — the terminal announces itself right
  after each login with an empty push, and a push from a client id never seen before counts
  from the sign-in of the token it carries (whichever is earlier, never later than now);
- the time of the previous applied action of the same client: actions are numbered in the
  order they were made, so a later number dated earlier was re-dated by hand.
A time at most `grace` before the bound (two clocks read a round trip apart) is moved to the
bound; anything earlier is refused, and the refusal uses up its number like any other.

Further bounds, decided here: a bound later than the server's clock (the clock was moved back)
counts as the server's now; an action more than LATE_DAYS (7) old is still recorded without
points (server.domain.points); a time more than 30 s in the server's future is refused
(server.services.sync). What remains possible — an installation that stayed offline for days
dating actions inside that time — earns at most one set of each day's caps for the account
(caps are per account, whatever the number of terminals), and every push whose points went to
an earlier day is listed in 审核记录 for the upper org.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from server import messages
from server.domain.clock import SHANGHAI
from server.domain.errors import refused


@dataclass(frozen=True)
class Dating:
    grace: timedelta  # a time this little before the bound is moved to it


DATING = Dating(grace=timedelta(seconds=30))


def _text(at: datetime) -> str:
    return at.astimezone(SHANGHAI).strftime("%Y-%m-%d %H:%M:%S")


def dated(
    at: datetime, *, signed_in: datetime | None, previous: datetime | None, now: datetime
) -> datetime:
    """The time an offline action counts at: `at`, moved up to the bound when it is just before
    it; a refusal (422) when it is earlier than the installation's first sign-in as the account
    or than the client's previous applied action."""
    for bound, code, template in (
        (previous, "dated_before_previous", messages.SYNC_BEFORE_PREVIOUS),
        (signed_in, "dated_before_signin", messages.SYNC_BEFORE_SIGNIN),
    ):
        if bound is None:
            continue
        bound = min(bound, now)
        if at < bound - DATING.grace:
            raise refused(code, template.format(at=_text(at), bound=_text(bound)))
        at = max(at, bound)
    return at
