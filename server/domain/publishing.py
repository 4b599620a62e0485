"""Publishing content (issue 16), as data: who publishes to whom, the states of a published
item, the article file's header, and the checks of an exam paper's questions.

Who: the 省委组织部 publishes to everyone (visitors too, for 党建资讯); a 党委 or 党总支 admin to
its own subtree (its members see it, visitors do not); branch admins and members do not publish.
"""

from __future__ import annotations

import csv
import io
import re
import tomllib
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any
from zoneinfo import ZoneInfo

from server import messages
from server.domain.exams import JUDGE_OPTIONS, QuestionKind
from server.domain.orgs import AccountKind as K

BEIJING = ZoneInfo("Asia/Shanghai")

PUBLISHERS = frozenset({K.PROVINCE_ADMIN, K.COMMITTEE_ADMIN, K.GENERAL_BRANCH_ADMIN})


class State(StrEnum):
    DRAFT = "draft"
    PUBLISHED = "published"
    WITHDRAWN = "withdrawn"


STATE_NAMES = {State.DRAFT: "草稿", State.PUBLISHED: "已发布", State.WITHDRAWN: "已撤回"}
# Published with a time still to come (an article's 发布时间): stored as published, seen by
# readers only from that time; its publisher sees it as 定时 until then.
SCHEDULED, SCHEDULED_NAME = "scheduled", "定时"


def shown_state(state: State, published_at: datetime | None, now: datetime) -> tuple[str, str]:
    """The state (code, Chinese name) a publisher sees: 定时 for published content whose
    publish time has not come, else the stored state."""
    if state == State.PUBLISHED and published_at is not None and published_at > now:
        return SCHEDULED, SCHEDULED_NAME
    return state.value, STATE_NAMES[state]


# draft → published → withdrawn; a withdrawn item may be published again (decided: a 党委 that
# withdrew by mistake republishes it; the points earned before stay, once-only marks still hold).
MOVES: dict[str, frozenset[State]] = {
    "publish": frozenset({State.DRAFT, State.WITHDRAWN}),
    "withdraw": frozenset({State.PUBLISHED}),
}

KINDS = {"article": "党建资讯", "course": "课程", "paper": "试卷"}

# 党建资讯's columns (栏目), in order: `gsdj-server init` and the demo create them, an article's
# header names one.
ARTICLE_COLUMNS = ("党建动态", "理论学习", "基层风采", "通知公告")


