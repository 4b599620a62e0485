"""ruff keeps the code to the project's rules (pyproject.toml [tool.ruff])."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_ruff_check() -> None:
    ruff = shutil.which("ruff") or str(Path(sys.executable).with_name("ruff"))
    result = subprocess.run([ruff, "check", str(ROOT)], capture_output=True, text=True)
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
