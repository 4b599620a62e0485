"""经验交流 and 党群服务 by keyboard with Pilot on a real server: a visitor opens 党群服务 from the
login screen (the 心愿树 in this terminal, an address in the browser or in a dialog to copy);
西街村党支部 (zb006) writes a post with an attachment and submits it, its 党委 (dw002) sends it back
with a reason and then approves it, a member likes and comments on it. 2031-04."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import DataTable, Input, TextArea

from tests.servers import ServerProcess
from tests.tui.conftest import log_in, make_app, settle
from tests.tui.test_player_and_exams import _notes, _text, set_clock
from tui import browser
from tui.screens.article import CommentBox
from tui.screens.exchange.editor import EditorScreen
from tui.screens.exchange.listing import ExchangeScreen
from tui.screens.exchange.post import ExchangePostScreen
from tui.screens.party_services import PartyServicesScreen
from tui.screens.vanguard.board import VanguardScreen
from tui.widgets.address import AddressDialog
from tui.widgets.ask import AskText
from tui.widgets.choose import Choose
from tui.widgets.confirm import Confirm

TITLE = "西街村党支部用好“院坝会”的做法"


def _keys(table: DataTable) -> list[str]:  # type: ignore[type-arg]
    return [str(k.value) for k in table.rows]


async def _select(pilot, table_id: str, key: str) -> None:  # type: ignore[no-untyped-def]
    table = pilot.app.screen.query_one(f"#{table_id}", DataTable)
    table.move_cursor(row=_keys(table).index(key))
    await pilot.pause()


async def test_visitor_opens_party_services_from_the_login_screen(
    sqlite_server: ServerProcess, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = make_app(sqlite_server.url)
    opened: list[str] = []
    monkeypatch.setattr(app, "open_url", lambda url, new_tab=True: opened.append(url))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        footer = app.screen._compositor.render_strips()[-1].text
        assert "f6 党群服务" in footer, footer
        await pilot.press("f6")
        await settle(pilot)
        assert isinstance(app.screen, PartyServicesScreen)
        table = app.screen.query_one("#services", DataTable)
        keys = _keys(table)
        assert keys[0] == "wish_tree" and "portal" in keys
        assert len([k for k in keys if k.startswith("city_")]) == 14
        # No graphical browser: the address is shown and copied.
        monkeypatch.setattr(browser, "available", lambda: False)
        await _select(pilot, "services", "city_620100")
        assert "兰州市党建网" in _text(app.screen, "#services-detail")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, AddressDialog)
        address = app.screen.query_one("#address", Input).value
        assert address.startswith("https://620100.")
        assert app.clipboard == address and not opened
        await pilot.press("escape")
        await settle(pilot)
        # With one: the system browser opens it.
        monkeypatch.setattr(browser, "available", lambda: True)
        await pilot.press("enter")
        await settle(pilot)
        assert opened == [address] and isinstance(app.screen, PartyServicesScreen)
        # The 心愿树 is 先锋模范's screen, without an account too.
        await _select(pilot, "services", "wish_tree")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, VanguardScreen) and app.screen.tabs == ["wish"]


def test_browser_needs_a_graphical_session_on_linux() -> None:
    assert not browser.available({"BROWSER": "lynx"}, "linux")  # a text browser over our screen
    assert not browser.available({}, "linux")


async def _open_exchange(pilot) -> ExchangeScreen:  # type: ignore[no-untyped-def]
    await pilot.app.run_action("open('exchange')")
    await settle(pilot)
    assert isinstance(pilot.app.screen, ExchangeScreen)
    return pilot.app.screen


async def _read(pilot, view_key: str | None, title: str) -> ExchangePostScreen:  # type: ignore[no-untyped-def]
    screen = await _open_exchange(pilot)
    if view_key:
        await pilot.press(view_key)
        await settle(pilot)
    assert screen.answer is not None
    post = next(p for p in screen.answer.posts if p.title == title)
    await _select(pilot, "exchange-list", str(post.id))
    await pilot.press("enter")
    await settle(pilot)
    assert isinstance(pilot.app.screen, ExchangePostScreen)
    return pilot.app.screen


async def _answer(pilot, text: str) -> None:  # type: ignore[no-untyped-def]
    assert isinstance(pilot.app.screen, AskText)
    pilot.app.screen.query_one(Input).value = text
    await pilot.press("enter")
    await settle(pilot)


async def test_branch_writes_upper_org_reviews_members_like_and_comment(
    sqlite_server: ServerProcess, tmp_path: Path
) -> None:
    set_clock(sqlite_server, "2031-04-02T10:00:00+08:00")
    attachment = tmp_path / "院坝会记录.txt"
    attachment.write_text("议题:村道硬化。", encoding="utf-8")
    # The branch admin writes, attaches a file (the new post is saved first) and submits.
    app = make_app(sqlite_server.url)
    async with app.run_test(size=(120, 36)) as pilot:
        await log_in(pilot, "zb006")
        screen = await _open_exchange(pilot)
        assert screen.answer is not None and screen.answer.views == ["published", "mine"]
        await pilot.press("n")
        await settle(pilot)
        editor = app.screen
        assert isinstance(editor, EditorScreen)
        editor.query_one("#editor-title", Input).value = TITLE
        editor.query_one("#editor-body", TextArea).load_text("每月在院坝里开会,听群众的意见。")
        editor.query_one("#editor-path", Input).value = str(attachment)
        await pilot.press("ctrl+t")
        await settle(pilot)
        assert "已上传附件:院坝会记录.txt" in _notes(app)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ExchangeScreen)
        reader = await _read(pilot, "2", TITLE)
        assert reader.post is not None and reader.post.state == "draft"
        footer = app.screen._compositor.render_strips()[-1].text
        assert "修改" in footer and "报审" in footer and "审核通过" not in footer, footer
        assert "院坝会记录.txt" in _text(reader, "#exchange-extra")
        await pilot.press("b")
        await settle(pilot)
        assert isinstance(app.screen, Confirm)
        await pilot.press("y")
        await settle(pilot)
        assert reader.post.state == "pending"
        assert any(n.startswith("已报审,等待") for n in _notes(app))
    # The 党委 sends it back with a reason (R asks for it).
    app = make_app(sqlite_server.url)
    async with app.run_test(size=(120, 36)) as pilot:
        await log_in(pilot, "dw002")
        reader = await _read(pilot, "2", TITLE)
        await pilot.press("r")
        await settle(pilot)
        await _answer(pilot, "请补充群众反映问题的解决情况")
        assert reader.post is not None and reader.post.state == "rejected"
        assert "请补充群众反映问题的解决情况" in _text(reader, "#exchange-extra")
    # The branch edits and submits again; the 党委 approves.
    app = make_app(sqlite_server.url)
    async with app.run_test(size=(120, 36)) as pilot:
        await log_in(pilot, "zb006")
        reader = await _read(pilot, "2", TITLE)
        assert "退回原因:请补充群众反映问题的解决情况" in _text(reader, "#exchange-body")
        await pilot.press("e")
        await settle(pilot)
        editor = app.screen
        assert isinstance(editor, EditorScreen)
        # A second file, then Ctrl+G takes one out: which one, then Y (N keeps it).
        second = tmp_path / "照片说明.txt"
        second.write_text("院坝会现场。", encoding="utf-8")
        editor.query_one("#editor-path", Input).value = str(second)
        await pilot.press("ctrl+t")
        await settle(pilot)
        assert editor.post is not None and len(editor.post.attachments) == 2
        await pilot.press("ctrl+g")
        await settle(pilot)
        assert isinstance(app.screen, Choose)
        await pilot.press("down", "enter")  # the second
        await settle(pilot)
        assert isinstance(app.screen, Confirm) and "照片说明.txt" in app.screen.question
        await pilot.press("n")
        await settle(pilot)
        assert len(editor.post.attachments) == 2
        await pilot.press("ctrl+g")
        await settle(pilot)
        await pilot.press("down", "enter")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert app.screen is editor and "附件已删除" in _notes(app)
        assert [a.name for a in editor.post.attachments] == ["院坝会记录.txt"]
        assert "照片说明.txt" not in _text(editor, "#editor-attachments")
        app.screen.query_one("#editor-body", TextArea).load_text("补充:已解决 12 件。")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ExchangePostScreen)
        assert "已解决 12 件" in _text(app.screen, "#exchange-body")
        await pilot.press("b", "y")
        await settle(pilot)
    app = make_app(sqlite_server.url)
    async with app.run_test(size=(120, 36)) as pilot:
        await log_in(pilot, "dw002")
        reader = await _read(pilot, "2", TITLE)
        await pilot.press("a")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert reader.post is not None and reader.post.state == "published"
        history = _text(reader, "#exchange-extra")
        assert "第 1 轮  退回" in history and "第 2 轮  审核通过" in history
    # A member of another branch reads it in 已发布, likes (and unlikes) and comments.
    app = make_app(sqlite_server.url)
    async with app.run_test(size=(120, 36)) as pilot:
        await log_in(pilot, "dy037")
        reader = await _read(pilot, None, TITLE)
        footer = app.screen._compositor.render_strips()[-1].text
        assert "点赞" in footer and "修改" not in footer, footer
        await pilot.press("l")
        await settle(pilot)
        assert reader.post is not None and reader.post.liked and reader.post.likes == 1
        assert "我已点赞" in _text(reader, "#exchange-meta")
        await pilot.press("l")
        await settle(pilot)
        assert not reader.post.liked and reader.post.likes == 0
        # A refusal stays in the comment box with the server's reason, the text kept to fix.
        await pilot.press("c")
        await settle(pilot)
        box = app.screen
        assert isinstance(box, CommentBox)
        box.query_one(Input).value = "好"
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is box and box.query_one(Input).value == "好"
        assert "评论至少需要 5 个非空白字符" in str(box.query_one("#comment-error").render())
        box.query_one(Input).value = "院坝会的做法很接地气"
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is reader
        assert "院坝会的做法很接地气" in _text(reader, "#exchange-comments")
        assert reader.post.history == []  # readers see the post, not its rounds
