"""组织架构: the caller's org and what is under it, as the server sees it.

A province's tree is hundreds of lines: it opens expanded level by level only as far as about a
screenful shows (a 党委's whole tree, the province down to its 党委), and E / C expand or
collapse everything; Enter or Space opens one node. What the user opened stays open when the
fresh answer replaces the cached one."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import work
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


# Levels are opened while the lines shown stay within this (a 党委 of the demo: all 14 lines).
OPEN_LINES = 60


def _label(node: schemas.OrgNode) -> str:
    parts = []
    if node.members:
        parts.append(strings.MEMBERS_COUNT.format(n=node.members))
    if node.children:
        parts.append(strings.ORGS_CHILDREN.format(n=len(node.children)))
    count = f"({' · '.join(parts)})" if parts else ""
    return f"{node.name} [{node.kind_name}]{count}"


def opened_depth(root: schemas.OrgNode, limit: int = OPEN_LINES) -> int:
    """How many levels open at first: the deepest whose lines all fit in `limit` (at least the
    root's children show)."""
    level, lines, depth = [root], 1, 0
    while True:
        below = [c for n in level for c in n.children]
        if not below or (depth > 0 and lines + len(below) > limit):
            return depth
        lines += len(below)
        level, depth = below, depth + 1


class OrgsScreen(PageScreen):
    TITLE_TEXT = strings.ORGS_TITLE
    BINDINGS = [
        Binding("e", "expand_all", strings.ORGS_KEY_EXPAND),
        Binding("c", "collapse_all", strings.ORGS_KEY_COLLAPSE),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.opened: set[int] | None = None  # the org ids open now; None before the first show

    def body(self) -> ComposeResult:
        yield Static(strings.ORGS_HINT, id="org-hint", classes="hint")
        yield Tree(strings.LOADING, id="org-tree")
        yield Static("", id="org-message")

    def action_expand_all(self) -> None:
        self.query_one(Tree).root.expand_all()

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
                return await client.org_tree()
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
        opened, depth = self.opened, opened_depth(root)
        tree.reset(_label(root), root.id)

        def add(parent: TreeNode[int], node: schemas.OrgNode, level: int) -> None:
            for child in node.children:
                if child.children:
                    expand = child.id in opened if opened is not None else level < depth
                    add(parent.add(_label(child), child.id, expand=expand), child, level + 1)
                else:
                    parent.add_leaf(_label(child), child.id)

        add(tree.root, root, 1)
        tree.root.expand()
        self.opened = set()
        tree.focus()


def _nodes(node: TreeNode[int]) -> list[TreeNode[int]]:
    out = [node]
    for child in node.children:
        out.extend(_nodes(child))
    return out
