"""Demo 党建资讯: columns and articles written for the demo (our own words, deterministic)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from server.db.models import Article, ArticleColumn
from server.domain.publishing import ARTICLE_COLUMNS

COLUMNS = ARTICLE_COLUMNS

_PLACES = (
    "兰州新区",
    "文县城关镇",
    "综合执法局",
    "东关村",
    "西街村",
    "城关社区",
    "新区管委会",
    "白龙江畔",
)
_TOPICS = (
    ("开展主题党日活动", "围绕学习教育开展主题党日活动,党员们重温入党誓词,交流学习体会。"),
    ("召开支部党员大会", "支部召开党员大会,通报上半年工作,讨论下一阶段的重点任务。"),
    ("组织党员志愿服务", "党员志愿者走进社区,为老人测量血压、清理楼道,服务群众。"),
    ("举办专题党课", "支部书记以身边人身边事为例讲授专题党课,引导党员立足岗位作贡献。"),
    ("推进党支部标准化建设", "对照标准化手册逐项检查,补齐台账,规范三会一课记录。"),
    ("开展廉政警示教育", "组织党员观看警示教育片,撰写心得,筑牢拒腐防变思想防线。"),
    ("学习新修订的党内法规", "集中学习新修订的党内法规,逐条解读,结合实际讨论落实办法。"),
    ("开展结对帮扶", "党员与困难群众结对,帮助解决产业发展和子女上学等实际问题。"),
)
_NOTICE = (
    "关于按时完成本季度组织生活的提醒",
    "关于做好年度党员积分统计的通知",
    "关于规范使用党建信息化平台的说明",
)
ARTICLE_COUNT = 60
_FIRST_PUBLISHED = datetime(2026, 9, 1, 1, 0, tzinfo=UTC)


def _body(place: str, topic: str, text: str, n: int) -> str:
    return (
        f"{place}党组织近日{topic}。{text}\n\n"
        f"活动中,大家结合各自岗位谈认识、找差距、定措施。负责同志表示,将把这次活动的成效转化为"
        f"推动工作的具体行动,做到学有所获、干有成效。\n\n"
        f"下一步,{place}将继续用好党建信息化平台,按时开展组织生活,及时上传会议记录,"
        f"让每一名党员都能在学习中心、党建资讯等栏目持续学习。(第 {n} 期)"
    )


async def seed_articles(session: AsyncSession) -> None:
    columns = [ArticleColumn(name=name, sort=i) for i, name in enumerate(COLUMNS)]
    session.add_all(columns)
    await session.flush()
    for n in range(ARTICLE_COUNT):
        place = _PLACES[n % len(_PLACES)]
        if n % 10 == 9:
            column, title = columns[3], _NOTICE[(n // 10) % len(_NOTICE)]
            body = f"各党支部:\n\n{title.removeprefix('关于').removesuffix('的通知').removesuffix('的提醒').removesuffix('的说明')},请按要求落实。\n\n(第 {n + 1} 期)"
        else:
            topic, text = _TOPICS[n % len(_TOPICS)]
            column = columns[(n % 3)]
            title = f"{place}{topic}"
            body = _body(place, topic, text, n + 1)
        session.add(
            Article(
                column_id=column.id,
                title=title,
                source="甘肃党建" if n % 2 else f"{place}党组织",
                body=body,
                published_at=_FIRST_PUBLISHED + timedelta(hours=29 * n),
            )
        )
    await session.flush()
