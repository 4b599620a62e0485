"""The one error type of the server's rules and services.

A service or a rule refuses with a `DomainError`: a stable code, the Chinese message for the
user, and its kind. The HTTP layer (server.api.errors) turns the kind into a status; the sync
handlers store it as a refusal. Nothing here knows about HTTP."""

from __future__ import annotations

from enum import StrEnum


class Kind(StrEnum):
    REFUSED = "refused"  # the request breaks a rule of its content (HTTP 422)
    NOT_FOUND = "not_found"  # no such thing, or not visible to this caller (404)
    CONFLICT = "conflict"  # not now: out of order, already done, too early (409)
    FORBIDDEN = "forbidden"  # not for this account (403)
    UNAUTHENTICATED = "unauthenticated"  # no valid login (401)
    TOO_LARGE = "too_large"  # a file over its limit (413)
    THROTTLED = "throttled"  # too many attempts; retry later (429)


class DomainError(Exception):
    def __init__(
        self, kind: Kind, code: str, message: str, *, retry_after_s: int | None = None
    ) -> None:
        super().__init__(message)
        self.kind = kind
        self.code = code
        self.message = message
        self.retry_after_s = retry_after_s


def refused(code: str, message: str) -> DomainError:
    return DomainError(Kind.REFUSED, code, message)


def not_found(code: str, message: str) -> DomainError:
    return DomainError(Kind.NOT_FOUND, code, message)


def conflict(code: str, message: str) -> DomainError:
    return DomainError(Kind.CONFLICT, code, message)


def forbidden(code: str, message: str) -> DomainError:
    return DomainError(Kind.FORBIDDEN, code, message)


def too_large(code: str, message: str) -> DomainError:
    return DomainError(Kind.TOO_LARGE, code, message)
