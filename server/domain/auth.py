"""Passwords, session tokens and the failed-login policy. Plain Python: no HTTP, no SQL."""

from __future__ import annotations

import hashlib
import ipaddress
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from server import messages
from server.domain.errors import refused

_hasher = PasswordHasher()

TOKEN_TTL = timedelta(days=7)
# A hash to verify against when the username does not exist, so that a wrong username costs
# the same time as a wrong password and does not reveal which accounts exist.
_DUMMY_HASH = _hasher.hash("not-a-password")


def hash_password(password: str) -> str:
    return _hasher.hash(password)


# The demo province's accounts (`gsdj-server demo`) share a password printed on the screen, so
# their hashes are made at argon2's lowest cost: each with its own salt (no two accounts share a
# hash), ~5 ms each instead of the configured cost's 0.1–0.9 s (75 accounts: well under a second
# where the configured cost would take a minute on a loaded 2-core machine). argon2 keeps the
# parameters in the hash, so verifying needs nothing special; a changed password (修改密码) is
# hashed at the configured cost.
_demo_hasher = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)


def hash_demo_password(password: str) -> str:
    return _demo_hasher.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    if password_hash is not None and password_hash.startswith(_ONE_TIME_SCHEME):
        # Costs the same time as any other login (a pending one-time password is not revealed
        # by a quicker answer), then the one-time check itself.
        verify_password(None, password)
        return _verify_one_time(password_hash, password)
    try:
        return _hasher.verify(password_hash or _DUMMY_HASH, password) and password_hash is not None
    except (VerificationError, InvalidHashError):
        return False


def new_token() -> str:
    """An opaque random bearer token; only its hash is stored on the server."""
    return secrets.token_urlsafe(32)


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@dataclass(frozen=True)
class LockoutPolicy:
    """After `max_failures` failed logins within `window`, the key is locked for `lock_for`."""

    max_failures: int
    window: timedelta
    lock_for: timedelta


# Per account: a few tries, then a pause; a correct password waits too (the account's own lock).
ACCOUNT_POLICY = LockoutPolicy(
    max_failures=5, window=timedelta(minutes=15), lock_for=timedelta(minutes=15)
)


@dataclass(frozen=True)
class AddressThrottle:
    """Failed logins from one client address (a kiosk room, an office, everyone behind one
    proxy) never lock out a correct password: they slow whoever fails. Once the address has
    failed more than `busy_after` times in the window (a password sprayer, or a very bad
    morning), a username that fails from it may try again from there only after a wait:
    `first_delay`, doubled with each further failure of the address, up to `max_delay`. A quiet
    address waits for nothing: the account's own lock (ACCOUNT_POLICY) bounds the guesses at one
    account. Counted in the database (login_failures), so every server process sees the same."""

    window: timedelta
    busy_after: int
    first_delay: timedelta
    max_delay: timedelta

    def wait(self, address_failures: int) -> timedelta | None:
        over = address_failures - self.busy_after
        if over <= 0:
            return None
        return min(self.max_delay, self.first_delay * (1 << min(over - 1, 30)))


ADDRESS_THROTTLE = AddressThrottle(
    window=timedelta(minutes=15),
    busy_after=10,
    first_delay=timedelta(seconds=1),
    max_delay=timedelta(minutes=5),
)


# A failure counter whose window has ended and that locks nothing any more is forgotten by the
# daily job (every policy's window and longest wait, with a day's margin).
FORGET_FAILURES_AFTER = timedelta(days=1) + max(
    ACCOUNT_POLICY.window + ACCOUNT_POLICY.lock_for,
    ADDRESS_THROTTLE.window + ADDRESS_THROTTLE.max_delay,
)


