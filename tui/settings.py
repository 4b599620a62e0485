"""Client settings: one typed model from the settings file and the environment (GSDJ_*).

A dataclass read with tomllib rather than pydantic-settings: it is on the cold-start path, and
pydantic-settings alone costs ~0.3 s to import here (bench/startup.py).
"""

from __future__ import annotations

import json
import os
import tomllib
from dataclasses import asdict, dataclass, fields
from pathlib import Path

from platformdirs import user_config_path

from offline_cache import atomic_write_text

DEFAULT_SERVER = "http://127.0.0.1:8700"


def config_file() -> Path:
    override = os.environ.get("GSDJ_CONFIG_FILE")
    return (
        Path(override) if override else user_config_path("gsdj", appauthor=False) / "settings.toml"
    )


@dataclass
class Settings:
    server: str = DEFAULT_SERVER
    theme: str = "textual-dark"
    # Kiosk mode (tui/kiosk.py): "true" turns it on; the PIN is asked to leave the program.
    kiosk: str = ""
    kiosk_pin: str = ""
    kiosk_idle_seconds: str = ""
    # "true" lets the login token go to a keyring that is only a file in the home directory
    # (keyrings.alt); without it such a keyring counts as none and the token stays in memory.
    keyring_file: str = ""

    @property
    def allow_file_keyring(self) -> bool:
        return self.keyring_file.strip().lower() == "true"

    def save(self) -> None:
        lines = [
            f"{name} = {json.dumps(value, ensure_ascii=False)}"
            for name, value in asdict(self).items()
        ]
        atomic_write_text(config_file(), "\n".join(lines) + "\n")


def load_settings() -> tuple[Settings, str | None]:
    """Defaults, then the settings file, then GSDJ_* variables; and a Chinese warning when the
    file could not be used (it is then left as it is for the user to fix)."""
    values: dict[str, str] = {}
    warning = None
    path = config_file()
    try:
        with open(path, "rb") as handle:
            data = tomllib.load(handle)
        known = {f.name for f in fields(Settings)}
        for key, value in data.items():
            if key in known:
                if not isinstance(value, str):
                    raise ValueError(f"{key} 应为字符串")
                values[key] = value
    except FileNotFoundError:
        pass
    except (OSError, tomllib.TOMLDecodeError, ValueError) as exc:
        values = {}
        warning = f"设置文件 {path} 无法读取,已使用默认设置({exc})"
    for f in fields(Settings):
        if env := os.environ.get(f"GSDJ_{f.name.upper()}"):
            values[f.name] = env
    return Settings(**values), warning
