"""Every time the terminal shows is Beijing time whatever the machine's zone: the client runs
under TZ=UTC and America/New_York, on times just past Beijing midnight (the previous day in
both zones), and the news list, an article's comments, 会议通知, 通知, 同步 and the header's
数据更新于 all show the Beijing day and time."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import httpx
import pytest
from textual.widgets import DataTable

from tests.conftest import login
from tests.servers import ServerProcess
from tests.tui.conftest import log_in, make_app, settle
from tests.tui.test_chinese import screen_text
from tests.tui.test_meetings import _api
from tests.tui.test_player_and_exams import set_clock
from tui.screens.article import ArticleScreen
from tui.screens.meetings.mine import MyMeetingsScreen
from tui.screens.news import NewsScreen
from tui.screens.sync import SyncScreen

SHANGHAI = ZoneInfo("Asia/Shanghai")


@pytest.fixture(params=["UTC", "America/New_York"])
def machine_zone(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    monkeypatch.setenv("TZ", request.param)
    time.tzset()
    assert time.strftime("%z", time.localtime(0)) != "+0800"
    yield request.param
    monkeypatch.undo()
    time.tzset()


@pytest.fixture(autouse=True)
def _own_data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GSDJ_DATA_DIR", str(tmp_path / "data"))


def cells(table: DataTable[str], row: int) -> list[str]:
    return [str(c) for c in table.get_row_at(row)]


async def test_times_shown_are_beijing_time(
    sqlite_server: ServerProcess, machine_zone: str
) -> None:
    member, admin = ("dy035", "dy036")[machine_zone == "UTC"], "zb003"
    me = _api(sqlite_server, member, "GET", "/me")["id"]
    # 00:16 in Beijing on 10-02 is 10-01 in UTC and in New York.
    set_clock(sqlite_server, "2028-10-02T00:16:00+08:00")
    with httpx.Client(base_url=sqlite_server.url) as http:
        page = http.get("/api/v1/articles?page=1&size=20").json()
        article = page["items"][0]
        said = http.post(
            f"/api/v1/articles/{article['id']}/comments",
            headers=login(http, member),
            json={"body": f"认真学习,深受教育({machine_zone})"},
        )
        assert said.status_code == 200, said.text
    mid = _api(sqlite_server, admin, "POST", "/meetings", json={
        "type": "lesson", "title": f"十月党课{machine_zone[:3]}", "place": "会议室",
        "starts_at": "2028-10-03T01:00:00+08:00",
    })["meeting"]["id"]  # fmt: skip
    _api(sqlite_server, admin, "POST", f"/meetings/{mid}/notify", json={"account_ids": [me]})
    app = make_app(sqlite_server.url)
    async with app.run_test(size=(120, 36)) as pilot:
        await log_in(pilot, member)
        await app.action_open("news")
        await settle(pilot)
        assert isinstance(app.screen, NewsScreen)
        published = datetime.fromisoformat(article["published_at"]).astimezone(SHANGHAI)
        assert published.strftime("%Y-%m-%d %H:%M") in screen_text(app)
        app.push_screen(ArticleScreen(article["id"]))
        await settle(pilot)
        comments = str(app.screen.query_one("#comments").render())
        assert f"10-02 00:16\n  认真学习,深受教育({machine_zone})" in comments
        await app.action_open("my_meetings")
        await settle(pilot)
        assert isinstance(app.screen, MyMeetingsScreen)
        row = next(
            cells(app.screen.table, i)
            for i in range(app.screen.table.row_count)
            if cells(app.screen.table, i)[1] == f"十月党课{machine_zone[:3]}"
        )
        assert row[2] == "2028-10-03 01:00"
        await app.action_home()
        await pilot.press("f7")
        await settle(pilot)
        table = app.screen.query_one("#notices", DataTable)
        assert cells(table, 0)[1] == "2028-10-02 00:16"
        await app.action_home()
        assert app.session.outbox is not None
        app.session.outbox.add(
            "like", {"article_id": 2_000_002}, at=datetime(2028, 10, 1, 16, 30, 5, tzinfo=UTC)
        )
        await pilot.press("f6")
        await settle(pilot)
        assert isinstance(app.screen, SyncScreen)
        assert cells(app.screen.query_one("#sync-pending", DataTable), 0)[0] == "10-02 00:30:05"
        app.data_age = datetime(2028, 10, 1, 16, 40, tzinfo=UTC).timestamp()
        await pilot.pause()
        assert "数据更新于 10-02 00:40" in screen_text(app).splitlines()[0]
        await pilot.press("s")  # the unknown article refuses it: nothing stays pending
        await settle(pilot)
