"""Every screen a user can open by name, once: its code, title, module and class (imported on first
use), who may open it, its command-palette help and the 操作指南 section that explains it.

The code is also the 首页功能区 shortcut code the server stores (server/domain/shortcuts.py); the
home screen, the palette, the guide and the app's `open` action all read this table, so adding a
screen is one entry here plus its module.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import import_module
from typing import TYPE_CHECKING

from tui import strings

if TYPE_CHECKING:
    from textual.screen import Screen


@dataclass(frozen=True)
class ScreenEntry:
    code: str
    title: str
    module: str
    cls: str
    help: str  # the command palette's line under the title
    public: bool = False  # opens without logging in (SPEC §2: news, service pages, videos)
    # The server feature (GET /api/v1/me/features) without which the server refuses the screen's
    # data; the server also leaves the shortcut out of the account's 首页功能区 catalog.
    feature: str | None = None
    guide: str | None = None  # the key in strings.GUIDE_SECTIONS of the section explaining it

    def build(self) -> Screen[None]:
        screen: Screen[None] = getattr(import_module(self.module), self.cls)()
        return screen


SCREENS: tuple[ScreenEntry, ...] = (
    ScreenEntry("news", strings.NEWS_TITLE, "tui.screens.news", "NewsScreen",
                strings.HELP_NEWS, public=True, guide="news"),
    ScreenEntry("study", strings.STUDY_TITLE, "tui.screens.study", "StudyScreen",
                strings.HELP_STUDY, public=True, guide="study"),
    ScreenEntry("exams", strings.EXAMS_TITLE, "tui.screens.exams", "ExamsScreen",
                strings.HELP_EXAMS, feature="exams", guide="study"),
    ScreenEntry("meetings", strings.MEETINGS_TITLE, "tui.screens.meetings.listing",
                "MeetingsScreen", strings.HELP_MEETINGS, feature="meetings", guide="meetings"),
    ScreenEntry("my_meetings", strings.MY_MEETINGS_TITLE, "tui.screens.meetings.mine",
                "MyMeetingsScreen", strings.HELP_MY_MEETINGS, guide="meetings"),
    ScreenEntry("compliance", strings.COMPLIANCE_TITLE, "tui.screens.compliance",
                "ComplianceScreen", strings.HELP_COMPLIANCE, feature="compliance",
                guide="meetings"),
    ScreenEntry("analytics", strings.ANALYTICS_TITLE, "tui.screens.analytics",
                "AnalyticsScreen", strings.HELP_ANALYTICS, feature="analytics",
                guide="analytics"),
    ScreenEntry("vanguard", strings.VANGUARD_TITLE, "tui.screens.vanguard.board",
                "VanguardScreen", strings.HELP_VANGUARD, public=True, guide="vanguard"),
    ScreenEntry("exchange", strings.EXCHANGE_TITLE, "tui.screens.exchange.listing",
                "ExchangeScreen", strings.HELP_EXCHANGE, guide="exchange"),
    ScreenEntry("party_services", strings.PARTY_SERVICES_TITLE, "tui.screens.party_services",
                "PartyServicesScreen", strings.HELP_PARTY_SERVICES, public=True,
                guide="party_services"),
    ScreenEntry("audit", strings.AUDIT_TITLE, "tui.screens.vanguard.audit", "AuditScreen",
                strings.HELP_AUDIT, guide="vanguard"),
    ScreenEntry("points", strings.POINTS_TITLE, "tui.screens.points", "PointsScreen",
                strings.HELP_POINTS, guide="news"),
    ScreenEntry("boards", strings.BOARDS_TITLE, "tui.screens.boards", "BoardsScreen",
                strings.HELP_BOARDS, guide="news"),
    ScreenEntry("profile", strings.PROFILE_TITLE, "tui.screens.profile", "ProfileScreen",
                strings.HELP_PROFILE),
    ScreenEntry("password", strings.PASSWORD_TITLE, "tui.screens.password", "PasswordScreen",
                strings.HELP_PASSWORD),
    ScreenEntry("publish", strings.PUBLISH_TITLE, "tui.screens.publish", "PublishScreen",
                strings.HELP_PUBLISH, feature="publish"),
    ScreenEntry("orgs", strings.ORGS_TITLE, "tui.screens.orgs", "OrgsScreen", strings.HELP_ORGS,
                guide="features"),
    ScreenEntry("org_import", strings.ORG_IMPORT_TITLE, "tui.screens.org_import",
                "OrgImportScreen", strings.HELP_ORG_IMPORT, feature="org_import", guide="branch"),
    ScreenEntry("features", strings.FEATURES_TITLE, "tui.screens.features", "FeaturesScreen",
                strings.HELP_FEATURES, guide="features"),
    ScreenEntry("guide", strings.GUIDE_TITLE, "tui.screens.guide", "GuideScreen",
                strings.HELP_GUIDE, public=True),
    ScreenEntry("branch", strings.BRANCH_TITLE, "tui.screens.branch", "BranchScreen",
                strings.HELP_BRANCH, guide="branch"),
    ScreenEntry("accounts", strings.ACCOUNTS_TITLE, "tui.screens.accounts", "AccountsScreen",
                strings.HELP_ACCOUNTS, guide="branch"),
    ScreenEntry("map", strings.MAP_TITLE, "tui.screens.gansu_map", "MapScreen", strings.HELP_MAP,
                feature="map", guide="map"),
    ScreenEntry("big_screen", strings.BIG_SCREEN_TITLE, "tui.screens.big_screen",
                "BigScreen", strings.HELP_BIG_SCREEN, feature="big_screen", guide="big_screen"),
    ScreenEntry("standards", strings.STANDARDS_TITLE, "tui.screens.standards",
                "StandardsScreen", strings.HELP_STANDARDS, guide="standards"),
    ScreenEntry("standards_overview", strings.STANDARDS_OVERVIEW_TITLE,
                "tui.screens.standards_overview", "StandardsOverviewScreen",
                strings.HELP_STANDARDS_OVERVIEW, guide="standards"),
    ScreenEntry("standards_column", strings.STANDARDS_COLUMN_TITLE,
                "tui.screens.standards_column", "StandardsColumnScreen",
                strings.HELP_STANDARDS_COLUMN, guide="standards"),
)  # fmt: skip
BY_CODE: dict[str, ScreenEntry] = {s.code: s for s in SCREENS}


def find(code: str) -> ScreenEntry | None:
    return BY_CODE.get(code)
