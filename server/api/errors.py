"""Every error leaves the server as JSON {"code", "message"} with the right status."""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import DBAPIError
from starlette.exceptions import HTTPException as StarletteHTTPException

from server import messages
from server.domain.errors import DomainError, Kind
from server.domain.validation import describe_errors

log = logging.getLogger("gsdj.server")


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


def error_response(
    status: int, code: str, message: str, headers: dict[str, str] | None = None
) -> JSONResponse:
    return JSONResponse({"code": code, "message": message}, status_code=status, headers=headers)


def install(app: FastAPI) -> None:
    @app.exception_handler(DomainError)
    async def _refused(_: Request, exc: DomainError) -> JSONResponse:
        return domain_response(exc)

    @app.exception_handler(RequestValidationError)
    async def _invalid(_: Request, exc: RequestValidationError) -> JSONResponse:
        errors = list(exc.errors())
        if any(e.get("type") == "json_invalid" for e in errors):
            return error_response(400, "malformed_json", messages.MALFORMED_JSON)
        return error_response(
            422, "invalid_request", messages.INVALID_REQUEST.format(detail=describe_errors(errors))
        )

    @app.exception_handler(StarletteHTTPException)
    async def _http(_: Request, exc: StarletteHTTPException) -> JSONResponse:
        code, message = {
            404: ("not_found", messages.NOT_FOUND),
            405: ("method_not_allowed", messages.METHOD_NOT_ALLOWED),
        }.get(exc.status_code, ("bad_request", messages.BAD_REQUEST))
        return error_response(exc.status_code, code, message, getattr(exc, "headers", None))

    @app.exception_handler(DBAPIError)
    async def _database(request: Request, exc: DBAPIError) -> JSONResponse:
        # Contention the client can simply retry is not a server bug: answer 503, not 500.
        text = str(exc.orig).lower()
        if any(
            s in text
            for s in ("deadlock", "database is locked", "could not serialize", "lock timeout")
        ):
            log.warning(
                "transient database contention on %s %s: %s",
                request.method,
                request.url.path,
                exc.orig,
            )
            return error_response(503, "busy", messages.BUSY, {"Retry-After": "1"})
        log.exception("database error on %s %s", request.method, request.url.path)
        return error_response(500, "internal_error", messages.INTERNAL_ERROR)

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
        log.exception("unhandled error on %s %s", request.method, request.url.path)
        return error_response(500, "internal_error", messages.INTERNAL_ERROR)
