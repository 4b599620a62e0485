"""gsdj-server init, and the import of the org tree and accounts (issue 16).

A file is read into tables (server.domain.imports), the rows are checked against each other and
the database (`plan`), and the plan is written in one transaction in bulk: new orgs level by
level (an INSERT … RETURNING of many rows per level), updates as one executemany each, new
accounts in one executemany, and their audit rows in one more. Nothing is done per row against
the database.
"""

from __future__ import annotations

import asyncio
import base64
import binascii
import csv
import io
import re
import secrets
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from datetime import datetime
from itertools import groupby
from pathlib import Path
from typing import Any, cast

from sqlalchemy import Table, bindparam, func, insert, literal, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from contract import schemas
from server import messages
from server.db.audit import record_many
from server.db.bulk import insert_rows
from server.db.models import Account, ArticleColumn, CommitteePosition, Org, OrgEvent
from server.db.unit import Unit
from server.domain import imports as rules
from server.domain.auth import (
    ONE_TIME_ALPHABET,
    ONE_TIME_LENGTH,
    hash_one_time,
    one_time_password,
)
from server.domain.errors import DomainError, conflict, refused
from server.domain.orgs import ORG_KIND_NAMES, AccountKind, OrgKind
from server.domain.permissions import require
from server.domain.publishing import ARTICLE_COLUMNS
from server.services.context import Caller

DEFAULT_PROVINCE_NAME = "中共甘肃省委组织部"
DEFAULT_PROVINCE_CODE = "GS"
DEFAULT_ADMIN_USERNAME = "admin"
_ORGS = cast(Table, Org.__table__)
_ACCOUNTS = cast(Table, Account.__table__)
_CHUNK = 2000  # usernames per IN (…) lookup

# --- reading files ------------------------------------------------------------------------


def _csv_text(data: bytes) -> str | None:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return None


def _csv_tables(name: str, lines: Iterable[str]) -> list[rules.Table]:
    reader = csv.reader(lines)
    table: rules.Table | None = None
    for number, row in enumerate(reader, start=1):
        if table is None:
            if not any(c.strip() for c in row):
                continue
            if "\x00" in "".join(row):
                raise refused("import_not_a_file", messages.IMPORT_NOT_A_FILE.format(name=name))
            _check_width(name, row)
            row = row[: rules.MAX_COLUMNS]
            table = rules.recognise(name, row)
            if table is None:
                raise refused("import_no_table", messages.IMPORT_NO_TABLE.format(name=name))
            headers = [c.strip() for c in row]
            continue
        if number > rules.MAX_ROWS:
            raise _too_many_rows(name)
        # A csv cell is text already: stripped, as rules.cell_text does.
        cells = {h: v.strip() for h, v in zip(headers, row, strict=False) if h in table.letters}
        if any(cells.values()):
            table.rows.append((number, cells))
    if table is None:
        raise refused("import_no_table", messages.IMPORT_NO_TABLE.format(name=name))
    return [table]


def _add_row(
    table: rules.Table, headers: Sequence[str], number: int, row: Sequence[object]
) -> None:
    cells = {
        h: rules.cell_text(v) for h, v in zip(headers, row, strict=False) if h in table.letters
    }
    if any(cells.values()):
        table.rows.append((number, cells))


def _xlsx_tables(name: str, source: bytes | Path) -> list[rules.Table]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(
            io.BytesIO(source) if isinstance(source, bytes) else source,
            read_only=True,
            data_only=True,
        )
    except Exception as exc:  # any reader failure: the file is not a workbook we can read
        raise refused("import_not_a_file", messages.IMPORT_NOT_A_FILE.format(name=name)) from exc
    tables: list[rules.Table] = []
    try:
        _read_sheets(book, tables)
    except DomainError:
        raise
    except Exception as exc:  # a zip that is no workbook, a damaged sheet
        raise refused("import_not_a_file", messages.IMPORT_NOT_A_FILE.format(name=name)) from exc
    finally:
        book.close()
    if not tables:
        raise refused("import_no_table", messages.IMPORT_NO_TABLE.format(name=name))
    return tables


