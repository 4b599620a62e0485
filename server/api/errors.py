"""Every error leaves the server as JSON {"code", "message"} with the right status."""

from __future__ import annotations

import json
import logging
import re
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.routing import iter_route_contexts
from sqlalchemy.exc import DBAPIError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import compile_path

from contract.schemas import ErrorOut
from server import messages
from server.db.errors import transient, unique_violation
from server.domain.errors import DomainError, Kind
from server.domain.validation import describe_errors

log = logging.getLogger("gsdj.server")


# What each error status means, as the API description says it (`documented`).
MEANINGS: dict[int, str] = {
    400: "malformed JSON",
    401: "no valid login: log in (POST /api/v1/auth/login) and send the token",
    403: "not for this account (the platform's message says why)",
    404: "no such thing, or not visible to this account",
    409: "not now: out of order, already done, or too early",
    413: "request body or file too large",
    415: "the body is not JSON (Content-Type: application/json)",
    422: "the request does not match the schema (code invalid_request)",
    429: "too many attempts: retry after Retry-After seconds",
    500: "unexpected server error",
    503: "the database is busy: retry after Retry-After seconds",
}
# A rule of the platform refused the request (a DomainError of kind refused): documented on
# the operations whose rules can refuse, with the schema's own 422.
RULE_422 = (
    "refused by a rule of the platform (code and message say which), or the request does not "
    "match the schema (code invalid_request)"
)


def documented(*statuses: int, rules: bool = False) -> dict[int | str, dict[str, Any]]:
    """The `responses` of an operation: its error statuses with the {code, message} body."""
    out: dict[int | str, dict[str, Any]] = {
        s: {"model": ErrorOut, "description": MEANINGS[s]} for s in statuses
    }
    if rules:
        out[422] = {"model": ErrorOut, "description": RULE_422}
    return out


# The HTTP status of each kind of refusal of the services (server.domain.errors).
STATUS: dict[Kind, int] = {
    Kind.REFUSED: 422,
    Kind.NOT_FOUND: 404,
    Kind.CONFLICT: 409,
    Kind.FORBIDDEN: 403,
    Kind.UNAUTHENTICATED: 401,
    Kind.TOO_LARGE: 413,
    Kind.THROTTLED: 429,
}


def domain_response(exc: DomainError) -> JSONResponse:
    headers = None
    if exc.kind is Kind.UNAUTHENTICATED:
        headers = {"WWW-Authenticate": "Bearer"}
    elif exc.retry_after_s is not None:
        headers = {"Retry-After": str(exc.retry_after_s)}
    return error_response(STATUS[exc.kind], exc.code, exc.message, headers)


class SafeJSONResponse(JSONResponse):
    """JSON that is sent whatever it quotes: a lone surrogate (from a client's own text) goes
    out escaped, as the client spelt it, where UTF-8 cannot carry it."""

    def render(self, content: Any) -> bytes:
        try:
            return super().render(content)
        except UnicodeEncodeError:  # a lone surrogate quoted from the request: sent escaped
            return json.dumps(content, separators=(",", ":")).encode()


def error_response(
    status: int, code: str, message: str, headers: dict[str, str] | None = None
) -> JSONResponse:
    return SafeJSONResponse({"code": code, "message": message}, status_code=status, headers=headers)


def _allow(request: Request) -> str:
    """Every method of the path (Starlette's own Allow names those of the one route it tried).
    Where several paths match, the one with the most fixed segments is the path: a GET of
    /snapshots/{item_id}/image is not a POST of /snapshots/{item_id}/{action}."""
    table: list[tuple[re.Pattern[str], int, set[str]]] | None = getattr(
        request.app.state, "allow", None
    )
    if table is None:
        table = [
            (compile_path(c.path)[0], c.path.count("/") - c.path.count("{"), set(c.methods or ()))
            for c in iter_route_contexts(request.app.routes)
        ]
        request.app.state.allow = table
    path = request.url.path
    matches = [(fixed, methods) for regex, fixed, methods in table if regex.match(path)]
    best = max((fixed for fixed, _ in matches), default=0)
    return ", ".join(sorted(set().union(*(m for fixed, m in matches if fixed == best))))


def install(app: FastAPI) -> None:
    @app.exception_handler(DomainError)
    async def _refused(_: Request, exc: DomainError) -> JSONResponse:
        return domain_response(exc)

    @app.exception_handler(RequestValidationError)
    async def _invalid(_: Request, exc: RequestValidationError) -> JSONResponse:
        errors = list(exc.errors())
        if isinstance(exc.body, bytes):  # FastAPI reads a body as JSON only when it says so
            return error_response(415, "unsupported_media_type", messages.UNSUPPORTED_MEDIA_TYPE)
        if any(e.get("type") == "json_invalid" for e in errors):
            return error_response(400, "malformed_json", messages.MALFORMED_JSON)
        return error_response(
            422, "invalid_request", messages.INVALID_REQUEST.format(detail=describe_errors(errors))
        )

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        code, message = {
            404: ("not_found", messages.NOT_FOUND),
            405: ("method_not_allowed", messages.METHOD_NOT_ALLOWED),
        }.get(exc.status_code, ("bad_request", messages.BAD_REQUEST))
        headers = dict(getattr(exc, "headers", None) or {})
        if exc.status_code == 405:
            headers["Allow"] = _allow(request)
        return error_response(exc.status_code, code, message, headers or None)

    @app.exception_handler(DBAPIError)
    async def _database(request: Request, exc: DBAPIError) -> JSONResponse:
        # Contention the client can simply retry is not a server bug: answer 503, not 500.
        if transient(exc):
            log.warning(
                "transient database contention on %s %s: %s",
                request.method,
                request.url.path,
                exc.orig,
            )
            return error_response(503, "busy", messages.BUSY, {"Retry-After": "1"})
        if unique_violation(exc):
            # Lost a race for a unique key the service had checked was free: the other
            # change won; trying again answers with the rule's own refusal.
            log.warning("unique key race on %s %s: %s", request.method, request.url.path, exc.orig)
            return error_response(409, "concurrent_change", messages.CONCURRENT_CHANGE)
        log.exception("database error on %s %s", request.method, request.url.path)
        return error_response(500, "internal_error", messages.INTERNAL_ERROR)

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
        log.exception("unhandled error on %s %s", request.method, request.url.path)
        return error_response(500, "internal_error", messages.INTERNAL_ERROR)
