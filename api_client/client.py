"""The async HTTP client of the gsdj server."""

from __future__ import annotations

import asyncio
import base64
import inspect
from collections.abc import Awaitable, Callable
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, TypeVar, overload
from urllib.parse import urlencode

import httpx
from pydantic import TypeAdapter, ValidationError

from api_client.errors import ApiError, NotCached, ServerUnreachable, SessionExpired
from contract import schemas

T = TypeVar("T")
U = TypeVar("U")

DEFAULT_TIMEOUT = httpx.Timeout(10.0, connect=3.0)
# A push of a full batch does hundreds of actions: give it time before calling the server gone.
SYNC_TIMEOUT = httpx.Timeout(120.0, connect=3.0)
FEW_ACTIONS = 5  # a push of more waits up to SYNC_TIMEOUT for the server
# An idle connection is dropped after this long, well before the server closes it
# (server.cli.KEEP_ALIVE_S): reusing one the server is closing fails the request.
KEEPALIVE_EXPIRY_S = 5.0
PLURAL = {"wish": "wishes", "donation": "donations", "snapshot": "snapshots"}
_BAD_RESPONSE = "服务器返回了无法识别的响应"


@dataclass
class _Reading:
    """How the GETs of one `answer()` are served, and the fetch times of those the cache served.
    Kept in a context variable: the requests a screen runs concurrently (asyncio.gather copies
    the context into each task) all report to the one reading, and two screens never mix."""

    cached_only: bool = False
    ages: list[float] = field(default_factory=list)


_reading: ContextVar[_Reading | None] = ContextVar("gsdj_reading", default=None)


