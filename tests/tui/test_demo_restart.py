"""`gsdj --demo` survives a restart: the database is kept between runs (`--demo-reset` starts
over), an action queued while the bundled server was down is still in the outbox when the next
run's server has another port, and when the server dies under the client the client offers to
start it again. The server is the real child process, killed with SIGKILL."""

from __future__ import annotations

import socket
from pathlib import Path

import httpx
import pytest

from api_client import TokenStore
from offline_cache.store import open_store, user_dir
from tests.conftest import login
from tests.tui.conftest import log_in, settle
from tui import strings
from tui.app import GsdjApp
from tui.demo_server import DEMO_IDENTITY, DemoServer, forget_demo
from tui.screens.article import ArticleScreen
from tui.widgets.confirm import Confirm


def demo_app(demo: DemoServer) -> GsdjApp:
    return GsdjApp(demo.url, tokens=TokenStore(persistent=False), demo_server=demo)


def liked(url: str, article_id: int) -> bool:
    with httpx.Client(base_url=url, timeout=30) as http:
        headers = login(http, "dy001")
        return bool(http.get(f"/api/v1/articles/{article_id}", headers=headers).json()["liked"])


async def like_the_newest_article_after_the_server_dies(pilot, demo: DemoServer) -> int:  # type: ignore[no-untyped-def]
    """Open the newest article, kill the server, press L: the like goes to the outbox."""
    app = pilot.app
    await log_in(pilot, "dy001")
    await pilot.press("1")
    await settle(pilot)
    await pilot.press("enter")
    await settle(pilot)
    assert isinstance(app.screen, ArticleScreen)
    article_id: int = app.screen.article_id
    assert demo.process is not None
    demo.process.kill()
    demo.process.wait()
    await pilot.press("l")
    await settle(pilot)
    assert app.pending == 1
    return article_id


async def test_the_client_offers_to_restart_a_dead_demo_server(tmp_path: Path) -> None:
    demo = DemoServer(tmp_path / "demo")
    demo.start()
    app = demo_app(demo)
    try:
        async with app.run_test(size=(80, 24), notifications=True) as pilot:
            article_id = await like_the_newest_article_after_the_server_dies(pilot, demo)
            assert app.connection == "offline"
            assert isinstance(app.screen, Confirm)
            assert app.screen.question == strings.DEMO_SERVER_DIED
            assert app.check_action("restart_demo", ()) is True  # Ctrl+R, in the footer
            await pilot.press("y")
            await settle(pilot)
            assert not demo.died
            assert app.connection == "online"
            assert app.pending == 0  # the queued like went to the restarted server
            assert app.check_action("restart_demo", ()) is False
        assert liked(demo.url, article_id)
    finally:
        demo.stop()


async def test_the_outbox_waits_for_the_next_run_on_another_port(tmp_path: Path) -> None:
    data = tmp_path / "demo"
    first = DemoServer(data)
    first.start()
    app = demo_app(first)
    try:
        async with app.run_test(size=(120, 36), notifications=True) as pilot:
            article_id = await like_the_newest_article_after_the_server_dies(pilot, first)
            assert isinstance(app.screen, Confirm)
            await pilot.press("n")  # not now: the user quits instead
            await settle(pilot)
            assert strings.DEMO_RESTART_LATER in [n.message for n in app._notifications]
    finally:
        first.stop()
    old_port = int(first.url.rsplit(":", 1)[1])
    with socket.socket() as squatter:  # something else took the port meanwhile
        squatter.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        squatter.bind(("127.0.0.1", old_port))
        squatter.listen()
        second = DemoServer(data)
        assert second.seeded
        second.start()
    try:
        assert second.url != first.url
        app = demo_app(second)
        async with app.run_test(size=(120, 36)) as pilot:
            await log_in(pilot, "dy001")
            await settle(pilot)
            assert app.pending == 0  # found under the demo's name, and sent
        assert liked(second.url, article_id)
        log = (data / "server.log").read_text()
        assert "沿用上次的演示数据" in log  # not seeded again
    finally:
        second.stop()


def test_demo_reset_starts_over(tmp_path: Path) -> None:
    data = tmp_path / "demo"
    demo = DemoServer(data)
    demo.start()
    demo.stop()
    kept = DemoServer(data)
    assert kept.seeded
    kept.start()
    try:
        with httpx.Client(base_url=kept.url, timeout=30) as http:
            headers = login(http, "dy001")
            newest = http.get("/api/v1/articles", headers=headers).json()["items"][0]["id"]
            http.post(f"/api/v1/articles/{newest}/like", headers=headers).raise_for_status()
    finally:
        kept.stop()
    assert liked_after_restart(data, newest)  # kept
    fresh = DemoServer(data, reset=True)
    assert not fresh.seeded
    fresh.start()
    try:
        assert not liked(fresh.url, newest)
    finally:
        fresh.stop()


def test_demo_reset_forgets_the_demos_cache_and_outbox(tmp_path: Path) -> None:
    open_store(DEMO_IDENTITY, "dy001", tmp_path).close()
    open_store("http://127.0.0.1:8700", "dy001", tmp_path).close()
    assert user_dir(DEMO_IDENTITY, "dy001", tmp_path).exists()
    forget_demo(tmp_path)  # what `gsdj --demo-reset` does first
    assert not user_dir(DEMO_IDENTITY, "dy001", tmp_path).exists()
    assert user_dir("http://127.0.0.1:8700", "dy001", tmp_path).exists()  # other servers stay


def liked_after_restart(data: Path, article_id: int) -> bool:
    again = DemoServer(data)
    again.start()
    try:
        return liked(again.url, article_id)
    finally:
        again.stop()


def test_the_demo_runs_the_installed_server_whatever_the_current_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Started from a folder with a `server/` package of its own (another checkout), the demo
    ran that package's server: a trial met an older server without its new screens' routes."""
    fake = tmp_path / "elsewhere" / "server"
    fake.mkdir(parents=True)
    (fake / "__init__.py").write_text("")
    (fake / "__main__.py").write_text("raise SystemExit('not the installed server')\n")
    monkeypatch.chdir(fake.parent)
    demo = DemoServer(tmp_path / "demo")
    demo.start()
    try:
        assert httpx.get(f"{demo.url}/healthz", timeout=10).is_success
    finally:
        demo.stop()
