"""The server's files and secrets (issue 15): a SQLite database readable by its owner only, and
demo accounts that each have their own password hash."""

from __future__ import annotations

import asyncio
import os
import re
import stat
from pathlib import Path

from argon2 import PasswordHasher
from sqlalchemy import select

from server.db.engine import Database, sqlite_path
from server.db.models import Account
from tests.conftest import DEMO_PASSWORD
from tests.servers import ServerProcess, start_server


def mode(path: Path | str) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def test_a_new_sqlite_database_and_its_directory_are_the_owners_only(tmp_path: Path) -> None:
    data = tmp_path / "fresh" / "data"  # neither exists yet: the server makes both
    file = data / "gsdj.sqlite3"
    proc = start_server(tmp_path / "run", f"sqlite:///{file}", command="serve", test_clock=False)
    try:
        with proc.client() as http:  # a failed login writes: the WAL and its index exist now
            body = {"username": "nobody", "password": "x"}
            assert http.post("/api/v1/auth/login", json=body).status_code == 401
        for suffix in ("", "-wal", "-shm"):
            assert mode(f"{file}{suffix}") == 0o600, suffix
        assert mode(data) == 0o700 and mode(data.parent) == 0o700
    finally:
        proc.stop()


def test_demo_accounts_have_their_own_password_hashes(server: ServerProcess) -> None:
    async def hashes() -> list[str]:
        db = Database(server.database_url)
        try:
            async with db.read() as session:
                rows = await session.execute(select(Account.username, Account.password_hash))
                # The demo's own accounts: other tests add accounts (one-time passwords, then
                # passwords of their own) on this shared server.
                return [h for u, h in rows.all() if re.fullmatch(r"(dy|zb|zzz|dw|sw|qz)\d{3}", u)]
        finally:
            await db.dispose()

    found = asyncio.run(hashes())
    assert len(found) > 70 and len(set(found)) == len(found)
    salts = {h.split("$")[4] for h in found}
    assert len(salts) == len(found)
    hasher = PasswordHasher()
    assert all(hasher.verify(h, DEMO_PASSWORD) for h in found)
    if (path := sqlite_path(server.database_url)) is not None:  # the demo's file, built aside
        assert mode(path) == 0o600
