"""学标对标 and 标准化专栏 (issue 18), as data: the six aspects every field's branch-building
standard is organised by, the three marks of a branch's self-check, who loads standards, who
checks, who sees the overview and who curates the column, and the standard file's format.

A standard file is Markdown, one per field (领域):

    ---
    领域: 农村
    标题: 农村党支部建设标准
    版本: 2026
    ---
    # 政治建设
    1.1 理论学习
    支部每月组织一次集中学习,有记录。
    1.2 …
    # 组织建设
    2.1 …

An item is a line starting with its number (digits and dots, e.g. 1.1, 3.2.1) and its title;
the lines after it, up to the next item or heading, are its text. Each heading is one of the
six aspects. The number is the item's stable key: loading a new version keeps the branches'
self-checks of every number still there.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from server import messages
from server.domain.orgs import BRANCH_FIELD_NAMES, BranchField
from server.domain.orgs import AccountKind as K


class Aspect(StrEnum):
    POLITICAL = "political"
    ORGANISATION = "organisation"
    ORG_LIFE = "org_life"
    MEMBERS = "members"
    SUPPORT = "support"
    APPRAISAL = "appraisal"


# In the standards' own order: the chapters of every field follow it.
ASPECT_NAMES: dict[Aspect, str] = {
    Aspect.POLITICAL: "政治建设",
    Aspect.ORGANISATION: "组织建设",
    Aspect.ORG_LIFE: "组织生活",
    Aspect.MEMBERS: "党员队伍建设",
    Aspect.SUPPORT: "基础保障",
    Aspect.APPRAISAL: "考核评价",
}
ASPECT_ORDER = {a: n for n, a in enumerate(ASPECT_NAMES)}
ASPECT_BY_NAME = {name: a for a, name in ASPECT_NAMES.items()}


class Mark(StrEnum):
    MET = "met"
    PARTLY = "partly"
    NOT_YET = "not_yet"


# Words and marks, so the state reads without colour.
MARK_NAMES: dict[Mark, str] = {Mark.MET: "达标", Mark.PARTLY: "部分达标", Mark.NOT_YET: "未达标"}
MARK_SIGNS: dict[Mark, str] = {Mark.MET: "✓", Mark.PARTLY: "◐", Mark.NOT_YET: "○"}
UNCHECKED_NAME, UNCHECKED_SIGN = "未自查", "·"

FIELD_BY_NAME = {name: f for f, name in BRANCH_FIELD_NAMES.items()}

# Standards are the province's: one per field, loaded by the 省委组织部 (or the CLI operator).
LOADERS = frozenset({K.PROVINCE_ADMIN})
# The 对标 overview: the upper orgs, each for its subtree.
OVERSEERS = frozenset({K.PROVINCE_ADMIN, K.COMMITTEE_ADMIN, K.GENERAL_BRANCH_ADMIN})
# 标准化专栏 is curated by the province.
CURATORS = LOADERS
# Only a branch's own admin writes its self-check (the service checks it is that branch's).
CHECKERS = frozenset({K.BRANCH_ADMIN})

NOTE_MAX = 500
TITLE_MAX, TEXT_MAX, NUMBER_MAX = 100, 2000, 20
MAX_ITEMS = 500
COLUMN_MAX = 100  # entries in 标准化专栏
WORST_ITEMS = 10  # the overview's items most often not met
BRANCH_PAGE = 50  # the overview's branches per page


class Problem(Exception):
    """A standard file that cannot be loaded: every reason, each with its line."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class Item:
    number: str
    aspect: Aspect
    title: str
    text: str
    sort: int


@dataclass
class StandardFile:
    field: BranchField
    title: str
    version: str
    items: list[Item]


_HEADER = {"领域": "field", "field": "field", "标题": "title", "title": "title",
           "版本": "version", "version": "version"}  # fmt: skip
_ITEM = re.compile(r"^(\d{1,3}(?:\.\d{1,3}){0,3})(?:[.、\s]\s*(.*))?$")
_HEADING = re.compile(r"^#{1,3}\s*(.*?)\s*#*$")


def looks_like_standard(text: str) -> bool:
    """A Markdown file whose header names a 领域 (how 内容发布 tells it from an article)."""
    lines = text.lstrip("\ufeff").replace("\r\n", "\n").split("\n")[:12]
    return (
        bool(lines)
        and lines[0].strip() == "---"
        and any(re.match(r"^\s*(领域|field)\s*[::]", x) for x in lines[1:])
    )


