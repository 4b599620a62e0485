"""The video player: plays at 1× on our clock, shows covered and unsaved parts, saves progress.

保存进度 sends the watched segments; the server merges them and decides the points, which come
back as a notification. Progress is also saved every two minutes of the player being open, when
the member leaves the player, goes home, logs out or quits (the app calls `flush()`).
"""

from __future__ import annotations

import asyncio
import json
import shutil
import subprocess
import time
import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, ClassVar
from urllib.parse import urljoin

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Label, Static

from contract import schemas
from tui import strings
from tui.format import clock
from tui.playback import Interval, Playback, measure
from tui.widgets.position_bar import PositionBar
from tui.widgets.status_header import StatusHeader

if TYPE_CHECKING:
    from tui.protocol import AppLike

AUTOSAVE_SECONDS = 120.0


class PlayerScreen(Screen[None]):
    # At 80 columns the footer holds five or six keys: 保存进度 (the key that earns points) comes
    # first, the one-minute seeks and mpv are listed on the page instead (PLAYER_MORE_KEYS).
    BINDINGS = [
        Binding("s", "save", "保存进度"),
        Binding("space", "toggle", "播放/暂停"),
        Binding("left", "seek(-10)", "-10秒", key_display="←"),
        Binding("right", "seek(10)", "+10秒", key_display="→"),
        Binding("escape", "leave", "返回"),
        Binding("shift+left", "seek(-60)", "-1分", key_display="⇧←", show=False),
        Binding("shift+right", "seek(60)", "+1分", key_display="⇧→", show=False),
        Binding("o", "external", "mpv", show=False),
        Binding("r", "reopen", "重新记录", show=False),
    ]

    app: AppLike  # type: ignore[assignment]
    # The player's clock (tests put a hand-moved one here).
    clock: ClassVar[Callable[[], float]] = staticmethod(time.monotonic)

    def __init__(self, video_id: int, course_title: str = "") -> None:
        super().__init__()
        self.video_id = video_id
        self.course_title = course_title
        self.video: schemas.VideoOut | None = None
        self.playback: Playback | None = None
        self.watch: schemas.WatchOut | None = None
        self.session_id: int | None = None
        self.today_seconds = 0.0
        self.today_points = 0
        self._save_lock = asyncio.Lock()
        self.client_session = ""  # this player's id for its watch session, made here
        self.started_at = ""
        self.refused = False  # the server will not take progress from this player
        self.new_seconds = 0.0  # new seconds the server credited to this opening of the player
        self.saves = 0  # saves the server answered in this opening
        self._mpv: asyncio.subprocess.Process | None = None

    def compose(self) -> ComposeResult:
        yield StatusHeader()
        # Not focusable: the arrow keys seek instead of scrolling.
        with VerticalScroll(classes="page", id="player", can_focus=False):
            yield Label(strings.PLAYER_OPENING, id="player-title", classes="screen-title")
            yield Static("", id="player-info", classes="hint")
            yield Static("", id="player-time")
            yield PositionBar(id="player-bar")
            yield Static(strings.PLAYER_LEGEND, id="player-legend", classes="hint")
            yield Static(strings.PLAYER_MORE_KEYS, id="player-more-keys", classes="hint")
            yield Static("", id="player-stats")
            yield Static("", id="player-message")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self._ticker = self.set_interval(0.5, self.refresh_view, pause=True)
        self.set_interval(AUTOSAVE_SECONDS, self._autosave)
        self.open_video()

    # -- loading -------------------------------------------------------------------------------

    @work(exclusive=True, group="open")
    async def open_video(self) -> None:
        from api_client import ApiError, ServerUnreachable

        # The video itself comes through the cache, so the player opens offline too; its
        # title shows from the cache at once. The watch session (a POST) is opened once, below.
        self.video = await self.app.fetch_fresh(lambda c: c.video(self.video_id), self._title)
        if self.video is None:
            self._say(strings.PLAYER_NOT_CACHED, error=True)
            return
        covered: list[tuple[float, float]] = []
        self.client_session = str(uuid.uuid4())
        self.started_at = datetime.now(UTC).astimezone().isoformat()
        if self.app.session.account is not None and self.app.connection == "online":
            try:
                self.watch = await self.app.session.client.watch(self.video_id)
                self.video, self.session_id = self.watch.video, self.watch.session_id
                covered = [tuple(c) for c in self.watch.covered]  # type: ignore[misc]
                self.today_seconds = self.watch.today_seconds
                self.today_points = self.watch.today_points
            except ServerUnreachable:
                self.app.went_offline()
            except ApiError as exc:
                if exc.code not in ("not_enrolled", "feature_forbidden"):
                    self.app.handle_api_error(exc)
                self._say(exc.message, error=True)
                self.refused = True
        position = self.video.position_seconds
        if self.watch is None and self.app.session.account is not None:
            # Offline: the cached video is as old as its last fetch; the last save made here
            # (queued or sent) knows better where the member stopped and what was watched.
            local = await self._last_seen()
            if local is not None:
                covered = local[1]
                if local[0] != position:
                    position = local[0]
                    self._say(strings.PLAYER_RESUMED_LOCAL.format(position=clock(position)))
        self.playback = Playback(self.video.seconds, covered, position, clock=type(self).clock)
        self.query_one("#player-title", Label).update(self.video.title)
        self.refresh_view()

    def _title(self, video: schemas.VideoOut) -> None:
        self.query_one("#player-title", Label).update(video.title)

    # -- the last position, kept on this terminal -----------------------------------------------

    def _seen_key(self) -> str:
        return f"local:video-seen/{self.video_id}"

    async def _last_seen(self) -> tuple[float, list[Interval]] | None:
        """(position, watched intervals) as the last save on this terminal left them."""
        store = self.app.session.store
        if store is None:
            return None
        hit = await asyncio.to_thread(store.cache.get, self._seen_key())
        if hit is None:
            return None
        try:
            seen = json.loads(hit[0])
            covered = [(float(a), float(b)) for a, b in seen["covered"]]
            return float(seen["position_s"]), covered
        except (ValueError, KeyError, TypeError):
            return None

    async def _keep_seen(self, pb: Playback) -> None:
        store = self.app.session.store
        if store is not None:
            body = json.dumps({"position_s": pb.position, "covered": pb.covered})
            await asyncio.to_thread(store.cache.put, self._seen_key(), body)

    def not_cached(self) -> None:
        """Offline, and this terminal never kept the video (app.fetch calls this)."""
        self._say(strings.PLAYER_NOT_CACHED, error=True)

    # -- the view ------------------------------------------------------------------------------

    def _say(self, message: str, *, error: bool = False) -> None:
        line = self.query_one("#player-message", Static)
        line.update(message)
        line.set_class(error, "error")

    def refresh_view(self) -> None:
        pb, video = self.playback, self.video
        if pb is None or video is None:
            return
        if pb.playing and pb.at_end:
            pb.pause()
            self.save(quiet=True)
        if not pb.playing:
            self._ticker.pause()
        state = (
            strings.PLAYER_PLAYING
            if pb.playing
            else strings.PLAYER_ENDED
            if pb.at_end
            else strings.PLAYER_PAUSED
        )
        self.query_one("#player-time", Static).update(
            strings.PLAYER_TIME.format(
                state=state, position=clock(pb.position), length=clock(pb.length)
            )
        )
        self.query_one("#player-bar", PositionBar).show(
            pb.length, pb.position, pb.covered, pb.watching()
        )
        watched = sum(b - a for a, b in pb.covered)
        self.query_one("#player-info", Static).update(
            strings.PLAYER_INFO.format(
                course=self.course_title
                or (strings.STUDY_TITLE if video.study else strings.PLAYER_ARTICLE),
                length=clock(video.seconds),
                watched=clock(watched),
            )
        )
        self.query_one("#player-stats", Static).update(self._stats(pb))

    def _stats(self, pb: Playback) -> str:
        if self.video is not None and not self.video.study:
            return strings.PLAYER_ARTICLE_VIDEO_NOTE  # never "join a course": it has none
        if self.app.session.account is None or self.refused:
            return strings.PLAYER_VISITOR
        if self.watch is None:  # opened offline: the server scores it when it hears of it
            return strings.PLAYER_OFFLINE.format(unsaved=int(pb.unsaved_new()))
        if not self.watch.earns:  # a 学习中心 video (article videos returned above)
            return strings.PLAYER_NOT_EARNER
        unsaved = pb.unsaved_new()
        per_point = self.watch.seconds_per_point
        if self.today_points >= self.watch.cap:
            upcoming = strings.PLAYER_CAPPED
        else:
            left = per_point - (self.today_seconds + unsaved) % per_point
            upcoming = strings.PLAYER_NEXT.format(seconds=int(left + 0.999))
        return strings.PLAYER_STATS.format(
            unsaved=int(unsaved), points=self.today_points, cap=self.watch.cap, next=upcoming
        )

    # -- keys ----------------------------------------------------------------------------------

    def action_toggle(self) -> None:
        if self.playback is None:
            return
        self.playback.toggle()
        if self.playback.playing:
            self._ticker.resume()
        self.refresh_view()

    def action_seek(self, delta: float) -> None:
        if self.playback is None:
            return
        self.playback.seek(delta)
        if self.playback.playing:
            self._ticker.resume()
        self.refresh_view()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # A visitor's watching is not recorded: 保存进度 (and 重新记录) are not offered.
        if action in ("save", "reopen") and self.app.session.account is None:
            return False
        return True

    def action_save(self) -> None:
        self.save()

    async def action_leave(self) -> None:
        await self.flush()
        if self.app.screen is self:
            self.app.pop_screen()

    def action_reopen(self) -> None:
        if self.refused and self.app.session.account is not None:
            self.refused = False
            self.open_video()
            self._say(strings.PLAYER_REOPENED)

    async def _autosave(self) -> None:
        if self.playback is not None and self.playback.has_unsaved():
            await self._save(quiet=True)

    # -- saving --------------------------------------------------------------------------------

    async def flush(self) -> None:
        """Save what is unsaved (called when the player closes and by the app before it quits)."""
        if self.playback is not None:
            self.playback.pause()
            await self._save(quiet=True)
        await self._stop_mpv()

    @work(group="save")
    async def save(self, quiet: bool = False) -> None:
        await self._save(quiet)

    async def _save(self, quiet: bool) -> None:
        async with self._save_lock:
            pb = self.playback
            if pb is None or self.refused or self.app.session.account is None:
                return
            segments = pb.take()
            if not segments:
                if not quiet:
                    self._say(strings.PLAYER_NOTHING_TO_SAVE)
                return
            if not quiet:
                self._say(strings.PLAYER_SAVING)
            outcome = await self.app.mutate(
                "video_progress",
                {
                    "video_id": self.video_id,
                    "watch_session_id": self.session_id,
                    "client_session": self.client_session,
                    "started_at": self.started_at,
                    "elapsed_s": round(pb.elapsed, 3),
                    "segments": [{"from_s": a, "to_s": b} for a, b in segments],
                    "position_s": pb.position,
                },
                note=self.video.title if self.video else None,
            )
            if outcome.status == "refused":
                pb.restore(segments)
                self._say(outcome.message, error=True)
            elif outcome.status == "rejected":
                if outcome.code == "watch_taken_over":
                    pb.pause()
                    self.session_id = None
                    self.refused = True
                    self._say(strings.PLAYER_TAKEN_OVER, error=True)
                else:
                    self._say(outcome.message, error=True)
            else:
                pb.confirm(segments)  # on the server, or safe in the outbox
                await self._keep_seen(pb)
                result = outcome.result
                message = outcome.message
                if result:
                    self.today_seconds = result.get("today_seconds", self.today_seconds)
                    self.today_points = result.get("today_points", self.today_points)
                    message = self._explain(message, segments, result)
                self._say(message)
                if (result.get("earned") or {}).get("points"):
                    self.app.notify(outcome.message, timeout=4)
            self.refresh_view()

    def _explain(self, message: str, segments: list[Interval], result: dict[str, Any]) -> str:
        """The server's "新增学习 N 秒" counts this save's seconds not covered before; when that
        is less than what was watched, say why (a replayed part, an earlier automatic save)."""
        if "new_seconds" not in result:
            return message
        self.saves += 1
        new = float(result["new_seconds"])
        self.new_seconds += new
        notes = []
        watched = measure(segments)
        if new >= 1 and watched - new >= 1:
            notes.append(
                strings.PLAYER_SAVE_OVERLAP.format(watched=round(watched), old=round(watched - new))
            )
        if self.saves > 1 and round(self.new_seconds) > round(new):
            notes.append(strings.PLAYER_SAVED_TOTAL.format(total=round(self.new_seconds)))
        return ";".join([message, *notes])

    # -- mpv -----------------------------------------------------------------------------------

    async def action_external(self) -> None:
        if self.video is None or self.playback is None:
            return
        mpv = shutil.which("mpv")
        if mpv is None:
            self._say(strings.PLAYER_NO_MPV)
            return
        await self._stop_mpv()
        client = self.app.session.client
        url = self.video.url
        if url.startswith("/"):
            # The server's own file (/api/v1/media/…): a 播放链接 for this one video, never the
            # token (a command line is visible to every user of the machine in `ps`).
            from api_client import ApiError, ServerUnreachable

            try:
                ticket = await client.media_ticket(self.video.id)
            except ServerUnreachable:
                self._say(strings.PLAYER_MPV_OFFLINE, error=True)
                return
            except ApiError as exc:
                if exc.status == 401:
                    self.app.handle_api_error(exc)
                    return
                self._say(strings.PLAYER_MPV_FAILED.format(reason=exc.message), error=True)
                return
            url = urljoin(client.base_url + "/", ticket.url.lstrip("/"))
        try:
            self._mpv = await asyncio.create_subprocess_exec(
                mpv,
                f"--start={int(self.playback.position)}",
                "--no-terminal",
                "--force-window=yes",
                "--",  # whatever the url holds, mpv takes it as the file, never an option
                url,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
        except OSError as exc:
            self._say(strings.PLAYER_MPV_FAILED.format(reason=exc.strerror or exc), error=True)
            return
        if not self.playback.playing:
            self.action_toggle()
        self._say(strings.PLAYER_MPV)
        self._watch_mpv(self._mpv)

    @work(group="mpv")
    async def _watch_mpv(self, process: asyncio.subprocess.Process) -> None:
        await process.wait()
        if self._mpv is process and self.playback is not None and self.playback.playing:
            self.action_toggle()
        if self._mpv is process:
            self._mpv = None

    async def _stop_mpv(self) -> None:
        process, self._mpv = self._mpv, None
        if process is not None and process.returncode is None:
            process.terminate()
            try:
                await asyncio.wait_for(process.wait(), 3)
            except TimeoutError:
                process.kill()
