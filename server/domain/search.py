"""One search over the platform's content (issue 18), as data: the kinds of document it finds,
how a text becomes the tokens the index keeps, how a query becomes the tokens it asks for, and
the limits and refusals of a query.

Chinese has no spaces, and the trigram indexes (SQLite FTS5's `trigram`, PostgreSQL's pg_trgm)
cannot find a two-character word (FTS5's trigram needs three characters; pg_trgm falls back to
reading every row). So a document is indexed as its CJK unigrams and bigrams plus its lower-cased
latin/digit words, joined by spaces; both databases index that string with a plain word
tokenizer (FTS5 `unicode61`, PostgreSQL's `simple` configuration). A query of two or more CJK
characters asks for its bigrams (ANDed), a single character for its unigram: "党建" is found
inside "基层党建工作", and "党建工作" needs 党建, 建工 and 工作 all in the document.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from server import messages
from server.domain.errors import refused


@dataclass(frozen=True)
class SearchKind:
    """A kind of document the search finds: its code (the `kind` of its rows in
    `search_documents`), the Chinese name of its group of results, and what a result opens
    (the terminal maps it to a screen: `article` the reader, `course` the course page, `video`
    the player, `standard` / `exchange` their own pages once the terminal has them)."""

    code: str
    name: str
    opens: str
    sort: int


# Adding a kind is one row here and one `services.search.index_document` call in the
# transaction of each write that changes what a reader of it sees.
KINDS: tuple[SearchKind, ...] = (
    SearchKind("article", "党建资讯", "article", 1),
    SearchKind("standard", "学标对标", "standard", 2),
    SearchKind("exchange", "经验交流", "exchange", 3),
    SearchKind("course", "课程", "course", 4),
    SearchKind("video", "视频", "video", 5),
)
BY_CODE: dict[str, SearchKind] = {k.code: k for k in KINDS}

MAX_QUERY = 40  # characters of a query (after trimming)
MAX_TERMS = 12  # tokens a query may ask for
DEFAULT_LIMIT = 5  # results shown per group
MAX_LIMIT = 50
# Matches looked at per kind: the count shown is exact up to it, "at least" beyond (ranking a
# hundred thousand matches of a common word would cost more than the answer is worth).
CANDIDATES = 300
SNIPPET = 48  # characters of a result's snippet
INDEXED_TEXT = 4000  # characters of a document's text that are indexed and kept for snippets

_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"  # CJK ideographs, extension A, compatibility
_RUN = re.compile(rf"[{_CJK}]+|[0-9a-z]+")
_CJK_RUN = re.compile(rf"[{_CJK}]+")


def _runs(text: str) -> list[str]:
    return _RUN.findall(text.lower())


def document_tokens(*texts: str) -> str:
    """The index's token string of a document: each CJK run's unigrams and bigrams, each
    latin/digit word, once each, separated by spaces."""
    seen: dict[str, None] = {}
    for text in texts:
        for run in _runs(text[:INDEXED_TEXT]):
            if _CJK_RUN.fullmatch(run):
                for i, ch in enumerate(run):
                    seen.setdefault(ch)
                    if i + 1 < len(run):
                        seen.setdefault(run[i : i + 2])
            else:
                seen.setdefault(run)
    return " ".join(seen)


@dataclass(frozen=True)
class Query:
    """A query as the index asks for it: CJK tokens (exact), latin/digit words (as prefixes,
    so a word is found while it is being typed), and the trimmed text (for snippets)."""

    text: str
    exact: tuple[str, ...]
    prefixes: tuple[str, ...]


def parse_query(raw: str) -> Query:
    """The query's tokens, or a Chinese refusal: empty or blank, too long, nothing to search
    for (only punctuation), or too many words."""
    text = " ".join(raw.split())
    if not text:
        raise refused("search_empty", messages.SEARCH_EMPTY)
    if len(text) > MAX_QUERY:
        raise refused("search_too_long", messages.SEARCH_TOO_LONG.format(n=MAX_QUERY))
    exact: dict[str, None] = {}
    prefixes: dict[str, None] = {}
    for run in _runs(text):
        if _CJK_RUN.fullmatch(run):
            if len(run) == 1:
                exact.setdefault(run)
            for i in range(len(run) - 1):
                exact.setdefault(run[i : i + 2])
        else:
            prefixes.setdefault(run)
    if not exact and not prefixes:
        raise refused("search_nothing", messages.SEARCH_NOTHING)
    if len(exact) + len(prefixes) > MAX_TERMS:
        raise refused("search_too_many", messages.SEARCH_TOO_MANY)
    return Query(text, tuple(exact), tuple(prefixes))


def parse_kinds(raw: str | None) -> tuple[SearchKind, ...]:
    """`kinds=article,course`: the kinds asked for, in the table's order; none given: all."""
    if raw is None or not raw.strip():
        return KINDS
    codes = {c.strip() for c in raw.split(",") if c.strip()}
    if not codes:
        return KINDS
    unknown = sorted(codes - BY_CODE.keys())
    if unknown:
        raise refused(
            "search_kind_unknown",
            messages.SEARCH_KIND_UNKNOWN.format(
                kinds="、".join(unknown)[:60], known="、".join(k.code for k in KINDS)
            ),
        )
    return tuple(k for k in KINDS if k.code in codes)


def fts5_match(q: Query) -> str:
    """The FTS5 MATCH expression: every token quoted (no operator can be injected), ANDed."""
    terms = [f'"{t}"' for t in q.exact] + [f'"{t}" *' for t in q.prefixes]
    return " AND ".join(terms)


def tsquery(q: Query) -> str:
    """The PostgreSQL tsquery text (for to_tsquery('simple', …)): tokens are letters, digits
    and CJK only (the tokenizer's own runs), so they need no quoting; prefixes take `:*`."""
    return " & ".join([*q.exact, *(f"{t}:*" for t in q.prefixes)])


def snippet(text: str, q: Query) -> str:
    """About SNIPPET characters of `text` around the first place the query (or, failing that,
    its first token) appears; the text's start when neither does."""
    flat = " ".join(text.split())
    lower = flat.lower()
    at = lower.find(q.text.lower())
    if at < 0:
        for token in (*q.exact, *q.prefixes):
            at = lower.find(token)
            if at >= 0:
                break
    if at < 0:
        at = 0
    start = max(0, at - SNIPPET // 3)
    end = min(len(flat), start + SNIPPET)
    start = max(0, min(start, end - SNIPPET))
    return ("…" if start > 0 else "") + flat[start:end] + ("…" if end < len(flat) else "")


def in_title(title: str, q: Query) -> bool:
    return q.text.lower() in title.lower()
