"""gsdj-server init and gsdj-server import (issue 16): a real organisation from nothing."""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
from pathlib import Path
from typing import TextIO

from server.config import ServerSettings


def add_commands(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    init = sub.add_parser("init", help="an empty database: the province org and its admin")
    init.add_argument("--db")
    init.add_argument("--code", default="GS", help="the province's 组织代码 (default GS)")
    init.add_argument("--name", default="中共甘肃省委组织部", help="the province org's name")
    init.add_argument("--username", default="admin", help="the admin's username (default admin)")
    imp = sub.add_parser("import", help="orgs and accounts from .xlsx / .csv files")
    imp.add_argument("files", nargs="+", type=Path, metavar="FILE")
    imp.add_argument("--db")
    imp.add_argument("--dry-run", action="store_true", help="check every row, write nothing")
    imp.add_argument(
        "--passwords",
        type=Path,
        help="where the new accounts' one-time passwords go (default: beside the first file)",
    )


def run(command: str, args: argparse.Namespace, settings: ServerSettings) -> None:
    """Run `init` or `import`; a refusal ends the process with its Chinese message."""
    from server.domain.errors import DomainError

    try:
        if command == "init":
            asyncio.run(_init(args, settings))
        else:
            asyncio.run(_import(args, settings))
    except DomainError as exc:
        sys.exit(exc.message)


async def _init(args: argparse.Namespace, settings: ServerSettings) -> None:
    from server import messages
    from server.db.engine import Database
    from server.db.migrate import upgrade
    from server.db.unit import Unit
    from server.domain.clock import Clock
    from server.services.imports import init

    db = Database(settings.database_url)
    try:
        await upgrade(db)
        password = await init(
            Unit(db),
            now=Clock().now(),
            province_name=args.name,
            code=args.code,
            username=args.username,
        )
    finally:
        await db.dispose()
    print(
        messages.INIT_DONE.format(
            province=args.name, code=args.code, username=args.username, password=password
        ),
        flush=True,
    )


def _passwords_path(args: argparse.Namespace) -> Path:
    if args.passwords is not None:
        return Path(args.passwords)
    first: Path = args.files[0]
    return first.with_name(first.stem + "-一次性密码.csv")


async def _import(args: argparse.Namespace, settings: ServerSettings) -> None:
    from server.db.engine import Database
    from server.db.migrate import upgrade
    from server.db.unit import Unit
    from server.domain.clock import Clock
    from server.services.imports import iter_password_lines, read_tables, run_import

    tables = []
    for path in args.files:
        if not path.is_file():
            sys.exit(f"找不到文件:{path}")
        tables.extend(read_tables(path.name, path))
    out_path = _passwords_path(args)
    # The password file is made (new, 0600) before anything is written: the passwords exist
    # only in this answer, so a file that cannot be made must stop the import, not follow it.
    out = None if args.dry_run else open_private(out_path)
    db = Database(settings.database_url)
    try:
        await upgrade(db)
        result = await run_import(
            Unit(db), tables, now=Clock().now(), caller=None, dry_run=args.dry_run
        )
        if out is not None and result.passwords:
            out.writelines(iter_password_lines(result.passwords))
            out.close()
    finally:
        await db.dispose()
        if out is not None and not out.closed:
            out.close()
            out_path.unlink(missing_ok=True)  # nothing was imported, or no new account
    if result.problems:
        for p in result.problems:
            print(p.text, file=sys.stderr)
        sys.exit(f"共 {len(result.problems)} 处错误,未导入任何数据")
    verb = "试导入(未写入)" if args.dry_run else "导入完成"
    print(
        f"{verb}:组织 新建 {result.orgs.created}、更新 {result.orgs.updated}、"
        f"不变 {result.orgs.unchanged};账号 新建 {result.accounts.created}、"
        f"更新 {result.accounts.updated}、不变 {result.accounts.unchanged}",
        flush=True,
    )
    if result.changes:
        print(
            f"现有记录的字段(共 {result.changes_total} 处,其中保留平台上的修改 "
            f"{result.kept_total} 处):"
        )
        for c in result.changes:
            print(f"  {c.text}")
        if result.changes_total > len(result.changes):
            print(f"  ……另有 {result.changes_total - len(result.changes)} 处未列出")
    if result.passwords:
        print(
            f"{len(result.passwords)} 个新账号的一次性密码已写入 {out_path}(仅本人可读,"
            "只写这一次;首次登录后须修改)",
            flush=True,
        )


def open_private(path: Path) -> TextIO:
    """A new file only its owner may read (0600), never over an existing one; the process ends
    with a Chinese message when it cannot be made."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        sys.exit(f"一次性密码文件 {path} 已存在,不会覆盖;请用 --passwords 指定新文件")
    except OSError as exc:
        sys.exit(
            f"无法创建一次性密码文件 {path}:{exc.strerror};未导入任何数据,"
            "请用 --passwords 指定可写的位置"
        )
    return os.fdopen(fd, "w", encoding="utf-8", newline="")
