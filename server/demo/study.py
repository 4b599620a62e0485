"""Demo 学习中心 courses and videos, a video inside an article, and 我的考试 papers.

Our own words. The questions ask about the platform's own rules and the branch's regular
organisational life, so every answer can be checked against SPEC.md.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from server.db.models import Article, Course, ExamPaper, ExamQuestion, Video
from server.domain.exams import JUDGE_OPTIONS

VIDEO_BASE = "https://www.gsdj.gov.cn/study/video"

# title, summary, [(video title, seconds)]
COURSES: tuple[tuple[str, str, tuple[tuple[str, int], ...]], ...] = (
    (
        "平台使用入门",
        "三段短视频,介绍登录、学习中心和保存进度。两段短视频合起来就能攒够一分。",
        (("登录与首页功能区", 120), ("学习中心怎样计时", 60), ("离线学习与同步", 90)),
    ),
    (
        "党章党规学习",
        "逐章学习党章,理解党员的权利和义务、党的纪律。",
        (("党章总纲导读", 600), ("党员的权利和义务", 480), ("党的纪律", 540)),
    ),
    (
        "基层党支部工作实务",
        "三会一课、发展党员、组织生活会,支部书记和委员的必修课。",
        (("三会一课怎样开", 720), ("发展党员工作流程", 660), ("开好组织生活会", 600)),
    ),
    (
        "红色甘肃",
        "走进陇原大地上的革命旧址,听老党员讲过去的故事。",
        (
            ("会宁会师旧址", 420),
            ("南梁革命纪念馆", 450),
            ("腊子口战役", 390),
            ("高台烈士陵园", 480),
        ),
    ),
)

ARTICLE_VIDEO = ("活动现场视频", 95)

S, M, J = "single", "multiple", "judge"
# title, summary, [(kind, stem, options, answer indexes, points)]
PAPERS: tuple[
    tuple[str, str, tuple[tuple[str, str, tuple[str, ...], tuple[int, ...], int], ...]], ...
] = (
    (
        "学习积分规则测试",
        "检验对学习积分规则的了解。首次完成得 2 分,重考不再计分。",
        (
            (
                S,
                "学习中心视频每新增多少秒观看时长记 1 分?",
                ("60 秒", "120 秒", "180 秒", "300 秒"),
                (2,),
                20,
            ),
            (
                S,
                "每天通过学习中心视频最多可得几分?",
                ("5 分", "10 分", "15 分", "不设上限"),
                (1,),
                20,
            ),
            (
                M,
                "下列哪些操作可以获得教育学习积分?",
                ("收藏文章", "点赞文章", "发表评论", "修改密码"),
                (0, 1, 2),
                20,
            ),
            (J, "同一段视频重复观看,每次都可以再得积分。", JUDGE_OPTIONS, (1,), 20),
            (J, "文章在屏幕上停留满 30 秒才算一次有效阅读。", JUDGE_OPTIONS, (0,), 20),
        ),
    ),
    (
        "三会一课基本知识",
        "支部党员大会、支部委员会会议、党小组会和党课的基本要求。",
        (
            (
                S,
                "支部党员大会一般多长时间召开一次?",
                ("每月", "每季度", "每半年", "每年"),
                (1,),
                25,
            ),
            (
                S,
                "支部委员会会议一般多长时间召开一次?",
                ("每周", "每月", "每季度", "每年"),
                (1,),
                25,
            ),
            (
                M,
                "“三会一课”中的“三会”包括哪些?",
                ("支部党员大会", "支部委员会会议", "党小组会", "职工代表大会"),
                (0, 1, 2),
                25,
            ),
            (J, "组织生活会和民主评议党员一般每年开展一次。", JUDGE_OPTIONS, (0,), 25),
        ),
    ),
    (
        "党建信息化平台操作",
        "会议报审、心愿树和离线同步的操作常识。",
        (
            (
                S,
                "会议记录报审后由谁审核?",
                ("本支部书记", "直接上级党组织", "省级管理员", "任意党员"),
                (1,),
                25,
            ),
            (
                M,
                "心愿树中的心愿会经历哪些状态?",
                ("待认领", "已认领", "已完成", "已拍卖"),
                (0, 1, 2),
                25,
            ),
            (J, "管理员可以审核通过自己发布的随手拍。", JUDGE_OPTIONS, (1,), 25),
            (J, "离线时保存的学习进度,联网后同步不会重复计分。", JUDGE_OPTIONS, (0,), 25),
        ),
    ),
)


async def seed_study(session: AsyncSession) -> None:
    n = 0
    for sort, (title, summary, videos) in enumerate(COURSES):
        course = Course(title=title, summary=summary, sort=sort)
        session.add(course)
        await session.flush()
        for vsort, (vtitle, seconds) in enumerate(videos):
            n += 1
            session.add(
                Video(
                    course_id=course.id,
                    title=vtitle,
                    seconds=seconds,
                    url=f"{VIDEO_BASE}/{n:03d}.mp4",
                    sort=vsort,
                )
            )
    first_article = await session.scalar(
        select(Article.id).order_by(Article.published_at.desc(), Article.id.desc()).limit(1)
    )
    if first_article is not None:
        session.add(
            Video(
                article_id=first_article,
                title=ARTICLE_VIDEO[0],
                seconds=ARTICLE_VIDEO[1],
                url=f"{VIDEO_BASE}/article-{first_article}.mp4",
                sort=0,
            )
        )
    for sort, (title, summary, questions) in enumerate(PAPERS):
        paper = ExamPaper(title=title, summary=summary, sort=sort)
        session.add(paper)
        await session.flush()
        for qsort, (kind, stem, options, answer, pts) in enumerate(questions):
            session.add(
                ExamQuestion(
                    paper_id=paper.id,
                    sort=qsort,
                    kind=kind,
                    stem=stem,
                    options=list(options),
                    answer=list(answer),
                    points=pts,
                )
            )
    await session.flush()
