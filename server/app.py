"""The FastAPI application."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI
from sqlalchemy.engine import make_url

from server.api import auth, errors, me, system
from server.api.limits import BodyLimit
from server.config import ServerSettings
from server.db.engine import Database
from server.db.migrate import upgrade
from server.domain.clock import Clock


def _ensure_sqlite_dir(url: str) -> None:
    parsed = make_url(url)
    if parsed.drivername.startswith("sqlite") and parsed.database not in (None, "", ":memory:"):
        Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)


def create_app(
    settings: ServerSettings | None = None, on_ready: Callable[[], None] | None = None
) -> FastAPI:
    settings = settings or ServerSettings()
    clock = Clock(adjustable=settings.test_clock)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        _ensure_sqlite_dir(settings.database_url)
        db = Database(settings.database_url)
        await upgrade(db)
        app.state.db = db
        if on_ready is not None:
            on_ready()
        yield
        await db.dispose()

    app = FastAPI(
        title="党建学习终端 server",
        version="0.1.0",
        description="The bundled server of 党建学习终端. Errors are JSON {code, message}.",
        lifespan=lifespan,
    )
    app.state.clock = clock
    app.state.settings = settings
    errors.install(app)
    app.include_router(system.router)
    app.include_router(auth.router)
    app.include_router(me.router)
    if settings.test_clock:
        app.include_router(system.test_clock_router)
    app.add_middleware(BodyLimit, max_bytes=settings.max_body_bytes)
    return app
