"""Importing an organisation's tree and accounts from a spreadsheet (issue 16), as rules.

The tables: an org table (header 组织代码, 组织名称, 组织类别, 上级组织代码, 市州, 领域) and an
account table (用户名, 姓名, 账号类别, 所在组织代码, 党小组, 委员职位). A workbook holds them in
sheets (by convention 组织 and 人员; any sheet is recognised by its header row, a sheet whose
header is neither is skipped, e.g. 说明); a .csv file is one table, recognised the same way.

`plan()` checks every row against the others and against what the database already holds
(given here as plain rows) and answers either the bad rows or what to create and update. It
matches orgs by code and accounts by username; a row equal to its record changes nothing.
Nothing here reads a file or a database.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from server.domain.orgs import (
    ACCOUNT_KIND_NAMES,
    ACCOUNT_ORG_KIND,
    BRANCH_FIELD_NAMES,
    CITIES,
    ORG_CHILD_KINDS,
    ORG_KIND_NAMES,
    AccountKind,
    OrgKind,
)

ORG_SHEET = "组织"
ACCOUNT_SHEET = "人员"
ORG_COLUMNS: tuple[str, ...] = ("组织代码", "组织名称", "组织类别", "上级组织代码", "市州", "领域")
ACCOUNT_COLUMNS: tuple[str, ...] = (
    "用户名",
    "姓名",
    "账号类别",
    "所在组织代码",
    "党小组",
    "委员职位",
)
_ORG_REQUIRED = ("组织代码", "组织名称", "组织类别")
_ACCOUNT_REQUIRED = ("用户名", "姓名", "账号类别")

# The kinds an import may create: the province exists already (gsdj-server init).
IMPORTABLE_ORG_KINDS = frozenset(
    {OrgKind.COMMITTEE, OrgKind.GENERAL_BRANCH, OrgKind.BRANCH, OrgKind.GROUP}
)
_ORG_KIND_BY_NAME = {ORG_KIND_NAMES[k]: k for k in IMPORTABLE_ORG_KINDS}
_ACCOUNT_KIND_BY_NAME = {name: k for k, name in ACCOUNT_KIND_NAMES.items()}
_FIELD_BY_NAME = {name: f.value for f, name in BRANCH_FIELD_NAMES.items()}
_CITY_SET = frozenset(CITIES)
MAX_CODE = 40
MAX_NAME = 100
MAX_USERNAME = 64
_SPACE = re.compile(r"\s")  # a username holds none (str.isspace's characters)
MAX_DISPLAY_NAME = 64
# A file's bounds: its rows (a province of 2,000,000 members fits) and the columns a header may
# use (A–AD); beyond, the file is refused as a whole before any row is checked.
MAX_ROWS = 2_500_000
MAX_COLUMNS = 30
# The preview lists at most this many fields an import replaces or keeps (and counts them all).
MAX_LISTED_CHANGES = 1000


@dataclass(frozen=True)
class Problem:
    sheet: str
    row: int  # the spreadsheet's own row number (the header is row 1 in most files)
    column: str  # the column's letter, "" for the row as a whole
    header: str  # the column's header, "" for the row as a whole
    reason: str

    def text(self) -> str:
        where = f"{self.sheet} 第{self.row}行"
        if self.column:
            where += f" {self.column}列({self.header})"
        return f"{where}:{self.reason}"


@dataclass
class Table:
    """One recognised table: its rows as cells by header, each with its row number."""

    sheet: str
    kind: str  # "orgs" or "accounts"
    letters: dict[str, str]  # header → column letter
    rows: list[tuple[int, dict[str, str]]] = field(default_factory=list)


def column_letter(index: int) -> str:
    """0 → A, 25 → Z, 26 → AA."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def cell_text(value: object) -> str:
    """A cell as text: numbers typed into a code column (6201) read as their digits."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def recognise(sheet: str, header: Sequence[object]) -> Table | None:
    """The table a header row starts, or None when it is neither kind."""
    names = [cell_text(h) for h in header]
    if "用户名" in names:
        kind, columns = "accounts", ACCOUNT_COLUMNS
    elif "组织代码" in names and "组织类别" in names:
        kind, columns = "orgs", ORG_COLUMNS
    else:
        return None
    letters = {n: column_letter(i) for i, n in enumerate(names) if n in columns}
    return Table(sheet=sheet, kind=kind, letters=letters)


def missing_columns(table: Table) -> list[str]:
    required = _ORG_REQUIRED if table.kind == "orgs" else _ACCOUNT_REQUIRED
    return [c for c in required if c not in table.letters]


@dataclass(frozen=True)
class ExistingOrg:
    id: int
    code: str | None
    kind: str
    name: str
    parent_id: int | None
    city: str | None
    field: str | None
    local_edits: Mapping[str, object] | None = None  # see "Platform edits" below


@dataclass(frozen=True)
class ExistingAccount:
    id: int
    username: str
    display_name: str
    kind: str
    org_id: int | None
    group_id: int | None
    position_code: str | None
    local_edits: Mapping[str, object] | None = None


# --- Platform edits ------------------------------------------------------------------------
#
# 我的支部 (领域, a 党小组's name) and 账号管理 (所在组织, 党小组, 委员职位) edit records an import
# made. Each such edit remembers, in the record's `local_edits`, the field's value before it (the
# first edit's, since the last import: what the import left). A re-import then settles each field
# three ways, so that the province's old spreadsheet does not silently undo the branches' work:
#
# - the file holds what the record holds: nothing to do (a remembered value is forgotten);
# - the file still holds the value before the edit (the file has not changed it): the edit is
#   kept, and the preview lists it as kept;
# - the file holds anything else: the file changed it on purpose, its value replaces the record's
#   (the preview lists it, marked as replacing a platform edit), and the edit is forgotten.
#
# A field nobody edited on the platform takes the file's value, as any changed row does. A
# member's 党小组 and 委员职位 belong to its branch: while its 所在组织 is kept, they are kept too.


@dataclass(frozen=True)
class ImportField:
    """A field an import sets: its key in `local_edits`, its column, and its name in a change."""

    key: str
    header: str
    label: str


ORG_FIELDS: tuple[ImportField, ...] = (
    ImportField("name", "组织名称", "名称"),
    ImportField("parent", "上级组织代码", "上级组织"),
    ImportField("city", "市州", "市州"),
    ImportField("field", "领域", "领域"),
)
ACCOUNT_FIELDS: tuple[ImportField, ...] = (
    ImportField("display_name", "姓名", "姓名"),
    ImportField("org", "所在组织代码", "所在组织"),  # remembered as the org's id
    ImportField("group", "党小组", "党小组"),  # remembered as the 党小组's id
    ImportField("position", "委员职位", "委员职位"),
)


def remember_edit(
    edits: Mapping[str, object] | None, values: Mapping[str, object]
) -> dict[str, object]:
    """A record's `local_edits` after a platform edit of these fields (key → value before the
    edit): an earlier edit's remembered value stays (it is the one the import left)."""
    out = dict(edits or {})
    for key, before in values.items():
        out.setdefault(key, before)
    return out