def _read_sheets(book: Any, tables: list[rules.Table]) -> None:
    """Each sheet's header (within the first `rules.MAX_COLUMNS` columns), then its rows read
    only as far as the header's last known column: read-only mode pads every row to the sheet's
    declared width (one stray cell at XFD1048576 makes it 16,384), so the width is ours."""
    for sheet in book.worksheets:
        header_row = 0
        header: Sequence[object] = ()
        for number, row in enumerate(
            sheet.iter_rows(values_only=True, max_col=rules.MAX_COLUMNS + 1), start=1
        ):
            if number > rules.MAX_ROWS:
                break
            if any(rules.cell_text(c) for c in row):
                header_row, header = number, row
                break
        if not header_row:
            continue
        _check_width(sheet.title, header)
        table = rules.recognise(sheet.title, header)
        if table is None:
            continue  # a sheet of notes (说明) or anything else: not ours
        headers = [rules.cell_text(c) for c in header]
        width = max(i for i, h in enumerate(headers) if h in table.letters) + 1
        headers = headers[:width]
        for number, row in enumerate(
            sheet.iter_rows(min_row=header_row + 1, max_col=width, values_only=True),
            start=header_row + 1,
        ):
            if number > rules.MAX_ROWS:
                raise _too_many_rows(sheet.title)
            if row.count(None) == len(row):
                continue
            _add_row(table, headers, number, row)
        tables.append(table)


def _check_width(sheet: str, header: Sequence[object]) -> None:
    if any(rules.cell_text(c) for c in header[rules.MAX_COLUMNS :]):
        raise refused(
            "import_too_many_columns",
            messages.IMPORT_TOO_MANY_COLUMNS.format(sheet=sheet, limit=rules.MAX_COLUMNS),
        )


def _too_many_rows(sheet: str) -> DomainError:
    return refused(
        "import_too_many_rows",
        messages.IMPORT_TOO_MANY_ROWS.format(sheet=sheet, limit=f"{rules.MAX_ROWS:,}"),
    )


def read_tables(name: str, source: bytes | Path) -> list[rules.Table]:
    """The tables of one file (.xlsx or .csv, told apart by content); 422 for anything else."""
    if isinstance(source, Path):
        with source.open("rb") as f:
            head = f.read(4)
    else:
        head = source[:4]
    if head.startswith(b"PK"):
        if isinstance(source, bytes) and not zipfile.is_zipfile(io.BytesIO(source)):
            raise refused("import_not_a_file", messages.IMPORT_NOT_A_FILE.format(name=name))
        tables = _xlsx_tables(name, source)
    elif name.lower().endswith((".xlsx", ".xlsm")):
        raise refused("import_not_a_file", messages.IMPORT_NOT_A_FILE.format(name=name))
    else:
        if isinstance(source, Path):
            tables = _csv_path_tables(name, source)
        else:
            text = _csv_text(source)
            if text is None:
                raise refused("import_not_a_file", messages.IMPORT_NOT_A_FILE.format(name=name))
            tables = _csv_tables(name, io.StringIO(text, newline=""))
    for table in tables:
        if missing := rules.missing_columns(table):
            raise refused(
                "import_missing_columns",
                messages.IMPORT_MISSING_COLUMNS.format(
                    sheet=table.sheet, columns="、".join(missing)
                ),
            )
    return tables


def _csv_path_tables(name: str, path: Path) -> list[rules.Table]:
    """A .csv on disk, streamed: UTF-8 (with or without BOM), else GB18030 (Chinese Excel's)."""
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            with path.open(encoding=encoding, newline="") as f:
                return _csv_tables(name, f)
        except UnicodeDecodeError:
            continue
    raise refused("import_not_a_file", messages.IMPORT_NOT_A_FILE.format(name=name))


def decode_files(files: Sequence[tuple[str, str]]) -> list[rules.Table]:
    """Files sent base64 (over HTTP): every table of every file; 422 for one that is not base64
    or not a workbook / CSV."""
    tables: list[rules.Table] = []
    for name, content in files:
        try:
            data = base64.b64decode(content, validate=True)
        except (binascii.Error, ValueError):
            raise refused("import_bad_base64", messages.IMPORT_BAD_BASE64) from None
        tables.extend(read_tables(name, data))
    return tables


async def read_uploads(files: Sequence[tuple[str, str]]) -> list[rules.Table]:
    """`decode_files` in a worker thread: a workbook's parse takes seconds for a province and
    must not hold up the server's other requests (nor sit inside a write transaction)."""
    return await asyncio.to_thread(decode_files, files)