def retry_after_s(until: datetime, now: datetime) -> int:
    """Whole seconds to wait, rounded up, at least 1 (the Retry-After of a 429)."""
    return max(1, -(-int((until - now).total_seconds() * 1000) // 1000))


def wait_text(seconds: int) -> str:
    """ "N 秒" under a minute, else "N 分钟" (rounded up): how long a 429 tells the user to wait."""
    return f"{seconds} 秒" if seconds < 60 else f"{-(-seconds // 60)} 分钟"


Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def trusted_networks(values: Iterable[str]) -> tuple[Network, ...]:
    """The reverse proxies whose X-Forwarded-For is believed: addresses or CIDRs (ValueError
    for anything else)."""
    return tuple(ipaddress.ip_network(v.strip(), strict=False) for v in values if v.strip())


def _ip(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(text.strip())
    except ValueError:
        return None


def client_address(
    peer: str | None, forwarded_for: str | None, trusted: tuple[Network, ...]
) -> str:
    """The address a login is counted against. The connection's peer, unless the peer is a
    trusted proxy: then the nearest X-Forwarded-For hop that is not one (each proxy appends the
    address it saw, so the header is read from the right; what a client wrote to the left of
    it is not believed). Without trusted proxies (the default) the header is ignored."""
    if peer is None:
        return "unknown"
    address = _ip(peer)
    if address is None or not any(address in n for n in trusted) or not forwarded_for:
        return peer
    for hop in reversed(forwarded_for.split(",")):
        ip = _ip(hop)
        if ip is None:  # not an address: the proxy did not write it, stop believing the rest
            break
        address = ip
        if not any(ip in n for n in trusted):
            break
    return str(address)


@dataclass
class FailureState:
    failures: int
    window_start: datetime
    locked_until: datetime | None


def locked_minutes(state: FailureState | None, now: datetime) -> int | None:
    """Minutes left on a lock, rounded up, or None when not locked."""
    if state is None or state.locked_until is None or state.locked_until <= now:
        return None
    return max(1, -(-int((state.locked_until - now).total_seconds()) // 60))


def record_failure(
    state: FailureState | None, now: datetime, policy: LockoutPolicy
) -> FailureState:
    if (
        state is None
        or now - state.window_start > policy.window
        or (state.locked_until is not None and state.locked_until <= now)
    ):
        state = FailureState(failures=0, window_start=now, locked_until=None)
    state.failures += 1
    if state.failures >= policy.max_failures:
        state.locked_until = now + policy.lock_for
    return state


def counted(state: FailureState | None, now: datetime, window: timedelta) -> FailureState:
    """One more failure in the window (a new window when the last one has passed)."""
    if state is None or now - state.window_start > window:
        state = FailureState(failures=0, window_start=now, locked_until=None)
    state.failures += 1
    return state


# 修改密码: the strength rule, one place, as data. The terminal shows the message it answers.
PASSWORD_MIN = 8
PASSWORD_MAX = 64


def check_new_password(new: str, *, old: str, username: str) -> None:
    """Refuse (422) a new password that is too short or long, lacks letters or digits, contains
    the username, or is the old one; the message says what the rule is."""
    has_letter = any(c.isascii() and c.isalpha() for c in new)
    has_digit = any(c.isdigit() for c in new)
    if not PASSWORD_MIN <= len(new) <= PASSWORD_MAX or not (has_letter and has_digit):
        raise refused(
            "weak_password", messages.PASSWORD_WEAK.format(low=PASSWORD_MIN, high=PASSWORD_MAX)
        )
    if any(c.isspace() or not c.isprintable() for c in new):
        raise refused("weak_password", messages.PASSWORD_SPACES)
    if username.strip().lower() in new.lower():
        raise refused("weak_password", messages.PASSWORD_HAS_USERNAME)
    if new == old:
        raise refused("same_password", messages.PASSWORD_UNCHANGED)


# One-time passwords (init, imports, a reset by an admin): shown or exported once, never stored
# in the clear; the account must change it at its first login. Letters without look-alikes
# (no l/I/O/0/1) so a person can copy it from paper.
ONE_TIME_ALPHABET = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"
ONE_TIME_LENGTH = 12


# A one-time password is 12 random characters of 55 (about 69 bits): guessing it is out of
# reach whatever the hash's speed, as with the login tokens (stored as SHA-256). So it is stored
# as a salted SHA-256, not argon2: an import of a province's 2,000,000 members hashes in
# seconds, where argon2 at its configured cost would take days. The password the member then
# chooses (修改密码, required at the first login) is argon2 at the configured cost.
_ONE_TIME_SCHEME = "otp-sha256$"


def hash_one_time(password: str) -> str:
    salt = secrets.token_hex(8)
    digest = hashlib.sha256(f"{salt}${password}".encode()).hexdigest()
    return f"{_ONE_TIME_SCHEME}{salt}${digest}"


def _verify_one_time(password_hash: str, password: str) -> bool:
    _, salt, digest = password_hash.split("$", 2)
    candidate = hashlib.sha256(f"{salt}${password}".encode()).hexdigest()
    return secrets.compare_digest(candidate, digest)


def one_time_password() -> str:
    """A random password that passes check_new_password (it has letters and digits)."""
    while True:
        candidate = "".join(secrets.choice(ONE_TIME_ALPHABET) for _ in range(ONE_TIME_LENGTH))
        if any(c.isalpha() for c in candidate) and any(c.isdigit() for c in candidate):
            return candidate
