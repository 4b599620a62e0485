"""Sending the outbox: what became of a member action."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Outcome:
    """What became of a member action: applied (with the server's answer), queued in the
    outbox (offline), rejected (with the server's reason) or refused here."""

    status: str
    message: str
    result: dict[str, Any] = field(default_factory=dict)
    code: str | None = None
