"""组织架构: the caller's org and what is under it, as the server sees it.

A province is 100,000 organisations: the screen asks for as many levels as fit in about a
screenful (`lines`; a 党委 of the demo comes whole, the province down to its 党委) and shows them
open; an org whose children were not sent says how many there are (下级 N 个) and fetches them
when it is opened (Enter or Space), again as deep as a screenful allows. C closes everything.
What the user opened stays open when the fresh answer replaces the cached one."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Static, Tree
from textual.widgets.tree import TreeNode

from api_client import ApiError
from contract import schemas
from tui import strings
from tui.screens.base import PageScreen

if TYPE_CHECKING:
    from api_client import GsdjClient


# Asked of the server as `lines`: the orgs shown open at first, about a screenful and a half.
OPEN_LINES = 60


def _label(node: schemas.OrgNode) -> str:
    parts = []
    if node.members:
        parts.append(strings.MEMBERS_COUNT.format(n=node.members))
    if node.child_count:
        parts.append(strings.ORGS_CHILDREN.format(n=node.child_count))
    count = f"({' · '.join(parts)})" if parts else ""
    return f"{node.name} [{node.kind_name}]{count}"


def _size(node: schemas.OrgNode) -> int:
    return 1 + sum(_size(c) for c in node.children)


class OrgsScreen(PageScreen):
    TITLE_TEXT = strings.ORGS_TITLE
    BINDINGS = [Binding("c", "collapse_all", strings.ORGS_KEY_COLLAPSE)]

    def __init__(self) -> None:
        super().__init__()
        self.opened: set[int] | None = None  # the org ids open now; None before the first show
        self.unloaded: set[int] = set()  # orgs with children the server has not sent yet
        # Orgs fetched again under a fresh answer: which of the orgs below them were open.
        self.reopening: dict[int, set[int]] = {}

    def body(self) -> ComposeResult:
        yield Static(strings.ORGS_HINT, id="org-hint", classes="hint")
        yield Tree(strings.LOADING, id="org-tree")
        yield Static("", id="org-message")

    def action_collapse_all(self) -> None:
        root = self.query_one(Tree).root
        root.collapse_all()
        root.expand()  # its first level stays in view

    def on_mount(self) -> None:
        self.load()

    @work(exclusive=True)
    async def load(self) -> None:
        async def tree_or_refusal(client: GsdjClient) -> schemas.OrgNode | str:
            try:
                return await client.org_tree(lines=OPEN_LINES)
            except ApiError as exc:
                if exc.status == 403:
                    return exc.message  # shown on the page, not as an error notification
                raise

        await self.app.fetch_fresh(tree_or_refusal, self.show)

    def show(self, root: schemas.OrgNode | str) -> None:
        tree: Tree[int] = self.query_one(Tree)
        if isinstance(root, str):
            self.query_one("#org-message", Static).update(root)
            tree.display = False
            self.query_one("#org-hint").display = False
            return
        if self.opened is not None:  # the fresh answer: keep what the user opened or closed
            self.opened = {n.data for n in _nodes(tree.root) if n.is_expanded and n.data}
        opened = self.opened
        tree.reset(_label(root), root.id)
        self.unloaded = set()
        self._add(tree.root, root, lambda org: org.id in opened if opened is not None else True)
        tree.root.expand()
        if opened:  # opened by hand and fetched then: fetch them again under the fresh answer
            for node in _nodes(tree.root):
                if node.data in self.unloaded and node.data in opened:
                    self.reopening[node.data] = opened
                    node.expand()
        self.opened = set()
        tree.focus()

    def _add(self, parent: TreeNode[int], node: schemas.OrgNode, open_it) -> None:  # type: ignore[no-untyped-def]
        for child in node.children:
            if child.children:
                self._add(
                    parent.add(_label(child), child.id, expand=open_it(child)), child, open_it
                )
            elif child.child_count:
                parent.add(_label(child), child.id, allow_expand=True)
                self.unloaded.add(child.id)
            else:
                parent.add_leaf(_label(child), child.id)

    @on(Tree.NodeExpanded)
    def _expanded(self, event: Tree.NodeExpanded[int]) -> None:
        if event.node.data in self.unloaded:
            self.unloaded.discard(event.node.data)
            self.fetch_below(event.node)

    @work(group="org-below")
    async def fetch_below(self, node: TreeNode[int]) -> None:
        """An org opened whose children were not sent: ask for them (as deep as fits)."""
        org_id = node.data
        assert org_id is not None
        below = await self.app.fetch(lambda c: c.org_tree(root=org_id, lines=OPEN_LINES))
        if below is None:
            self.unloaded.add(org_id)  # the error was shown; opening it again asks again
            node.collapse()
            return
        fits = _size(below) <= OPEN_LINES
        was = self.reopening.pop(org_id, None)
        self._add(node, below, (lambda org: org.id in was) if was is not None else (lambda _: fits))
        node.expand()


def _nodes(node: TreeNode[int]) -> list[TreeNode[int]]:
    out = [node]
    for child in node.children:
        out.extend(_nodes(child))
    return out
