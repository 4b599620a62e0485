"""The API description as FastAPI builds it, plus what FastAPI cannot say by itself: where a
visitor may come without a login."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi import FastAPI

from server.api.deps import OPTIONAL_SCHEME, SCHEME


def install(app: FastAPI) -> None:
    build: Callable[[], dict[str, Any]] = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            _optional_login(build())  # cached by FastAPI in app.openapi_schema, changed in place
        return app.openapi_schema  # type: ignore[return-value]

    app.openapi = openapi  # type: ignore[method-assign]


def _optional_login(schema: dict[str, Any]) -> None:
    """An operation that takes the optional bearer (deps.OptionalCaller) is open to visitors:
    `security: [{}, bearer]` says a token is optional (FastAPI would say it is required)."""
    for item in schema["paths"].values():
        for operation in item.values():
            if {OPTIONAL_SCHEME: []} in operation.get("security", []):
                operation["security"] = [{}, {SCHEME: []}]
    schema.get("components", {}).get("securitySchemes", {}).pop(OPTIONAL_SCHEME, None)
