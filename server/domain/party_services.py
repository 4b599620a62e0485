"""党群服务: what a visitor reads without an account (SPEC §2) besides 党建资讯 and the videos —
the service information, the 党建站群 and the 14 市州's sites. The 心愿树 is 先锋模范's (its own
routes, open to visitors); this page links to it.

These are the demo's entries: the names are the platform's and the 市州 are those of
server.domain.orgs.CITIES, but every address below is made up for the demo under the reserved
`.example` domain (RFC 2606), never a site the province
runs. A deployment edits this data (it is data, not code).
"""

from __future__ import annotations

from dataclasses import dataclass

from server.domain.orgs import CITIES, CITY_CODES


@dataclass(frozen=True)
class Entry:
    code: str
    group: str  # 服务信息, 党建站群, 市州站点
    name: str
    text: str
    address: str | None = None  # a web address, opened in the system browser or copied


SERVICES: tuple[Entry, ...] = (
    Entry("wish_tree", "服务信息", "心愿树",
          "群众和党员可以发布心愿,由支部党员认领并帮助完成;不登录也可以浏览。"),
    Entry("relation", "服务信息", "组织关系转接",
          "党员组织关系转入、转出请联系所在党支部,由党支部管理员在平台上办理。"),
    Entry("fee", "服务信息", "党费交纳",
          "党员按月交纳党费,交纳标准和方式请咨询所在党支部。"),
    Entry("help", "服务信息", "平台使用咨询",
          "账号、密码和操作问题请先联系所在党组织的管理员;"
          "平台运维咨询请访问帮助页面。",
          "https://dangjian.gansu.example/help"),
    Entry("app", "服务信息", "手机客户端下载",
          "甘肃党建手机客户端(APP端)的下载地址。",
          "https://dangjian.gansu.example/app"),
)  # fmt: skip

PORTAL = Entry(
    "portal", "党建站群", "甘肃党建信息化平台",
    "全省党建站群的入口,各市州党建网站由此进入。",
    "https://dangjian.gansu.example/",
)  # fmt: skip

# One site per 市州, addressed by its division code (the demo's addresses).
CITY_SITES: tuple[Entry, ...] = tuple(
    Entry(f"city_{CITY_CODES[city]}", "市州站点", f"{city}党建网",
          f"{city}的党建网站。", f"https://{CITY_CODES[city]}.dangjian.gansu.example/")
    for city in CITIES
)  # fmt: skip

ENTRIES: tuple[Entry, ...] = (*SERVICES, PORTAL, *CITY_SITES)
assert len({e.code for e in ENTRIES}) == len(ENTRIES)
assert len(CITY_SITES) == len(CITIES) == 14