@dataclass(frozen=True)
class FieldChange:
    """One field of an existing record as the import settles it, for the preview: replaced by
    the file's value, or (kept) a platform edit the file does not change."""

    sheet: str
    row: int
    column: str
    header: str
    record: str  # the org's code or the account's username
    label: str
    old: str  # the record's value now
    new: str  # the file's value
    kept: bool = False
    replaces_edit: bool = False  # the value replaced was set on the platform since the import

    def reason(self) -> str:
        what = f"{self.record} {self.label}"
        if self.kept:
            return f"{what}:保留平台上的修改「{self.old}」(文件为「{self.new}」)"
        tail = "(替换平台上的修改)" if self.replaces_edit else ""
        return f"{what}:{self.old} → {self.new}{tail}"

    def text(self) -> str:
        return f"{self.sheet} 第{self.row}行 {self.reason()}"


_SAME, _KEPT, _FILE, _REPLACE = range(4)


def _settle(now: object, want: object, edits: Mapping[str, object], key: str, base: object) -> int:
    """How one field settles (see "Platform edits"): `base` is the remembered value."""
    if want == now:
        return _SAME
    if key not in edits:
        return _FILE
    return _KEPT if want == base else _REPLACE


@dataclass(frozen=True)
class PositionHolder:
    """An existing account that holds a 委员职位 in an org the file's rows give positions in."""

    username: str
    display_name: str
    org_id: int
    position_code: str


@dataclass
class OrgChange:
    """A new org (id None) or an update of one; parent by code (resolved once created)."""

    code: str
    name: str
    kind: str
    parent_code: str
    city: str | None
    field: str | None
    sort: int
    id: int | None = None
    detail: str = ""
    local_edits: dict[str, object] | None = None  # what the record remembers after the import


