"""我的支部: the branch's profile as the server answers it — path, 领域, 书记 and 委员 by
position, 党小组 with their members, member count, this year's org-life tally. The branch's
own admin (the answer's `may_edit`) also sees the edit keys: 领域, 新增/改名党小组, 委员."""

from __future__ import annotations

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Static

from contract import schemas
from tui import strings
from tui.screens.base import PageScreen
from tui.widgets.ask import AskText, in_worker
from tui.widgets.choose import Choose

EDIT_ACTIONS = frozenset({"field", "add_group", "rename_group", "committee"})


class BranchScreen(PageScreen):
    TITLE_TEXT = strings.BRANCH_TITLE
    # Short enough that Ctrl+Q 退出程序 and Ctrl+P 命令 stay whole at 80 columns (the
    # 党小组 picker behind R says which it renames).
    BINDINGS = [
        Binding("l", "field", "领域"),
        Binding("g", "add_group", "新增党小组"),
        Binding("r", "rename_group", "改名"),
        Binding("w", "committee", "委员"),
        # 学标对标 opens on this branch's own field (in the guide; the footer keeps its room).
        Binding("b", "app.open('standards')", "学标对标", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.profile: schemas.BranchProfileOut | None = None

    def body(self) -> ComposeResult:
        yield Static("", id="branch-head", markup=False)
        yield Static("", id="branch-committee", markup=False)
        yield Static("", id="branch-groups", markup=False)
        yield Static("", id="branch-tally", markup=False)

    def on_mount(self) -> None:
        self.load()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in EDIT_ACTIONS:  # the server says who may edit
            return self.profile is not None and self.profile.may_edit
        return True

    @work(exclusive=True, group="load")
    async def load(self) -> None:
        await self.app.fetch_fresh(lambda c: c.my_branch(), self.show)

    def show(self, p: schemas.BranchProfileOut) -> None:
        self.profile = p
        path = " › ".join(o.name for o in p.path)
        self.query_one("#branch-head", Static).update(
            strings.BRANCH_HEAD.format(
                path=path, field=p.field_name or strings.BRANCH_NONE, count=p.member_count
            )
        )
        committee = "、".join(f"{c.position} {c.display_name}" for c in p.committee)
        self.query_one("#branch-committee", Static).update(
            strings.BRANCH_COMMITTEE.format(
                secretary=p.secretary or strings.BRANCH_NONE,
                committee=committee or strings.BRANCH_NONE,
            )
        )
        lines = [strings.BRANCH_GROUPS]
        for g in p.groups:
            names = "、".join(m.display_name for m in g.members) or strings.BRANCH_NONE
            lines.append(f"  {g.name}({len(g.members)} 人):{names}")
        if p.ungrouped:
            lines.append(
                strings.BRANCH_UNGROUPED.format(
                    names="、".join(m.display_name for m in p.ungrouped)
                )
            )
        self.query_one("#branch-groups", Static).update("\n".join(lines))
        meetings = "、".join(f"{m.name} {m.completed}" for m in p.meetings)
        self.query_one("#branch-tally", Static).update(
            strings.BRANCH_TALLY.format(year=p.year, points=p.org_life_points, meetings=meetings)
        )
        self.refresh_bindings()

    async def _apply(self, call) -> None:  # type: ignore[no-untyped-def]
        answer = await self.app.fetch(call)
        if answer is not None:
            self.show(answer)
            self.notify(strings.BRANCH_SAVED)

    def action_field(self) -> None:
        p = self.profile
        if p is None:
            return

        async def chosen(code: str | None) -> None:
            if code is not None:
                await self._apply(lambda c: c.set_branch_field(p.id, code))

        choices = [(f.code, f.name) for f in p.fields]
        self.app.push_screen(
            Choose(strings.BRANCH_ASK_FIELD, choices, p.field), in_worker(self.app, chosen)
        )

    def action_add_group(self) -> None:
        p = self.profile
        if p is None:
            return

        async def named(name: str | None) -> None:
            if name:
                await self._apply(lambda c: c.add_branch_group(p.id, name))

        self.app.push_screen(
            AskText(strings.BRANCH_ASK_GROUP, max_length=100), in_worker(self.app, named)
        )

    def action_rename_group(self) -> None:
        p = self.profile
        if p is None or not p.groups:
            return

        async def chosen(key: str | None) -> None:
            if key is None:
                return

            async def named(name: str | None) -> None:
                if name:
                    await self._apply(lambda c: c.rename_branch_group(p.id, int(key), name))

            self.app.push_screen(
                AskText(strings.BRANCH_ASK_RENAME, max_length=100), in_worker(self.app, named)
            )

        choices = [(str(g.id), g.name) for g in p.groups]
        self.app.push_screen(Choose(strings.BRANCH_ASK_WHICH_GROUP, choices),
                             in_worker(self.app, chosen))  # fmt: skip

    def action_committee(self) -> None:
        """委员: a member, then a position of the fixed list (GET /orgs/positions) or none."""
        p = self.profile
        if p is None:
            return
        members = [m for g in p.groups for m in g.members] + list(p.ungrouped)

        async def chosen(key: str | None) -> None:
            if key is None:
                return
            positions = await self.app.fetch(lambda c: c.positions())
            if positions is None:
                return

            async def placed(code: str | None) -> None:
                if code is None:
                    return
                done = await self.app.fetch(
                    lambda c: c.set_account_position(int(key), code or None)
                )
                if done is not None:
                    self.notify(strings.BRANCH_SAVED)
                    self.load()

            choices = [(q.code, q.name) for q in positions] + [("", strings.BRANCH_NO_POSITION)]
            who = next(m.display_name for m in members if str(m.id) == key)
            question = strings.BRANCH_ASK_POSITION.format(who=who)
            held = next((c.position_code for c in p.committee if str(c.account_id) == key), "")
            self.app.push_screen(Choose(question, choices, held), in_worker(self.app, placed))

        choices = [(str(m.id), f"{m.display_name} {m.position or ''}".strip()) for m in members]
        self.app.push_screen(Choose(strings.BRANCH_ASK_MEMBER, choices),
                             in_worker(self.app, chosen))  # fmt: skip
