"""ruff, import-linter and mypy keep the code to the project's rules (pyproject.toml [tool.ruff],
[tool.importlinter], [tool.mypy])."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


# mypy strict on these; server/services joins as soon as it exists
STRICT_PACKAGES = ["server/domain", "server/services", "contract", "api_client", "offline_cache"]


def _tool(name: str) -> str:
    """The executable installed next to this interpreter (the venv's), else the one on PATH."""
    beside = Path(sys.executable).with_name(name)
    return str(beside) if beside.exists() else shutil.which(name) or name


def test_ruff_check() -> None:
    result = subprocess.run([_tool("ruff"), "check", str(ROOT)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_import_contracts() -> None:
    """Every "never" of the layering is a contract; on failure the output names each import."""
    result = subprocess.run([_tool("lint-imports")], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_strict_packages() -> None:
    packages = [p for p in STRICT_PACKAGES if (ROOT / p).is_dir()]
    result = subprocess.run([_tool("mypy"), *packages], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_every_user_facing_string_is_named_once() -> None:
    """A second `NAME = …` in a strings module silently replaces the first everywhere it is used
    (a meeting column once renamed the 功能权限 table's 说明 column to 请假原因)."""
    import ast

    for module in (ROOT / "tui" / "strings.py", ROOT / "server" / "messages.py"):
        names = [
            target.id
            for node in ast.parse(module.read_text(encoding="utf-8")).body
            if isinstance(node, ast.Assign)
            for target in node.targets
            if isinstance(target, ast.Name)
        ]
        assert sorted({n for n in names if names.count(n) > 1}) == [], module.name
