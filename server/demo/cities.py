"""The demo province's 市州 (issue 17): 党委 in each of the 14, seeded after the first province of
the README's table (兰州新区机关工委 and 文县城关镇党委 keep every id, username and password), so
that 党建地图, 党建大屏 and 数据分析示图 show 14 市州 that differ.

Each 市州 has its own prefix, after the kind of account: 党委 `dwts01`, 党总支 `zzzts01`, 党支部
`zbts01`, 党员 `dyts001` … (天水市; numbered within the 市州), every password the demo's. Its figures differ by
three numbers the history (server.demo.history) reads: how much its members study (`vigour`), how
likely its branches hold each meeting they owe (`diligence`), and how many months before the
current one it came onto the platform (`since`).
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from server.domain.orgs import BranchField

F = BranchField


@dataclass(frozen=True)
class BranchPlan:
    name: str
    groups: int
    members: int
    field: BranchField


@dataclass(frozen=True)
class Committee:
    name: str
    # 党总支 → their branches, then the branches directly under the 党委.
    general_branches: tuple[tuple[str, tuple[BranchPlan, ...]], ...]
    branches: tuple[BranchPlan, ...]


@dataclass(frozen=True)
class City:
    city: str  # one of server.domain.orgs.CITIES
    prefix: str
    vigour: float  # 0–1: how much its members study
    diligence: float  # 0–1: how likely a branch holds a meeting it owes
    since: int  # months before the current one its members began on the platform
    committees: tuple[Committee, ...]
    names: str = "han"  # which pool its members' names come from (NAME_POOLS)


B = BranchPlan
CITY_PLANS: tuple[City, ...] = (
    City("兰州市", "lz", 0.9, 0.9, 11, (
        Committee("兰州市城关区委", (
            ("城关区张掖路街道党总支", (
                B("金塔巷社区党支部", 1, 10, F.COMMUNITY),
                B("大众巷社区党支部", 1, 9, F.COMMUNITY),
            )),
        ), (
            B("城关区教育局机关党支部", 1, 9, F.ORGAN),
        )),
        Committee("兰州市国资委党委", (), (
            B("市公交集团第一党支部", 2, 12, F.STATE_ENTERPRISE),
            B("市供水集团党支部", 1, 8, F.STATE_ENTERPRISE),
        )),
        Committee("榆中县委", (), (
            B("和平镇新庄村党支部", 1, 9, F.RURAL),
            B("榆中县物流园非公企业联合党支部", 1, 6, F.NON_PUBLIC),
        )),
    )),
    City("嘉峪关市", "jyg", 0.8, 0.8, 10, (
        Committee("嘉峪关市直机关工委", (), (
            B("市财政局机关党支部", 1, 8, F.ORGAN),
            B("市第一人民医院内科党支部", 1, 9, F.INSTITUTION),
        )),
    )),
    City("金昌市", "jc", 0.6, 0.7, 8, (
        Committee("金昌市金川区委", (), (
            B("新华路街道桂林社区党支部", 1, 8, F.COMMUNITY),
            B("双湾镇陈家沟村党支部", 1, 9, F.RURAL),
        )),
    )),
    City("白银市", "by", 0.5, 0.4, 6, (
        Committee("白银市白银区委", (), (
            B("人民路街道党支部", 1, 8, F.COMMUNITY),
            B("白银区农业农村局机关党支部", 1, 7, F.ORGAN),
        )),
        Committee("会宁县委", (), (
            B("会师镇南关村党支部", 2, 10, F.RURAL),
            B("会宁县职业中专党支部", 1, 7, F.INSTITUTION),
        )),
    )),
    City("天水市", "ts", 0.85, 0.7, 9, (
        Committee("天水市秦州区委", (
            ("秦州区大城街道党总支", (
                B("西关社区党支部", 1, 9, F.COMMUNITY),
                B("南城根社区党支部", 1, 8, F.COMMUNITY),
            )),
        ), (
            B("秦州区文化馆党支部", 1, 6, F.INSTITUTION),
        )),
        Committee("天水市麦积区委", (), (
            B("花牛镇果品合作社党支部", 1, 8, F.NON_PUBLIC),
            B("麦积区交通运输局机关党支部", 1, 7, F.ORGAN),
        )),
    )),
    City("武威市", "ww", 0.55, 0.5, 7, (
        Committee("武威市凉州区委", (), (
            B("东大街街道党支部", 1, 9, F.COMMUNITY),
            B("黄羊镇移民新村党支部", 2, 10, F.RURAL),
        )),
    )),
    City("张掖市", "zy", 0.7, 0.85, 9, (
        Committee("张掖市甘州区委", (), (
            B("甘州区市场监管局机关党支部", 1, 8, F.ORGAN),
            B("党寨镇十号村党支部", 1, 9, F.RURAL),
        )),
    )),
    City("平凉市", "pl", 0.45, 0.3, 5, (
        Committee("平凉市崆峒区委", (), (
            B("西郊街道纸坊社区党支部", 1, 8, F.COMMUNITY),
            B("崆峒镇苹果种植村党支部", 1, 7, F.RURAL),
        )),
    )),
    City("酒泉市", "jq", 0.75, 0.6, 8, (
        Committee("酒泉市肃州区委", (), (
            B("肃州区卫生健康局机关党支部", 1, 7, F.ORGAN),
            B("西峰乡新光村党支部", 1, 8, F.RURAL),
        )),
        Committee("敦煌市委", (), (
            B("敦煌市文旅服务中心党支部", 1, 8, F.INSTITUTION),
            B("沙州镇南街社区党支部", 1, 7, F.COMMUNITY),
        )),
    )),
    City("庆阳市", "qy", 0.6, 0.55, 7, (
        Committee("庆阳市西峰区委", (), (
            B("北街街道党支部", 1, 8, F.COMMUNITY),
            B("西峰区石油服务企业党支部", 1, 7, F.NON_PUBLIC),
        )),
    )),
    City("定西市", "dx", 0.4, 0.35, 4, (
        Committee("定西市安定区委", (), (
            B("中华路街道党支部", 1, 7, F.COMMUNITY),
            B("安定区马铃薯产业园党支部", 1, 6, F.NON_PUBLIC),
        )),
    )),
    City("陇南市", "ln", 0.65, 0.5, 6, (
        Committee("陇南市武都区委", (), (
            B("武都区教育局机关党支部", 1, 7, F.ORGAN),
            B("城关镇花椒种植村党支部", 1, 8, F.RURAL),
        )),
    )),
    City("临夏回族自治州", "lx", 0.5, 0.45, 5, (
        Committee("临夏市委", (), (
            B("八坊街道党支部", 1, 8, F.COMMUNITY),
            B("枹罕镇果园村党支部", 1, 7, F.RURAL),
        )),
    ), names="linxia"),
    City("甘南藏族自治州", "gn", 0.35, 0.25, 3, (
        Committee("合作市委", (), (
            B("当周街道党支部", 1, 7, F.COMMUNITY),
            B("佐盖多玛乡牧业村党支部", 1, 6, F.RURAL),
        )),
    ), names="gannan"),
)  # fmt: skip

# The first province's 党委 (server.demo.COMMITTEES) take the figures of their 市州.
CITY_OF_PLAN = {c.city: c for c in CITY_PLANS}

_HAN_SURNAMES = (
    "王李张刘陈杨赵黄周吴徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾田董袁潘蒋蔡余杜叶程苏魏吕"
    "丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶贺顾毛郝龚邵万严武"
)
_HAN_GIVEN = (
    "建军 桂兰 海东 晓燕 志刚 春花 国强 玉珍 学文 慧敏 永福 丽华 金山 彩霞 立新 小红 卫东 淑英 俊杰 "
    "秀兰 天宝 亚楠 红梅 德明 怀仁 芳芳 兴旺 静怡 宏伟 婷婷 长江 秀芳 成林 雅琴 福贵 晓峰 瑞霞 家乐 "
    "新民 梦瑶 保国 文静 向阳 凤英 思远"
).split()
_LINXIA_SURNAMES = "马马马韩马何妥马赵马冶马王马张"
_TIBETAN = "扎西 才让 卓玛 多杰 拉毛 措吉 尕藏 旦增 桑杰 央金 索南 德吉 东珠 更登 仁青 吉美".split()


def member_name(plan: City, n: int) -> str:
    """The n-th of the 市州 members (from 0, province-wide), in `plan`: no two alike."""
    if plan.names == "gannan" and n % 5 != 4:  # most 甘南 members here have Tibetan names
        k = len(_TIBETAN)
        a, b = _TIBETAN[n % k], _TIBETAN[(n * 5 + n // k + 3) % k]
        return a + b if a != b else a + "草"
    surnames = _LINXIA_SURNAMES if plan.names == "linxia" and n % 3 != 2 else _HAN_SURNAMES
    surname = surnames[n * 7 % len(surnames)]
    return surname + _HAN_GIVEN[(n * 11 + 3) % len(_HAN_GIVEN)]


def branch_factor(name: str) -> float:
    """How much more (or less) than its 市州 a branch's members study: 0.7–1.2."""
    return random.Random(f"branch/{name}").uniform(0.7, 1.2)
