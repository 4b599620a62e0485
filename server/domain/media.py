"""播放链接: a link to one of the server's video files for a player that is another program
(mpv), so that the bearer token never goes on a command line (where `ps` shows it to every user
of the machine) nor into the player's own configuration.

The link carries a ticket, `<account id>.<expiry>.<mac>`: an HMAC-SHA256, keyed by the hash of the
session token the link was asked with (which only the server and that token's holder can know),
over the video, the account and the expiry. So a ticket opens that one video only, for that
account, until it expires, and no longer than the session it came from: logging out or
changing the password ends it. Nothing is stored: the server checks the ticket against the
account's live sessions. Plain Python: no HTTP, no SQL.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

# A player asks for byte ranges again when it seeks, so the ticket outlives the video by a
# margin (a pause, a slow start), and never lives longer than TICKET_LONGEST.
TICKET_SLACK = timedelta(minutes=10)
TICKET_LONGEST = timedelta(hours=4)
_TICKET = re.compile(r"^([1-9][0-9]{0,9})\.([1-9][0-9]{0,11})\.([A-Za-z0-9_-]{43})$")


@dataclass(frozen=True)
class Ticket:
    account_id: int
    expires: datetime
    mac: str


def lifetime(video_seconds: int) -> timedelta:
    """How long a ticket for a video of that length is valid."""
    return min(timedelta(seconds=max(0, video_seconds)) + TICKET_SLACK, TICKET_LONGEST)


def _mac(token_hash: str, video_id: int, account_id: int, expires: int) -> str:
    message = f"gsdj-media-video:{video_id}:{account_id}:{expires}".encode()
    digest = hmac.new(token_hash.encode(), message, hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def sign(token_hash: str, video_id: int, account_id: int, expires: datetime) -> Ticket:
    """A ticket for this video, asked with the session whose token hashes to `token_hash`."""
    seconds = int(expires.timestamp())
    return Ticket(
        account_id,
        datetime.fromtimestamp(seconds, UTC),
        _mac(token_hash, video_id, account_id, seconds),
    )


def text(ticket: Ticket) -> str:
    return f"{ticket.account_id}.{int(ticket.expires.timestamp())}.{ticket.mac}"


def parse(value: str) -> Ticket | None:
    """The ticket a link carries, or None for anything the server does not make."""
    match = _TICKET.match(value)
    if match is None:
        return None
    account_id, expires, mac = match.groups()
    try:
        at = datetime.fromtimestamp(int(expires), UTC)
    except (OverflowError, OSError, ValueError):
        return None
    return Ticket(int(account_id), at, mac)


def opens(ticket: Ticket, token_hash: str, video_id: int) -> bool:
    """True when `ticket` was signed for this video with the session of `token_hash`."""
    expected = _mac(token_hash, video_id, ticket.account_id, int(ticket.expires.timestamp()))
    return hmac.compare_digest(expected, ticket.mac)
