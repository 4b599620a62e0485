"""搜索 with Pilot on the real server (issue 18): Ctrl+F from the login screen and from 首页, the
palette's entry, results as you type grouped with counts, an older query's answer never shown
over a newer one, Enter opening the reader, the course page and the guide's section, and the
guide still searched offline with the reason said in Chinese."""

from __future__ import annotations

import httpx
from textual.pilot import Pilot
from textual.widgets import Input, Label, OptionList

from tests.conftest import login
from tests.servers import ServerProcess
from tests.tui.conftest import log_in, make_app, settle
from tui import strings
from tui.commands import NAVIGATION
from tui.screens import search as search_screen
from tui.screens.article import ArticleScreen
from tui.screens.guide import GuideScreen
from tui.screens.home import HomeScreen
from tui.screens.search import SearchDialog
from tui.screens.study import CourseScreen


async def typed(pilot: Pilot, text: str) -> SearchDialog:
    dialog = pilot.app.screen
    assert isinstance(dialog, SearchDialog)
    dialog.query_one(Input).value = text
    await pilot.pause(search_screen.DEBOUNCE_SECONDS + 0.1)
    await settle(pilot)
    return dialog


def lines(dialog: SearchDialog) -> list[str]:
    results = dialog.query_one(OptionList)
    return [str(results.get_option_at_index(i).prompt) for i in range(results.option_count)]


def status(dialog: SearchDialog) -> str:
    return str(dialog.query_one("#search-status", Label).render())


async def test_a_visitor_searches_from_the_login_screen_and_opens_an_article(
    sqlite_server: ServerProcess,
) -> None:
    with httpx.Client(base_url=sqlite_server.url) as http:
        answer = http.get("/api/v1/search", params={"q": "党建"}).json()
    article = next(g for g in answer["groups"] if g["kind"] == "article")
    app = make_app(sqlite_server.url)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+f")
        dialog = await typed(pilot, "党建")
        shown = lines(dialog)
        assert shown[0] == strings.SEARCH_GROUP.format(name="党建资讯", n=article["count"])
        assert article["items"][0]["title"] in shown[1]
        assert dialog.shown_query == "党建"
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ArticleScreen)
        assert app.screen.article_id == article["items"][0]["id"]


async def test_an_older_answer_never_paints_over_a_newer_query(
    sqlite_server: ServerProcess,
) -> None:
    app = make_app(sqlite_server.url)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+f")
        dialog = await typed(pilot, "红色")
        before = lines(dialog)
        assert any("红色甘肃" in line for line in before)
        dialog.find("党建")  # an answer to a query the box no longer holds
        await settle(pilot)
        assert lines(dialog) == before and dialog.shown_query == "红色"
        # Typing on: only the last query is searched and shown.
        box = dialog.query_one(Input)
        for text in ("学", "学习", "学习强"):
            box.value = text
            await pilot.pause(0.02)
        await pilot.pause(search_screen.DEBOUNCE_SECONDS + 0.1)
        await settle(pilot)
        assert dialog.shown_query == "学习强"
        # Down to the course group; Enter opens the course page.
        dialog = await typed(pilot, "红色")
        await pilot.press("down")  # the second result, skipping the group lines
        while "红色甘肃" not in lines(dialog)[dialog.query_one(OptionList).highlighted or 0]:
            await pilot.press("down")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, CourseScreen)
        await pilot.press("escape")


async def test_a_member_searches_from_home_and_the_palette_offers_it(
    sqlite_server: ServerProcess,
) -> None:
    assert any(c.action == "search" for c in NAVIGATION)
    with httpx.Client(base_url=sqlite_server.url) as http:
        h = login(http, "dy001")
        answer = http.get("/api/v1/search", params={"q": "支部"}, headers=h).json()
    counts = {g["name"]: g["count"] for g in answer["groups"] if g["count"]}
    app = make_app(sqlite_server.url)
    async with app.run_test(size=(120, 40)) as pilot:
        await log_in(pilot, "dy001")
        assert isinstance(app.screen, HomeScreen)
        await app.run_action("search")
        await pilot.pause()
        dialog = await typed(pilot, "支部")
        shown = lines(dialog)
        for name, n in counts.items():
            assert strings.SEARCH_GROUP.format(name=name, n=n) in shown
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)


