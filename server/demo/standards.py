"""The demo's 学标对标: a short standard for each of the six fields, written for the demo
(our own words, not a handbook's), loaded through the same service a 省委组织部 file goes
through; self-checks of a few branch admins on past days; and a 标准化专栏 of items and
articles picked by the province."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from server.db.engine import Database
from server.db.models import Account, Article, Org, StandardItem
from server.db.queries import org_path
from server.db.unit import Unit
from server.domain.clock import Clock
from server.domain.orgs import BRANCH_FIELD_NAMES, AccountKind, BranchField
from server.domain.standards import ASPECT_NAMES, Aspect, Mark
from server.services import standards
from server.services.context import Caller

# Per field, per aspect: (title, text) items. Numbered aspect.item on loading.
_COMMON: dict[Aspect, tuple[tuple[str, str], ...]] = {
    Aspect.POLITICAL: (
        ("理论学习", "支部每月安排一次集中学习,内容、时间和参加人员有记录。"),
        ("政治把关", "重要事项先经支部委员会讨论,意见写入会议记录。"),
    ),
    Aspect.ORGANISATION: (
        ("班子健全", "支部委员按期换届,书记、组织委员、宣传委员各有其人。"),
        ("党小组划分", "党员人数较多的支部划分党小组,每个小组有组长。"),
    ),
    Aspect.ORG_LIFE: (
        ("三会一课", "支部党员大会每季度、支委会和党小组会每月、党课每季度按时召开。"),
        ("主题党日", "每月固定一天开展主题党日,活动有方案、有照片、有小结。"),
    ),
    Aspect.MEMBERS: (
        ("发展党员", "发展党员按程序进行,培养联系人和考察材料齐全。"),
        ("党员教育", "党员每年参加集中培训不少于规定学时,学习积分可查。"),
    ),
    Aspect.SUPPORT: (
        ("活动场所", "有固定的党员活动场所,标识清楚,设施可用。"),
        ("党费管理", "党费按月收缴,账目清楚,每年向党员公布一次。"),
    ),
    Aspect.APPRAISAL: (
        ("书记述职", "支部书记每年向党员大会和上级党组织述职。"),
        ("民主评议", "每年开展一次民主评议党员,结果记录在案。"),
    ),
}
# Each field's own item after the common ones of an aspect.
_OWN: dict[BranchField, dict[Aspect, tuple[str, str]]] = {
    BranchField.RURAL: {
        Aspect.POLITICAL: ("惠民政策宣讲", "每季度向村民宣讲一次惠农政策,入户或在村广场进行。"),
        Aspect.ORGANISATION: ("村级组织", "村党组织领导村民委员会和集体经济组织,分工写在制度里。"),
        Aspect.ORG_LIFE: ("流动党员", "外出务工党员纳入组织生活,每季度至少联系一次。"),
        Aspect.MEMBERS: ("致富带头", "党员结对帮扶困难户,帮扶情况有台账。"),
        Aspect.SUPPORT: ("集体经济", "村集体经济收入有账可查,用于公益事业的支出公开。"),
        Aspect.APPRAISAL: ("村务公开", "村务和财务每季度公开一次,群众意见有回复。"),
    },
    BranchField.ORGAN: {
        Aspect.POLITICAL: ("业务融合", "年度工作计划中党建和业务一起部署、一起检查。"),
        Aspect.ORGANISATION: ("按处室设支部", "支部设置与处室科室对应,调整后一个月内完成改选。"),
        Aspect.ORG_LIFE: ("双重组织生活", "领导干部以普通党员身份参加所在支部的组织生活。"),
        Aspect.MEMBERS: ("作风建设", "党员干部遵守工作纪律,服务对象评价每半年收集一次。"),
        Aspect.SUPPORT: ("经费保障", "党建工作经费列入年度预算,使用有记录。"),
        Aspect.APPRAISAL: ("服务评议", "每年请服务对象评议机关党员的工作作风。"),
    },
    BranchField.STATE_ENTERPRISE: {
        Aspect.POLITICAL: ("前置研究", "企业重大经营事项经党组织前置研究后再提交决策。"),
        Aspect.ORGANISATION: ("支部建在班组", "支部按车间、项目或班组设置,覆盖全部党员。"),
        Aspect.ORG_LIFE: ("安全生产主题", "结合安全生产开展主题党日,每年不少于两次。"),
        Aspect.MEMBERS: ("党员示范岗", "设立党员示范岗或责任区,年底评比。"),
        Aspect.SUPPORT: ("阵地建设", "生产一线有党员学习角,资料按月更新。"),
        Aspect.APPRAISAL: ("党建考核挂钩", "党建考核结果与单位负责人年度考核挂钩。"),
    },
    BranchField.COMMUNITY: {
        Aspect.POLITICAL: ("网格宣传", "通过网格员向居民传达重要会议和政策精神。"),
        Aspect.ORGANISATION: ("网格党小组", "党小组按网格或楼栋设置,组长兼任网格联络人。"),
        Aspect.ORG_LIFE: ("在职党员报到", "在职党员到社区报到,每年参加志愿服务不少于两次。"),
        Aspect.MEMBERS: ("党员亮身份", "社区党员在家门口或楼道亮明身份,接受居民监督。"),
        Aspect.SUPPORT: ("党群服务中心", "党群服务中心每周开放,服务事项公示在墙上。"),
        Aspect.APPRAISAL: ("居民满意度", "每年开展一次居民满意度调查,结果向居民公开。"),
    },
    BranchField.INSTITUTION: {
        Aspect.POLITICAL: ("意识形态", "讲座、课堂和出版物等阵地有审核制度,责任到人。"),
        Aspect.ORGANISATION: ("双带头人", "支部书记由业务骨干担任,既懂业务又懂党务。"),
        Aspect.ORG_LIFE: ("专题研讨", "每半年围绕本单位业务开展一次专题研讨。"),
        Aspect.MEMBERS: ("人才培养", "注重在业务骨干中发展党员,每年有培养计划。"),
        Aspect.SUPPORT: ("档案管理", "组织生活记录和党员档案分类保管,查找方便。"),
        Aspect.APPRAISAL: ("服务成效", "年度考核看党员在教学、医疗或科研等岗位上的表现。"),
    },
    BranchField.NON_PUBLIC: {
        Aspect.POLITICAL: ("出资人沟通", "支部书记每季度与企业出资人或负责人沟通一次。"),
        Aspect.ORGANISATION: ("组织覆盖", "有三名以上正式党员的单位单独建支部,不足的联合建立。"),
        Aspect.ORG_LIFE: ("灵活开会", "结合生产经营安排组织生活,时间地点提前通知到人。"),
        Aspect.MEMBERS: ("员工中发展", "注意在技术骨干和一线员工中发现入党积极分子。"),
        Aspect.SUPPORT: ("活动阵地", "企业为支部提供活动场地,党建指导员定期到场。"),
        Aspect.APPRAISAL: ("双强评价", "每年评价支部在企业发展和党建工作两方面的成效。"),
    },
}
TITLES: dict[BranchField, str] = {
    f: f"{n}党支部建设标准(演示)" for f, n in BRANCH_FIELD_NAMES.items()
}


def standard_text(field: BranchField) -> str:
    """The field's demo standard as the Markdown file a 省委组织部 would load."""
    lines = [
        "---",
        f"领域: {BRANCH_FIELD_NAMES[field]}",
        f"标题: {TITLES[field]}",
        "版本: 2026",
        "---",
    ]
    for a_n, (aspect, name) in enumerate(ASPECT_NAMES.items(), 1):
        lines += ["", f"# {name}"]
        items = (*_COMMON[aspect], _OWN[field][aspect])
        for i_n, (title, text) in enumerate(items, 1):
            lines += [f"{a_n}.{i_n} {title}", text]
    return "\n".join(lines) + "\n"


