"""The baseline of bench/floor.py: bare FastAPI endpoints that insert one row and read one row.

    python bench/bare_insert_app.py DATABASE_URL READY_FILE

Same stack as ours (uvicorn, one worker, SQLAlchemy async on the same `Database` class, the same
database file or server, writes through one connection on SQLite, reads on the read pool), none
of our rules and no authentication:

    POST /bare/{account_id}   one INSERT in one write transaction
    GET  /bare/{row_id}       one SELECT of one row by primary key on a read connection
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

SEEDED_ROWS = 1000  # rows the read endpoint picks from (GET /bare/1 … /bare/1000)


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

    @app.get("/bare/{row_id}")
    async def bare_read(row_id: int) -> dict[str, object]:
        async with db.read() as session:
            row = (
                await session.execute(
                    text("SELECT id, account_id, created_at FROM bench_rows WHERE id = :i"),
                    {"i": row_id},
                )
            ).first()
        if row is None:
            return {"id": row_id, "found": False}
        return {"id": row[0], "account_id": row[1], "created_at": str(row[2]), "found": True}

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
            now = datetime.now(UTC)
            await session.execute(
                text("INSERT INTO bench_rows (account_id, created_at) VALUES (:a, :t)"),
                [{"a": i % 50, "t": now} for i in range(SEEDED_ROWS)],
            )
        sock = listening_socket("127.0.0.1", 0)
        ready.write_text(json.dumps({"url": f"http://127.0.0.1:{sock.getsockname()[1]}"}))
        await uvicorn.Server(uvicorn.Config(app, log_level="warning")).serve(sockets=[sock])

    asyncio.run(run())


if __name__ == "__main__":
    main()
