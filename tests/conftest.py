from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import httpx
import keyring
import pytest
from keyrings.alt.file import PlaintextKeyring

from tests.servers import ServerProcess, create_pg_database, postgres_available, start_server

DEMO_PASSWORD = "gsdj2026"
BACKENDS = ["sqlite", "postgresql"]


@pytest.hookimpl(tryfirst=True)  # before xdist reads the groups
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Under xdist (`-n auto`, with `--dist loadgroup --no-loadscope-reorder` from pyproject.toml)
    a worker takes one file on one database backend at a time, in collection order: a file's tests
    run in order on one server as they do serially, and each worker starts its SQLite and its
    PostgreSQL server once (all SQLite groups come first), not once per file, as `--dist loadfile`
    would (a session fixture with params is torn down whenever the next test wants the other)."""
    for item in items:
        callspec = getattr(item, "callspec", None)
        params = callspec.params.values() if callspec is not None else ()
        backend = next((p for p in params if isinstance(p, str) and p in BACKENDS), "")
        file = item.nodeid.split("::", 1)[0]
        item.add_marker(pytest.mark.xdist_group(f"{file}:{backend}"))


@pytest.fixture(scope="session", autouse=True)
def _isolated_user_dirs(tmp_path_factory: pytest.TempPathFactory) -> None:
    """No test reads or writes the real user's config, data or keyring."""
    home = tmp_path_factory.mktemp("home")
    for var, sub in (
        ("XDG_DATA_HOME", "data"),
        ("XDG_CONFIG_HOME", "config"),
        ("XDG_CACHE_HOME", "cache"),
    ):
        os.environ[var] = str(home / sub)
    os.environ["GSDJ_DATA_DIR"] = str(home / "gsdj-data")
    os.environ["GSDJ_CONFIG_FILE"] = str(home / "config" / "gsdj" / "settings.toml")
    os.environ.pop("GSDJ_SERVER", None)


def _database_url(backend: str, tmp: pytest.TempPathFactory) -> tuple[str, object]:
    if backend == "sqlite":
        return f"sqlite:///{tmp.mktemp('sqlite') / 'gsdj.sqlite3'}", None
    reason = postgres_available()
    if reason is not None:
        if os.environ.get("GSDJ_REQUIRE_POSTGRES") == "1":
            pytest.fail(reason)
        pytest.skip(reason)
    return create_pg_database()


def demo_server_on(
    backend: str, tmp: pytest.TempPathFactory, prefix: str = "server"
) -> Iterator[ServerProcess]:
    """The real server on the demo data with the test clock on one database backend, stopped
    (and its PostgreSQL database dropped) when the fixture that yields from it ends."""
    url, drop = _database_url(backend, tmp)
    proc = start_server(tmp.mktemp(f"{prefix}-{backend}"), url)
    if drop is not None:
        proc.cleanups.append(drop)
    yield proc
    proc.stop()


@pytest.fixture(scope="session", params=BACKENDS)
def server(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[ServerProcess]:
    """The real server on the demo data with the test clock, once per database backend."""
    yield from demo_server_on(request.param, tmp_path_factory)


@pytest.fixture(scope="session")
def sqlite_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    """One SQLite demo server for the client and terminal tests."""
    url = f"sqlite:///{tmp_path_factory.mktemp('client-db') / 'gsdj.sqlite3'}"
    proc = start_server(tmp_path_factory.mktemp("client-server"), url)
    yield proc
    proc.stop()


@pytest.fixture
def file_keyring(tmp_path: Path) -> Iterator[PlaintextKeyring]:
    """A real keyring backend (a file) in place of the desktop keyring this machine lacks."""
    backend = PlaintextKeyring()
    backend.file_path = str(tmp_path / "keyring_pass.cfg")
    previous = keyring.get_keyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


@pytest.fixture
def http(server: ServerProcess) -> Iterator[httpx.Client]:
    with server.client() as client:
        yield client


def login(http: httpx.Client, username: str, password: str = DEMO_PASSWORD) -> dict[str, str]:
    response = http.post("/api/v1/auth/login", json={"username": username, "password": password})
    assert response.status_code == 200, response.text
    return {"Authorization": f"Bearer {response.json()['token']}"}
