"""`gsdj --serve`: the terminal in a web browser, for an activity room's PC or TV (textual-serve,
the optional extra `pip install -e '.[serve]'`).

Every browser that opens the page gets its own `gsdj` process with the options given here (the
server, --kiosk, --big-screen), behind the app's own login: the page is only a terminal. With
--demo the bundled demo server is started once, here, and every browser's terminal uses it.
"""

from __future__ import annotations

import asyncio
import logging
import shlex
import signal
import sys
from argparse import Namespace
from pathlib import Path
from typing import Any

from tui import strings

PAGE = Path(__file__).with_name("serve_page")  # the page in Chinese (textual-serve's, translated)


def command(args: Namespace, server_url: str | None) -> list[str]:
    """The command each browser's terminal runs: this program with the same options."""
    argv = [sys.executable, "-P", "-m", "tui"]  # -P: a tui/ folder where it runs is not ours
    if server_url:
        argv += ["--server", server_url]
    if args.kiosk:
        argv.append("--kiosk")
    if args.big_screen:
        argv.append("--big-screen")
    return argv


def serve(args: Namespace) -> int:
    try:
        from textual_serve.server import Server
    except ImportError:
        print(strings.SERVE_NOT_INSTALLED, file=sys.stderr)
        return 1
    from aiohttp import web

    class ChineseServer(Server):
        """textual-serve with its page and its console lines in Chinese."""

        def initialize_logging(self) -> None:
            logging.basicConfig(level=logging.WARNING)

        async def on_startup(self, app: web.Application) -> None:
            pass  # textual-serve's English banner; ours follows once the port listens

        def serve(self, debug: bool = False) -> None:
            # textual-serve's own, but saying when the page is there (aiohttp's `print` runs
            # once the port listens), in Chinese.
            self.debug = debug
            self.initialize_logging()
            loop = asyncio.new_event_loop()
            for sig in (signal.SIGINT, signal.SIGTERM):
                loop.add_signal_handler(sig, self.request_exit)
            ready = strings.SERVE_READY.format(url=self.public_url)
            web.run_app(
                self._make_app(), host=self.host, port=self.port, handle_signals=False,
                loop=loop, print=lambda _: print(ready, flush=True),
            )  # fmt: skip

        async def handle_index(self, request: web.Request) -> Any:
            # The page names the address its terminal's websocket is on: the one this browser
            # used (a TV on the room's network, while the server listens on 0.0.0.0).
            self.public_url = f"{request.scheme}://{request.host}"
            return await super().handle_index(request)

    demo = None
    server_url = args.server
    if args.demo or args.demo_reset:
        from tui.demo_server import DemoServer, DemoServerError

        demo = DemoServer(reset=args.demo_reset)
        print(strings.DEMO_STARTING if demo.seeded else strings.DEMO_SEEDING, flush=True)
        try:
            server_url = demo.start()
        except DemoServerError as exc:
            print(str(exc), file=sys.stderr)
            return 1
    try:
        server = ChineseServer(
            shlex.join(command(args, server_url)),
            host=args.host,
            port=args.port,
            title=strings.APP_TITLE,
            templates_path=PAGE,
        )
        server.serve()
    finally:
        if demo is not None:
            demo.stop()
    return 0
