"""Where the login token lives: the system keyring, or memory when there is none (SPEC §8).

Only tokens are kept, never passwords. One entry per server: the account that last logged in
from this user's terminal to that server.

A keyring that only writes a file (keyrings.alt's plaintext or "encrypted" file, installed with
the test extras) is no keyring: the token would sit in a base64 file anyone who can read the home
directory can use. Such backends, and keyring's null and fail backends, count as none unless the
user opts in (`keyring_file = "true"` in settings.toml).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from keyring.backend import KeyringBackend

SERVICE = "gsdj"

NO_KEYRING = "未找到可用的系统密钥环,登录凭据只保存在本次运行的内存中,退出后需重新登录"

# Backends that store nothing, or store in a plain file: by module, so none of them is imported.
_NOWHERE = ("keyring.backends.fail", "keyring.backends.null")
_FILES = ("keyrings.alt", "keyrings.cryptfile")


def backend_kind(backend: object) -> str:
    """ "none" (stores nothing), "file" (a file in the home directory) or "system"."""
    module = type(backend).__module__
    if module.startswith(_NOWHERE):
        return "none"
    if module.startswith(_FILES) or "file" in type(backend).__name__.lower():
        return "file"
    return "system"


def choose_backend(backend: KeyringBackend, *, allow_file: bool) -> KeyringBackend | None:
    """The backend the token may go to, or None. keyring's chainer tries its backends in turn
    and would fall through to a file when the desktop keyring is locked: use its first
    acceptable backend alone."""
    from keyring.backends.chainer import ChainerBackend

    candidates = list(backend.backends) if isinstance(backend, ChainerBackend) else [backend]
    accepted = ("system", "file") if allow_file else ("system",)
    return next((b for b in candidates if backend_kind(b) in accepted), None)


@dataclass(frozen=True)
class StoredToken:
    username: str
    token: str


class TokenStore:
    """Keyring-backed token storage with an in-memory fallback.

    `persistent=False` (kiosk mode) never touches the keyring; `allow_file=True` accepts a
    keyring that is only a file (the user's choice in settings.toml).
    """

    def __init__(self, *, persistent: bool = True, allow_file: bool = False) -> None:
        self._memory: dict[str, StoredToken] = {}
        self._use_keyring = persistent
        self._allow_file = allow_file
        self._backend: KeyringBackend | None = None
        self.warning: str | None = None  # set once when the keyring turned out unusable

    def _fall_back(self) -> None:
        self._use_keyring = False
        self._backend = None
        self.warning = NO_KEYRING

    def _keyring(self) -> KeyringBackend | None:
        """The backend to use, chosen on first use; None (and the warning) when there is none."""
        if not self._use_keyring:
            return None
        if self._backend is None:
            import keyring

            try:
                self._backend = choose_backend(keyring.get_keyring(), allow_file=self._allow_file)
            except Exception:  # a broken keyring configuration is as good as none
                self._backend = None
            if self._backend is None:
                self._fall_back()
        return self._backend

    def load(self, server: str) -> StoredToken | None:
        if server in self._memory:
            return self._memory[server]
        backend = self._keyring()
        if backend is None:
            return None
        try:
            raw = backend.get_password(SERVICE, server)
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
        backend = self._keyring()
        if backend is None:
            return
        try:
            backend.set_password(
                SERVICE, server, json.dumps({"username": stored.username, "token": stored.token})
            )
        except Exception:  # backends fail in many ways (no D-Bus, locked, absent)
            self._fall_back()

    def clear(self, server: str) -> None:
        self._memory.pop(server, None)
        backend = self._keyring()
        if backend is None:
            return
        from keyring.errors import PasswordDeleteError

        try:
            backend.delete_password(SERVICE, server)
        except PasswordDeleteError:
            pass  # nothing was stored
        except Exception:  # backends fail in many ways (no D-Bus, locked, absent)
            self._fall_back()
