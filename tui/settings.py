"""Client settings: one typed model from the settings file and the environment (GSDJ_*)."""

from __future__ import annotations

import json
import os
import tomllib
from pathlib import Path

from platformdirs import user_config_path
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)

from offline_cache import atomic_write_text

DEFAULT_SERVER = "http://127.0.0.1:8700"
_read_file = True


def config_file() -> Path:
    override = os.environ.get("GSDJ_CONFIG_FILE")
    return Path(override) if override else user_config_path("gsdj", appauthor=False) / "settings.toml"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="GSDJ_", extra="ignore")

    server: str = DEFAULT_SERVER
    theme: str = "textual-dark"

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        sources = (init_settings, env_settings)
        if _read_file:
            sources += (TomlConfigSettingsSource(settings_cls, toml_file=config_file()),)
        return sources

    def save(self) -> None:
        if not _read_file:
            return
        lines = [f"{name} = {json.dumps(value, ensure_ascii=False)}" for name, value in self.model_dump().items()]
        atomic_write_text(config_file(), "\n".join(lines) + "\n")


def load_settings(**overrides: str) -> tuple[Settings, str | None]:
    """The settings, and a Chinese warning when the settings file could not be read."""
    try:
        return Settings(**overrides), None
    except (tomllib.TOMLDecodeError, ValueError, OSError) as exc:
        warning = f"设置文件 {config_file()} 无法读取,已使用默认设置({type(exc).__name__})"
        global _read_file
        _read_file = False  # an unreadable file is left for the user to fix, never overwritten here
        return Settings(**overrides), warning