@dataclass
class AccountChange:
    username: str
    display_name: str
    kind: str
    org_code: str | None
    group_code: str | None
    position_code: str | None
    id: int | None = None
    detail: str = ""
    sheet: str = ""
    row: int = 0
    moved_from: int | None = None  # the org id an existing account leaves (audited there too)
    position_changed: bool = False  # it gives up the (branch, 委员职位) it holds (freed first)
    local_edits: dict[str, object] | None = None
    # A kept 党小组 (a platform edit) by id: it may be one made on the platform, with no code.
    kept_group: tuple[int | None] | None = None


@dataclass
class Plan:
    new_orgs: list[OrgChange] = field(default_factory=list)  # parents before children
    changed_orgs: list[OrgChange] = field(default_factory=list)
    same_orgs: int = 0
    new_accounts: list[AccountChange] = field(default_factory=list)
    changed_accounts: list[AccountChange] = field(default_factory=list)
    same_accounts: int = 0
    # For a scope check, code → (sheet, row) of the first row naming it: every org a row that
    # creates or changes something names (the org, its parent, an account's org and the org it
    # leaves) …
    touched_org_codes: dict[str, tuple[str, int]] = field(default_factory=dict)
    # … and the org of each unchanged row (an org row's own code, an account's org): such a row
    # changes nothing, so it may also name the importer's own org's upper orgs.
    unchanged_org_codes: dict[str, tuple[str, int]] = field(default_factory=dict)
    unchanged_public: list[AccountChange] = field(default_factory=list)  # 群众: no org at all
    # The preview: every field of an existing record the import replaces or keeps.
    changes: list[FieldChange] = field(default_factory=list)
    # Unchanged records whose remembered platform edits the file now agrees with: id → the
    # `local_edits` left (written without an audit row: nothing the record shows changes).
    rebased_orgs: dict[int, dict[str, object] | None] = field(default_factory=dict)
    rebased_accounts: dict[int, dict[str, object] | None] = field(default_factory=dict)
    changes_total: int = 0  # `changes` holds the first MAX_LISTED_CHANGES of them
    kept_total: int = 0  # of which platform edits kept

    def note(self, change: FieldChange) -> None:
        self.changes_total += 1
        self.kept_total += change.kept
        if len(self.changes) < MAX_LISTED_CHANGES:
            self.changes.append(change)


@dataclass(frozen=True)
class Scope:
    """Who imports: None for the command line (everything); else the admin's own org id, the
    ids of its subtree (the org itself and every org under it) and of the orgs above it (its
    parent up to the province)."""

    org_id: int
    subtree: frozenset[int]
    above: frozenset[int] = frozenset()


class _Rows:
    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def bad(self, table: Table, row: int, header: str, reason: str) -> None:
        letter = table.letters.get(header, "")
        self.problems.append(Problem(table.sheet, row, letter, header if letter else "", reason))


def _depth(code: str, parents: Mapping[str, str], seen: set[str]) -> int:
    depth = 0
    while code in parents and code not in seen:
        seen.add(code)
        code = parents[code]
        depth += 1
    return depth