# Self-checks: (branch admin, days ago, marks of the field's items in order; shorter: unchecked).
CHECKS = (
    ("zb001", 5, "mmmpmmnmpmmmmmpn"),
    ("zb002", 4, "mpnnmmpp"),
    ("zb003", 3, "mmmmmmmmmmmmmmmmmm"),
    ("zb004", 2, "npmnpmn"),
)
_MARKS = {"m": Mark.MET, "p": Mark.PARTLY, "n": Mark.NOT_YET}
_NOTES = {Mark.PARTLY: "已有制度,记录还不完整", Mark.NOT_YET: "本季度内补齐"}


async def seed_standards(db: Database, clock: Clock) -> None:
    now = clock.now()
    uow = Unit(db)
    loader = standards.Loader(None)
    for field in BranchField:
        await standards.load(uow, loader, standard_text(field), now - timedelta(days=10))
    async with db.read() as session:
        accounts = {a.username: a for a in (await session.execute(select(Account))).scalars()}
        fields = {o.id: o.field for o in (await session.execute(select(Org))).scalars()}
        items = (
            await session.execute(
                select(StandardItem.id, StandardItem.field).order_by(StandardItem.id)
            )
        ).all()
        paths = {u: tuple(await org_path(session, accounts[u].org_id)) for u, *_ in CHECKS}
        province = next(a for a in accounts.values() if a.kind == AccountKind.PROVINCE_ADMIN.value)
        articles = (
            await session.execute(
                select(Article.id)
                .where(Article.owner_org_id == paths["zb001"][0].id)
                .order_by(Article.id)
                .limit(2)
            )
        ).scalars().all()  # fmt: skip
    for username, days, marks in CHECKS:
        a = accounts[username]
        caller = Caller(
            a.id, a.username, AccountKind(a.kind), a.org_id, "", display_name=a.display_name,
            org_path=paths[username],
        )  # fmt: skip
        own = [i for i, f in items if f == fields.get(a.org_id)]
        for n, (item_id, letter) in enumerate(zip(own, marks, strict=False)):
            mark = _MARKS[letter]
            at = now - timedelta(days=days, minutes=30 - n)
            await standards.check(uow, caller, item_id, mark.value, _NOTES.get(mark, ""), at)
    pc = Caller(province.id, province.username, AccountKind.PROVINCE_ADMIN, province.org_id, "")
    by_field = {f: [i for i, g in items if g == f.value] for f in BranchField}
    picks = [by_field[BranchField.RURAL][0], by_field[BranchField.COMMUNITY][4],
             by_field[BranchField.ORGAN][6]]  # fmt: skip
    for item_id in picks[:2]:
        await standards.column_add(uow, pc, None, item_id, now)
    for article_id in articles:
        await standards.column_add(uow, pc, article_id, None, now)
    await standards.column_add(uow, pc, None, picks[2], now)
