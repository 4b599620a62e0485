"""组织与人员导入: an admin types the path of a workbook (or CSVs), the server checks every row
(a dry run) and the terminal shows the counts or the bad rows (sheet, row, column, reason); Ctrl+S
then imports. The new accounts' one-time passwords, answered once, go to a file only this user
may read (0600), under the terminal's data directory or where the user says."""

from __future__ import annotations

import csv
import io
import os
import shlex
from datetime import datetime
from pathlib import Path

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Input, Label, Static

from contract import schemas
from tui import strings
from tui.screens.base import TableScreen, row_detail
from tui.widgets.choose import ShowOnce
from tui.widgets.fit_table import Col


def counts(result: schemas.ImportOut) -> str:
    o, a = result.orgs, result.accounts
    return strings.ORG_IMPORT_COUNTS.format(
        oc=o.created, ou=o.updated, on=o.unchanged, ac=a.created, au=a.updated, an=a.unchanged
    )


def changes_note(result: schemas.ImportOut) -> str:
    """What the import does (did) to existing records' fields, or nothing when it touches none."""
    if not result.changes_total:
        return ""
    known = {
        "updated": result.changes_total - result.kept_total,
        "kept": result.kept_total,
        "verb": "将" if result.dry_run else "已",
    }
    if result.changes_total > len(result.changes):
        return " · " + strings.ORG_IMPORT_CHANGES_MORE.format(**known, shown=len(result.changes))
    return " · " + strings.ORG_IMPORT_CHANGES.format(**known)