class Problem(Exception):
    """A file that cannot be published: every reason, each with where it is."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


# Lengths of the fields a file fills (the columns' sizes): longer is refused, naming the field.
LIMITS = {"标题": 200, "作者": 100, "课程标题": 100, "视频标题": 100, "视频地址": 300}


def storable(text: str) -> bool:
    """contract.schemas.check_text's rule: no NUL, no lone surrogate (neither fits a database)."""
    if "\x00" in text:
        return False
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _strings(value: Any) -> list[str]:
    """Every string in a parsed TOML document or table row, keys too."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for k, v in value.items() for s in _strings(k) + _strings(v)]
    if isinstance(value, list | tuple):
        return [s for v in value for s in _strings(v)]
    return []


def _unstorable(value: Any, where: str) -> list[str]:
    if all(storable(s) for s in _strings(value)):
        return []
    return [messages.PUBLISH_BAD_CHARS.format(where=where)]


def _too_long(field: str, text: str | None, where: str = "") -> list[str]:
    n = LIMITS[field]
    if text is None or len(text) <= n:
        return []
    return [where + messages.PUBLISH_TOO_LONG.format(field=field, n=n)]


# --- articles -------------------------------------------------------------------------------

_HEADER_KEYS = {
    "title": "title", "标题": "title",
    "column": "column", "栏目": "column",
    "author": "source", "source": "source", "作者": "source", "来源": "source",
    "published": "published", "publish_time": "published", "发布时间": "published",
}  # fmt: skip


@dataclass(frozen=True)
class ArticleFile:
    title: str
    column: str
    source: str
    body: str
    published_at: datetime | None  # None: now; a later time: scheduled


# A publish time's years: outside them a time is a typo (and 0001 or 9999 overflow in UTC).
YEARS = (2000, 2100)


class YearOutOfRange(ValueError):
    pass


def parse_time(text: str) -> datetime:
    """ISO 8601; without a zone it is Beijing time; its year within YEARS."""
    when = datetime.fromisoformat(text.strip())
    if not YEARS[0] <= when.year <= YEARS[1]:
        raise YearOutOfRange(text)
    return when.replace(tzinfo=BEIJING) if when.tzinfo is None else when


def parse_article(text: str) -> ArticleFile:
    """A Markdown file with a header between two `---` lines: 标题 (title), 栏目 (column, by
    name), 作者/来源 (author), optional 发布时间 (publish time)."""
    if not storable(text):
        raise Problem(_unstorable(text, messages.PUBLISH_IN_FILE))
    lines = text.replace("\r\n", "\n").lstrip("\ufeff").split("\n")
    if not lines or lines[0].strip() != "---" or "---" not in [x.strip() for x in lines[1:]]:
        raise Problem([messages.PUBLISH_ARTICLE_NO_HEADER])
    end = [x.strip() for x in lines[1:]].index("---") + 1
    values: dict[str, str] = {}
    problems: list[str] = []
    for n, line in enumerate(lines[1:end], 2):
        if not line.strip():
            continue
        key, sep, value = line.partition(":")
        if not sep:
            key, sep, value = line.partition(":")
        name = _HEADER_KEYS.get(key.strip().lower())
        if not sep or name is None:
            problems.append(messages.PUBLISH_ARTICLE_BAD_LINE.format(n=n, line=line.strip()))
            continue
        values[name] = value.strip().strip('"')
    body = "\n".join(lines[end + 1 :]).strip()
    for name, label in (("title", "标题"), ("column", "栏目"), ("source", "作者")):
        if not values.get(name):
            problems.append(messages.PUBLISH_ARTICLE_MISSING.format(field=label))
    if not body:
        problems.append(messages.PUBLISH_ARTICLE_NO_BODY)
    published = None
    if values.get("published"):
        try:
            published = parse_time(values["published"])
        except YearOutOfRange:
            problems.append(
                messages.PUBLISH_TIME_YEARS.format(
                    first=YEARS[0], last=YEARS[1], text=values["published"]
                )
            )
        except ValueError:
            problems.append(messages.PUBLISH_BAD_TIME.format(text=values["published"]))
    if len(values.get("title", "")) > 200:
        problems.append(messages.PUBLISH_TITLE_TOO_LONG)
    problems += _too_long("作者", values.get("source"))
    if problems:
        raise Problem(problems)
    return ArticleFile(values["title"], values["column"], values["source"], body, published)


# --- exam papers ----------------------------------------------------------------------------

_KIND_WORDS = {
    "single": QuestionKind.SINGLE, "单选": QuestionKind.SINGLE, "单选题": QuestionKind.SINGLE,
    "multiple": QuestionKind.MULTIPLE, "多选": QuestionKind.MULTIPLE,
    "多选题": QuestionKind.MULTIPLE,
    "judge": QuestionKind.JUDGE, "true_false": QuestionKind.JUDGE, "判断": QuestionKind.JUDGE,
    "判断题": QuestionKind.JUDGE,
}  # fmt: skip
_JUDGE_WORDS = {"对": 0, "正确": 0, "√": 0, "错": 1, "错误": 1, "×": 1}
LETTERS = "ABCDEFGH"
MAX_QUESTIONS = 200


@dataclass(frozen=True)
class PaperQuestion:
    kind: QuestionKind
    stem: str
    options: tuple[str, ...]
    answer: tuple[int, ...]
    points: int


@dataclass
class PaperFile:
    title: str
    summary: str
    questions: list[PaperQuestion] = field(default_factory=list)


def _answer(kind: QuestionKind, raw: Any, options: tuple[str, ...]) -> tuple[int, ...] | str:
    """The answer as option indexes, or the Chinese reason it is not one."""
    if isinstance(raw, list):
        parts = [str(x).strip() for x in raw]
    else:
        text = str(raw if raw is not None else "").strip().upper()
        parts = [p for p in re.split(r"[,,、\s]+", text) if p]
        if len(parts) == 1 and re.fullmatch(r"[A-H]{2,}", parts[0]):
            parts = list(parts[0])
    if not parts:
        return messages.PAPER_NO_ANSWER
    chosen: list[int] = []
    for part in parts:
        if kind is QuestionKind.JUDGE and part in _JUDGE_WORDS:
            index = _JUDGE_WORDS[part]
        elif len(part) == 1 and part.upper() in LETTERS:
            index = LETTERS.index(part.upper())
        elif part.isdigit():
            index = int(part) - 1  # numbers count from 1, as a person writes them
        else:
            return messages.PAPER_BAD_ANSWER.format(answer=part)
        if not 0 <= index < len(options):
            return messages.PAPER_ANSWER_NOT_AN_OPTION.format(answer=part)
        if index in chosen:
            return messages.PAPER_ANSWER_REPEATED.format(answer=part)
        chosen.append(index)
    if kind is QuestionKind.SINGLE and len(chosen) != 1:
        return messages.PAPER_SINGLE_ONE
    if kind is QuestionKind.JUDGE and len(chosen) != 1:
        return messages.PAPER_JUDGE_ONE
    if kind is QuestionKind.MULTIPLE and len(chosen) < 2:
        return messages.PAPER_MULTIPLE_TWO
    return tuple(sorted(chosen))


def check_question(raw: dict[str, Any]) -> PaperQuestion | list[str]:
    """One question from its fields (kind, stem, options, answer, points): it, or every reason
    it is refused."""
    reasons: list[str] = []
    kind = _KIND_WORDS.get(str(raw.get("kind") or "").strip().lower())
    if kind is None:
        reasons.append(messages.PAPER_BAD_KIND.format(kind=raw.get("kind") or ""))
    stem = str(raw.get("stem") or "").strip()
    if not stem:
        reasons.append(messages.PAPER_NO_STEM)
    options = tuple(str(o).strip() for o in raw.get("options") or () if str(o).strip())
    if kind is QuestionKind.JUDGE:
        if not options:
            options = JUDGE_OPTIONS
        elif len(options) != 2:
            reasons.append(messages.PAPER_JUDGE_OPTIONS)
    elif kind is not None and len(options) < 2:
        reasons.append(messages.PAPER_FEW_OPTIONS)
    if len(set(options)) != len(options):
        reasons.append(messages.PAPER_SAME_OPTIONS)
    if len(options) > len(LETTERS):
        reasons.append(messages.PAPER_MANY_OPTIONS.format(n=len(LETTERS)))
    points = raw.get("points")
    if isinstance(points, float) and points.is_integer():
        points = int(points)
    if isinstance(points, str) and points.strip().isdigit():
        points = int(points.strip())
    if not isinstance(points, int) or isinstance(points, bool) or not 1 <= points <= 100:
        reasons.append(messages.PAPER_BAD_POINTS.format(points=raw.get("points") or ""))
    answer: tuple[int, ...] | str = ()
    if kind is not None and (options or kind is QuestionKind.JUDGE):
        answer = _answer(kind, raw.get("answer"), options)
        if isinstance(answer, str):
            reasons.append(answer)
    if reasons or kind is None or isinstance(answer, str) or not isinstance(points, int):
        return reasons
    return PaperQuestion(kind, stem, options, answer, points)


def check_paper(title: str, summary: str, rows: list[tuple[str, dict[str, Any]]]) -> PaperFile:
    """Every question checked before anything is stored: any bad one refuses the whole paper,
    with each bad question's place (第 N 行 / 第 N 题) and reason."""
    problems: list[str] = []
    paper = PaperFile(title.strip(), summary.strip())
    if not paper.title:
        problems.append(messages.PAPER_NO_TITLE)
    if not rows:
        problems.append(messages.PAPER_EMPTY)
    if len(rows) > MAX_QUESTIONS:
        problems.append(messages.PAPER_TOO_MANY.format(n=MAX_QUESTIONS))
    for where, raw in rows:
        checked = check_question(raw)
        if isinstance(checked, list):
            problems.extend(f"{where}:{reason}" for reason in checked)
        else:
            paper.questions.append(checked)
    if problems:
        raise Problem(problems)
    return paper


