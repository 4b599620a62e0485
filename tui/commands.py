"""The command palette: every navigation of the app."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from textual.command import DiscoveryHit, Hit, Hits, Provider

if TYPE_CHECKING:
    from tui.protocol import AppLike

# (title, help, action, needs login)
NAVIGATION: tuple[tuple[str, str, str, bool], ...] = (
    ("首页", "回到首页功能区", "home", True),
    ("党建资讯", "栏目与文章,阅读、点赞、收藏、分享、评论", "open('news')", False),
    ("学习中心", "课程与视频,加入我的课程,观看并保存进度", "open('study')", True),
    ("我的考试", "试卷作答、交卷、成绩与正确答案", "open('exams')", True),
    (
        "在线用标",
        "会议列表、会议时间轴、发通知、记录、报审;上级党组织审核",
        "open('meetings')",
        True,
    ),
    ("会议通知", "收到通知的会议,反馈参加或请假", "open('my_meetings')", True),
    ("督办达标", "各支部三会一课等要求的完成情况(每日更新)", "open('compliance')", True),
    ("先锋模范", "心愿树、微捐赠、随手拍,支部管理员审核", "open('vanguard')", False),
    ("审核记录", "上级党组织查看计分审核与连续达到积分上限的党员", "open('audit')", True),
    ("我的积分", "今日各项积分进度与积分明细", "open('points')", True),
    ("排行榜", "个人、支部排行榜与爱心榜", "open('boards')", True),
    ("我的信息", "账号、组织关系与委员职位", "open('profile')", True),
    ("组织架构", "本组织及下级组织", "open('orgs')", True),
    ("功能权限", "本账号可使用的子系统与模块", "open('features')", True),
    ("操作指南", "按键与使用说明", "open('guide')", False),
    ("同步", "待同步与被拒绝的操作,立即同步(F6)", "sync_screen", True),
    ("通知", "会议通知、审核结果、审批结果(F7)", "notices", True),
    ("浅色/深色", "切换浅色与深色主题(F8),下次启动沿用", "toggle_theme", False),
    ("编辑首页功能区", "添加、移除、排序快捷功能", "edit_shortcuts", True),
    ("退出登录", "注销当前账号", "logout", True),
)


class NavigationCommands(Provider):
    def _commands(self) -> list[tuple[str, str, str]]:
        app: AppLike = self.app  # type: ignore[assignment]
        logged_in = app.session.account is not None
        return [(t, h, a) for t, h, a, need in NAVIGATION if logged_in or not need]

    async def discover(self) -> Hits:
        for title, help_text, action in self._commands():
            yield DiscoveryHit(title, partial(self.app.run_action, action), help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for title, help_text, action in self._commands():
            score = matcher.match(title)
            if score > 0:
                yield Hit(
                    score,
                    matcher.highlight(title),
                    partial(self.app.run_action, action),
                    help=help_text,
                )
