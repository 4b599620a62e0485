"""积分导出: the dialog behind E on 我的积分 and 排行榜, for the accounts the server lets export
(feature points_export). Year, format and path; Enter asks the server for every page of the
year and writes the file; the outcome (or what went wrong) is said in place, the fields kept."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, RadioButton, RadioSet

from contract import schemas
from tui import strings
from tui.format import beijing

if TYPE_CHECKING:
    from tui.protocol import AppLike

FEATURE = "points_export"
PAGE_SIZE = 5000  # the server's largest page
SUFFIXES = (".xlsx", ".csv")


def default_folder() -> Path:
    """The user's downloads folder, or their home folder where there is none (a server reached
    over SSH has no ~/Downloads): a file the user will look for, never inside the client's own
    data folder (it used to be ~/.local/share/gsdj, which README did not say)."""
    import platformdirs

    downloads = Path(platformdirs.user_downloads_dir())
    return downloads if downloads.is_dir() else Path.home()


def default_name(org: str, year: int, suffix: str, now: datetime | None = None) -> str:
    stamp = f"{beijing(now or datetime.now(UTC)):%Y%m%d-%H%M}"
    safe = "".join(ch for ch in org if ch not in '/\\:*?"<>|') or "gsdj"
    return strings.EXPORT_FILE_NAME.format(org=safe, year=year, stamp=stamp, suffix=suffix)


async def may_export(app: AppLike) -> bool:
    """The server's word (GET /me/features, cached offline) on whether E is offered."""
    features = await app.fetch(lambda c: c.features())
    return any(f.code == FEATURE and f.allowed for f in features or ())


class ExportKey:
    """E (积分导出) on a screen (我的积分, 排行榜), offered only once the server says the account
    may export. The screen lists `Binding("e", "export", strings.EXPORT_KEY)` and calls
    `ask_export()` when mounted."""

    can_export = False

    @work(group="may-export")
    async def ask_export(self) -> None:
        self.can_export = await may_export(self.app)  # type: ignore[attr-defined]
        self.refresh_bindings()  # type: ignore[attr-defined]

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return self.can_export if action == "export" else True

    def action_export(self) -> None:
        if self.can_export:
            self.app.push_screen(ExportDialog())  # type: ignore[attr-defined]


def _write_error(exc: OSError, path: Path) -> str:
    if isinstance(exc, IsADirectoryError):
        return strings.EXPORT_IS_DIR.format(path=path)
    if isinstance(exc, FileNotFoundError | NotADirectoryError):
        return strings.EXPORT_NO_DIR.format(folder=path.parent)
    if isinstance(exc, PermissionError):
        return strings.EXPORT_DENIED.format(path=path)
    return strings.EXPORT_WRITE_FAILED.format(reason=exc.strerror or exc)


def _mark(suffix: str, chosen: bool) -> Text:
    # Text, not markup: "[✓]" would read as a tag.
    return Text(f"{strings.SELECTED_MARK if chosen else strings.UNSELECTED_MARK} {suffix}")