def plan(
    tables: Iterable[Table],
    orgs: Sequence[ExistingOrg],
    accounts: Mapping[str, ExistingAccount],
    positions: Mapping[str, str],
    scope: Scope | None = None,
    groups_with_members: frozenset[int] = frozenset(),
    holders: Sequence[PositionHolder] = (),
) -> tuple[Plan, list[Problem]]:
    """What importing these tables would do, or every bad row (then nothing is to be done).

    `orgs`: every org in the database; `accounts`: the existing accounts among the usernames
    the tables name; `positions`: 委员职位 name → code; `holders`: the accounts that hold a
    委员职位 in the orgs the rows give one in (a branch has one holder of each position: one
    the file gives to a second account, in the file or beside it, is a bad row). With a `scope` (an admin over HTTP),
    every row must lie inside the admin's subtree, and the admin's own org and its admin
    accounts may only appear unchanged (they are the upper level's to change)."""
    out = Plan()
    check = _Rows()
    tables = list(tables)
    by_code = {o.code: o for o in orgs if o.code}
    by_id = {o.id: o for o in orgs}
    province = next((o for o in orgs if o.kind == OrgKind.PROVINCE.value), None)

    # --- org rows: each on its own, then against each other ---
    rows_by_code: dict[str, tuple[Table, int, dict[str, str]]] = {}
    kinds: dict[str, OrgKind] = {}
    parents: dict[str, str] = {}
    sort_by_parent: dict[str, int] = {}
    for table in (t for t in tables if t.kind == "orgs"):
        for number, cells in table.rows:
            code = cells.get("组织代码", "")
            ok = True
            for header in _ORG_REQUIRED:
                if not cells.get(header):
                    check.bad(table, number, header, "必填项为空")
                    ok = False
            if not ok:
                continue
            if len(code) > MAX_CODE:
                check.bad(table, number, "组织代码", f"组织代码不能超过 {MAX_CODE} 个字符")
                continue
            if len(cells["组织名称"]) > MAX_NAME:
                check.bad(table, number, "组织名称", f"组织名称不能超过 {MAX_NAME} 个字符")
            if code in rows_by_code:
                first = rows_by_code[code]
                check.bad(
                    table,
                    number,
                    "组织代码",
                    f"组织代码 {code} 与 {first[0].sheet} 第{first[1]}行重复",
                )
                continue
            kind = _ORG_KIND_BY_NAME.get(cells["组织类别"])
            if kind is None:
                names = "、".join(ORG_KIND_NAMES[k] for k in OrgKind if k in IMPORTABLE_ORG_KINDS)
                check.bad(
                    table,
                    number,
                    "组织类别",
                    f"未知的组织类别「{cells['组织类别']}」,应为 {names} 之一",
                )
                continue
            existing = by_code.get(code)
            if existing is not None and existing.kind != kind.value:
                check.bad(
                    table,
                    number,
                    "组织类别",
                    f"组织 {code} 已是{ORG_KIND_NAMES[OrgKind(existing.kind)]},不能改为"
                    f"{ORG_KIND_NAMES[kind]}",
                )
                continue
            parent = cells.get("上级组织代码", "")
            if not parent and kind is OrgKind.COMMITTEE and province is not None and province.code:
                parent = province.code
            if not parent:
                check.bad(table, number, "上级组织代码", "必填项为空")
                continue
            if parent == code:
                check.bad(table, number, "上级组织代码", "上级组织不能是该组织自己")
                continue
            rows_by_code[code] = (table, number, cells)
            kinds[code] = kind
            parents[code] = parent
    for code, (table, number, cells) in rows_by_code.items():
        kind = kinds[code]
        parent = parents[code]
        parent_kind = kinds.get(parent)
        if parent_kind is None and parent in by_code:
            parent_kind = OrgKind(by_code[parent].kind)
        if parent_kind is None:
            check.bad(
                table, number, "上级组织代码", f"上级组织 {parent} 既不在本文件中,也不在系统中"
            )
            continue
        if kind not in ORG_CHILD_KINDS[parent_kind]:
            check.bad(
                table,
                number,
                "组织类别",
                f"{ORG_KIND_NAMES[parent_kind]}下不能设{ORG_KIND_NAMES[kind]}(上级组织 {parent})",
            )
            continue
        city = cells.get("市州", "") or None
        if city is None and kind is OrgKind.GROUP:
            parent_row = rows_by_code.get(parent)
            city = (parent_row[2].get("市州") or None) if parent_row else by_code[parent].city
        if city is None:
            check.bad(table, number, "市州", "必填项为空")
        elif city not in _CITY_SET:
            check.bad(table, number, "市州", f"未知的市州「{city}」")
        field_name = cells.get("领域", "")
        field_code: str | None = None
        if kind is OrgKind.BRANCH:
            if not field_name:
                check.bad(table, number, "领域", "党支部须填写领域")
            elif field_name not in _FIELD_BY_NAME:
                fields = "、".join(BRANCH_FIELD_NAMES.values())
                check.bad(table, number, "领域", f"未知的领域「{field_name}」,应为 {fields} 之一")
            else:
                field_code = _FIELD_BY_NAME[field_name]
        elif field_name:
            check.bad(table, number, "领域", "只有党支部填写领域")
        if check.problems:
            continue  # the plan is thrown away anyway; keep checking the rows
        sort = sort_by_parent.get(parent, 0)
        sort_by_parent[parent] = sort + 1
        change = OrgChange(code, cells["组织名称"], kind.value, parent, city, field_code, sort)
        existing = by_code.get(code)
        if existing is None:
            out.new_orgs.append(change)
        else:
            change.id = existing.id
            old_parent = by_id.get(existing.parent_id) if existing.parent_id else None
            now_o = (existing.name, old_parent.code if old_parent else None, existing.city,
                     existing.field)  # fmt: skip
            want_o = (change.name, parent, city, field_code)
            edits = existing.local_edits or {}
            if now_o == want_o and not edits:
                out.same_orgs += 1
                out.unchanged_org_codes.setdefault(code, (table.sheet, number))
                continue
            left = dict(edits)
            final: list[Any] = list(want_o)
            diffs = []
            for i, spec in enumerate(ORG_FIELDS):
                state = _settle(now_o[i], want_o[i], edits, spec.key, edits.get(spec.key))
                if state != _KEPT:
                    left.pop(spec.key, None)
                if state == _SAME:
                    continue
                if spec.key == "parent" and kind is OrgKind.GROUP:
                    if existing.id in groups_with_members:
                        # Its members' 党小组 would lie outside their 党支部.
                        check.bad(
                            table,
                            number,
                            "上级组织代码",
                            f"党小组 {code} 已有成员,不能改到其他党支部;请先将成员移出该党小组",
                        )
                        break
                old_s, new_s = _org_shown(spec.key, now_o[i]), _org_shown(spec.key, want_o[i])
                if state == _KEPT:
                    final[i] = now_o[i]
                else:
                    diffs.append(f"{spec.label}:{old_s} → {new_s}")
                out.note(
                    FieldChange(
                        table.sheet, number, table.letters.get(spec.header, ""), spec.header,
                        code, spec.label, old_s, new_s, kept=state == _KEPT,
                        replaces_edit=state == _REPLACE,
                    )
                )  # fmt: skip
            else:
                change.name, change.parent_code = str(final[0]), str(final[1])
                change.city, change.field = final[2], final[3]
                change.local_edits = left or None
                if not diffs:
                    out.same_orgs += 1
                    if left != edits:
                        out.rebased_orgs[existing.id] = change.local_edits
                    out.unchanged_org_codes.setdefault(code, (table.sheet, number))
                    continue
                change.detail = ";".join(diffs)
                out.changed_orgs.append(change)
            if check.problems:
                continue
        out.touched_org_codes.setdefault(code, (table.sheet, number))
        out.touched_org_codes.setdefault(parent, (table.sheet, number))
    # A parent changed to one of the org's own descendants would make a loop.
    if not check.problems and out.changed_orgs:
        graph: dict[str, str] = {
            o.code: by_id[o.parent_id].code or ""
            for o in orgs
            if o.code and o.parent_id is not None and o.parent_id in by_id
        }
        graph.update(parents)
        for change in out.changed_orgs:
            seen: set[str] = set()
            node = change.code
            while node in graph and node not in seen:
                seen.add(node)
                node = graph[node]
            if node in seen:
                table, number, _ = rows_by_code[change.code]
                check.bad(table, number, "上级组织代码", "上级组织不能是该组织自己的下级组织")
    # Parents before children: by depth in the file's own tree.
    if out.new_orgs:
        depth = {c.code: _depth(c.code, parents, set()) for c in out.new_orgs}
        out.new_orgs.sort(key=lambda c: depth[c.code])

    def org_kind_of(code: str) -> OrgKind | None:
        if code in kinds:
            return kinds[code]
        if code in by_code:
            return OrgKind(by_code[code].kind)
        return None

    def parent_of(code: str) -> str | None:
        if code in parents:
            return parents[code]
        existing = by_code.get(code)
        if existing is None or existing.parent_id is None:
            return None
        return by_id[existing.parent_id].code

    # --- account rows ---
    seen_users: dict[str, tuple[str, int]] = {}
    # (org code, 委员职位 code) → the row that gives it: each position has one holder per branch.
    claims: dict[tuple[str, str], tuple[Table, int, str, str]] = {}
    names_by_code = {v: k for k, v in positions.items()}
    by_org_id_code = {o.id: o.code for o in orgs}
    for table in (t for t in tables if t.kind == "accounts"):
        for number, cells in table.rows:
            ok = True
            for header in _ACCOUNT_REQUIRED:
                if not cells.get(header):
                    check.bad(table, number, header, "必填项为空")
                    ok = False
            if not ok:
                continue
            username = cells["用户名"]
            if username in seen_users:
                sheet, first_row = seen_users[username]
                check.bad(
                    table, number, "用户名", f"用户名 {username} 与 {sheet} 第{first_row}行重复"
                )
                continue
            seen_users[username] = (table.sheet, number)
            if len(username) > MAX_USERNAME or _SPACE.search(username):
                check.bad(
                    table, number, "用户名", f"用户名不能含空格,且不超过 {MAX_USERNAME} 个字符"
                )
                continue
            if len(cells["姓名"]) > MAX_DISPLAY_NAME:
                check.bad(table, number, "姓名", f"姓名不能超过 {MAX_DISPLAY_NAME} 个字符")
                continue
            kind_a = _ACCOUNT_KIND_BY_NAME.get(cells["账号类别"])
            if kind_a is None:
                names = "、".join(ACCOUNT_KIND_NAMES.values())
                check.bad(
                    table,
                    number,
                    "账号类别",
                    f"未知的账号类别「{cells['账号类别']}」,应为 {names} 之一",
                )
                continue
            existing_a = accounts.get(username)
            if existing_a is not None and existing_a.kind != kind_a.value:
                old_kind = ACCOUNT_KIND_NAMES[AccountKind(existing_a.kind)]
                check.bad(
                    table,
                    number,
                    "账号类别",
                    f"账号 {username} 已是{old_kind},导入不能更改账号类别",
                )
                continue
            org_code = cells.get("所在组织代码", "") or None
            want = ACCOUNT_ORG_KIND[kind_a]
            if want is None:
                if org_code:
                    check.bad(table, number, "所在组织代码", "群众账号不属于任何组织,此项应为空")
                    continue
            else:
                if not org_code:
                    check.bad(table, number, "所在组织代码", "必填项为空")
                    continue
                have = org_kind_of(org_code)
                if have is None and province is not None and org_code == province.code:
                    have = OrgKind.PROVINCE
                if have is None:
                    check.bad(
                        table,
                        number,
                        "所在组织代码",
                        f"组织 {org_code} 既不在本文件中,也不在系统中",
                    )
                    continue
                if have is not want:
                    check.bad(
                        table,
                        number,
                        "所在组织代码",
                        f"{ACCOUNT_KIND_NAMES[kind_a]}应属于{ORG_KIND_NAMES[want]},"
                        f"而组织 {org_code} 是{ORG_KIND_NAMES[have]}",
                    )
                    continue
            group_code = cells.get("党小组", "") or None
            if group_code is not None:
                if kind_a is not AccountKind.MEMBER:
                    check.bad(table, number, "党小组", "只有党员账号填写党小组")
                    continue
                if org_kind_of(group_code) is not OrgKind.GROUP:
                    check.bad(table, number, "党小组", f"党小组 {group_code} 不存在")
                    continue
                if parent_of(group_code) != org_code:
                    check.bad(
                        table, number, "党小组", f"党小组 {group_code} 不属于党支部 {org_code}"
                    )
                    continue
            position_name = cells.get("委员职位", "") or None
            position_code: str | None = None
            if position_name is not None:
                if kind_a is not AccountKind.MEMBER:
                    check.bad(table, number, "委员职位", "只有党员账号填写委员职位")
                    continue
                if position_name not in positions:
                    known = "、".join(positions)
                    check.bad(
                        table,
                        number,
                        "委员职位",
                        f"未知的委员职位「{position_name}」,应为 {known} 之一;"
                        "如需增设职位,请向省委组织部提出申请",
                    )
                    continue
                position_code = positions[position_name]
            change_a = AccountChange(
                username,
                cells["姓名"],
                kind_a.value,
                org_code,
                group_code,
                position_code,
                sheet=table.sheet,
                row=number,
            )
            if existing_a is not None:
                change_a.id = existing_a.id
                if not _settle_account(change_a, existing_a, table, by_id, names_by_code, out):
                    _claim(change_a, claims, names_by_code, table, check)
                    continue  # unchanged
            if not _claim(change_a, claims, names_by_code, table, check):
                continue
            if existing_a is None:
                out.new_accounts.append(change_a)
                if org_code:
                    out.touched_org_codes.setdefault(org_code, (table.sheet, number))
                continue
            out.changed_accounts.append(change_a)
            old_org = by_org_id_code.get(existing_a.org_id) if existing_a.org_id else None
            if change_a.org_code:
                out.touched_org_codes.setdefault(change_a.org_code, (table.sheet, number))
            if old_org and old_org != change_a.org_code:
                change_a.moved_from = existing_a.org_id
            if old_org:
                # Moving an account out of an org: that org must be in scope too.
                out.touched_org_codes.setdefault(old_org, (table.sheet, number))

    for holder in holders:
        if holder.username in seen_users:
            continue  # its own row says what it holds now
        held = (by_org_id_code.get(holder.org_id) or "", holder.position_code)
        if held not in claims:
            continue
        table, number, _, _ = claims[held]
        name = names_by_code.get(holder.position_code, holder.position_code)
        check.bad(
            table,
            number,
            "委员职位",
            f"党支部 {held[0]} 的{name}已由 {holder.display_name}({holder.username})担任,"
            f"每个党支部只设一名{name};请先取消其职位,或在本文件中列出该账号并改其委员职位",
        )
    if scope is not None and not check.problems:
        _check_scope(out, scope, by_code, parents, rows_by_code, check)
    if check.problems:
        check.problems.sort(key=lambda p: (p.sheet, p.row, p.column))
        return Plan(), check.problems
    return out, []


