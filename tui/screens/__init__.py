"""One module per screen. `SHORTCUT_SCREENS` maps the server's shortcut codes to screens,
imported lazily when first opened."""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from textual.screen import Screen

# shortcut / navigation code → (module, class)
SHORTCUT_SCREENS: dict[str, tuple[str, str]] = {
    "news": ("tui.screens.news", "NewsScreen"),
    "study": ("tui.screens.study", "StudyScreen"),
    "exams": ("tui.screens.exams", "ExamsScreen"),
    "meetings": ("tui.screens.meetings.listing", "MeetingsScreen"),
    "my_meetings": ("tui.screens.meetings.mine", "MyMeetingsScreen"),
    "compliance": ("tui.screens.compliance", "ComplianceScreen"),
    "vanguard": ("tui.screens.vanguard.board", "VanguardScreen"),
    "audit": ("tui.screens.vanguard.audit", "AuditScreen"),
    "points": ("tui.screens.points", "PointsScreen"),
    "boards": ("tui.screens.boards", "BoardsScreen"),
    "profile": ("tui.screens.profile", "ProfileScreen"),
    "orgs": ("tui.screens.orgs", "OrgsScreen"),
    "features": ("tui.screens.features", "FeaturesScreen"),
    "guide": ("tui.screens.guide", "GuideScreen"),
}


# What a visitor may open without logging in (SPEC §2: news, service pages — the 心愿树 —, videos).
PUBLIC_SCREENS = frozenset({"guide", "news", "vanguard"})


def build_screen(code: str) -> Screen | None:
    target = SHORTCUT_SCREENS.get(code)
    if target is None:
        return None
    module, name = target
    return getattr(import_module(module), name)()
