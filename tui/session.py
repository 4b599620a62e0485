"""The client side of one login: the API client, the token store, and who is logged in.

No widgets here; screens call it from workers and show what it returns.
"""

from __future__ import annotations

import asyncio

from api_client import (
    ApiError,
    GsdjClient,
    ServerUnreachable,
    SessionExpired,
    StoredToken,
    TokenStore,
)
from server.api import schemas


class Session:
    def __init__(self, server_url: str, tokens: TokenStore) -> None:
        self.server_url = server_url.rstrip("/")
        self.tokens = tokens
        self.client = GsdjClient(self.server_url)
        self.account: schemas.AccountOut | None = None
        self.login_earned: schemas.PointsEarned | None = None  # 每日首次登录, when it earned

    # The keyring may block (D-Bus, a locked store): it is always called off the event loop.

    async def last_username(self) -> str | None:
        stored = await asyncio.to_thread(self.tokens.load, self.server_url)
        return stored.username if stored else None

    async def check_server(self) -> schemas.HealthOut:
        return await self.client.health()

    async def resume(self) -> schemas.AccountOut | None:
        """Log back in with a stored token, if it is still valid."""
        stored = await asyncio.to_thread(self.tokens.load, self.server_url)
        if stored is None:
            return None
        self.client.token = stored.token
        try:
            self.account = await self.client.me()
        except SessionExpired:
            self.client.token = None
            # Keep the username for the login form, drop the dead token.
            await asyncio.to_thread(self.tokens.clear, self.server_url)
            return None
        return self.account

    async def login(self, username: str, password: str) -> schemas.AccountOut:
        result = await self.client.login(username, password)
        stored = StoredToken(result.account.username, result.token)
        await asyncio.to_thread(self.tokens.save, self.server_url, stored)
        self.account = result.account
        self.login_earned = result.earned
        return result.account

    async def logout(self) -> None:
        """Revoke the token on the server when reachable; forget it here in any case."""
        try:
            await self.client.logout()
        except ApiError:
            pass  # unreachable or refused: the local token is dropped all the same
        finally:
            self.client.token = None
            await asyncio.to_thread(self.tokens.clear, self.server_url)
            self.account = None

    async def aclose(self) -> None:
        await self.client.aclose()


__all__ = ["ApiError", "ServerUnreachable", "Session", "SessionExpired"]