_LIMIT = 256 - 256 % len(ONE_TIME_ALPHABET)  # bytes below it map evenly onto the alphabet
# Random bytes straight to the alphabet's characters (those at or above _LIMIT dropped), and
# the characters a password needs one of each of.
_TO_ALPHABET = bytes(
    ord(ONE_TIME_ALPHABET[b % len(ONE_TIME_ALPHABET)]) if b < _LIMIT else 0 for b in range(256)
)
_UNEVEN = bytes(range(_LIMIT, 256))
_LETTER = re.compile("[A-Za-z]")
_DIGIT = re.compile("[0-9]")


def one_time_passwords(n: int) -> list[str]:
    """`n` passwords as `auth.one_time_password` makes them (same alphabet, length and rule),
    drawn from one buffer of random bytes mapped onto the alphabet at once: a province's
    import needs millions, and a `secrets.choice` per character was half of the import's
    time."""
    out: list[str] = []
    while len(out) < n:
        chars = secrets.token_bytes((n - len(out)) * 16).translate(_TO_ALPHABET, _UNEVEN).decode()
        for i in range(0, len(chars) - ONE_TIME_LENGTH + 1, ONE_TIME_LENGTH):
            candidate = chars[i : i + ONE_TIME_LENGTH]
            if _LETTER.search(candidate) and _DIGIT.search(candidate):
                out.append(candidate)
                if len(out) == n:
                    break
    return out


# --- the database's side ------------------------------------------------------------------


async def _existing(
    conn: AsyncConnection, usernames: Sequence[str]
) -> tuple[
    list[rules.ExistingOrg], dict[str, rules.ExistingAccount], dict[str, str], frozenset[int]
]:
    """Every org, the file's existing accounts, 委员职位 name → code, and the 党小组 (ids)
    that have members."""
    o = Org.__table__.c
    orgs = [
        rules.ExistingOrg(*r)
        for r in await conn.execute(
            select(o.id, o.code, o.kind, o.name, o.parent_id, o.city, o.field, o.local_edits)
        )
    ]
    a = Account.__table__.c
    accounts: dict[str, rules.ExistingAccount] = {}
    query = select(
        a.id, a.username, a.display_name, a.kind, a.org_id, a.group_id, a.position_code,
        a.local_edits,
    ).where(a.username.in_(bindparam("names", expanding=True)))  # fmt: skip
    for start in range(0, len(usernames), _CHUNK):
        for r in await conn.execute(query, {"names": list(usernames[start : start + _CHUNK])}):
            accounts[r.username] = rules.ExistingAccount(*r)
    p = CommitteePosition.__table__.c
    positions = {
        r.name: r.code for r in await conn.execute(select(p.name, p.code).order_by(p.sort))
    }
    groups = frozenset(
        await conn.scalars(select(a.group_id).where(a.group_id.is_not(None)).distinct())
    )
    return orgs, accounts, positions, groups


async def _holders(
    conn: AsyncConnection, tables: Sequence[rules.Table], orgs: Sequence[rules.ExistingOrg]
) -> list[rules.PositionHolder]:
    """The accounts holding a 委员职位 in the existing orgs the file's rows give one in."""
    ids = {o.code: o.id for o in orgs if o.code}
    wanted = sorted(
        {
            ids[code]
            for t in tables
            if t.kind == "accounts"
            for _, c in t.rows
            if c.get("委员职位") and (code := c.get("所在组织代码", "")) in ids
        }
    )
    a = Account.__table__.c
    query = select(a.username, a.display_name, a.org_id, a.position_code).where(
        a.position_code.is_not(None), a.org_id.in_(bindparam("orgs", expanding=True))
    )
    out: list[rules.PositionHolder] = []
    for start in range(0, len(wanted), _CHUNK):
        for r in await conn.execute(query, {"orgs": wanted[start : start + _CHUNK]}):
            out.append(rules.PositionHolder(r.username, r.display_name, r.org_id, r.position_code))
    return out