def number_key(number: str) -> tuple[int, ...]:
    return tuple(int(p) for p in number.split("."))


def parse(text: str) -> StandardFile:
    """The file, or Problem with every reason as 第 N 行:… (nothing is stored on any)."""
    if "\x00" in text:
        raise Problem([messages.STANDARD_BAD_CHARS])
    lines = text.lstrip("\ufeff").replace("\r\n", "\n").split("\n")
    stripped = [x.strip() for x in lines]
    if not lines or stripped[0] != "---" or "---" not in stripped[1:]:
        raise Problem([messages.STANDARD_NO_HEADER])
    end = stripped[1:].index("---") + 1
    problems: list[str] = []
    head: dict[str, str] = {}
    for n in range(1, end):
        line = stripped[n]
        if not line:
            continue
        key, sep, value = line.replace(":", ":").partition(":")
        name = _HEADER.get(key.strip().lower())
        if not sep or name is None:
            problems.append(messages.STANDARD_AT.format(n=n + 1) + messages.STANDARD_BAD_HEADER)
            continue
        head[name] = value.strip()
    fld = FIELD_BY_NAME.get(head.get("field", ""))
    if fld is None:
        names = "、".join(BRANCH_FIELD_NAMES.values())
        problems.append(messages.STANDARD_BAD_FIELD.format(name=head.get("field", ""), names=names))
    title = head.get("title", "")
    if not title:
        problems.append(messages.STANDARD_NO_TITLE)
    elif len(title) > TITLE_MAX:
        problems.append(messages.STANDARD_TOO_LONG.format(what="标题", n=TITLE_MAX))
    version = head.get("version", "")[:40]
    aspect: Aspect | None = None
    seen_aspects: set[Aspect] = set()
    numbers: dict[str, int] = {}
    items: list[tuple[int, str, Aspect, str, list[str]]] = []
    for n in range(end + 1, len(lines)):
        line, at = stripped[n], messages.STANDARD_AT.format(n=n + 1)
        if not line:
            continue
        heading = _HEADING.match(line)
        if heading:
            name = heading.group(1)
            found = ASPECT_BY_NAME.get(name)
            if found is None:
                aspects = "、".join(ASPECT_NAMES.values())
                problems.append(at + messages.STANDARD_BAD_ASPECT.format(name=name, names=aspects))
                aspect = None
                continue
            if found in seen_aspects:
                problems.append(at + messages.STANDARD_ASPECT_TWICE.format(name=name))
            seen_aspects.add(found)
            aspect = found
            continue
        item = _ITEM.match(line)
        if item:
            number, item_title = item.group(1), (item.group(2) or "").strip()
            if aspect is None:
                problems.append(at + messages.STANDARD_ITEM_NO_ASPECT)
                continue
            if number in numbers:
                problems.append(
                    at + messages.STANDARD_NUMBER_TWICE.format(number=number, line=numbers[number])
                )
            numbers.setdefault(number, n + 1)
            if not item_title:
                problems.append(at + messages.STANDARD_ITEM_NO_TITLE.format(number=number))
            elif len(item_title) > TITLE_MAX:
                problems.append(
                    at + messages.STANDARD_TOO_LONG.format(what="条目标题", n=TITLE_MAX)
                )
            items.append((n + 1, number, aspect, item_title, []))
            continue
        if not items or aspect is None:
            problems.append(at + messages.STANDARD_STRAY_LINE)
            continue
        items[-1][4].append(line)
    if not items and not problems:
        problems.append(messages.STANDARD_EMPTY)
    if len(items) > MAX_ITEMS:
        problems.append(messages.STANDARD_TOO_MANY.format(n=MAX_ITEMS))
    out: list[Item] = []
    for sort, (n, number, asp, item_title, body) in enumerate(items):
        text = "".join(body)
        if len(text) > TEXT_MAX:
            at = messages.STANDARD_AT.format(n=n)
            problems.append(at + messages.STANDARD_TOO_LONG.format(what="条目内容", n=TEXT_MAX))
        out.append(Item(number, asp, item_title, text, sort))
    if problems or fld is None:
        raise Problem(problems)
    return StandardFile(fld, title, version, out)
