"""api_client against the real server, a dead port and a server that hangs up mid-request."""

from __future__ import annotations

import socket
import threading

import pytest

from api_client import ApiError, GsdjClient, NotCached, ServerUnreachable, SessionExpired
from tests.conftest import DEMO_PASSWORD
from tests.servers import ServerProcess


async def test_login_me_shortcuts_logout(sqlite_server: ServerProcess) -> None:
    async with GsdjClient(sqlite_server.url) as client:
        result = await client.login("dy020", DEMO_PASSWORD)
        assert client.token == result.token
        assert result.account.kind == "member"
        me = await client.me()
        assert me.username == "dy020" and me.org is not None
        shortcuts = await client.set_shortcuts(["guide"])
        assert [s.code for s in shortcuts.items] == ["guide"]
        assert (await client.enter_feature("exams")).allowed
        await client.logout()
        assert client.token is None
        with pytest.raises(SessionExpired) as caught:
            await client.me()
        assert caught.value.code == "not_logged_in"


async def test_errors_carry_code_and_message(sqlite_server: ServerProcess) -> None:
    async with GsdjClient(sqlite_server.url) as client:
        with pytest.raises(SessionExpired) as bad_login:
            await client.login("dy021", "wrong")
        assert (bad_login.value.status, bad_login.value.code) == (401, "bad_credentials")
        assert str(bad_login.value) == "用户名或密码错误"
        await client.login("qz001", DEMO_PASSWORD)
        with pytest.raises(ApiError) as denied:
            await client.enter_feature("courses")
        assert (denied.value.status, denied.value.message) == (403, "用户无该权限")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


async def test_nothing_listening_is_unreachable() -> None:
    async with GsdjClient(f"http://127.0.0.1:{_free_port()}") as client:
        with pytest.raises(ServerUnreachable) as caught:
            await client.health()
    assert caught.value.code == "unreachable"
    assert "无法连接服务器" in caught.value.message


class _DictCache:
    def __init__(self) -> None:
        self.entries: dict[str, tuple[str, float]] = {}

    def get(self, key: str) -> tuple[str, float] | None:
        return self.entries.get(key)

    def put(self, key: str, body: str) -> None:
        self.entries[key] = (body, 1.0)


async def test_offline_without_a_cached_answer_is_not_cached() -> None:
    """Unreachable and nothing kept: NotCached (still a ServerUnreachable), so a screen can say
    "尚未缓存" instead of staying blank; a kept answer is served."""
    async with GsdjClient(f"http://127.0.0.1:{_free_port()}") as client:
        client.cache = _DictCache()
        with pytest.raises(NotCached) as caught:
            await client.columns()
        assert isinstance(caught.value, ServerUnreachable) and client.offline
        client.cache.put("/api/v1/columns", "[]")
        assert await client.columns() == []
        assert client.served_from_cache == 1.0


async def test_server_hanging_up_mid_request_is_unreachable() -> None:
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    port = listener.getsockname()[1]

    def hang_up() -> None:
        conn, _ = listener.accept()
        conn.recv(1024)
        conn.sendall(b'HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n{"tok')
        conn.close()

    thread = threading.Thread(target=hang_up, daemon=True)
    thread.start()
    try:
        async with GsdjClient(f"http://127.0.0.1:{port}") as client:
            with pytest.raises(ServerUnreachable):
                await client.login("dy001", DEMO_PASSWORD)
    finally:
        thread.join(5)
        listener.close()


async def test_non_json_error_page_is_a_clear_error() -> None:
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    port = listener.getsockname()[1]

    def proxy_error() -> None:
        conn, _ = listener.accept()
        conn.recv(1024)
        body = b"<html>502 Bad Gateway</html>"
        conn.sendall(
            b"HTTP/1.1 502 Bad Gateway\r\nContent-Length: %d\r\n\r\n%s" % (len(body), body)
        )
        conn.close()

    thread = threading.Thread(target=proxy_error, daemon=True)
    thread.start()
    try:
        async with GsdjClient(f"http://127.0.0.1:{port}") as client:
            with pytest.raises(ApiError) as caught:
                await client.health()
        assert caught.value.code == "bad_response"
        assert "502" in caught.value.message
    finally:
        thread.join(5)
        listener.close()
