"""Exceptions that carry the server's code and Chinese message."""

from __future__ import annotations


class ApiError(Exception):
    """The server answered with an error: `code` is stable, `message` is for the user."""

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message

    def __str__(self) -> str:
        return self.message


class ServerUnreachable(ApiError):
    """No answer: connection refused, DNS failure, timeout, or the server went away mid-request."""

    def __init__(self, base_url: str, detail: str = "") -> None:
        super().__init__(0, "unreachable", f"无法连接服务器 {base_url},请检查网络或服务器地址")
        self.detail = detail


class NotCached(ServerUnreachable):
    """No answer from the server and none kept on this terminal for the request; also a read
    asked of the cache alone (`GsdjClient.answer(..., cached_only=True)`) that found none there,
    or that would have had to reach the server."""


class SessionExpired(ApiError):
    """401: the token is gone or expired; the user must log in again."""
