"""Kiosk mode for party activity rooms (SPEC §8): many people log in one after another on one
screen, so nothing personal may outlive a logout.

In kiosk mode the token lives only in memory (the keyring is never touched), each user's cache and
outbox live in a private temporary directory that is deleted at logout (after the outbox has been
sent: logout waits for it) and at exit, an idle session logs itself out, and quitting the program
needs the kiosk's admin PIN.
"""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

DEFAULT_IDLE_SECONDS = 300
COUNTDOWN_SECONDS = 30
TRUE = ("1", "true", "yes", "on")


class KioskError(Exception):
    """A kiosk that cannot start, with the Chinese reason."""


@dataclass
class Kiosk:
    pin: str
    idle_seconds: float = DEFAULT_IDLE_SECONDS
    countdown_seconds: float = COUNTDOWN_SECONDS
    data_dir: Path = field(default_factory=lambda: Path(tempfile.mkdtemp(prefix="gsdj-kiosk-")))

    def remove(self) -> None:
        shutil.rmtree(self.data_dir, ignore_errors=True)


def kiosk_from(flag: bool, setting: str, pin: str, idle: str) -> Kiosk | None:
    """The kiosk configuration from `--kiosk` or the `kiosk` setting; None when off."""
    if not (flag or setting.strip().lower() in TRUE):
        return None
    if not pin.strip():
        raise KioskError(
            "展室模式需要设置管理员 PIN(设置文件中的 kiosk_pin 或环境变量 GSDJ_KIOSK_PIN),"
            "退出程序时需要输入它"
        )
    try:
        seconds = float(idle) if idle.strip() else DEFAULT_IDLE_SECONDS
    except ValueError:
        raise KioskError(f"kiosk_idle_seconds 应为秒数,而不是“{idle}”") from None
    if seconds < 60:
        raise KioskError("自动退出时间不能少于 60 秒")
    return Kiosk(pin=pin.strip(), idle_seconds=seconds)