_FIELD_NAME_BY_CODE: dict[object, str] = {f.value: n for f, n in BRANCH_FIELD_NAMES.items()}


def _org_shown(key: str, value: object) -> str:
    if value is None:
        return "无"
    if key == "field":
        return _FIELD_NAME_BY_CODE.get(value, str(value))
    return str(value)


def _settle_account(
    change: AccountChange,
    existing: ExistingAccount,
    table: Table,
    by_id: Mapping[int, ExistingOrg],
    names_by_code: Mapping[str, str],
    out: Plan,
) -> bool:
    """Settle an existing account's row against its record (see "Platform edits"): `change`
    left holding what the record will hold, its audit detail and its preview entries noted.
    False when the record stays as it is (counted 不变; its remembered edits may be rebased)."""

    def code_of(org_id: object) -> str | None:
        org = by_id.get(org_id) if isinstance(org_id, int) else None
        return org.code if org is not None else None

    def shown(key: str, value: object) -> str:
        if value is None:
            return "无"
        if key == "position":
            return names_by_code.get(str(value), str(value))
        return str(value)

    now = (existing.display_name, code_of(existing.org_id), code_of(existing.group_id),
           existing.position_code)  # fmt: skip
    want = (change.display_name, change.org_code, change.group_code, change.position_code)
    edits = existing.local_edits or {}
    if now == want and not edits:
        out.same_accounts += 1
        _unchanged(change, out)
        return False
    base = {
        "org": code_of(edits.get("org")),
        "group": code_of(edits.get("group")),
        "position": edits.get("position"),
    }
    left = dict(edits)
    final: list[Any] = list(want)
    diffs = []
    org_state = _SAME
    for i, spec in enumerate(ACCOUNT_FIELDS):
        if spec.key in ("group", "position") and org_state == _KEPT:
            # Kept in its branch: its 党小组 and 委员职位 are that branch's, kept with it.
            state = _SAME if want[i] == now[i] else _KEPT
        elif spec.key in ("group", "position") and org_state in (_FILE, _REPLACE):
            left.pop(spec.key, None)  # moved by the file: the new branch's, from the file
            state = _SAME if want[i] == now[i] else _FILE
        else:
            state = _settle(now[i], want[i], edits, spec.key, base.get(spec.key))
            if state != _KEPT:
                left.pop(spec.key, None)
        if spec.key == "org":
            org_state = state
        if state == _SAME:
            continue
        old_s, new_s = shown(spec.key, now[i]), shown(spec.key, want[i])
        if spec.key == "group" and now[i] is None and existing.group_id is not None:
            old_s = by_id[existing.group_id].name  # a 党小组 made on the platform: no code
        if state == _KEPT:
            final[i] = now[i]
            if spec.key == "group":
                change.kept_group = (existing.group_id,)
        else:
            diffs.append(f"{spec.label}:{old_s} → {new_s}")
        out.note(
            FieldChange(
                table.sheet, change.row, table.letters.get(spec.header, ""), spec.header,
                change.username, spec.label, old_s, new_s, kept=state == _KEPT,
                replaces_edit=state == _REPLACE,
            )
        )  # fmt: skip
    change.display_name, change.org_code, change.group_code, change.position_code = final
    change.local_edits = left or None
    # The (branch, 委员职位) it holds is given up: freed before anyone takes it.
    change.position_changed = existing.position_code is not None and (
        change.position_code != existing.position_code or change.org_code != now[1]
    )
    if not diffs:
        out.same_accounts += 1
        if left != edits:
            out.rebased_accounts[existing.id] = change.local_edits
        _unchanged(change, out)
        if change.org_code != want[1] and want[1]:  # a kept 所在组织: the row names the other
            out.unchanged_org_codes.setdefault(want[1], (change.sheet, change.row))
        return False
    change.detail = ";".join(diffs)
    return True