async def test_the_cursor_carries_a_mark_and_a_group_opens_whole(
    sqlite_server: ServerProcess,
) -> None:
    """The highlighted result is marked ▶ (not only coloured), and only it; a group with more
    than it shows ends in a line that, on Enter, lists the group whole (the server's newest 50)
    with the cursor on the first result not shown before."""
    with httpx.Client(base_url=sqlite_server.url) as http:
        h = login(http, "dy001")
        answer = http.get("/api/v1/search", params={"q": "党建"}, headers=h).json()
        whole = http.get(
            "/api/v1/search", params={"q": "党建", "kinds": "article", "limit": 50}, headers=h
        ).json()["groups"][0]
    article = next(g for g in answer["groups"] if g["kind"] == "article")
    assert article["count"] > len(article["items"])  # the demo has more than five
    app = make_app(sqlite_server.url)
    async with app.run_test(size=(80, 24)) as pilot:
        await log_in(pilot, "dy001")
        await pilot.press("ctrl+f")
        dialog = await typed(pilot, "党建")
        results = dialog.query_one(OptionList)

        def marked() -> list[int]:
            return [i for i, line in enumerate(lines(dialog)) if line.startswith("▶")]

        assert marked() == [results.highlighted] == [1]
        await pilot.press("down")
        await settle(pilot)
        assert marked() == [results.highlighted] == [2]
        more = strings.SEARCH_MORE.format(name="党建资讯")
        at = next(i for i, line in enumerate(lines(dialog)) if more in line)
        assert at == len(article["items"]) + 1  # after the group's results
        while results.highlighted != at:
            await pilot.press("down")
        await pilot.press("enter")
        await settle(pilot)
        shown = lines(dialog)
        titles = [i["title"] for i in whole["items"]]
        assert all(any(t in line for line in shown) for t in titles)
        assert not any(more in line for line in shown)
        assert whole["items"][len(article["items"])]["title"] in shown[results.highlighted or 0]
        assert marked() == [results.highlighted]
        assert isinstance(app.screen, SearchDialog)  # still searching, nothing opened


async def test_offline_the_guide_is_still_searched() -> None:
    app = make_app("http://127.0.0.1:9")  # nothing listens there
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+f")
        dialog = await typed(pilot, "搜索")
        assert status(dialog) == strings.SEARCH_OFFLINE
        shown = lines(dialog)
        assert shown[0].startswith("操作指南(")
        heading = next(line for line in shown[1:] if line.strip()).split("\n")[0]
        heading = heading.removeprefix("▶").strip()
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, GuideScreen) and app.screen.heading == heading


async def test_a_standards_item_opens_on_its_field_with_the_cursor_on_it(
    sqlite_server: ServerProcess,
) -> None:
    """学标对标's results open 学标对标 on the item's field (not the reader's own), at the item."""
    from tui.screens.standards import StandardsScreen

    with httpx.Client(base_url=sqlite_server.url) as http:
        h = login(http, "dy001")
        fields = http.get("/api/v1/standards", headers=h).json()["fields"]
        other = fields[-1]  # the reader's own field is listed first
        detail = http.get(f"/api/v1/standards/{other['field']}", headers=h).json()
        item = detail["aspects"][1]["items"][0]
        answer = http.get(
            "/api/v1/search", params={"q": item["title"], "kinds": "standard"}, headers=h
        ).json()
    hit = next(i for i in answer["groups"][0]["items"] if i["id"] == item["id"])
    app = make_app(sqlite_server.url)
    async with app.run_test(size=(120, 36)) as pilot:
        await log_in(pilot, "dy001")
        await pilot.press("ctrl+f")
        dialog = await typed(pilot, item["title"])
        results = dialog.query_one(OptionList)
        at = next(
            i for i in range(results.option_count)
            if results.get_option_at_index(i).id == f"standard-{hit['id']}"
        )  # fmt: skip
        results.highlighted = at
        await pilot.press("enter")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, StandardsScreen)
        assert screen.field == other["field"] and screen.cursor_key() == str(item["id"])


def test_a_guide_result_is_plain_text() -> None:
    """The guide's Markdown stays out of a result: no ** marks, a key table's row as its cells."""
    found = dict(search_screen.search_guide("不登录浏览党建资讯"))
    assert found and all("|" not in line and "**" not in line for line in found.values())
    assert "F2 · 登录页:不登录浏览党建资讯" in found.values()
