"""Tokens in a real keyring backend, and the in-memory fallback when there is none (SPEC §8)."""

from __future__ import annotations

import keyring
from keyring.backends.fail import Keyring as FailKeyring
from keyrings.alt.file import PlaintextKeyring

from api_client import StoredToken, TokenStore
from api_client.tokens import NO_KEYRING


def test_token_survives_in_the_keyring(file_keyring: PlaintextKeyring) -> None:
    TokenStore().save("http://s", StoredToken("dy001", "tok-1"))
    # A new store (a new run of the client) finds it.
    assert TokenStore().load("http://s") == StoredToken("dy001", "tok-1")
    assert "tok-1" in (file_keyring.get_password("gsdj", "http://s") or "")
    TokenStore().clear("http://s")
    assert TokenStore().load("http://s") is None


def test_no_keyring_falls_back_to_memory_and_says_so_once() -> None:
    previous = keyring.get_keyring()
    keyring.set_keyring(FailKeyring())
    try:
        store = TokenStore()
        assert store.load("http://s") is None
        assert store.warning == NO_KEYRING
        store.warning = None
        store.save("http://s", StoredToken("dy001", "tok-3"))
        assert store.load("http://s") == StoredToken("dy001", "tok-3")
        assert store.warning is None  # said once
        assert TokenStore().load("http://s") is None  # nothing persisted
    finally:
        keyring.set_keyring(previous)


def test_kiosk_store_never_touches_the_keyring(file_keyring: PlaintextKeyring) -> None:
    store = TokenStore(persistent=False)
    store.save("http://s", StoredToken("dy001", "tok-4"))
    assert store.load("http://s") is not None
    assert TokenStore().load("http://s") is None
