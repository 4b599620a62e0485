"""The baseline of bench/points_rate.py: a bare FastAPI endpoint that inserts one row.

    python bench/bare_insert_app.py DATABASE_URL READY_FILE

Same stack as ours (uvicorn, one worker, SQLAlchemy async, the same database file or server,
writes through one connection on SQLite), none of our rules.
"""

from __future__ import annotations

import asyncio
import json
import sys
from datetime import UTC, datetime
from pathlib import Path

import uvicorn
from fastapi import FastAPI
from sqlalchemy import text

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from server.cli import listening_socket  # noqa: E402
from server.db.engine import Database  # noqa: E402


def main() -> None:
    db = Database(sys.argv[1])
    ready = Path(sys.argv[2])
    app = FastAPI()

    @app.post("/bare/{account_id}")
    async def bare(account_id: int) -> dict[str, bool]:
        async with db.write() as session:
            await session.execute(
                text("INSERT INTO bench_rows (account_id, created_at) VALUES (:a, :t)"),
                {"a": account_id, "t": datetime.now(UTC)},
            )
        return {"ok": True}

    async def run() -> None:
        async with db.write() as session:
            await session.execute(text("DROP TABLE IF EXISTS bench_rows"))
            await session.execute(
                text(
                    "CREATE TABLE bench_rows (id INTEGER PRIMARY KEY, account_id INTEGER, created_at TIMESTAMP)"
                )
                if db.is_sqlite
                else text(
                    "CREATE TABLE bench_rows (id SERIAL PRIMARY KEY, account_id INTEGER, created_at TIMESTAMPTZ)"
                )
            )
        sock = listening_socket("127.0.0.1", 0)
        ready.write_text(json.dumps({"url": f"http://127.0.0.1:{sock.getsockname()[1]}"}))
        await uvicorn.Server(uvicorn.Config(app, log_level="warning")).serve(sockets=[sock])

    asyncio.run(run())


if __name__ == "__main__":
    main()