def _subtree(orgs: Sequence[rules.ExistingOrg], root: int) -> frozenset[int]:
    children: dict[int, list[int]] = {}
    for org in orgs:
        if org.parent_id is not None:
            children.setdefault(org.parent_id, []).append(org.id)
    out, stack = {root}, [root]
    while stack:
        for child in children.get(stack.pop(), ()):
            out.add(child)
            stack.append(child)
    return frozenset(out)


def _above(orgs: Sequence[rules.ExistingOrg], org_id: int) -> frozenset[int]:
    """The ids of the orgs above `org_id`: its parent, that one's, up to the province."""
    parents = {o.id: o.parent_id for o in orgs}
    out: set[int] = set()
    node = parents.get(org_id)
    while node is not None and node not in out:
        out.add(node)
        node = parents.get(node)
    return frozenset(out)


def _usernames(tables: Sequence[rules.Table]) -> list[str]:
    return sorted(
        {c["用户名"] for t in tables if t.kind == "accounts" for _, c in t.rows if c.get("用户名")}
    )


def _counts(created: int, updated: int, unchanged: int) -> schemas.ImportCountsOut:
    return schemas.ImportCountsOut(created=created, updated=updated, unchanged=unchanged)


def _result(
    plan: rules.Plan,
    problems: Sequence[rules.Problem],
    *,
    dry_run: bool,
    passwords: list[schemas.ImportedPasswordOut],
) -> schemas.ImportOut:
    return schemas.ImportOut(
        dry_run=dry_run,
        applied=not dry_run and not problems,
        orgs=_counts(len(plan.new_orgs), len(plan.changed_orgs), plan.same_orgs),
        accounts=_counts(len(plan.new_accounts), len(plan.changed_accounts), plan.same_accounts),
        problems=[
            schemas.ImportProblemOut(
                sheet=p.sheet,
                row=p.row,
                column=p.column,
                header=p.header,
                reason=p.reason,
                text=p.text(),
            )
            for p in problems
        ],
        passwords=passwords,
        changes=[
            schemas.ImportChangeOut(
                sheet=c.sheet,
                row=c.row,
                column=c.column,
                header=c.header,
                record=c.record,
                field=c.label,
                old=c.old,
                new=c.new,
                kept=c.kept,
                replaces_edit=c.replaces_edit,
                reason=c.reason(),
                text=c.text(),
            )
            for c in plan.changes
        ],
        changes_total=plan.changes_total,
        kept_total=plan.kept_total,
    )


async def run_import(
    uow: Unit,
    tables: Sequence[rules.Table],
    *,
    now: datetime,
    caller: Caller | None,
    dry_run: bool,
) -> schemas.ImportOut:
    """Check every row, then (unless a dry run, and only when no row is bad) write them all in
    one transaction. `caller` None: the command line (the whole province)."""
    if caller is not None:
        require(caller.kind, "org_import")
    async with uow.connection() as conn:
        orgs, accounts, positions, groups = await _existing(conn, _usernames(tables))
        province = next((o for o in orgs if o.kind == OrgKind.PROVINCE.value), None)
        if province is None:
            raise conflict("not_initialised", messages.IMPORT_NO_PROVINCE)
        scope = None
        if caller is not None and caller.org_id is not None:
            scope = rules.Scope(
                caller.org_id, _subtree(orgs, caller.org_id), _above(orgs, caller.org_id)
            )
        holders = await _holders(conn, tables, orgs)
        plan, problems = rules.plan(tables, orgs, accounts, positions, scope, groups, holders)
        if problems or dry_run:
            return _result(plan, problems, dry_run=dry_run, passwords=[])
        passwords = await _apply(conn, plan, orgs, province.id, now, caller)
    return _result(plan, [], dry_run=False, passwords=passwords)


_NEW_ACCOUNT_COLUMNS = (
    "username", "display_name", "kind", "org_id", "group_id", "position_code",
    "password_hash", "active", "created_at", "must_change_password",
)  # fmt: skip


