"""No import circle through the app: screens, widgets and the palette know the app only as
`tui.protocol.AppLike`. The graph counts every import statement, inside functions and under
TYPE_CHECKING too, as import-linter (grimp) does."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def import_graph(package: str = "tui") -> dict[str, set[str]]:
    """module → the modules of `package` it imports, from every import statement in it."""
    files = {module_name(p): p for p in (ROOT / package).rglob("*.py")}
    graph: dict[str, set[str]] = {}
    for name, path in files.items():
        is_package = path.name == "__init__.py"
        targets: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                targets.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    anchor = name.split(".")[: len(name.split(".")) - node.level + is_package]
                    base = ".".join([*anchor, *([base] if base else [])])
                for alias in node.names:
                    child = f"{base}.{alias.name}"
                    targets.add(child if child in files else base)
        graph[name] = {t for t in targets if t in files and t != name}
    return graph


def reachable(graph: dict[str, set[str]], start: str) -> set[str]:
    seen: set[str] = set()
    todo = list(graph.get(start, ()))
    while todo:
        node = todo.pop()
        if node not in seen:
            seen.add(node)
            todo.extend(graph.get(node, ()))
    return seen


def cycles_through(graph: dict[str, set[str]], module: str) -> list[str]:
    """The modules that `module` imports (directly or not) and that import it back."""
    return sorted(m for m in reachable(graph, module) - {module} if module in reachable(graph, m))


def test_the_graph_sees_what_it_should() -> None:
    graph = import_graph()
    assert "tui.screens.home" in graph["tui.app"] or "tui.screens.login" in graph["tui.app"]
    assert "tui.strings" in graph["tui.screens.meetings.listing"]
    assert "tui.protocol" in graph["tui.screens.base"]  # a TYPE_CHECKING import counts


def test_a_circle_is_found() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert cycles_through(graph, "a") == ["b", "c"]
    assert cycles_through(graph, "d") == []


def test_no_circle_through_the_app() -> None:
    assert cycles_through(import_graph(), "tui.app") == []


def test_screens_and_widgets_never_import_the_app() -> None:
    graph = import_graph()
    offenders = sorted(
        m
        for m, targets in graph.items()
        if m.startswith(("tui.screens", "tui.widgets", "tui.commands", "tui.protocol"))
        and "tui.app" in targets
    )
    assert offenders == []


def test_no_circle_in_the_client() -> None:
    graph = import_graph()
    assert {m: c for m in graph if (c := cycles_through(graph, m))} == {}


def test_the_app_provides_what_the_protocol_promises() -> None:
    """Every member of AppLike exists on GsdjApp (without building its session)."""
    import inspect

    from tui.app import GsdjApp
    from tui.protocol import AppLike

    app = GsdjApp("http://127.0.0.1:9")
    members = set(AppLike.__annotations__) | {
        name
        for name, value in vars(AppLike).items()
        if callable(value) or isinstance(value, property)
    }
    members -= {name for name in vars(object)} | {"_is_protocol", "_is_runtime_protocol"}
    missing = []
    for name in sorted(members):
        try:
            inspect.getattr_static(app, name)
        except AttributeError:
            missing.append(name)
    assert missing == []
    assert {"fetch", "mutate", "session", "notify", "push_screen", "server_url"} <= members
