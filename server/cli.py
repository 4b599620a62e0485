"""gsdj-server: serve, demo, migrate."""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import socket
import sys
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from server.config import ServerSettings, default_data_dir
from server.db.engine import Database, normalise_url, sqlite_path, sqlite_url

if TYPE_CHECKING:
    import uvicorn

    from server.domain.clock import Clock


def _database_url(value: str | None) -> str | None:
    """--db takes a database URL or a path to a SQLite file."""
    if value is None:
        return None
    if "://" in value:
        return normalise_url(value)
    return sqlite_url(Path(value).expanduser().resolve())


def _settings(args: argparse.Namespace) -> ServerSettings:
    settings = ServerSettings()
    if url := _database_url(args.db):
        settings.database_url = url
    if getattr(args, "test_clock", False):
        settings.test_clock = True
    if getattr(args, "no_jobs", False):
        settings.run_jobs = False
    if getattr(args, "trusted_proxy", None):
        settings.trusted_proxies = list(args.trusted_proxy)
    if settings.trusted_proxies:
        from server.domain.auth import trusted_networks

        try:
            trusted_networks(settings.trusted_proxies)
        except ValueError as exc:
            sys.exit(f"受信任的反向代理地址无效:{exc}")
    return settings


def _write_ready_file(path: Path, url: str) -> None:
    tmp = path.with_suffix(path.suffix + ".tmp")
    tmp.write_text(json.dumps({"url": url, "pid": os.getpid()}))
    os.replace(tmp, path)


# Idle keep-alive connections stay open this long: well past the client's own expiry
# (api_client.client.KEEPALIVE_EXPIRY_S), so the client always drops an idle connection before
# the server does. With both at 5 s (uvicorn's and httpx's defaults) a request sent just as the
# server closed the connection failed, and the terminal showed 离线 with the server up.
KEEP_ALIVE_S = 75


def uvicorn_config(app: object) -> uvicorn.Config:
    import uvicorn

    return uvicorn.Config(
        app,  # type: ignore[arg-type]
        log_level="info",
        access_log=False,
        # X-Forwarded-For is read by the app, only from the configured trusted proxies
        # (server.domain.auth.client_address); uvicorn's own reading trusts 127.0.0.1.
        proxy_headers=False,
        timeout_graceful_shutdown=5,
        timeout_keep_alive=KEEP_ALIVE_S,
    )


LISTEN_BACKLOG = 2048


def listening_socket(host: str, port: int) -> socket.socket:
    """Bind and listen here so that --port 0 picks a free port we can report, and so that a
    client told the server is ready (the ready file is written during the app's startup, before
    uvicorn's own listen()) is queued rather than refused.

    proto=IPPROTO_TCP matters: asyncio sets TCP_NODELAY on accepted connections only when the
    listening socket says TCP; without it every keep-alive response waited ~40 ms for a delayed
    ACK (found by bench/daily_job.py).
    """
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
        sock.listen(LISTEN_BACKLOG)
    except OSError:
        sock.close()
        raise
    return sock


def _serve(
    settings: ServerSettings, host: str, port: int, ready_file: Path | None, workers: int = 1
) -> None:
    import uvicorn

    from server.app import create_app

    _check_workers(settings, workers)
    try:
        sock = listening_socket(host, port)
    except OSError as exc:
        sys.exit(f"无法监听 {host}:{port}:{exc.strerror}")
    actual_port = sock.getsockname()[1]
    url = f"http://{host}:{actual_port}"
    report = (lambda: _write_ready_file(ready_file, url)) if ready_file else None

    def run(on_ready: Callable[[], None] | None) -> None:
        server = uvicorn.Server(uvicorn_config(create_app(settings, on_ready=on_ready)))
        asyncio.run(server.serve(sockets=[sock]))

    where = f"数据库:{_redact(settings.database_url)}"
    if workers == 1:
        print(f"gsdj-server 正在 {url} 上运行({where})", flush=True)
        run(report)
        return
    from server.workers import supervise

    print(f"gsdj-server 正在 {url} 上运行({where};{workers} 个工作进程)", flush=True)
    sys.exit(supervise(sock, workers, run, report or (lambda: None)))