async def _apply(
    conn: AsyncConnection,
    plan: rules.Plan,
    orgs: Sequence[rules.ExistingOrg],
    province_id: int,
    now: datetime,
    caller: Caller | None,
) -> list[schemas.ImportedPasswordOut]:
    actor = caller.account_id if caller else None
    ids = {o.code: o.id for o in orgs if o.code}
    audit: list[dict[str, object]] = []
    table = _ORGS
    # New orgs, parents first: one multi-row INSERT … RETURNING per level of the tree.
    depth = {c.code: 0 for c in plan.new_orgs}
    for change in plan.new_orgs:  # sorted parents first: a parent's depth is known
        depth[change.code] = depth.get(change.parent_code, -1) + 1
    for _, level in groupby(plan.new_orgs, key=lambda c: depth[c.code]):
        batch = list(level)
        returned = await conn.execute(
            insert(table).returning(table.c.id, table.c.code),
            [
                {
                    "code": c.code,
                    "name": c.name,
                    "kind": c.kind,
                    "parent_id": ids[c.parent_code],
                    "city": c.city,
                    "field": c.field,
                    "sort": c.sort,
                }
                for c in batch
            ],
        )
        for row in returned:
            ids[row.code] = row.id
        audit.extend(
            {
                "at": now,
                "actor_id": actor,
                "org_id": ids[c.code],
                "action": "org_created",
                "detail": f"导入:新建{ORG_KIND_NAMES[OrgKind(c.kind)]} {c.name}({c.code})",
            }
            for c in batch
        )
    if plan.changed_orgs:
        await conn.execute(
            update(table)
            .where(table.c.id == bindparam("b_id"))
            .values(
                name=bindparam("b_name"),
                parent_id=bindparam("b_parent"),
                city=bindparam("b_city"),
                field=bindparam("b_field"),
                local_edits=bindparam("b_edits", type_=table.c.local_edits.type),
            ),
            [
                {
                    "b_id": c.id,
                    "b_name": c.name,
                    "b_parent": ids[c.parent_code],
                    "b_city": c.city,
                    "b_field": c.field,
                    "b_edits": c.local_edits,
                }
                for c in plan.changed_orgs
            ],
        )
        audit.extend(
            {
                "at": now,
                "actor_id": actor,
                "org_id": c.id,
                "action": "org_updated",
                "detail": f"导入:{c.detail}",
            }
            for c in plan.changed_orgs
        )
    passwords: list[schemas.ImportedPasswordOut] = []
    accounts = _ACCOUNTS
    # One holder of each 委员职位 per branch (a unique index, checked per row): the positions
    # the file takes from one account first, then the accounts that get them (new or not).
    leaving = [{"b_id": c.id} for c in plan.changed_accounts if c.position_changed]
    if leaving:
        await conn.execute(
            update(accounts).where(accounts.c.id == bindparam("b_id")).values(position_code=None),
            leaving,
        )
    if plan.new_accounts:
        rows: list[tuple[object, ...]] = []
        for c, password in zip(
            plan.new_accounts, one_time_passwords(len(plan.new_accounts)), strict=True
        ):
            passwords.append(
                schemas.ImportedPasswordOut.model_construct(
                    username=c.username,
                    display_name=c.display_name,
                    org_code=c.org_code,
                    password=password,
                )
            )
            rows.append((
                c.username, c.display_name, c.kind,
                ids[c.org_code] if c.org_code else None,
                ids[c.group_code] if c.group_code else None,
                c.position_code, hash_one_time(password), True, now, True,
            ))  # fmt: skip
        # Plain executemany (no RETURNING), then their audit rows in one INSERT … SELECT of
        # the accounts this statement made: past the highest id before it, with its `now`.
        before = await conn.scalar(select(func.coalesce(func.max(accounts.c.id), 0)))
        await insert_rows(conn, accounts, _NEW_ACCOUNT_COLUMNS, rows)
        events = cast(Table, OrgEvent.__table__)
        made = select(
            literal(now, type_=events.c.at.type),
            literal(actor, type_=events.c.actor_id.type),
            func.coalesce(accounts.c.org_id, province_id),
            accounts.c.id,
            literal("account_created"),
            literal("导入:新建账号 ") + accounts.c.username + "(" + accounts.c.display_name + ")",
        ).where(accounts.c.id > before, accounts.c.created_at == now)
        await conn.execute(
            insert(events).from_select(
                ["at", "actor_id", "org_id", "account_id", "action", "detail"], made
            )
        )
    if plan.changed_accounts:
        await conn.execute(
            update(accounts)
            .where(accounts.c.id == bindparam("b_id"))
            .values(
                display_name=bindparam("b_name"),
                org_id=bindparam("b_org"),
                group_id=bindparam("b_group"),
                position_code=bindparam("b_position"),
                local_edits=bindparam("b_edits", type_=accounts.c.local_edits.type),
            ),
            [
                {
                    "b_id": c.id,
                    "b_name": c.display_name,
                    "b_org": ids[c.org_code] if c.org_code else None,
                    "b_group": c.kept_group[0]
                    if c.kept_group
                    else (ids[c.group_code] if c.group_code else None),
                    "b_position": c.position_code,
                    "b_edits": c.local_edits,
                }
                for c in plan.changed_accounts
            ],
        )
        for c in plan.changed_accounts:
            event: dict[str, object] = {
                "at": now,
                "actor_id": actor,
                "org_id": ids[c.org_code] if c.org_code else province_id,
                "account_id": c.id,
                "action": "account_updated",
                "detail": f"导入:{c.username} {c.detail}",
            }
            audit.append(event)
            if c.moved_from is not None:  # the org it left sees the move too (as move_branch)
                audit.append({**event, "org_id": c.moved_from})
    # Remembered platform edits the file now agrees with are forgotten (nothing shown changes).
    for target, rebased in ((table, plan.rebased_orgs), (accounts, plan.rebased_accounts)):
        if rebased:
            await conn.execute(
                update(target)
                .where(target.c.id == bindparam("b_id"))
                .values(local_edits=bindparam("b_edits", type_=target.c.local_edits.type)),
                [{"b_id": k, "b_edits": v} for k, v in rebased.items()],
            )
    await record_many(conn, audit)
    return passwords