class GsdjClient:
    def __init__(
        self,
        base_url: str,
        token: str | None = None,
        *,
        timeout: httpx.Timeout = DEFAULT_TIMEOUT,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.token = token
        # Read path of SPEC §7: GET answers are kept here (offline_cache.Cache or anything with
        # get/put); when the server cannot be reached they are answered from it.
        self.cache: Any = None
        self.offline = False  # known offline: answer GETs from the cache without trying
        self.served_from_cache: float | None = None  # fetch time of the last cached answer
        self._http = httpx.AsyncClient(
            base_url=self.base_url,
            timeout=timeout,
            transport=transport,
            limits=httpx.Limits(keepalive_expiry=KEEPALIVE_EXPIRY_S),
        )

    def use_server(self, base_url: str) -> None:
        """Send the next requests to another address of the same server (the demo's new port)."""
        self.base_url = base_url.rstrip("/")
        self._http.base_url = httpx.URL(self.base_url)

    async def aclose(self) -> None:
        await self._http.aclose()

    async def __aenter__(self) -> GsdjClient:
        return self

    async def __aexit__(self, *_: object) -> None:
        await self.aclose()

    async def answer(
        self, request: Callable[[GsdjClient], Awaitable[T]], *, cached_only: bool = False
    ) -> tuple[T, float | None]:
        """Run `request` (one or several calls, concurrent ones too) and answer its value with
        the fetch time of the oldest answer the cache gave it (None: all from the server).
        `cached_only`: every GET from the cache, nothing sent; NotCached when one is missing."""
        reading = _Reading(cached_only=cached_only)
        token = _reading.set(reading)
        try:
            value = await request(self)
        finally:
            _reading.reset(token)
        return value, min(reading.ages) if reading.ages else None

    @overload
    async def gather(self, a: Awaitable[T], b: Awaitable[U], /) -> tuple[T, U]: ...

    @overload
    async def gather(self, *calls: Awaitable[T]) -> tuple[T, ...]: ...

    async def gather(self, *calls: Awaitable[Any]) -> tuple[Any, ...]:
        """Several calls of one screen at once (`asyncio.gather`); from the cache alone, one
        after the other: those reads do not wait, and tasks would wait behind the screen's
        own composing for their turn on the event loop."""
        reading = _reading.get()
        if reading is not None and reading.cached_only:
            answers = []
            try:
                for call in calls:
                    answers.append(await call)
            finally:
                for call in calls[len(answers) + 1 :]:
                    if inspect.iscoroutine(call):
                        call.close()  # a miss ends the reading: the rest are never run
            return tuple(answers)
        return tuple(await asyncio.gather(*calls))

    async def _cached(
        self, path: str, into: Any, exc: ServerUnreachable, *, inline: bool = False
    ) -> Any:
        # The cache is a local SQLite file: read and written off the event loop, except for a
        # screen's preview (`inline`): one primary-key read of a WAL file takes well under a
        # millisecond, while a thread hop waits for the GIL behind the screen being composed.
        if self.cache is None:
            hit = None
        elif inline and (quick := getattr(self.cache, "get_now", None)) is not None:
            # None when the cache is busy (a write in another thread): then off the loop.
            hit = quick(path)
            if hit is None:
                hit = await asyncio.to_thread(self.cache.get, path)
        else:
            hit = await asyncio.to_thread(self.cache.get, path)
        if hit is None:
            raise NotCached(self.base_url, exc.detail) from exc
        body, fetched_at = hit
        try:
            value = TypeAdapter(into).validate_json(body)
        except ValidationError:
            raise NotCached(self.base_url, exc.detail) from None  # an older version's: absent
        self.served_from_cache = fetched_at
        if (reading := _reading.get()) is not None:
            reading.ages.append(fetched_at)
        return value

    # `into` is the answer's type (a model or `list[Model]`): the overloads let mypy carry it
    # through to the caller.
    @overload
    async def _request(
        self,
        method: str,
        path: str,
        into: type[T],
        json: Any = None,
        *,
        live: bool = False,
        timeout: httpx.Timeout | None = None,
    ) -> T: ...

    @overload
    async def _request(
        self,
        method: str,
        path: str,
        into: None,
        json: Any = None,
        *,
        live: bool = False,
        timeout: httpx.Timeout | None = None,
    ) -> None: ...

    async def _request(
        self,
        method: str,
        path: str,
        into: Any,
        json: Any = None,
        *,
        live: bool = False,
        timeout: httpx.Timeout | None = None,
    ) -> Any:
        """One call. GETs go through the cache unless `live` (the health probe must ask the
        server itself)."""
        headers = {"Authorization": f"Bearer {self.token}"} if self.token else {}
        cached = method == "GET" and not live
        reading = _reading.get()
        if reading is not None and reading.cached_only:
            # A preview from the cache never reaches the server, and never writes.
            if not cached or self.cache is None:
                raise NotCached(self.base_url, f"cache only: {method} {path}")
            miss = NotCached(self.base_url, f"cache only: {path}")
            return await self._cached(path, into, miss, inline=True)
        if cached:
            self.served_from_cache = None
            if self.offline and self.cache is not None:
                return await self._cached(path, into, ServerUnreachable(self.base_url, "offline"))
        try:
            response = await self._http.request(
                method, path, json=json, headers=headers, timeout=timeout or self._http.timeout
            )
        except (httpx.TransportError, httpx.TimeoutException) as exc:
            unreachable = ServerUnreachable(self.base_url, repr(exc))
            if cached and self.cache is not None:
                self.offline = True  # answer from the cache until told the server is back
                return await self._cached(path, into, unreachable)
            raise unreachable from exc
        if response.status_code >= 400:
            try:
                body = schemas.ErrorOut.model_validate_json(response.content)
                code, message = body.code, body.message
            except ValidationError:
                code, message = "bad_response", f"{_BAD_RESPONSE}(HTTP {response.status_code})"
            error = SessionExpired if response.status_code == 401 else ApiError
            raise error(response.status_code, code, message)
        if into is None:
            return None
        try:
            value = TypeAdapter(into).validate_json(response.content)
        except ValidationError as exc:
            raise ApiError(response.status_code, "bad_response", _BAD_RESPONSE) from exc
        if cached and self.cache is not None:
            await asyncio.to_thread(self.cache.put, path, response.text)
        return value

    async def health(self) -> schemas.HealthOut:
        return await self._request("GET", "/healthz", schemas.HealthOut, live=True)

    async def login(self, username: str, password: str) -> schemas.LoginOut:
        result: schemas.LoginOut = await self._request(
            "POST",
            "/api/v1/auth/login",
            schemas.LoginOut,
            {"username": username, "password": password},
        )
        self.token = result.token
        return result

    async def logout(self) -> None:
        """Revoke the token on the server; forget it here whatever the server says."""
        try:
            if self.token:
                await self._request("POST", "/api/v1/auth/logout", None)
        except SessionExpired:
            pass
        finally:
            self.token = None

    async def change_password(self, old: str, new: str) -> schemas.PasswordChangeOut:
        """修改密码: the server revokes every token of the account and answers this terminal's
        new one, which replaces the old here."""
        result: schemas.PasswordChangeOut = await self._request(
            "POST",
            "/api/v1/auth/password",
            schemas.PasswordChangeOut,
            {"old_password": old, "new_password": new},
        )
        self.token = result.token
        return result

    async def me(self) -> schemas.AccountOut:
        return await self._request("GET", "/api/v1/me", schemas.AccountOut)

    async def features(self) -> list[schemas.FeatureAccess]:
        return await self._request("GET", "/api/v1/me/features", list[schemas.FeatureAccess])

    async def enter_feature(self, code: str) -> schemas.FeatureAccess:
        return await self._request("GET", f"/api/v1/features/{code}", schemas.FeatureAccess)

    async def shortcuts(self) -> schemas.ShortcutsOut:
        return await self._request("GET", "/api/v1/me/shortcuts", schemas.ShortcutsOut)

    async def set_shortcuts(self, codes: list[str]) -> schemas.ShortcutsOut:
        return await self._request(
            "PUT", "/api/v1/me/shortcuts", schemas.ShortcutsOut, {"codes": codes}
        )

    async def org_tree(
        self, root: int | None = None, depth: int | None = None, lines: int | None = None
    ) -> schemas.OrgNode:
        """The caller's org (or `root`) and what is under it, `depth` levels down or as deep as
        `lines` orgs allow (neither: all)."""
        asked = (("root", root), ("depth", depth), ("lines", lines))
        query = "&".join(f"{k}={v}" for k, v in asked if v is not None)
        path = "/api/v1/orgs/tree" + (f"?{query}" if query else "")
        return await self._request("GET", path, schemas.OrgNode)

    async def find_orgs(self, query: str, kind: str | None = None) -> schemas.OrgFindOut:
        """Orgs of the caller's scope by name or code (a picker's list): never cached."""
        params = {"q": query, **({"kind": kind} if kind else {})}
        return await self._request(
            "GET", f"/api/v1/orgs/find?{urlencode(params)}", schemas.OrgFindOut, live=True
        )

    async def positions(self) -> list[schemas.PositionOut]:
        return await self._request("GET", "/api/v1/orgs/positions", list[schemas.PositionOut])

    # -- 党建资讯 ----------------------------------------------------------------------------------

    async def columns(self) -> list[schemas.ColumnOut]:
        return await self._request("GET", "/api/v1/columns", list[schemas.ColumnOut])

    async def articles(
        self, column: int | None = None, page: int = 1, size: int = 20
    ) -> schemas.ArticlePage:
        query = f"?page={page}&size={size}" + (f"&column={column}" if column is not None else "")
        return await self._request("GET", f"/api/v1/articles{query}", schemas.ArticlePage)

    async def article(self, article_id: int) -> schemas.ArticleDetail:
        return await self._request("GET", f"/api/v1/articles/{article_id}", schemas.ArticleDetail)

    async def article_action(
        self, article_id: int, action: str, on: bool = True
    ) -> schemas.ActionOut:
        """like / collect (on or off) and share."""
        method = "POST" if on else "DELETE"
        return await self._request(
            method, f"/api/v1/articles/{article_id}/{action}", schemas.ActionOut
        )

    async def comment(self, article_id: int, body: str) -> schemas.ActionOut:
        return await self._request(
            "POST", f"/api/v1/articles/{article_id}/comments", schemas.ActionOut, {"body": body}
        )

    async def start_read(self, article_id: int) -> schemas.ReadStarted:
        return await self._request(
            "POST", f"/api/v1/articles/{article_id}/reads", schemas.ReadStarted
        )

    async def complete_read(self, article_id: int, read_id: int) -> schemas.ActionOut:
        return await self._request(
            "POST", f"/api/v1/articles/{article_id}/reads/{read_id}/complete", schemas.ActionOut
        )

    async def third_party(self) -> list[schemas.ThirdPartyLink]:
        return await self._request("GET", "/api/v1/third-party", list[schemas.ThirdPartyLink])

    async def visit_third_party(self, code: str) -> schemas.ThirdPartyVisit:
        return await self._request(
            "POST", f"/api/v1/third-party/{code}/visit", schemas.ThirdPartyVisit
        )

    # -- 积分与排行榜 ------------------------------------------------------------------------------

    async def my_points(self) -> schemas.PointsSummary:
        return await self._request("GET", "/api/v1/me/points", schemas.PointsSummary)

    async def ledger(self, page: int = 1, size: int = 50) -> schemas.LedgerPage:
        return await self._request(
            "GET", f"/api/v1/me/points/ledger?page={page}&size={size}", schemas.LedgerPage
        )

    async def points_export(
        self, year: int, after_org: int = 0, after_account: int = 0, size: int = 2000
    ) -> schemas.PointsExportPage:
        """One page of 积分导出; never from the cache (the export is the server's numbers)."""
        return await self._request(
            "GET",
            f"/api/v1/points/export?year={year}&after_org={after_org}"
            f"&after_account={after_account}&size={size}",
            schemas.PointsExportPage,
            live=True,
        )

    async def boards(self) -> list[schemas.BoardInfo]:
        return await self._request("GET", "/api/v1/boards", list[schemas.BoardInfo])

    async def board(
        self, code: str, period: str = "month", page: int = 1, size: int = 100
    ) -> schemas.BoardPage:
        return await self._request(
            "GET",
            f"/api/v1/boards/{code}?period={period}&page={page}&size={size}",
            schemas.BoardPage,
        )

    # -- 数据分析示图, 党建地图, 党建大屏 (as of the server's last daily run) ------------------

    async def analytics(self, org_id: int | None = None) -> schemas.AnalyticsOut:
        """数据分析示图 of the caller's org, or of `org_id` under it."""
        query = f"?org_id={org_id}" if org_id is not None else ""
        return await self._request("GET", f"/api/v1/analytics{query}", schemas.AnalyticsOut)

    async def city_map(self) -> schemas.MapOut:
        """党建地图: every 市州's figures."""
        return await self._request("GET", "/api/v1/map", schemas.MapOut)

    async def city_detail(self, code: str) -> schemas.MapCityOut:
        """One 市州 (division code) and its 党委."""
        return await self._request("GET", f"/api/v1/map/{code}", schemas.MapCityOut)

    async def big_screen(self) -> schemas.BigScreenOut:
        """党建大屏: the province's figures, trends and the 市州 ranked by 督办达标率."""
        return await self._request("GET", "/api/v1/big-screen", schemas.BigScreenOut)

    # -- 学习中心 --------------------------------------------------------------------------------

    async def search(
        self, query: str, kinds: str | None = None, limit: int = 5
    ) -> schemas.SearchOut:
        """搜索: never cached (every query would be a cache entry); offline it raises
        ServerUnreachable and the terminal searches only what it has itself."""
        params = {"q": query, "limit": str(limit), **({"kinds": kinds} if kinds else {})}
        return await self._request(
            "GET", f"/api/v1/search?{urlencode(params)}", schemas.SearchOut, live=True,
            timeout=httpx.Timeout(5.0),
        )  # fmt: skip

    async def courses(self) -> list[schemas.CourseOut]:
        return await self._request("GET", "/api/v1/courses", list[schemas.CourseOut])

    async def my_courses(self) -> list[schemas.CourseOut]:
        return await self._request("GET", "/api/v1/me/courses", list[schemas.CourseOut])

    async def course(self, course_id: int) -> schemas.CourseDetail:
        return await self._request("GET", f"/api/v1/courses/{course_id}", schemas.CourseDetail)

    async def enrol(self, course_id: int, on: bool = True) -> schemas.ActionOut:
        method = "POST" if on else "DELETE"
        return await self._request(method, f"/api/v1/courses/{course_id}/enrol", schemas.ActionOut)

    async def video(self, video_id: int) -> schemas.VideoOut:
        return await self._request("GET", f"/api/v1/videos/{video_id}", schemas.VideoOut)

    async def media_ticket(self, video_id: int) -> schemas.MediaTicketOut:
        """播放链接: the server's file of this video for an outside player, without the token."""
        return await self._request(
            "POST", f"/api/v1/media/videos/{video_id}/ticket", schemas.MediaTicketOut
        )

    async def watch(self, video_id: int) -> schemas.WatchOut:
        return await self._request("POST", f"/api/v1/videos/{video_id}/watch", schemas.WatchOut)

    async def save_progress(
        self, session_id: int, segments: list[schemas.SegmentIn], position_s: float | None
    ) -> schemas.ProgressOut:
        body = schemas.ProgressIn(segments=segments, position_s=position_s)
        return await self._request(
            "POST",
            f"/api/v1/watch/{session_id}/progress",
            schemas.ProgressOut,
            body.model_dump(mode="json"),
        )

    # -- 我的考试 --------------------------------------------------------------------------------

    async def papers(self) -> list[schemas.PaperOut]:
        return await self._request("GET", "/api/v1/exams", list[schemas.PaperOut])

    async def start_exam(self, paper_id: int) -> schemas.AttemptOut:
        return await self._request("POST", f"/api/v1/exams/{paper_id}/attempts", schemas.AttemptOut)

    async def submit_exam(
        self, attempt_id: int, answers: dict[int, list[int]]
    ) -> schemas.ExamResult:
        return await self._request(
            "POST",
            f"/api/v1/exams/attempts/{attempt_id}/submit",
            schemas.ExamResult,
            {"answers": {str(k): v for k, v in answers.items()}},
        )

    # -- 同步 ------------------------------------------------------------------------------------

    async def sync_push(
        self, client_id: str, client_time: datetime, mutations: list[dict[str, Any]]
    ) -> schemas.PushOut:
        body = {
            "client_id": client_id,
            "client_time": client_time.isoformat(),
            "mutations": mutations,
        }
        # A push of a few actions (the one just made, most often) gives up as soon as any other
        # request would: a server that hangs must not hold the user for two minutes (the
        # action stays queued, and its client sequence number keeps a retry from doubling it).
        timeout = SYNC_TIMEOUT if len(mutations) > FEW_ACTIONS else DEFAULT_TIMEOUT
        return await self._request(
            "POST", "/api/v1/sync/push", schemas.PushOut, body, timeout=timeout
        )

    async def sync_pull(self, since: int) -> schemas.PullOut:
        return await self._request("GET", f"/api/v1/sync/pull?since={since}", schemas.PullOut)

    async def paper(self, paper_id: int) -> schemas.ExamPaperOut:
        return await self._request("GET", f"/api/v1/exams/{paper_id}", schemas.ExamPaperOut)

    # -- 在线用标 and 督办达标 --------------------------------------------------------------------

    async def meeting_types(self) -> list[schemas.MeetingTypeOut]:
        return await self._request("GET", "/api/v1/meetings/types", list[schemas.MeetingTypeOut])

    async def meetings(self, state: str | None = None) -> list[schemas.MeetingRowOut]:
        path = "/api/v1/meetings" + (f"?state={state}" if state else "")
        return await self._request("GET", path, list[schemas.MeetingRowOut])

    async def my_meetings(self) -> list[schemas.MeetingRowOut]:
        return await self._request("GET", "/api/v1/me/meetings", list[schemas.MeetingRowOut])

    async def meeting(self, meeting_id: int) -> schemas.MeetingOut:
        return await self._request("GET", f"/api/v1/meetings/{meeting_id}", schemas.MeetingOut)

    async def meeting_candidates(self, meeting_id: int) -> list[schemas.MeetingCandidate]:
        return await self._request(
            "GET", f"/api/v1/meetings/{meeting_id}/candidates", list[schemas.MeetingCandidate]
        )

    async def create_meeting(self, body: schemas.MeetingIn) -> schemas.MeetingActionOut:
        return await self._request(
            "POST", "/api/v1/meetings", schemas.MeetingActionOut, body.model_dump(mode="json")
        )

    async def meeting_step(
        self, meeting_id: int, action: str, body: dict[str, Any] | None = None
    ) -> schemas.MeetingActionOut:
        """One step of the workflow: notify, record, summary, submit, approve, reject, file,
        confirm (record and summary are PUTs of the text)."""
        method = "PUT" if action in ("record", "summary") else "POST"
        return await self._request(
            method, f"/api/v1/meetings/{meeting_id}/{action}", schemas.MeetingActionOut, body
        )

    async def attach(self, meeting_id: int, name: str, content: bytes) -> schemas.AttachmentOut:
        body = schemas.AttachmentIn(name=name, content_base64=base64.b64encode(content).decode())
        return await self._request(
            "POST", f"/api/v1/meetings/{meeting_id}/attachments", schemas.AttachmentOut,
            body.model_dump(),
        )  # fmt: skip

    async def import_orgs(
        self, files: list[tuple[str, bytes]], *, dry_run: bool
    ) -> schemas.ImportOut:
        """组织与人员导入 (issue 16): check (dry run) or import workbooks / CSVs into the caller's
        subtree; the answer carries the new accounts' one-time passwords, once."""
        body = schemas.ImportIn(
            files=[
                schemas.ImportFileIn(name=n, content_base64=base64.b64encode(c).decode())
                for n, c in files
            ],
            dry_run=dry_run,
        )
        return await self._request(
            "POST", "/api/v1/orgs/import", schemas.ImportOut, body.model_dump(),
            timeout=httpx.Timeout(120.0),
        )  # fmt: skip

    async def compliance(self) -> schemas.ComplianceOut:
        return await self._request("GET", "/api/v1/compliance", schemas.ComplianceOut)

    # -- 先锋模范 --------------------------------------------------------------------------------

    async def vanguard_items(self, kind: str) -> list[schemas.VanguardItemOut]:
        """心愿树 (visitors too), 微捐赠 or 随手拍 of the caller's branch; `queue`: the admin's."""
        path = {"wish": "/api/v1/wishes", "donation": "/api/v1/donations",
                "snapshot": "/api/v1/snapshots", "queue": "/api/v1/vanguard/queue"}[kind]  # fmt: skip
        return await self._request("GET", path, list[schemas.VanguardItemOut])

    async def vanguard_item(self, kind: str, item_id: int) -> schemas.VanguardItemOut:
        return await self._request(
            "GET", f"/api/v1/{PLURAL[kind]}/{item_id}", schemas.VanguardItemOut
        )

    async def vanguard_act(
        self, kind: str, item_id: int, action: str, reason: str | None = None
    ) -> schemas.VanguardActionOut:
        body = {"reason": reason} if reason else None
        return await self._request(
            "POST", f"/api/v1/{PLURAL[kind]}/{item_id}/{action}", schemas.VanguardActionOut, body
        )

    async def snapshot_image(self, item_id: int) -> schemas.VanguardImageOut:
        return await self._request(
            "GET", f"/api/v1/snapshots/{item_id}/image", schemas.VanguardImageOut
        )

    async def vanguard_branches(self) -> list[schemas.OrgRef]:
        return await self._request("GET", "/api/v1/vanguard/branches", list[schemas.OrgRef])

    async def audit(self, days: int = 30) -> schemas.AuditOut:
        return await self._request("GET", f"/api/v1/audit?days={days}", schemas.AuditOut)

    # -- 经验交流, 党群服务 (issue 18) ----------------------------------------------------------

    async def exchange_list(self, view: str = "published") -> schemas.ExchangeListOut:
        return await self._request("GET", f"/api/v1/exchange?view={view}", schemas.ExchangeListOut)

    async def exchange_post(self, post_id: int) -> schemas.ExchangeOut:
        return await self._request("GET", f"/api/v1/exchange/{post_id}", schemas.ExchangeOut)

    async def exchange_write(
        self, post_id: int | None, title: str, body: str
    ) -> schemas.ExchangeActionOut:
        """撰写 (post_id None: a new draft) or 修改."""
        data = schemas.ExchangeIn(title=title, body=body).model_dump()
        if post_id is None:
            return await self._request("POST", "/api/v1/exchange", schemas.ExchangeActionOut, data)
        return await self._request(
            "PUT", f"/api/v1/exchange/{post_id}", schemas.ExchangeActionOut, data
        )

    async def exchange_act(
        self, post_id: int, action: str, reason: str | None = None
    ) -> schemas.ExchangeActionOut:
        body = {"reason": reason} if reason else None
        return await self._request(
            "POST", f"/api/v1/exchange/{post_id}/{action}", schemas.ExchangeActionOut, body
        )

    async def exchange_like(self, post_id: int, on: bool) -> schemas.ExchangeActionOut:
        method = "POST" if on else "DELETE"
        return await self._request(
            method, f"/api/v1/exchange/{post_id}/like", schemas.ExchangeActionOut
        )

    async def exchange_comment(self, post_id: int, body: str) -> schemas.ExchangeActionOut:
        return await self._request(
            "POST", f"/api/v1/exchange/{post_id}/comments", schemas.ExchangeActionOut,
            {"body": body},
        )  # fmt: skip

    async def exchange_attach(
        self, post_id: int, name: str, content: bytes
    ) -> schemas.AttachmentOut:
        body = schemas.AttachmentIn(name=name, content_base64=base64.b64encode(content).decode())
        return await self._request(
            "POST", f"/api/v1/exchange/{post_id}/attachments", schemas.AttachmentOut,
            body.model_dump(),
        )  # fmt: skip

    async def exchange_remove_attachment(
        self, post_id: int, attachment_id: int
    ) -> schemas.ExchangeActionOut:
        return await self._request(
            "DELETE", f"/api/v1/exchange/{post_id}/attachments/{attachment_id}",
            schemas.ExchangeActionOut,
        )  # fmt: skip

    async def exchange_attachment(
        self, post_id: int, attachment_id: int
    ) -> schemas.AttachmentContentOut:
        return await self._request(
            "GET", f"/api/v1/exchange/{post_id}/attachments/{attachment_id}",
            schemas.AttachmentContentOut,
        )  # fmt: skip

    async def party_services(self) -> schemas.PartyServicesOut:
        return await self._request("GET", "/api/v1/party-services", schemas.PartyServicesOut)

    # -- 通知 ------------------------------------------------------------------------------------

    async def notices(self, after: int = 0) -> schemas.NoticesOut:
        # live: an old answer from the cache would be news that is not news.
        return await self._request(
            "GET", f"/api/v1/me/notices?after={after}", schemas.NoticesOut, live=True
        )

    async def mark_notices_read(self, up_to: int) -> schemas.ActionOut:
        return await self._request(
            "POST", "/api/v1/me/notices/read", schemas.ActionOut, {"up_to": up_to}
        )

    # -- 账号管理 and 我的支部 (issue 16) -----------------------------------------------------------

    async def managed_accounts(self, org_id: int | None = None) -> schemas.ManagedAccountsOut:
        query = f"?org_id={org_id}" if org_id is not None else ""
        return await self._request("GET", f"/api/v1/accounts{query}", schemas.ManagedAccountsOut)

    async def add_account(self, body: schemas.AccountCreateIn) -> schemas.OneTimePasswordOut:
        return await self._request(
            "POST", "/api/v1/accounts", schemas.OneTimePasswordOut, body.model_dump()
        )

    async def set_account_active(self, account_id: int, active: bool) -> schemas.ManagedAccountOut:
        return await self._request(
            "PUT", f"/api/v1/accounts/{account_id}/active", schemas.ManagedAccountOut,
            {"active": active},
        )  # fmt: skip

    async def reset_account_password(self, account_id: int) -> schemas.OneTimePasswordOut:
        return await self._request(
            "POST", f"/api/v1/accounts/{account_id}/password-reset", schemas.OneTimePasswordOut
        )

    async def set_account_group(
        self, account_id: int, group_id: int | None
    ) -> schemas.ManagedAccountOut:
        return await self._request(
            "PUT", f"/api/v1/accounts/{account_id}/group", schemas.ManagedAccountOut,
            {"group_id": group_id},
        )  # fmt: skip

    async def set_account_position(
        self, account_id: int, code: str | None
    ) -> schemas.ManagedAccountOut:
        return await self._request(
            "PUT", f"/api/v1/accounts/{account_id}/position", schemas.ManagedAccountOut,
            {"position_code": code},
        )  # fmt: skip

    async def my_branch(self) -> schemas.BranchProfileOut:
        return await self._request("GET", "/api/v1/branch", schemas.BranchProfileOut)

    async def set_branch_field(self, branch_id: int, field: str) -> schemas.BranchProfileOut:
        return await self._request(
            "PUT", f"/api/v1/branch/{branch_id}/field", schemas.BranchProfileOut, {"field": field}
        )

    async def add_branch_group(self, branch_id: int, name: str) -> schemas.BranchProfileOut:
        return await self._request(
            "POST", f"/api/v1/branch/{branch_id}/groups", schemas.BranchProfileOut, {"name": name}
        )

    async def rename_branch_group(
        self, branch_id: int, group_id: int, name: str
    ) -> schemas.BranchProfileOut:
        return await self._request(
            "PUT", f"/api/v1/branch/{branch_id}/groups/{group_id}", schemas.BranchProfileOut,
            {"name": name},
        )  # fmt: skip

    async def move_account(self, account_id: int, org_id: int) -> schemas.ManagedAccountOut:
        return await self._request(
            "PUT", f"/api/v1/accounts/{account_id}/branch", schemas.ManagedAccountOut,
            {"org_id": org_id},
        )  # fmt: skip

    # -- 内容发布 (issue 16) --------------------------------------------------------------------

    async def published_mine(self) -> list[schemas.PublishedOut]:
        return await self._request(
            "GET", "/api/v1/publish/mine", list[schemas.PublishedOut], live=True
        )

    async def publish_article(self, text: str, draft: bool = False) -> schemas.PublishedOut:
        body = schemas.PublishArticleIn(text=text, draft=draft).model_dump(exclude_none=True)
        return await self._request("POST", "/api/v1/publish/articles", schemas.PublishedOut, body)

    async def publish_course(self, toml: str, draft: bool = False) -> schemas.PublishedOut:
        body = schemas.PublishCourseIn(toml=toml, draft=draft).model_dump(exclude_none=True)
        return await self._request("POST", "/api/v1/publish/courses", schemas.PublishedOut, body)

    async def publish_paper(
        self, filename: str, content: str, *, base64: bool, draft: bool = False
    ) -> schemas.PublishedOut:
        body = schemas.PublishPaperIn(
            filename=filename, content=content, base64=base64, draft=draft
        ).model_dump(exclude_none=True)
        return await self._request("POST", "/api/v1/publish/papers", schemas.PublishedOut, body)

    async def publish_move(self, kind: str, item_id: int, action: str) -> schemas.PublishedOut:
        return await self._request(
            "POST", f"/api/v1/publish/{kind}/{item_id}/{action}", schemas.PublishedOut
        )

    # -- 学标对标, 对标, 标准化专栏 (issue 18) ------------------------------------------------------

    async def standards(self) -> schemas.StandardsOut:
        return await self._request("GET", "/api/v1/standards", schemas.StandardsOut)

    async def standard(self, field: str, branch_id: int | None = None) -> schemas.StandardDetailOut:
        query = f"?branch_id={branch_id}" if branch_id is not None else ""
        return await self._request(
            "GET", f"/api/v1/standards/{field}{query}", schemas.StandardDetailOut
        )

    async def check_standard(self, item_id: int, mark: str, note: str) -> schemas.StandardItemOut:
        body = schemas.StandardCheckIn(mark=mark, note=note).model_dump()
        return await self._request(
            "PUT", f"/api/v1/standards/items/{item_id}/check", schemas.StandardItemOut, body
        )

    async def load_standard(self, text: str) -> schemas.StandardLoadOut:
        return await self._request(
            "POST", "/api/v1/standards", schemas.StandardLoadOut, {"text": text}
        )

    async def standards_overview(
        self, org_id: int | None = None, page: int = 1
    ) -> schemas.StandardsOverviewOut:
        query = f"?page={page}" + (f"&org_id={org_id}" if org_id is not None else "")
        return await self._request(
            "GET", f"/api/v1/standards/overview{query}", schemas.StandardsOverviewOut
        )

    async def standards_column(self) -> schemas.StandardsColumnOut:
        return await self._request("GET", "/api/v1/standards/column", schemas.StandardsColumnOut)

    async def column_add(
        self, *, article_id: int | None = None, item_id: int | None = None
    ) -> schemas.StandardsColumnOut:
        body = schemas.StandardsColumnEntryIn(article_id=article_id, item_id=item_id).model_dump(
            exclude_none=True
        )
        return await self._request(
            "POST", "/api/v1/standards/column", schemas.StandardsColumnOut, body
        )

    async def column_remove(self, entry_id: int) -> schemas.StandardsColumnOut:
        return await self._request(
            "DELETE", f"/api/v1/standards/column/{entry_id}", schemas.StandardsColumnOut
        )

    async def column_move(self, entry_id: int, position: int) -> schemas.StandardsColumnOut:
        return await self._request(
            "PUT", f"/api/v1/standards/column/{entry_id}/position", schemas.StandardsColumnOut,
            {"position": position},
        )  # fmt: skip
