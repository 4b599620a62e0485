"""The client side of one login: the API client, the token store, and who is logged in.

No widgets here; screens call it from workers and show what it returns.
"""

from __future__ import annotations

import asyncio
import shutil
from datetime import UTC, datetime
from pathlib import Path

from api_client import (
    ApiError,
    GsdjClient,
    ServerUnreachable,
    SessionExpired,
    StoredToken,
    TokenStore,
)
from contract import schemas
from offline_cache.store import Outbox, Store, open_store, user_dir


class Session:
    def __init__(
        self,
        server_url: str,
        tokens: TokenStore,
        data_root: Path | None = None,
        identity: str | None = None,
    ) -> None:
        self.server_url = server_url.rstrip("/")
        # What the token, cache and outbox are keyed by: the URL, or a fixed name for a server
        # whose port changes between runs (`gsdj --demo`).
        self.identity = identity or self.server_url
        self.tokens = tokens
        self.data_root = data_root  # kiosk: a private temporary directory
        self.client = GsdjClient(self.server_url)
        self.account: schemas.AccountOut | None = None
        self.login_earned: schemas.PointsEarned | None = None  # 每日首次登录, when it earned
        self.store: Store | None = None  # this user's cache and outbox on this terminal
        self.store_notices: list[str] = []

    @property
    def outbox(self) -> Outbox | None:
        return self.store.outbox if self.store is not None else None

    async def open_store(self, username: str) -> list[str]:
        """Open this user's cache and outbox; answer notices about damaged files."""
        await self.close_store()
        self.store = await asyncio.to_thread(open_store, self.identity, username, self.data_root)
        self.client.cache = self.store.cache
        return self.store.problems()

    def use_server(self, server_url: str) -> None:
        """The same server at a new address (the demo restarted on another port)."""
        self.server_url = server_url.rstrip("/")
        self.client.use_server(self.server_url)

    async def close_store(self) -> None:
        store, self.store = self.store, None
        self.client.cache = None
        if store is not None:
            await asyncio.to_thread(store.close)

    # The keyring may block (D-Bus, a locked store): it is always called off the event loop.

    async def last_username(self) -> str | None:
        stored = await asyncio.to_thread(self.tokens.load, self.identity)
        return stored.username if stored else None

    async def check_server(self) -> schemas.HealthOut:
        return await self.client.health()

    async def resume(self) -> schemas.AccountOut | None:
        """Log back in with a stored token, if it is still valid."""
        stored = await asyncio.to_thread(self.tokens.load, self.identity)
        if stored is None:
            return None
        self.client.token = stored.token
        self.store_notices = await self.open_store(stored.username)
        try:
            # Offline, this is the account as the cache last saw it.
            self.account = await self.client.me()
        except SessionExpired:
            self.client.token = None
            # Keep the username for the login form, drop the dead token.
            await asyncio.to_thread(self.tokens.clear, self.identity)
            await self.close_store()
            return None
        return self.account

    async def login(self, username: str, password: str) -> schemas.AccountOut:
        result = await self.client.login(username, password)
        stored = StoredToken(result.account.username, result.token)
        await asyncio.to_thread(self.tokens.save, self.identity, stored)
        self.account = result.account
        if result.must_change_password:  # a one-time password (the import, 账号管理)
            self.account.must_change_password = True
        self.login_earned = result.earned
        self.store_notices = await self.open_store(result.account.username)
        # What GET /me would answer: kept so the next start can resume offline.
        self.client.cache.put("/api/v1/me", result.account.model_dump_json())
        await self._announce()
        return result.account

    async def _announce(self) -> None:
        """Tell the server this installation signed in as this account (an empty push of its
        outbox's client id): actions queued from now on, offline too, may be dated from here
        (SPEC §7). Unanswered, the server counts from this login's token instead."""
        outbox = self.outbox
        if outbox is None:
            return
        try:
            client_id = await asyncio.to_thread(lambda: outbox.client_id)
            await self.client.sync_push(client_id, datetime.now(UTC).astimezone(), [])
        except ApiError:
            pass

    async def change_password(self, old: str, new: str) -> schemas.PasswordChangeOut:
        """修改密码; the new token the server answers replaces the stored one."""
        result = await self.client.change_password(old, new)
        if self.account is not None:
            stored = StoredToken(self.account.username, result.token)
            await asyncio.to_thread(self.tokens.save, self.server_url, stored)
        return result

    async def logout(self, *, wipe: bool = False) -> None:
        """Revoke the token on the server when reachable; forget it here in any case. `wipe`
        (kiosk): also delete this user's cache and outbox from the disk."""
        username = self.account.username if self.account else None
        try:
            await self.client.logout()
        except ApiError:
            pass  # unreachable or refused: the local token is dropped all the same
        finally:
            self.client.token = None
            await asyncio.to_thread(self.tokens.clear, self.identity)
            self.account = None
            await self.close_store()  # the outbox stays on disk for this user's next login
            if wipe and username is not None:
                folder = user_dir(self.identity, username, self.data_root)
                await asyncio.to_thread(shutil.rmtree, folder, True)

    async def aclose(self) -> None:
        await self.close_store()
        await self.client.aclose()


__all__ = ["ApiError", "ServerUnreachable", "Session", "SessionExpired"]
