"""The screen registry is the one list of screens: the server's shortcut codes, the palette, the
guide and the public screens all agree with it (plain pytest, no app running)."""

from __future__ import annotations

import importlib
import subprocess
import sys

from textual.screen import Screen

from server.domain.shortcuts import CATALOG
from tui import strings
from tui.commands import NAVIGATION
from tui.screens import registry
from tui.screens.guide import guide_text


def test_every_server_shortcut_has_a_screen_and_no_screen_is_unknown_to_the_server() -> None:
    codes = [s.code for s in registry.SCREENS]
    assert len(codes) == len(set(codes))
    assert set(codes) == {s.code for s in CATALOG}


def test_the_feature_that_gates_a_screen_is_the_servers() -> None:
    server = {s.code: s.feature for s in CATALOG}
    assert {s.code: s.feature for s in registry.SCREENS} == server


def test_each_entry_names_a_screen_class_built_on_first_use() -> None:
    for entry in registry.SCREENS:
        cls = getattr(importlib.import_module(entry.module), entry.cls)
        assert issubclass(cls, Screen), entry.code
        assert getattr(cls, "TITLE_TEXT", entry.title) == entry.title, entry.code


def test_the_registry_imports_no_screen() -> None:
    code = (
        "import sys, tui.screens.registry, tui.commands\n"
        "print(sorted(m for m in sys.modules if m.startswith('tui.screens.')))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "['tui.screens.registry']"


def test_only_news_study_vanguard_party_services_and_the_guide_open_without_login() -> None:
    assert {s.code for s in registry.SCREENS if s.public} == {
        "news",
        "study",
        "vanguard",
        "guide",
        "party_services",
    }


def test_the_palette_offers_every_screen_with_its_title_and_help() -> None:
    offered = {c.action: c for c in NAVIGATION}
    for entry in registry.SCREENS:
        command = offered[f"open('{entry.code}')"]
        assert (command.title, command.help) == (entry.title, entry.help)
        assert command.needs_login is not entry.public
    assert [c.action for c in NAVIGATION][0] == "home"


def test_the_guide_has_every_section_once_in_registry_order() -> None:
    used = [s.guide for s in registry.SCREENS if s.guide is not None]
    assert set(used) == set(strings.GUIDE_SECTIONS)
    text = guide_text()
    positions = [text.index(strings.GUIDE_SECTIONS[k]) for k in dict.fromkeys(used)]
    assert positions == sorted(positions)
    for section in strings.GUIDE_SECTIONS.values():
        assert text.count(section) == 1
    assert text.startswith(strings.GUIDE_HEAD) and text.endswith(strings.GUIDE_KEYS)


def test_unknown_codes_are_not_screens() -> None:
    assert registry.find("no_such_screen") is None
    assert registry.find("news") is registry.BY_CODE["news"]
