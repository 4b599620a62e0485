"""The wire contract: request and response models of the HTTP API.

Shared by the server (FastAPI validates and documents with them) and by api_client (which parses
answers with them), so the two cannot drift apart. Pydantic only: no FastAPI, no SQLAlchemy.
"""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field


class ErrorOut(BaseModel):
    code: str = Field(description="stable machine code, e.g. bad_credentials")
    message: str = Field(description="Chinese message for the user")


class HealthOut(BaseModel):
    status: str
    version: str
    database: str
    test_clock: bool


class LoginIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    # No control characters: they are never part of a username, and PostgreSQL refuses NUL.
    username: str = Field(min_length=1, max_length=64, pattern=r"^[^\x00-\x1f\x7f]+$")
    password: str = Field(min_length=1, max_length=256)


class OrgRef(BaseModel):
    id: int
    name: str
    kind: str
    kind_name: str


class AccountOut(BaseModel):
    id: int
    username: str
    display_name: str
    kind: str
    kind_name: str
    org: OrgRef | None
    org_path: list[OrgRef] = Field(description="from the province down to the account's own org")
    group: OrgRef | None = None
    position: str | None = Field(default=None, description="委员职位, if any")


class LoginOut(BaseModel):
    token: str
    expires_at: datetime
    account: AccountOut


class FeatureAccess(BaseModel):
    code: str
    name: str
    allowed: bool
    message: str | None = Field(default=None, description="why not, when not allowed")


class ShortcutOut(BaseModel):
    code: str
    name: str


class ShortcutsOut(BaseModel):
    items: list[ShortcutOut] = Field(description="the user's shortcuts, in order")
    available: list[ShortcutOut] = Field(description="every shortcut this account may add")
    max_items: int


class ShortcutsIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    codes: list[str] = Field(max_length=100)


class OrgNode(BaseModel):
    id: int
    name: str
    kind: str
    kind_name: str
    members: int = Field(description="党员 directly in this org (a branch) or group")
    children: list[OrgNode] = []


class PositionOut(BaseModel):
    code: str
    name: str


class ClockOut(BaseModel):
    now: datetime
    local_date: str


class ClockSetIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    now: datetime = Field(description="ISO 8601 with offset, between 2000 and 2100")


class ClockAdvanceIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    seconds: float = Field(ge=-10 * 365 * 86400, le=10 * 365 * 86400)