def _unchanged(change: AccountChange, out: Plan) -> None:
    if change.org_code:
        out.unchanged_org_codes.setdefault(change.org_code, (change.sheet, change.row))
    else:
        out.unchanged_public.append(change)


def _claim(
    change: AccountChange,
    claims: dict[tuple[str, str], tuple[Table, int, str, str]],
    names_by_code: Mapping[str, str],
    table: Table,
    check: _Rows,
) -> bool:
    """Each 委员职位 has one holder per branch: the row giving one a second time is bad."""
    if change.position_code is None or change.org_code is None:
        return True
    claim = claims.setdefault(
        (change.org_code, change.position_code),
        (table, change.row, change.username, change.display_name),
    )
    if claim[2] == change.username:
        return True
    name = names_by_code.get(change.position_code, change.position_code)
    check.bad(
        table,
        change.row,
        "委员职位",
        f"{name}与 {claim[0].sheet} 第{claim[1]}行的 "
        f"{claim[3]}({claim[2]})重复:每个党支部只设一名{name}",
    )
    return False


def _check_scope(
    out: Plan,
    scope: Scope,
    by_code: Mapping[str, ExistingOrg],
    parents: Mapping[str, str],
    rows_by_code: Mapping[str, tuple[Table, int, dict[str, str]]],
    check: _Rows,
) -> None:
    """Every org a row that creates or changes something names must be the admin's own or
    under it (a new org: its parent's chain must reach into the subtree); the own org and its
    admins only unchanged. An unchanged row may also lie above the admin's org (a no-op)."""

    def inside(code: str) -> bool:
        seen: set[str] = set()
        while code not in seen:
            seen.add(code)
            existing = by_code.get(code)
            if existing is not None:
                return existing.id in scope.subtree
            if code not in parents:
                return False
            code = parents[code]
        return False

    for code, (sheet, number) in out.touched_org_codes.items():
        if not inside(code):
            check.problems.append(Problem(sheet, number, "", "", f"组织 {code} 不在您的管理范围内"))
    # A row that changes nothing may name the importer's own org and the orgs above it (its own
    # 党委 row under the province, the upper orgs' admins in the province's file): a no-op.
    # Any other org outside the subtree is refused even unchanged: whether a row outside matches
    # the database is not the importer's to learn.
    for code, (sheet, number) in out.unchanged_org_codes.items():
        existing = by_code.get(code)
        if existing is not None and existing.id in scope.above:
            continue
        if not inside(code):
            check.problems.append(Problem(sheet, number, "", "", f"组织 {code} 不在您的管理范围内"))
    own = next((o for o in by_code.values() if o.id == scope.org_id), None)
    own_code = own.code if own else None
    for change in out.changed_orgs:
        if change.code == own_code:
            table, number, _ = rows_by_code[change.code]
            check.problems.append(
                Problem(table.sheet, number, "", "", "本级组织的信息只能由上级组织修改")
            )
    province = next((o for o in by_code.values() if o.kind == OrgKind.PROVINCE.value), None)
    for change_a in (*out.new_accounts, *out.changed_accounts, *out.unchanged_public):
        if change_a.org_code is None and (province is None or scope.org_id != province.id):
            # 群众 belong to no org: only the province (or the command line) manages them,
            # and only it learns whether a row matches one.
            check.problems.append(
                Problem(
                    change_a.sheet,
                    change_a.row,
                    "",
                    "",
                    f"群众账号 {change_a.username} 只能由省委组织部创建或修改",
                )
            )
        if change_a.org_code == own_code and AccountKind(change_a.kind) in _ADMINS:
            check.problems.append(
                Problem(
                    change_a.sheet,
                    change_a.row,
                    "",
                    "",
                    f"本级管理员账号 {change_a.username} 只能由上级组织创建或修改",
                )
            )


_ADMINS = frozenset(
    {
        AccountKind.PROVINCE_ADMIN,
        AccountKind.COMMITTEE_ADMIN,
        AccountKind.GENERAL_BRANCH_ADMIN,
        AccountKind.BRANCH_ADMIN,
    }
)
