"""One cold start, run by bench/startup.py in a fresh interpreter.

Prints the seconds from the interpreter's start to the first painted screen, then exits.
"""

from __future__ import annotations

import os
import sys
import time

START = float(sys.argv[2])


def painted(app) -> None:  # type: ignore[no-untyped-def]
    # Textual captures print() while an app runs; write to the real stdout.
    os.write(1, f"{time.time() - START:.6f}\n".encode())
    app.exit()


def bare() -> None:
    from textual.app import App, ComposeResult
    from textual.widgets import Static

    class Bare(App[None]):
        def compose(self) -> ComposeResult:
            yield Static("党建学习终端")

        def on_mount(self) -> None:
            self.call_after_refresh(painted, self)

    Bare().run(headless=True)


def gsdj() -> None:
    # The real entry point (`gsdj`), with two changes: headless, and a note at the first paint.
    import textual.app

    import tui.app
    from tui.cli import main

    on_mount = tui.app.GsdjApp.on_mount

    def timed_on_mount(self) -> None:  # type: ignore[no-untyped-def]
        on_mount(self)
        self.call_after_refresh(painted, self)

    tui.app.GsdjApp.on_mount = timed_on_mount  # type: ignore[method-assign]
    run = textual.app.App.run
    textual.app.App.run = lambda self, **kw: run(self, headless=True, **kw)  # type: ignore[method-assign]
    # Nothing listens there: the connection attempt runs in a worker and must not delay the paint.
    main(["--server", "http://127.0.0.1:9"])


{"bare": bare, "gsdj": gsdj}[sys.argv[1]]()