def write_passwords(path: Path, passwords: list[schemas.ImportedPasswordOut]) -> None:
    """A new CSV (UTF-8 with BOM, for Excel) only its owner may read; never over a file."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["用户名", "姓名", "所在组织代码", "一次性密码"])
    for p in passwords:
        writer.writerow([p.username, p.display_name, p.org_code or "", p.password])
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8", newline="") as f:
        f.write("\ufeff" + out.getvalue())


def default_passwords_path() -> Path:
    from offline_cache import client_data_dir

    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    return client_data_dir() / "一次性密码" / f"导入-{stamp}.csv"


class OrgImportScreen(TableScreen):
    TITLE_TEXT = strings.ORG_IMPORT_TITLE
    TABLE_ID = "import-problems"
    COLUMNS = (
        strings.COL_IMPORT_SHEET,
        strings.COL_IMPORT_ROW,
        strings.COL_IMPORT_COLUMN,
        Col(strings.COL_IMPORT_NOTE),
    )
    BINDINGS = [Binding("ctrl+s", "confirm", "确认导入")]

    checked: tuple[str, ...] | None = None  # the paths the last dry run passed

    def body(self) -> ComposeResult:
        yield Label(strings.ORG_IMPORT_PATH, classes="field-label")
        yield Input(id="import-path")
        yield Label(strings.ORG_IMPORT_OUT, classes="field-label")
        yield Input(id="import-out")
        yield Static("", id="import-message", markup=False)
        yield self.make_table()
        yield row_detail()
        yield Static(strings.ORG_IMPORT_KEYS, classes="hint")

    def on_mount(self) -> None:
        self.table.display = False
        self.query_one("#import-path", Input).focus()

    def say(self, message: str, *, error: bool) -> None:
        line = self.query_one("#import-message", Static)
        line.update(message)
        line.set_class(error, "error")

    def paths(self) -> tuple[str, ...] | None:
        """The typed paths: the whole field when it names a file (spaces and all), else split
        as a shell does (spaces or new lines between paths, quotes around one with spaces);
        None for an unclosed quote."""
        value = self.query_one("#import-path", Input).value.strip()
        if value and Path(value).expanduser().is_file():
            return (value,)
        try:
            return tuple(shlex.split(value))
        except ValueError:
            return None

    def read(self, paths: tuple[str, ...]) -> list[tuple[str, bytes]] | None:
        files = []
        for raw in paths:
            path = Path(raw).expanduser()
            if not path.is_file():
                self.say(strings.ORG_IMPORT_NO_FILE.format(path=raw), error=True)
                return None
            try:
                files.append((path.name, path.read_bytes()))
            except OSError as exc:
                self.say(
                    strings.ORG_IMPORT_UNREADABLE.format(path=raw, error=exc.strerror or exc),
                    error=True,
                )
                return None
        return files

    @on(Input.Submitted, "#import-path")
    def _check(self) -> None:
        self.send(dry_run=True)

    @on(Input.Changed, "#import-path")
    def _changed(self) -> None:
        self.checked = None

    def action_confirm(self) -> None:
        if self.checked is None or self.checked != self.paths():
            self.say(strings.ORG_IMPORT_CHECK_FIRST, error=True)
            return
        self.send(dry_run=False)

    @work(exclusive=True, group="import")
    async def send(self, *, dry_run: bool) -> None:
        from pydantic import ValidationError

        from api_client import ApiError, ServerUnreachable

        paths = self.paths()
        if paths is None:
            self.say(strings.ORG_IMPORT_BAD_QUOTES, error=True)
            return
        if not paths:
            self.say(strings.ORG_IMPORT_EMPTY, error=True)
            return
        files = self.read(paths)
        if files is None:
            return
        out_raw = self.query_one("#import-out", Input).value.strip()
        out = Path(out_raw).expanduser() if out_raw else None
        if not dry_run and out is not None and out.exists():
            self.say(strings.ORG_IMPORT_PASSWORDS_EXIST.format(path=out), error=True)
            return
        if self.app.connection != "online":
            self.say(strings.ORG_IMPORT_OFFLINE, error=True)
            return
        self.say(
            strings.ORG_IMPORT_CHECKING if dry_run else strings.ORG_IMPORT_SENDING, error=False
        )
        try:
            result = await self.app.session.client.import_orgs(files, dry_run=dry_run)
        except ServerUnreachable:
            self.app.went_offline()
            self.say(strings.ORG_IMPORT_OFFLINE, error=True)
            return
        except ValidationError:  # a name with a new line or a slash, > 200 characters, > 10 files
            self.checked = None
            self.say(strings.ORG_IMPORT_BAD_NAMES, error=True)
            return
        except ApiError as exc:
            if exc.status == 401:
                self.app.handle_api_error(exc)
                return
            self.checked = None
            self.say(exc.message, error=True)
            return
        self.show(result, paths, out)

    def show(self, result: schemas.ImportOut, paths: tuple[str, ...], out: Path | None) -> None:
        # The bad rows, else what the import does (or did) to existing records, field by field:
        # a re-import that would replace a branch's edits says so before Ctrl+S.
        rows = [(r.sheet, r.row, r.column, r.reason) for r in result.problems] or [
            (c.sheet, c.row, c.column, c.reason) for c in result.changes
        ]
        self.table.display = bool(rows)
        self.refill(
            [
                (str(i), (sheet, str(row), column or "—", reason))
                for i, (sheet, row, column, reason) in enumerate(rows)
            ]
        )
        if result.problems:
            self.checked = None
            self.say(strings.ORG_IMPORT_BAD.format(n=len(result.problems)), error=True)
            return
        changed = changes_note(result)
        if result.dry_run:
            self.checked = paths
            self.say(
                strings.ORG_IMPORT_CHECKED.format(counts=counts(result) + changed), error=False
            )
            self.query_one("#import-path", Input).focus()
            return
        self.checked = None
        if not result.passwords:
            self.say(strings.ORG_IMPORT_DONE.format(counts=counts(result) + changed), error=False)
            return
        # The passwords exist only in this answer: the path asked for, else the data directory,
        # else shown once on screen — never lost.
        target: Path | None = None
        for candidate in (out, default_passwords_path()):
            if candidate is None:
                continue
            try:
                write_passwords(candidate, result.passwords)
            except OSError:
                continue
            target = candidate
            break
        if target is None:
            self.say(strings.ORG_IMPORT_PASSWORDS_SHOWN.format(counts=counts(result)), error=True)
            self.app.push_screen(
                ShowOnce(
                    strings.ORG_IMPORT_PASSWORDS_ONCE.format(n=len(result.passwords)),
                    "\n".join(
                        f"{p.username}  {p.display_name}  {p.password}" for p in result.passwords
                    ),
                )
            )
            return
        if out is not None and target != out:
            self.say(
                strings.ORG_IMPORT_PASSWORDS_FALLBACK.format(
                    counts=counts(result), n=len(result.passwords), path=target, asked=out
                ),
                error=True,
            )
            self.notify(str(target), timeout=10)
            return
        message = strings.ORG_IMPORT_PASSWORDS.format(
            counts=counts(result), n=len(result.passwords), path=target
        )
        self.say(message, error=False)
        self.notify(message, timeout=10)
