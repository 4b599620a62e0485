"""Tokens in a real keyring backend, and the in-memory fallback when there is none (SPEC §8).

A keyring that is only a file (keyrings.alt, installed with the test extras) counts as none unless
the settings opt in: tested with the real keyring library and the real keyrings.alt backend."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import keyring
import keyring.core
import pytest
from keyring.backends.fail import Keyring as FailKeyring
from keyrings.alt.file import PlaintextKeyring

from api_client import StoredToken, TokenStore
from api_client.tokens import NO_KEYRING, backend_kind
from tui.cli import token_store
from tui.settings import load_settings


def test_token_survives_in_a_file_keyring_the_user_chose(file_keyring: PlaintextKeyring) -> None:
    TokenStore(allow_file=True).save("http://s", StoredToken("dy001", "tok-1"))
    # A new store (a new run of the client) finds it.
    assert TokenStore(allow_file=True).load("http://s") == StoredToken("dy001", "tok-1")
    assert "tok-1" in (file_keyring.get_password("gsdj", "http://s") or "")
    TokenStore(allow_file=True).clear("http://s")
    assert TokenStore(allow_file=True).load("http://s") is None


def test_a_plaintext_file_keyring_counts_as_none(file_keyring: PlaintextKeyring) -> None:
    store = TokenStore()
    store.save("http://s", StoredToken("dy001", "tok-2"))
    assert store.load("http://s") == StoredToken("dy001", "tok-2")  # this run: memory
    assert store.warning == NO_KEYRING  # the app shows KEYRING_MISSING after login
    assert not Path(file_keyring.file_path).exists()  # nothing written
    assert file_keyring.get_password("gsdj", "http://s") is None
    assert TokenStore().load("http://s") is None  # the next run logs in again


@pytest.fixture
def detected_keyring(tmp_path: Path) -> Iterator[Path]:
    """The backend keyring itself picks on this machine (no desktop keyring, keyrings.alt
    installed by the test extras), with the user's data directory in tmp_path."""
    previous, data_home = keyring.get_keyring(), os.environ.get("XDG_DATA_HOME")
    os.environ["XDG_DATA_HOME"] = str(tmp_path)
    # keyring's own choice (init_backend), among the backends installed packages provide: a
    # backend class a test defines is a KeyringBackend subclass too and would take part (and
    # make keyring's chainer of them viable).
    from keyring.backend import get_all_keyring
    from keyring.backends.chainer import ChainerBackend

    installed = [
        k
        for k in get_all_keyring()
        if not type(k).__module__.startswith("tests.") and not isinstance(k, ChainerBackend)
    ]
    keyring.set_keyring(max(installed, key=lambda k: k.priority))
    try:
        yield tmp_path
    finally:
        keyring.set_keyring(previous)
        if data_home is not None:
            os.environ["XDG_DATA_HOME"] = data_home


def test_the_keyring_picked_with_the_test_extras_gets_no_token(detected_keyring: Path) -> None:
    assert backend_kind(keyring.get_keyring()) == "file"  # keyrings.alt's plaintext file
    store = TokenStore()
    store.save("http://s", StoredToken("dy001", "tok-5"))
    assert store.warning == NO_KEYRING
    assert [p for p in detected_keyring.rglob("*") if p.is_file()] == []
    # Opting in writes it where keyring chose, as before.
    TokenStore(allow_file=True).save("http://s", StoredToken("dy001", "tok-5"))
    written = [p for p in detected_keyring.rglob("*") if p.is_file()]
    assert len(written) == 1 and "gsdj" in written[0].read_text()


def test_the_setting_opts_in(
    file_keyring: PlaintextKeyring, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings, warning = load_settings()
    assert warning is None and token_store(settings) is None  # the app's default store
    monkeypatch.setenv("GSDJ_KEYRING_FILE", "true")
    store = token_store(load_settings()[0])
    assert store is not None
    store.save("http://s", StoredToken("dy001", "tok-6"))
    assert store.warning is None
    assert "tok-6" in (file_keyring.get_password("gsdj", "http://s") or "")


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
