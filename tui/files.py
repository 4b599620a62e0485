"""Reading a file the user named (a record to load, an attachment, a 随手拍 image): off the event
loop, bounded in size, with the reason in Chinese when it cannot be read."""

from __future__ import annotations

import asyncio
from pathlib import Path

from tui import strings


def _read(path: Path, limit: int) -> tuple[bytes | None, str | None]:
    try:
        if path.stat().st_size > limit:
            return None, strings.FILE_TOO_LARGE.format(limit=f"{limit // 1024} KiB")
        return path.read_bytes(), None
    except FileNotFoundError:
        return None, strings.FILE_MISSING.format(path=path)
    except OSError:
        return None, strings.FILE_UNREADABLE.format(path=path)


async def read_file(path: Path, limit: int) -> tuple[bytes | None, str | None]:
    """(content, None), or (None, why not)."""
    return await asyncio.to_thread(_read, path, limit)