def _check_workers(settings: ServerSettings, workers: int) -> None:
    from server import messages

    if workers < 1:
        sys.exit(messages.WORKERS_COUNT)
    if workers > 1 and settings.test_clock:
        # Each worker's clock lives in its own memory: one would move, the others not.
        sys.exit(messages.WORKERS_TEST_CLOCK)


def _redact(url: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)


def _seed_clock(settings: ServerSettings) -> Clock:
    """The clock the demo is seeded on: the wall clock, or the test clock's starting instant
    (`--clock-at`, so that a demo's dates, and pictures of it, do not move with the real day)."""
    from server.domain.clock import Clock

    clock = Clock(adjustable=settings.clock_start is not None)
    if settings.clock_start is not None:
        clock.set(settings.clock_start)
    return clock


async def _reset_and_seed(settings: ServerSettings, *, history: bool = False) -> None:
    """A fresh demo database. A SQLite file is written beside its place and moved there once
    complete, so a demo database found on disk (`demo --keep`) is always a whole one."""
    from server.db.migrate import downgrade_to_base, upgrade
    from server.demo import seed
    from server.demo.exchange import seed_exchange
    from server.demo.history import seed_history
    from server.demo.meetings import seed_meetings
    from server.demo.search import seed_search
    from server.demo.standards import seed_standards
    from server.demo.vanguard import seed_vanguard

    path = sqlite_path(settings.database_url)
    url = settings.database_url
    if path is not None:
        building = path.with_name(path.name + ".new")
        for suffix in ("", "-wal", "-shm"):
            Path(str(building) + suffix).unlink(missing_ok=True)
        url = sqlite_url(building)
    db = Database(url)
    try:
        if path is None:
            await downgrade_to_base(db)
        await upgrade(db)
        async with db.write() as session:
            await seed(session, _seed_clock(settings))
        await seed_meetings(db, _seed_clock(settings))
        await seed_vanguard(db, _seed_clock(settings))
        await seed_standards(db, _seed_clock(settings))
        await seed_exchange(db, _seed_clock(settings))
        if history:
            await seed_history(db, _seed_clock(settings))
        await seed_search(db)
    finally:
        await db.dispose()  # the last connection checkpoints the WAL into the file
    if path is not None:
        for suffix in ("-wal", "-shm"):
            Path(str(path) + suffix).unlink(missing_ok=True)
            if Path(str(building) + suffix).exists():  # not checkpointed after all: keep it
                os.replace(str(building) + suffix, str(path) + suffix)
        os.replace(building, path)


