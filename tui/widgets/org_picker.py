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

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.timer import Timer
from textual.widgets import Input, Label, OptionList
from textual.widgets.option_list import Option

from api_client import ApiError, ServerUnreachable
from tui import strings

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
        self._lines: dict[str, tuple[str, str]] = {}  # key → (name, the line under it)
        self._marked: str | None = None
        self._timer: Timer | None = None
        self.shown_query: str | None = None  # what the list answers ("" the tree's top)

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(self.question, classes="screen-title", markup=False)
            yield Input(placeholder=strings.ORG_PICK_PLACEHOLDER, max_length=MAX_QUERY, id="org-q")
            yield Label(strings.LOADING, id="org-status")
            yield OptionList(id="org-choices")
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
        status = ""
        try:
            if not query:
                tree = await client.org_tree(lines=TOP_LINES)
                rows = [
                    (n.id, "  " * d + n.name, "")
                    for n, d in _top(tree)
                    if self.kind is None or n.kind == self.kind
                ]
                status = strings.ORG_PICK_TOP
            else:
                found = await client.find_orgs(query, self.kind)
                rows = [
                    (o.id, o.name, f"{o.kind_name} · {o.path}" if o.path else o.kind_name)
                    for o in found.items
                ]
                if found.more:
                    status = strings.ORG_PICK_MORE.format(n=len(found.items))
                elif found.items:
                    status = strings.ORG_PICK_FOUND.format(n=len(found.items))
                else:
                    status = strings.ORG_PICK_NONE
        except ServerUnreachable:
            self.app.went_offline()
            status = strings.ORG_PICK_OFFLINE
        except ApiError as exc:
            status = exc.message
        if query != self.query_text:
            return  # typed on meanwhile
        self._show(query, [r for r in rows if r[0] != self.exclude], status)

    def _show(self, query: str, rows: list[tuple[int, str, str]], status: str) -> None:
        choices = self.query_one(OptionList)
        choices.clear_options()
        self._lines, self._marked = {}, None
        options = []
        for org_id, name, under in rows:
            key = str(org_id)
            mark = CURRENT_MARK if org_id == self.current else ""
            self._lines[key] = (name + mark, under)
            options.append(Option(self._prompt(key, marked=False), id=key))
        choices.add_options(options)
        if options:
            keys = list(self._lines)
            at = str(self.current) if str(self.current) in keys else keys[0]
            choices.highlighted = keys.index(at)
            self._mark(choices)
        self.query_one("#org-status", Label).update(status)
        self.shown_query = query

    def _prompt(self, key: str, marked: bool) -> Text:
        name, under = self._lines[key]
        width = max(20, (self.query_one(OptionList).size.width or self.size.width) - 4)
        line = Text("▶ " if marked else "  ")
        line.append(name, style="bold" if marked else "")
        line.truncate(width, overflow="ellipsis")
        if under:
            below = Text("    " + under, style="dim")
            below.truncate(width, overflow="ellipsis")
            line.append("\n")
            line.append_text(below)
        return line

    def _mark(self, choices: OptionList) -> None:
        at = choices.highlighted
        key = choices.get_option_at_index(at).id if at is not None else None
        if key == self._marked:
            return
        if self._marked in self._lines:
            choices.replace_option_prompt(self._marked, self._prompt(self._marked, marked=False))
        if key in self._lines:
            choices.replace_option_prompt(key, self._prompt(key, marked=True))
        self._marked = key

    @on(OptionList.OptionHighlighted, "#org-choices")
    def _highlighted(self) -> None:
        self._mark(self.query_one(OptionList))

    def action_move(self, step: int) -> None:
        choices = self.query_one(OptionList)
        if not choices.option_count:
            return
        at = choices.highlighted
        choices.highlighted = 0 if at is None else max(0, min(choices.option_count - 1, at + step))

    @on(Input.Submitted, "#org-q")
    def _submitted(self) -> None:
        choices = self.query_one(OptionList)
        if self.shown_query != self.query_text:  # Enter before the answer: ask at once
            if self._timer is not None:
                self._timer.stop()
            self.find(self.query_text)
        elif choices.highlighted is not None:
            self._pick(choices.get_option_at_index(choices.highlighted).id)

    @on(OptionList.OptionSelected, "#org-choices")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        self._pick(event.option.id)

    def _pick(self, key: str | None) -> None:
        if key is not None and key in self._lines:
            self.dismiss(int(key))

    def action_cancel(self) -> None:
        self.dismiss(None)