# --- gsdj-server init ---------------------------------------------------------------------


async def init(
    uow: Unit,
    *,
    now: datetime,
    province_name: str = DEFAULT_PROVINCE_NAME,
    code: str = DEFAULT_PROVINCE_CODE,
    username: str = DEFAULT_ADMIN_USERNAME,
) -> str:
    """The province org and its one admin account on an empty database; the admin's one-time
    password (shown once). 409 when the database already holds orgs or accounts."""
    async with uow.connection() as conn:
        orgs = await conn.scalar(select(func.count()).select_from(Org.__table__))
        accounts = await conn.scalar(select(func.count()).select_from(Account.__table__))
        if orgs or accounts:
            raise conflict("not_empty", messages.INIT_NOT_EMPTY)
        org_id = await conn.scalar(
            insert(_ORGS)
            .values(name=province_name, kind=OrgKind.PROVINCE.value, code=code, sort=0)
            .returning(_ORGS.c.id)
        )
        assert org_id is not None
        # 党建资讯's columns, so that the province and the 党委 can publish at once.
        if not await conn.scalar(select(func.count()).select_from(ArticleColumn.__table__)):
            await conn.execute(
                insert(ArticleColumn),
                [{"name": name, "sort": i} for i, name in enumerate(ARTICLE_COLUMNS)],
            )
        password = one_time_password()
        account_id = await conn.scalar(
            insert(_ACCOUNTS)
            .values(
                username=username,
                display_name="省委组织部管理员",
                kind=AccountKind.PROVINCE_ADMIN.value,
                org_id=org_id,
                password_hash=hash_one_time(password),
                active=True,
                created_at=now,
                must_change_password=True,
            )
            .returning(_ACCOUNTS.c.id)
        )
        await record_many(
            conn,
            [
                {
                    "at": now,
                    "actor_id": None,
                    "org_id": org_id,
                    "action": "org_created",
                    "detail": f"初始化:新建省委组织部 {province_name}({code})",
                },
                {
                    "at": now,
                    "actor_id": None,
                    "org_id": org_id,
                    "account_id": account_id,
                    "action": "account_created",
                    "detail": f"初始化:新建省委组织部管理员 {username}",
                },
            ],
        )
    return password


def iter_password_lines(passwords: Iterable[schemas.ImportedPasswordOut]) -> Iterator[str]:
    """The one-time password file: a CSV (UTF-8 with BOM, so Excel reads it) of 用户名, 姓名,
    所在组织代码, 一次性密码."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["用户名", "姓名", "所在组织代码", "一次性密码"])
    yield "\ufeff" + out.getvalue()
    for p in passwords:
        out.seek(0)
        out.truncate()
        writer.writerow([p.username, p.display_name, p.org_code or "", p.password])
        yield out.getvalue()