async def _kept_demo(settings: ServerSettings) -> bool:
    """`demo --keep`: is there a demo database already? (The server migrates it as it starts.)"""
    from sqlalchemy import func, select
    from sqlalchemy.exc import DBAPIError

    from server.db.models import Account

    path = sqlite_path(settings.database_url)
    if path is not None and not path.exists():
        return False
    db = Database(settings.database_url)
    try:
        async with db.read() as session:
            accounts = await session.scalar(select(func.count()).select_from(Account))
    except DBAPIError:  # no accounts table: not a demo database yet
        return False
    finally:
        await db.dispose()
    return bool(accounts)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="gsdj-server", description="党建学习终端的服务端")
    sub = parser.add_subparsers(dest="command", required=True)

    def common(p: argparse.ArgumentParser, default_port: int) -> None:
        p.add_argument("--host", default="127.0.0.1")
        p.add_argument("--port", type=int, default=default_port, help="0 picks a free port")
        p.add_argument(
            "--db", help="database URL or SQLite file (default: GSDJ_DATABASE_URL or the data dir)"
        )
        p.add_argument(
            "--test-clock",
            action="store_true",
            help="enable PUT /api/v1/test/clock (never in production)",
        )
        p.add_argument(
            "--ready-file", type=Path, help="write {url, pid} here once the server accepts requests"
        )
        p.add_argument(
            "--no-jobs", action="store_true", help="no daily job scheduler in this process"
        )
        p.add_argument(
            "--workers",
            type=int,
            default=1,
            help="worker processes on the one port (for PostgreSQL; the daily job runs in one)",
        )
        p.add_argument(
            "--trusted-proxy",
            action="append",
            metavar="ADDR",
            help="a reverse proxy (address or CIDR, repeatable) whose X-Forwarded-For is believed "
            "(default: GSDJ_TRUSTED_PROXIES, else none)",
        )

    common(sub.add_parser("serve", help="run the server"), 8700)
    demo = sub.add_parser("demo", help="create a fresh demo database, then serve it")
    common(demo, 8700)
    demo.add_argument(
        "--history",
        action="store_true",
        help="also a few weeks of study and 先锋模范 by every member, and the daily job for them",
    )
    demo.add_argument(
        "--clock-at",
        type=_instant,
        metavar="ISO",
        help="with --test-clock: seed the demo at this instant (with its UTC offset) and start "
        "the test clock there",
    )
    demo.add_argument(
        "--keep", action="store_true", help="serve the demo database already there, if there is one"
    )
    migrate = sub.add_parser("migrate", help="bring the database schema up to date")
    migrate.add_argument("--db")
    jobs = sub.add_parser("jobs", help="run a job by hand")
    jobs_sub = jobs.add_subparsers(dest="job", required=True)
    daily = jobs_sub.add_parser(
        "run-daily", help="leaderboards, branch totals and 督办达标 as of the end of a day"
    )
    daily.add_argument(
        "--date", required=True, type=date.fromisoformat, help="YYYY-MM-DD (Asia/Shanghai)"
    )
    daily.add_argument("--db")

    from server import cli_orgs, publish_cli

    cli_orgs.add_commands(sub)
    publish_cli.add(sub)
    args = parser.parse_args(argv)
    if args.command in ("init", "import"):
        return cli_orgs.run(args.command, args, _settings(args))
    if args.command in ("publish", "withdraw"):
        return publish_cli.run(args, _settings(args))
    if args.command == "jobs":
        settings = _settings(args)

        async def run_job() -> None:
            from server.db.jobstate import load_test_clock
            from server.db.migrate import upgrade
            from server.domain.clock import Clock
            from server.jobs.daily import run_daily

            db = Database(settings.database_url)
            try:
                await upgrade(db)
                # The days of a server on a test clock are that clock's (it keeps it in the
                # database); otherwise the wall clock's.
                offset = await load_test_clock(db)
                clock = Clock(adjustable=offset is not None)
                if offset is not None:
                    clock.set_offset(offset)
                await run_daily(db, args.date, clock)
            finally:
                await db.dispose()

        from server.domain.errors import DomainError

        try:
            asyncio.run(run_job())
        except DomainError as exc:
            sys.exit(exc.message)
        print(f"{args.date} 的排行榜与支部积分已计算完成", flush=True)
        return
    if args.command == "migrate":
        settings = _settings(args)

        async def run() -> None:
            from server.db.migrate import upgrade

            db = Database(settings.database_url)
            try:
                await upgrade(db)
            finally:
                await db.dispose()

        asyncio.run(run())
        print("数据库已是最新结构", flush=True)
        return
    _check_workers(_settings(args), args.workers)
    if args.command == "demo":
        if args.db is None and "GSDJ_DATABASE_URL" not in os.environ:
            args.db = str(default_data_dir() / "demo.sqlite3")
        settings = _settings(args)
        if args.clock_at is not None:
            if not settings.test_clock:
                sys.exit("--clock-at 只能与 --test-clock 一起使用")
            settings.clock_start = args.clock_at
        from server.demo import DEMO_PASSWORD

        if args.keep and asyncio.run(_kept_demo(settings)):
            print("沿用上次的演示数据。", flush=True)
        else:
            asyncio.run(_reset_and_seed(settings, history=args.history))
        print(
            "演示数据已就绪。账号:党员 dy001、党支部 zb001、党总支 zzz001、党委 dw001、"
            f"省委组织部 sw001、群众 qz001;密码均为 {DEMO_PASSWORD}",
            flush=True,
        )
        _serve(settings, args.host, args.port, args.ready_file, args.workers)
        return
    _serve(_settings(args), args.host, args.port, args.ready_file, args.workers)


def _instant(text: str) -> datetime:
    """An ISO 8601 instant that carries its UTC offset (argparse type)."""
    try:
        instant = datetime.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"不是 ISO 8601 时刻:{text}") from None
    if instant.tzinfo is None:
        raise argparse.ArgumentTypeError(f"时刻须带时区偏移,如 +08:00:{text}")
    return instant


if __name__ == "__main__":
    main()