class ExportDialog(ModalScreen[None]):
    DEFAULT_CSS = """
    ExportDialog { align: center middle; }
    ExportDialog > Vertical {
        width: 76; max-width: 100%; height: auto; max-height: 100%;
        border: thick $accent; background: $surface; padding: 0 1;
    }
    ExportDialog Label { width: 100%; }
    ExportDialog #export-year { width: 12; }
    ExportDialog RadioSet { layout: horizontal; height: auto; }
    ExportDialog #export-status { height: auto; margin-top: 1; }
    ExportDialog #export-status.-error { color: $error; }
    ExportDialog #export-hint { color: $text-muted; }
    """
    BINDINGS = [Binding("escape", "close", "关闭")]

    app: AppLike  # type: ignore[assignment]

    def __init__(self, folder: Path | None = None) -> None:
        super().__init__()
        self.folder = folder
        self.year = beijing(datetime.now(UTC)).year

    def compose(self) -> ComposeResult:
        account = self.app.session.account
        org = account.org.name if account is not None and account.org else ""
        folder = self.folder or default_folder()
        with Vertical():
            yield Label(strings.EXPORT_TITLE, classes="screen-title")
            yield Label(strings.EXPORT_YEAR)
            yield Input(str(self.year), id="export-year", max_length=4)
            yield Label(strings.EXPORT_FORMAT)
            with RadioSet(id="export-format"):
                # The choice in words too, not by colour alone.
                yield RadioButton(_mark(".xlsx", True), value=True, id="format-xlsx")
                yield RadioButton(_mark(".csv", False), id="format-csv")
            yield Label(strings.EXPORT_PATH)
            yield Input(str(folder / default_name(org, self.year, ".xlsx")), id="export-path")
            yield Label("", id="export-status", markup=False)
            yield Label(strings.EXPORT_HINT, id="export-hint")

    def on_mount(self) -> None:
        self.query_one("#export-year", Input).focus()

    @on(RadioSet.Changed)
    def _format(self, event: RadioSet.Changed) -> None:
        """The path follows the format chosen."""
        suffix = SUFFIXES[event.index]
        for i, button in enumerate(self.query(RadioButton)):
            button.label = _mark(SUFFIXES[i], i == event.index)
        path_input = self.query_one("#export-path", Input)
        path = Path(path_input.value.strip())
        if path.suffix.lower() in SUFFIXES and path.suffix.lower() != suffix:
            path_input.value = str(path.with_suffix(suffix))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.export()

    def say(self, text: str, error: bool = False) -> None:
        label = self.query_one("#export-status", Label)
        label.update(text)
        label.set_class(error, "-error")

    @work(exclusive=True, group="export")
    async def export(self) -> None:
        from api_client import ApiError, ServerUnreachable

        text = self.query_one("#export-year", Input).value.strip()
        # ASCII digits only: "①②③④" and "２０２６" pass isdigit(), and int() refuses the former.
        if not (len(text) == 4 and text.isascii() and text.isdigit()):
            self.say("✗ " + strings.EXPORT_BAD_YEAR.format(year=self.year), error=True)
            return
        raw = self.query_one("#export-path", Input).value.strip()
        if not raw:
            self.say("✗ " + strings.EXPORT_NO_PATH, error=True)
            return
        path = Path(raw).expanduser()
        if path.is_dir():
            self.say("✗ " + strings.EXPORT_IS_DIR.format(path=path), error=True)
            return
        if path.suffix.lower() not in SUFFIXES:
            index = self.query_one(RadioSet).pressed_index
            path = path.with_name(path.name + SUFFIXES[max(index, 0)])
        client = self.app.session.client
        if client.offline:
            self.say("✗ " + strings.EXPORT_OFFLINE, error=True)
            return
        self.say(strings.EXPORT_WORKING)
        pages: list[schemas.PointsExportPage] = []
        after_org = after_account = 0
        try:
            while True:
                page = await client.points_export(int(text), after_org, after_account, PAGE_SIZE)
                pages.append(page)
                if page.next_after_org is None or page.next_after_account is None:
                    break
                after_org, after_account = page.next_after_org, page.next_after_account
        except ServerUnreachable:
            self.say("✗ " + strings.EXPORT_OFFLINE, error=True)
            return
        except ApiError as exc:
            self.say("✗ " + exc.message, error=True)
            return
        from tui import export_file

        try:
            rows = await asyncio.to_thread(export_file.write, path, pages)
        except OSError as exc:
            self.say("✗ " + _write_error(exc, path), error=True)
            return
        except Exception:  # anything else the writer or the system raises: said, never a traceback
            self.say("✗ " + strings.EXPORT_WRITE_UNEXPECTED, error=True)
            return
        self.say("✓ " + strings.EXPORT_DONE.format(rows=rows, path=path))

    def action_close(self) -> None:
        self.dismiss(None)
