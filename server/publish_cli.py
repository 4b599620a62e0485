"""`gsdj-server publish article|course|paper FILE` and `gsdj-server withdraw KIND ID` (issue 16)."""

from __future__ import annotations

import argparse
import asyncio
import sys
from pathlib import Path

from server.config import ServerSettings


def add(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    publish = sub.add_parser("publish", help="发布党建资讯文章、课程、试卷或领域标准")
    publish.add_argument("kind", choices=["article", "course", "paper", "standard"])
    publish.add_argument(
        "file",
        type=Path,
        help="article .md, course .toml, paper .xlsx/.csv/.toml, standard .md (docs/standards.md)",
    )
    who = publish.add_mutually_exclusive_group(required=True)
    who.add_argument("--as", dest="username", help="the owning admin account")
    who.add_argument(
        "--org", help="the owning org's code (省委组织部, 党委 or 党总支; a standard: 省委组织部)"
    )
    publish.add_argument("--draft", action="store_true", help="save as a draft")
    publish.add_argument("--title", help="a paper's title (default: the file's name)")
    publish.add_argument("--db")
    withdraw = sub.add_parser("withdraw", help="撤回已发布的内容(已获得的积分保留)")
    withdraw.add_argument("kind", choices=["article", "course", "paper"])
    withdraw.add_argument("id", type=int)
    withdraw.add_argument("--db")


def run(args: argparse.Namespace, settings: ServerSettings) -> None:
    from server.db.engine import Database
    from server.db.jobstate import load_test_clock
    from server.db.migrate import upgrade
    from server.db.unit import Unit
    from server.domain.clock import Clock
    from server.domain.errors import DomainError
    from server.services import publishing, standards

    async def go() -> str:
        db = Database(settings.database_url)
        try:
            await upgrade(db)
            offset = await load_test_clock(db)  # a test server's clock, as `jobs` does
            clock = Clock(adjustable=offset is not None)
            if offset is not None:
                clock.set_offset(offset)
            uow, now = Unit(db), clock.now()
            if args.command == "publish" and args.kind == "standard":
                who = await standards.cli_loader(uow, args.username, args.org)
                done = await standards.load(uow, who, args.file.read_text("utf-8"), now)
                return done.message
            if args.command == "withdraw":
                out = await publishing.move(uow, None, args.kind, args.id, "withdraw", now)
            else:
                pub = await publishing.cli_publisher(uow, args.username, args.org)
                path: Path = args.file
                if args.kind == "article":
                    out = await publishing.article(
                        uow, pub, path.read_text("utf-8"), args.draft, now
                    )
                elif args.kind == "course":
                    out = await publishing.course(
                        uow, pub, path.read_text("utf-8"), args.draft, now, path.resolve().parent
                    )
                else:
                    out = await publishing.paper(
                        uow, pub, path.name, path.read_bytes(), args.title, args.draft, now
                    )
            return f"{out.message}:{out.kind} {out.id}《{out.title}》({out.state_name})"
        finally:
            await db.dispose()

    try:
        print(asyncio.run(go()), flush=True)
    except DomainError as exc:
        sys.exit(exc.message)
    except (OSError, UnicodeDecodeError) as exc:
        sys.exit(f"无法读取文件:{exc}")
