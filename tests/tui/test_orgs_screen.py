"""组织架构 at a province's size: it opens level by level only as far as a screenful shows, E and
C open or close everything, and what the user opened stays open when the fresh answer replaces
the cached one. Against the real demo server (sw001's tree is 21 党委 and everything below)."""

from __future__ import annotations

import httpx

from tests.conftest import login
from tests.servers import ServerProcess
from tests.tui.conftest import log_in, make_app, settle
from tui.screens.orgs import OPEN_LINES, OrgsScreen


def _count(node: dict) -> int:
    return 1 + sum(_count(c) for c in node["children"])


def _tree(server: ServerProcess, username: str) -> dict:
    with httpx.Client(base_url=server.url) as http:
        h = login(http, username)
        return http.get("/api/v1/orgs/tree", headers=h).json()


async def _open(pilot, username: str):  # type: ignore[no-untyped-def]
    await log_in(pilot, username)
    await pilot.app.run_action("open('orgs')")
    await settle(pilot)
    assert isinstance(pilot.app.screen, OrgsScreen)
    return pilot.app.screen.query_one("Tree")


async def test_the_province_opens_a_screenful_and_e_c_open_and_close_all(
    sqlite_server: ServerProcess,
) -> None:
    everything = _count(_tree(sqlite_server, "sw001"))
    assert everything > 2 * OPEN_LINES  # a tree that cannot be read fully expanded
    app = make_app(sqlite_server.url)
    async with app.run_test(size=(80, 24)) as pilot:
        tree = await _open(pilot, "sw001")
        first = tree.last_line + 1
        assert len(tree.root.children) < first <= OPEN_LINES
        assert any(not n.is_expanded and n.children for n in tree.root.children)
        assert "下级" in str(tree.root.label)  # a closed node says what is under it
        await pilot.press("e")
        await pilot.pause()
        assert tree.last_line + 1 == everything
        await pilot.press("c")
        await pilot.pause()
        assert tree.last_line + 1 == 1 + len(tree.root.children)
        # Opening one node by hand survives the fresh answer (the screen shows twice).
        tree.move_cursor(tree.root.children[0])
        await pilot.press("space")
        await pilot.pause()
        opened = tree.last_line + 1
        assert opened > 1 + len(tree.root.children)
        app.screen.load()
        await settle(pilot)
        assert tree.last_line + 1 == opened
        footer = " ".join(str(k) for k in app.screen.active_bindings)
        assert "e" in footer and "c" in footer


async def test_a_committee_sees_its_whole_tree(sqlite_server: ServerProcess) -> None:
    everything = _count(_tree(sqlite_server, "dw001"))
    assert everything <= OPEN_LINES
    app = make_app(sqlite_server.url)
    async with app.run_test(size=(80, 24)) as pilot:
        tree = await _open(pilot, "dw001")
        assert tree.last_line + 1 == everything