_COLUMNS = {
    "题型": "kind", "kind": "kind", "type": "kind",
    "题干": "stem", "题目": "stem", "stem": "stem",
    "答案": "answer", "answer": "answer",
    "分值": "points", "points": "points", "score": "points",
}  # fmt: skip


def _table_rows(table: list[list[Any]]) -> list[tuple[str, dict[str, Any]]]:
    """Rows of a sheet or CSV under a header (题型, 题干, 选项A…选项H or A…H, 答案, 分值)."""
    if not table:
        return []
    header = [str(h or "").strip() for h in table[0]]
    names: list[str | None] = []
    for h in header:
        letter = h.removeprefix("选项").upper()
        names.append(
            f"option{letter}" if len(letter) == 1 and letter in LETTERS else _COLUMNS.get(h.lower())
        )
    missing = [
        c
        for c, key in (("题型", "kind"), ("题干", "stem"), ("答案", "answer"), ("分值", "points"))
        if key not in names
    ]
    if missing:
        raise Problem([messages.PAPER_BAD_HEADER.format(columns="、".join(missing))])
    rows: list[tuple[str, dict[str, Any]]] = []
    for n, cells in enumerate(table[1:], 2):
        if all(c is None or str(c).strip() == "" for c in cells):
            continue
        raw: dict[str, Any] = {"options": []}
        for name, cell in zip(names, cells, strict=False):
            if name is None:
                continue
            if name.startswith("option"):
                if cell is not None and str(cell).strip():
                    raw["options"].append(cell)
            else:
                raw[name] = cell
        rows.append((messages.PAPER_AT_ROW.format(n=n), raw))
    return rows


