"""内容发布 with Pilot on a real server of its own (what it publishes would change the other
terminal tests' lists): a 党委 admin types a file's path where the cursor starts, publishes it,
sees it 已发布, withdraws it after a question that names it (已撤回) and republishes; a bad
paper's reasons and a missing file show in place."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from textual.widgets import Input, Static

from tests.conftest import demo_server_on
from tests.servers import ServerProcess
from tests.tui.conftest import log_in, make_app, settle
from tui import strings
from tui.screens.publish import PublishScreen
from tui.widgets.confirm import Confirm

EXAMPLES = Path(__file__).resolve().parents[2] / "docs" / "examples"


@pytest.fixture(scope="module")
def own_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    yield from demo_server_on("sqlite", tmp_path_factory, "publish-tui")


def _message(screen: PublishScreen) -> str:
    return str(screen.query_one("#publish-message", Static).render())


def _states(screen: PublishScreen) -> list[str]:
    table = screen.table
    return [str(table.get_row_at(i)[2]) for i in range(table.row_count)]


async def _send(pilot, path: str, key: str = "ctrl+o") -> None:  # type: ignore[no-untyped-def]
    field = pilot.app.screen.query_one("#publish-path", Input)
    field.value = path
    await pilot.press(key)
    await settle(pilot)


async def test_a_committee_admin_publishes_withdraws_and_republishes(
    own_server: ServerProcess, tmp_path: Path
) -> None:
    app = make_app(own_server.url)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await log_in(pilot, "dw001")
        await pilot.app.run_action("open('publish')")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, PublishScreen)
        assert strings.PUBLISH_EMPTY in _message(screen)
        path = screen.query_one("#publish-path", Input)
        assert path.has_focus  # a publisher comes to publish a file: typing goes there

        await _send(pilot, str(tmp_path / "missing.md"))
        assert "找不到文件" in _message(screen)

        await _send(pilot, str(EXAMPLES / "paper.toml"))
        assert "已发布" in _message(screen) and _states(screen) == ["已发布"]
        # The field is emptied: Ctrl+O again publishes nothing twice (a trial did just that).
        assert screen.query_one("#publish-path", Input).value == ""
        await pilot.press("ctrl+o")
        await settle(pilot)
        assert _states(screen) == ["已发布"]
        assert path.has_focus  # the list came back; the cursor stayed in the field
        # 撤回 asks first, naming what goes and that the points earned stay; N keeps it.
        title = screen.table.get_row_at(0)[1]
        await pilot.press("ctrl+w")  # from the path field too (its own Ctrl+W deletes a word)
        await settle(pilot)
        assert isinstance(app.screen, Confirm)
        question = str(app.screen.query_one("#question").render())
        assert f"撤回试卷「{title}」" in question and "积分保留" in question
        await pilot.press("n")
        await settle(pilot)
        assert app.screen is screen and _states(screen) == ["已发布"]
        await pilot.press("ctrl+w")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert _states(screen) == ["已撤回"] and "积分保留" in _message(screen)
        await pilot.press("ctrl+w")  # a withdrawn one cannot be withdrawn again: said in place
        await settle(pilot)
        assert "不能撤回" in _message(screen)
        await pilot.press("ctrl+r")
        await settle(pilot)
        assert _states(screen) == ["已发布"]

        await _send(pilot, str(EXAMPLES / "course.toml"), "ctrl+s")  # a draft
        assert sorted(_states(screen)) == sorted(["草稿", "已发布"])

        bad = tmp_path / "bad.csv"
        bad.write_text("题型,题干,选项A,选项B,答案,分值\n单选题,二选一,甲,乙,C,5\n", "utf-8")
        await _send(pilot, str(bad))
        assert "第 2 行" in _message(screen) and "不在选项中" in _message(screen)
        assert len(_states(screen)) == 2  # nothing stored


async def test_a_scheduled_article_says_when_it_shows(
    own_server: ServerProcess, tmp_path: Path
) -> None:
    """An article whose 发布时间 is still to come is 定时 in the list, with its Beijing time
    (it said 已发布, though nobody could read it yet)."""
    md = tmp_path / "later.md"
    md.write_text(
        "---\n标题: 年终总结定时发布\n栏目: 通知公告\n作者: 兰州新区机关工委\n"
        "发布时间: 2099-01-04 09:00\n---\n正文。\n",
        "utf-8",
    )
    app = make_app(own_server.url)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await log_in(pilot, "zzz001")  # not dw001: the test above counts dw001's list
        await pilot.app.run_action("open('publish')")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, PublishScreen)
        await _send(pilot, str(md))
        assert "2099-01-04 09:00 起可见" in _message(screen)
        row = next(k for k, p in screen.rows.items() if p.title == "年终总结定时发布")
        cells = [str(c) for c in screen.table.get_row(row)]
        assert cells[2:] == ["定时", "2099-01-04 09:00"]
