"""gsdj: the terminal client."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from api_client.tokens import TokenStore
    from tui.settings import Settings


def token_store(settings: Settings) -> TokenStore | None:
    """The token store the settings ask for; None leaves the app its default (no file keyring)."""
    if not settings.allow_file_keyring:
        return None
    from api_client.tokens import TokenStore

    return TokenStore(allow_file=True)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="gsdj", description="党建学习终端")
    parser.add_argument(
        "--server", help="服务器地址,例如 http://127.0.0.1:8700(默认取设置文件或 GSDJ_SERVER)"
    )
    parser.add_argument(
        "--demo",
        action="store_true",
        help="在本机后台启动演示服务器并连接它;演示数据保存在数据目录中,下次启动继续使用",
    )
    parser.add_argument(
        "--demo-reset",
        action="store_true",
        help="同 --demo,但先清空演示数据(连同本机为演示保存的缓存和待同步操作)重新生成",
    )
    parser.add_argument(
        "--kiosk",
        action="store_true",
        help="展室模式:退出登录后本机不留任何个人数据,闲置自动退出,退出程序需管理员 PIN",
    )
    parser.add_argument(
        "--big-screen",
        action="store_true",
        help="党建大屏:登录后直接打开(活动室的屏幕或电视;与 --kiosk 同用时离开大屏需管理员 PIN)",
    )
    parser.add_argument(
        "--serve",
        action="store_true",
        help="在浏览器中使用:提供一个网页(需要 pip install 'gsdj[serve]'),"
        "每个打开网页的浏览器运行一个本终端,先登录;其余选项照常传给它",
    )
    parser.add_argument(
        "--host", default="127.0.0.1", help="--serve 监听的地址(默认 127.0.0.1,只有本机可访问)"
    )
    parser.add_argument("--port", type=int, default=8000, help="--serve 监听的端口(默认 8000)")
    args = parser.parse_args(argv)
    if args.serve:
        from tui.serve import serve

        sys.exit(serve(args))

    from tui.kiosk import KioskError, kiosk_from
    from tui.settings import load_settings

    settings, warning = load_settings()
    try:
        kiosk = kiosk_from(
            args.kiosk, settings.kiosk, settings.kiosk_pin, settings.kiosk_idle_seconds
        )
    except KioskError as exc:
        sys.exit(str(exc))
    server_url = args.server or settings.server
    demo = None
    if args.demo or args.demo_reset:
        from tui import strings
        from tui.demo_server import DemoServer, DemoServerError

        demo = DemoServer(reset=args.demo_reset)
        print(strings.DEMO_STARTING if demo.seeded else strings.DEMO_SEEDING, flush=True)
        try:
            server_url = demo.start()
        except DemoServerError as exc:
            sys.exit(str(exc))
    try:
        from tui.app import GsdjApp

        app = GsdjApp(
            server_url,
            tokens=token_store(settings),
            theme=settings.theme,
            startup_warning=warning,
            kiosk=kiosk,
            demo_server=demo,
            open_after_login="big_screen" if args.big_screen else None,
        )
        app.run()
    finally:
        if demo is not None:
            demo.stop()
        if kiosk is not None:
            kiosk.remove()
    if app.return_code:
        sys.exit(app.return_code)
