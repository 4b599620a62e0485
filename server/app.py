"""The FastAPI application."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager

from fastapi import FastAPI

from server.api import (
    accounts,
    analytics,
    articles,
    auth,
    boards,
    branch,
    compliance,
    errors,
    exams,
    exchange,
    me,
    meetings,
    notices,
    openapi,
    org_import,
    points,
    points_export,
    publishing,
    search,
    standards,
    study,
    sync,
    system,
    vanguard,
)
from server.api.limits import BodyLimit
from server.config import ServerSettings
from server.db import jobstate
from server.db.engine import Database
from server.db.migrate import upgrade
from server.db.unit import Unit
from server.domain import auth as auth_rules
from server.domain.clock import Clock
from server.jobs.runner import Wake, run_forever
from server.services import search as search_index


def create_app(
    settings: ServerSettings | None = None, on_ready: Callable[[], None] | None = None
) -> FastAPI:
    settings = settings or ServerSettings()
    clock = Clock(adjustable=settings.test_clock)
    if settings.clock_start is not None:
        clock.set(settings.clock_start)
    wake = Wake()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        db = Database(settings.database_url)
        await upgrade(db)
        await search_index.backfill(Unit(db))  # a database from before the search (0016)
        # `gsdj-server jobs` by hand counts days on this server's clock (none: the wall clock).
        await jobstate.save_test_clock(db, clock.offset if settings.test_clock else None)
        app.state.db = db
        jobs = asyncio.create_task(run_forever(db, clock, wake)) if settings.run_jobs else None
        if on_ready is not None:
            on_ready()
        yield
        if jobs is not None:
            jobs.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await jobs
        await db.dispose()

    app = FastAPI(
        title="党建学习终端 server",
        version="0.1.0",
        description="The bundled server of 党建学习终端. Errors are JSON {code, message}.",
        lifespan=lifespan,
        # Every endpoint can answer these; they all carry the same {code, message} body.
        responses=errors.documented(400, 413, 415, 422, 500, 503),
        # No native OpenTelemetry: nothing here configures a provider, and FastAPI's check for
        # one (global provider look-ups, an environment read) was ~7 % of a share's CPU.
        telemetry={"tracing": False, "metrics": False, "logs": False},
    )
    openapi.install(app)
    app.state.clock = clock
    app.state.wake_jobs = wake
    app.state.settings = settings
    app.state.trusted_proxies = auth_rules.trusted_networks(settings.trusted_proxies)
    errors.install(app)
    app.include_router(system.router)
    app.include_router(auth.router)
    app.include_router(me.router)
    app.include_router(points.router)
    app.include_router(points_export.router)
    app.include_router(articles.router)
    app.include_router(boards.router)
    app.include_router(study.router)
    app.include_router(exams.router)
    app.include_router(meetings.router)
    app.include_router(compliance.router)
    app.include_router(analytics.router)
    app.include_router(vanguard.router)
    app.include_router(exchange.router)
    app.include_router(notices.router)
    app.include_router(sync.router)
    app.include_router(org_import.router)
    app.include_router(accounts.router)
    app.include_router(branch.router)
    app.include_router(publishing.router)
    app.include_router(standards.router)
    app.include_router(search.router)
    if settings.test_clock:
        app.include_router(system.test_clock_router)
    app.add_middleware(
        BodyLimit, max_bytes=settings.max_body_bytes, per_path=org_import.BODY_LIMITS
    )
    return app
