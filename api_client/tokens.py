"""Where the login token lives: the system keyring, or memory when there is none (SPEC §8).

Only tokens are kept, never passwords. One entry per server: the account that last logged in
from this user's terminal to that server.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

SERVICE = "gsdj"

NO_KEYRING = "未找到可用的系统密钥环,登录凭据只保存在本次运行的内存中,退出后需重新登录"


@dataclass(frozen=True)
class StoredToken:
    username: str
    token: str


class TokenStore:
    """Keyring-backed token storage with an in-memory fallback.

    `persistent=False` (kiosk mode) never touches the keyring.
    """

    def __init__(self, *, persistent: bool = True) -> None:
        self._memory: dict[str, StoredToken] = {}
        self._use_keyring = persistent
        self.warning: str | None = None  # set once when the keyring turned out unusable

    def _fall_back(self) -> None:
        self._use_keyring = False
        self.warning = NO_KEYRING

    def load(self, server: str) -> StoredToken | None:
        if server in self._memory:
            return self._memory[server]
        if not self._use_keyring:
            return None
        import keyring

        try:
            raw = keyring.get_password(SERVICE, server)
        except Exception:  # backends fail in many ways (no D-Bus, locked, absent)
            self._fall_back()
            return None
        if not raw:
            return None
        try:
            data = json.loads(raw)
            return StoredToken(username=str(data["username"]), token=str(data["token"]))
        except (ValueError, KeyError, TypeError):
            return None  # an unreadable entry is as good as none; the next save replaces it

    def save(self, server: str, stored: StoredToken) -> None:
        self._memory[server] = stored
        if not self._use_keyring:
            return
        import keyring

        try:
            keyring.set_password(
                SERVICE, server, json.dumps({"username": stored.username, "token": stored.token})
            )
        except Exception:  # backends fail in many ways (no D-Bus, locked, absent)
            self._fall_back()

    def clear(self, server: str) -> None:
        self._memory.pop(server, None)
        if not self._use_keyring:
            return
        import keyring
        from keyring.errors import PasswordDeleteError

        try:
            keyring.delete_password(SERVICE, server)
        except PasswordDeleteError:
            pass  # nothing was stored
        except Exception:  # backends fail in many ways (no D-Bus, locked, absent)
            self._fall_back()
