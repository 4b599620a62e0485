"""Whether an address can be handed to a browser on this machine, without Textual.

A browser opens only where it shows somewhere else than this terminal: on Linux and the BSDs
only with a graphical session (DISPLAY or WAYLAND_DISPLAY) — over SSH or on a console,
`webbrowser` would fall back to a text browser (lynx, w3m) drawing over the Textual screen,
or to nothing — and anywhere only when `webbrowser.get()` finds one. Otherwise the terminal
shows the address to copy."""

from __future__ import annotations

import os
import sys
import webbrowser

_GRAPHICAL = ("DISPLAY", "WAYLAND_DISPLAY")


def available(environ: dict[str, str] | None = None, platform: str | None = None) -> bool:
    env = os.environ if environ is None else environ
    platform = platform or sys.platform
    if platform not in ("darwin", "win32") and not any(env.get(k) for k in _GRAPHICAL):
        return False
    try:
        webbrowser.get()
    except webbrowser.Error:
        return False
    return True