def read_paper(name: str, data: bytes, title: str | None = None) -> PaperFile:
    """A paper from a .toml (title, summary, [[questions]]), .csv or .xlsx (one sheet under a
    header; the title given, else the file's name)."""
    lower = name.lower()
    stem = re.sub(r"\.[^.]*$", "", name.rsplit("/", 1)[-1])
    summary = ""
    if lower.endswith(".toml"):
        try:
            doc = tomllib.loads(data.decode("utf-8"))
        except (UnicodeDecodeError, tomllib.TOMLDecodeError) as e:
            raise Problem([messages.PAPER_BAD_TOML.format(error=e)]) from e
        if bad := _unstorable(doc, messages.PUBLISH_IN_FILE):
            raise Problem(bad)
        questions = doc.get("questions")
        if not isinstance(questions, list):
            questions = []
        rows = [
            (messages.PAPER_AT_QUESTION.format(n=n), q if isinstance(q, dict) else {})
            for n, q in enumerate(questions, 1)
        ]
        return check_paper(
            title or str(doc.get("title") or ""), str(doc.get("summary") or ""), rows
        )
    if lower.endswith(".csv"):
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = data.decode("gb18030", errors="strict")
        table: list[list[Any]] = [list(r) for r in csv.reader(io.StringIO(text))]
    elif lower.endswith(".xlsx"):
        import openpyxl  # deferred: only a workbook needs it

        try:
            book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        except Exception as e:  # openpyxl raises several kinds for a file that is not a workbook
            raise Problem([messages.PAPER_NOT_A_WORKBOOK]) from e
        try:
            sheet = book.worksheets[0]
            table = [list(r) for r in sheet.iter_rows(values_only=True)]
        finally:
            book.close()
    else:
        raise Problem([messages.PAPER_BAD_FILE_KIND])
    bad = [
        p
        for n, cells in enumerate(table, 1)
        for p in _unstorable(cells, messages.PAPER_AT_ROW.format(n=n))
    ]
    if bad:
        raise Problem(bad)
    return check_paper(title or stem, summary, _table_rows(table))


# --- courses --------------------------------------------------------------------------------


@dataclass(frozen=True)
class VideoIn:
    title: str
    url: str | None
    file: str | None
    seconds: int | None


@dataclass(frozen=True)
class CourseFile:
    title: str
    summary: str
    videos: tuple[VideoIn, ...]


# A course's local video files (from the CLI): these kinds only, inside the TOML's folder.
VIDEO_EXTENSIONS = (".mp4", ".webm", ".mkv", ".mov", ".m4v", ".ogv")

# A video's url: the web's (http/https) or this server's own file; never something a player
# could take for an option ("--…") or a local path.
_URL = re.compile(r"(?:https?://[^\s/]+|/api/v1/media/)\S*", re.IGNORECASE)


def read_course(text: str) -> CourseFile:
    """A course from TOML: title, summary, [[videos]] each with title, url or file, seconds."""
    try:
        doc = tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        raise Problem([messages.PAPER_BAD_TOML.format(error=e)]) from e
    if bad := _unstorable(doc, messages.PUBLISH_IN_FILE):
        raise Problem(bad)
    problems: list[str] = []
    title = str(doc.get("title") or "").strip()
    if not title:
        problems.append(messages.COURSE_NO_TITLE)
    problems += _too_long("课程标题", title)
    videos: list[VideoIn] = []
    raw_videos = doc.get("videos")
    if not isinstance(raw_videos, list) or not raw_videos:
        problems.append(messages.COURSE_NO_VIDEOS)
        raw_videos = []
    for n, v in enumerate(raw_videos, 1):
        v = v if isinstance(v, dict) else {}
        vt = str(v.get("title") or "").strip()
        url, file, seconds = v.get("url"), v.get("file"), v.get("seconds")
        if not vt:
            problems.append(messages.COURSE_VIDEO_AT.format(n=n) + messages.COURSE_VIDEO_NO_TITLE)
        if bool(url) == bool(file):
            problems.append(
                messages.COURSE_VIDEO_AT.format(n=n) + messages.COURSE_VIDEO_URL_OR_FILE
            )
        at = messages.COURSE_VIDEO_AT.format(n=n)
        problems += _too_long("视频标题", vt, at) + _too_long(
            "视频地址", str(url) if url else None, at
        )
        if url and not _URL.fullmatch(str(url)):
            problems.append(messages.COURSE_VIDEO_AT.format(n=n) + messages.COURSE_VIDEO_BAD_URL)
        if seconds is not None and (
            not isinstance(seconds, int) or isinstance(seconds, bool) or seconds <= 0
        ):
            problems.append(
                messages.COURSE_VIDEO_AT.format(n=n) + messages.COURSE_VIDEO_BAD_SECONDS
            )
            seconds = None
        videos.append(VideoIn(vt, str(url) if url else None, str(file) if file else None, seconds))
    if problems:
        raise Problem(problems)
    return CourseFile(title, str(doc.get("summary") or "").strip(), tuple(videos))
