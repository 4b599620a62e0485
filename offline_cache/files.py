"""Paths under the user's data directory, and atomic writes (temp file + os.replace)."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from platformdirs import user_data_path


def client_data_dir() -> Path:
    """The client's data directory (GSDJ_DATA_DIR overrides it, for tests and kiosks)."""
    override = os.environ.get("GSDJ_DATA_DIR")
    return Path(override) if override else user_data_path("gsdj", appauthor=False)


def atomic_write_text(path: Path, text: str) -> None:
    """Write a whole file or nothing: a crash leaves the old content, never half of the new."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
