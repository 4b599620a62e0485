"""账号管理's org pickers at a province's size (issue 16) on the real server, at 80×24: O opens
the picker on the top of the caller's tree (never the whole of it), typing finds orgs by name as
you type with the path above each, ▶ marks the cursor, Enter opens that org's accounts; M (转支部)
offers branches only, not the member's own, and moves the member there."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from textual.widgets import Input, Label, OptionList

from tests.conftest import demo_server_on, login
from tests.servers import ServerProcess
from tests.tui.conftest import log_in, make_app, settle
from tui import strings
from tui.screens.accounts import AccountsScreen
from tui.widgets import org_picker
from tui.widgets.org_picker import OrgPicker


@pytest.fixture(scope="module")
def own_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    """Moving a member changes what the shared server's other tests read."""
    yield from demo_server_on("sqlite", tmp_path_factory, "org-picker")


def _lines(picker: OrgPicker) -> list[str]:
    """Each choice: its name line and the path line under it."""
    choices = picker.query_one(OptionList)
    return [str(choices.get_option_at_index(i).prompt) for i in range(choices.option_count)]


async def _typed(pilot, text: str) -> OrgPicker:  # type: ignore[no-untyped-def]
    picker = pilot.app.screen
    assert isinstance(picker, OrgPicker)
    picker.query_one(Input).value = text
    await pilot.pause(org_picker.DEBOUNCE_SECONDS + 0.1)
    await settle(pilot)
    assert picker.shown_query == text
    return picker


async def test_find_an_org_by_name_and_move_a_member_to_another_branch(
    own_server: ServerProcess,
) -> None:
    with own_server.client() as http:
        h = login(http, "dw001")  # a 党委: it manages the members under it
        # dy001's branch (it has members); another branch to move one of them to.
        name = http.get("/api/v1/me", headers=login(http, "dy001")).json()["org"]["name"]
        target = http.get("/api/v1/orgs/find", params={"q": name}, headers=h).json()["items"][0]
        branches = http.get(
            "/api/v1/orgs/find", params={"q": "支部", "kind": "branch"}, headers=h
        ).json()["items"]
    assert target["name"] == name and target["kind"] == "branch"
    other = next(b for b in branches if b["id"] != target["id"])
    app = make_app(own_server.url)
    async with app.run_test(size=(80, 24)) as pilot:
        await log_in(pilot, "dw001")
        await app.run_action("open('accounts')")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, AccountsScreen)
        await pilot.press("o")
        await settle(pilot)
        picker = app.screen
        assert isinstance(picker, OrgPicker)
        assert str(picker.query_one("#org-status", Label).render()) == strings.ORG_PICK_TOP
        top = _lines(picker)
        assert len(top) <= org_picker.TOP_LINES and top[0].startswith("▶")
        assert org_picker.CURRENT_MARK in top[0]  # the 党委's own, the accounts shown now
        picker = await _typed(pilot, target["name"])
        shown = _lines(picker)
        assert target["name"] in shown[0] and target["path"].split(" › ")[-1] in shown[0]
        assert [i for i, line in enumerate(shown) if line.startswith("▶")] == [0]
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is screen and screen.answer is not None
        assert screen.answer.org.id == target["id"]
        assert screen.table.cursor_row == 0
        # Another org again, from the last row: its accounts open at the first row (the row
        # number left behind means nobody there).
        screen.table.move_cursor(row=screen.table.row_count - 1)
        await pilot.press("o")
        await settle(pilot)
        picker = await _typed(pilot, other["name"])
        await pilot.press("enter")
        await settle(pilot)
        assert screen.answer.org.id == other["id"] and screen.table.cursor_row == 0
        await pilot.press("o")
        await settle(pilot)
        picker = await _typed(pilot, target["name"])
        await pilot.press("enter")
        await settle(pilot)
        assert screen.answer.org.id == target["id"]
        # 转支部 for a member of it: branches only, never the one the member is in.
        row = next(a for a in screen.answer.items if "move_branch" in a.actions)
        screen.table.move_cursor(row=screen.answer.items.index(row))
        await settle(pilot)
        await pilot.press("m")
        await settle(pilot)
        picker = app.screen
        assert isinstance(picker, OrgPicker)
        picker = await _typed(pilot, "支部")
        names = [line.split("\n")[0].removeprefix("▶").strip() for line in _lines(picker)]
        assert target["name"] not in names and all(n.endswith("支部") for n in names)
        # The count says what is offered (the member's own branch is not).
        status = str(picker.query_one("#org-status", Label).render())
        assert status in (strings.ORG_PICK_FOUND.format(n=len(names)),
                          strings.ORG_PICK_MORE.format(n=len(names))), status  # fmt: skip
        picker = await _typed(pilot, target["name"])
        assert _lines(picker) == []
        status = str(picker.query_one("#org-status", Label).render())
        assert status == strings.ORG_PICK_NONE
        picker = await _typed(pilot, other["name"])
        assert other["name"] in _lines(picker)[0]
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is screen and screen.answer is not None
        assert row.id not in [a.id for a in screen.answer.items]  # moved away
        said = [n.message for n in app._notifications]
        assert any(f"已将 {row.display_name} 转到 {other['name']}" in m for m in said), said
    with own_server.client() as http:
        h = login(http, "dw001")
        there = http.get(f"/api/v1/accounts?org_id={other['id']}", headers=h)
        assert row.id in [a["id"] for a in there.json()["items"]], there.text
