"""组织架构 at a province's size: the server sends as many levels as fit in a screenful, an org
whose children were not sent says how many and fetches them when opened, C closes everything,
and what the user opened stays open when the screen is shown again from the server. Against the
real demo server (sw001's tree is 21 党委 and everything below)."""

from __future__ import annotations

import httpx

from tests.conftest import login
from tests.servers import ServerProcess
from tests.tui.conftest import log_in, make_app, settle
from tui.screens.orgs import OPEN_LINES, OrgsScreen


def _count(node: dict) -> int:
    return 1 + sum(_count(c) for c in node["children"])


def _get(server: ServerProcess, username: str, query: str = "") -> httpx.Response:
    with httpx.Client(base_url=server.url) as http:
        h = login(http, username)
        return http.get(f"/api/v1/orgs/tree{query}", headers=h)


async def _open(pilot, username: str):  # type: ignore[no-untyped-def]
    await log_in(pilot, username)
    await pilot.app.run_action("open('orgs')")
    await settle(pilot)
    assert isinstance(pilot.app.screen, OrgsScreen)
    return pilot.app.screen.query_one("Tree")


async def test_the_province_opens_a_screenful_and_fetches_the_rest_when_opened(
    sqlite_server: ServerProcess,
) -> None:
    everything = _count(_get(sqlite_server, "sw001").json())
    assert everything > 2 * OPEN_LINES  # a tree that cannot be read fully expanded
    app = make_app(sqlite_server.url)
    async with app.run_test(size=(80, 24)) as pilot:
        tree = await _open(pilot, "sw001")
        first = tree.last_line + 1
        committees = len(tree.root.children)
        assert first == 1 + committees <= OPEN_LINES
        node = tree.root.children[0]
        assert not node.children and node.allow_expand and "下级" in str(node.label)
        tree.move_cursor(node)
        await pilot.press("space")
        await settle(pilot)
        assert node.children and node.is_expanded  # fetched from the server on opening
        opened = tree.last_line + 1
        assert opened > first
        await pilot.press("c")
        await pilot.pause()
        assert tree.last_line + 1 == first
        fetched = list(node.children)
        await pilot.press("space")  # open again: already fetched, its own children closed by C
        await settle(pilot)
        assert list(node.children) == fetched
        reopened = tree.last_line + 1
        assert reopened == first + len(fetched)
        app.screen.load()  # the screen's data shown again from the server: it stays open
        await settle(pilot)
        assert tree.last_line + 1 == reopened
        footer = " ".join(str(k) for k in app.screen.active_bindings)
        assert "c" in footer


async def test_a_committee_sees_its_whole_tree(sqlite_server: ServerProcess) -> None:
    everything = _count(_get(sqlite_server, "dw001").json())
    assert everything <= OPEN_LINES
    app = make_app(sqlite_server.url)
    async with app.run_test(size=(80, 24)) as pilot:
        tree = await _open(pilot, "dw001")
        assert tree.last_line + 1 == everything
