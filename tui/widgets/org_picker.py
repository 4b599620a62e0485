"""Pick an org among a province's (账号管理's 选择组织 and 转支部): type part of its name or the
start of its code and the server's matches of the caller's scope come as you type
(`GET /api/v1/orgs/find`), each with the path above it to tell two 第一党支部 apart. Before
anything is typed the list holds the top of the caller's tree, as many levels as fit a
screenful (`GET /api/v1/orgs/tree?lines=`), never the whole of it. Arrows move in the list while
the box keeps the keys, Enter picks, Esc cancels; the current org is marked (当前) in words,
the highlighted line ▶.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.timer import Timer
from textual.widgets import Input, Label, OptionList

from api_client import ApiError, ServerUnreachable
from tui import strings
from tui.widgets.result_list import ResultList

if TYPE_CHECKING:
    from contract import schemas
    from tui.protocol import AppLike

DEBOUNCE_SECONDS = 0.2
MAX_QUERY = 40  # the server refuses longer (server.services.orgs.FIND_MAX_QUERY)
TOP_LINES = 40  # orgs of the caller's tree listed before anything is typed
CURRENT_MARK = "(当前)"


def _top(node: schemas.OrgNode, depth: int = 0) -> list[tuple[schemas.OrgNode, int]]:
    out = [(node, depth)] if node.kind != "group" else []
    for child in node.children:
        out += _top(child, depth + 1)
    return out


class OrgPicker(ModalScreen[int | None]):
    """Answers the id of the chosen org, or None. `kind`: only orgs of that kind (转支部:
    branches); `current`: the org the thing has now (marked, and where the list opens);
    `exclude`: an org not to offer (the branch a member is already in)."""

    DEFAULT_CSS = """
    OrgPicker { align: center top; }
    OrgPicker > Vertical {
        width: 80; max-width: 100%; height: 1fr;
        border: thick $accent; background: $surface; padding: 0 1;
    }
    OrgPicker Label { width: 100%; }
    OrgPicker #org-status { color: $text-muted; }
    OrgPicker OptionList { height: 1fr; border: none; padding: 0; }
    OrgPicker .hint { color: $text-muted; }
    """
    BINDINGS = [
        Binding("escape", "cancel", "取消"),
        Binding("down", "move(1)", "下一个", show=False, priority=True),
        Binding("up", "move(-1)", "上一个", show=False, priority=True),
        Binding("pagedown", "move(10)", show=False, priority=True),
        Binding("pageup", "move(-10)", show=False, priority=True),
    ]

    app: AppLike  # type: ignore[assignment]

    def __init__(
        self,
        question: str,
        kind: str | None = None,
        current: int | None = None,
        exclude: int | None = None,
    ) -> None:
        super().__init__()
        self.question = question
        self.kind = kind
        self.current = current
        self.exclude = exclude
        self._timer: Timer | None = None
        self.shown_query: str | None = None  # what the list answers ("" the tree's top)

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(self.question, classes="screen-title", markup=False)
            yield Input(placeholder=strings.ORG_PICK_PLACEHOLDER, max_length=MAX_QUERY, id="org-q")
            yield Label(strings.LOADING, id="org-status")
            yield ResultList(id="org-choices")
            yield Label(strings.ORG_PICK_KEYS, classes="hint")

    def on_mount(self) -> None:
        self.query_one(Input).focus()
        self.find("")

    @property
    def query_text(self) -> str:
        return " ".join(self.query_one(Input).value.split())

    @on(Input.Changed, "#org-q")
    def _changed(self) -> None:
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.set_timer(DEBOUNCE_SECONDS, lambda: self.find(self.query_text))

    @work(exclusive=True, group="org-find")
    async def find(self, query: str) -> None:
        """The tree's top for an empty box, else the server's matches; an answer is shown only
        while the box still holds its query."""
        client = self.app.session.client
        rows: list[tuple[int, str, str]] = []  # (id, name, the line under it)
        more = False
        try:
            if not query:
                tree = await client.org_tree(lines=TOP_LINES)
                rows = [
                    (n.id, "  " * d + n.name, "")
                    for n, d in _top(tree)
                    if self.kind is None or n.kind == self.kind
                ]
            else:
                found = await client.find_orgs(query, self.kind)
                rows = [
                    (o.id, o.name, f"{o.kind_name} · {o.path}" if o.path else o.kind_name)
                    for o in found.items
                ]
                more = found.more
        except ServerUnreachable:
            self.app.went_offline()
            status = strings.ORG_PICK_OFFLINE
        except ApiError as exc:
            status = exc.message
        else:
            # What is offered (the org to leave is not): the count says what the list holds.
            rows = [r for r in rows if r[0] != self.exclude]
            if not query:
                status = (
                    strings.ORG_PICK_TOP if self.exclude is None else strings.ORG_PICK_TOP_OTHER
                )
            elif more:
                status = strings.ORG_PICK_MORE.format(n=len(rows))
            elif rows:
                status = strings.ORG_PICK_FOUND.format(n=len(rows))
            else:
                status = strings.ORG_PICK_NONE
        if query != self.query_text:
            return  # typed on meanwhile
        self._show(query, rows, status)

    def _show(self, query: str, rows: list[tuple[int, str, str]], status: str) -> None:
        choices = self.query_one(ResultList)
        choices.clear_lines()
        keys = [str(org_id) for org_id, _, _ in rows]
        choices.add_options([
            choices.line(str(org_id), name + (CURRENT_MARK if org_id == self.current else ""), under)
            for org_id, name, under in rows
        ])  # fmt: skip
        if keys:
            at = str(self.current) if str(self.current) in keys else keys[0]
            choices.highlighted = keys.index(at)
            choices.mark()
        self.query_one("#org-status", Label).update(status)
        self.shown_query = query

    def action_move(self, step: int) -> None:
        self.query_one(ResultList).move(step)

    @on(Input.Submitted, "#org-q")
    def _submitted(self) -> None:
        if self.shown_query != self.query_text:  # Enter before the answer: ask at once
            if self._timer is not None:
                self._timer.stop()
            self.find(self.query_text)
        else:
            self._pick(self.query_one(ResultList).key_at_cursor())

    @on(OptionList.OptionSelected, "#org-choices")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        self._pick(event.option.id)

    def _pick(self, key: str | None) -> None:
        if key is not None:
            self.dismiss(int(key))

    def action_cancel(self) -> None:
        self.dismiss(None)
