"""组织架构: the caller's org and what is under it, as the server sees it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import work
from textual.app import ComposeResult
from textual.widgets import Static, Tree
from textual.widgets.tree import TreeNode

from api_client import ApiError
from contract import schemas
from tui import strings
from tui.screens.base import PageScreen

if TYPE_CHECKING:
    from api_client import GsdjClient


def _label(node: schemas.OrgNode) -> str:
    count = f"({strings.MEMBERS_COUNT.format(n=node.members)})" if node.members else ""
    return f"{node.name} [{node.kind_name}]{count}"


class OrgsScreen(PageScreen):
    TITLE_TEXT = strings.ORGS_TITLE

    def body(self) -> ComposeResult:
        yield Tree(strings.LOADING, id="org-tree")
        yield Static("", id="org-message")

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
            return
        tree.reset(_label(root), root.id)

        def add(parent: TreeNode[int], node: schemas.OrgNode) -> None:
            for child in node.children:
                if child.children:
                    add(parent.add(_label(child), child.id, expand=True), child)
                else:
                    parent.add_leaf(_label(child), child.id)

        add(tree.root, root)
        tree.root.expand()
        tree.focus()
