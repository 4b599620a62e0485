"""Line breaking for Chinese prose by display width, with 禁则 (kinsoku): no line starts with a
closing punctuation mark (、。,」…) and none ends with an opening one (「(《…).

No Textual here: `wrap()` answers the lines; `tui.widgets.prose.Prose` draws them. A run of
printable ASCII (a word, a number, a URL) is kept whole unless it is longer than the line.
"""

from __future__ import annotations

import re

from rich.cells import cell_len

# Marks that may not begin a line (closing brackets, pause and stop marks, iteration marks).
NO_LINE_START = frozenset(
    "、。,.,.::;;!!??)）]］}｝〕〗】》〉」』”’〙〛›»ー—–…‥々〻ゝゞヽヾ・·%%‰℃"
)
# Marks that may not end a line (opening brackets and quotes).
NO_LINE_END = frozenset("((［[｛{〔〖【《〈「『“‘〘〚‹«")

_TOKENS = re.compile(r"[!-~]+|[ \t]+|.", re.DOTALL)


def _fold(token: str, width: int) -> list[str]:
    """A token wider than a line, cut into pieces that fit."""
    pieces, piece = [], ""
    for ch in token:
        if piece and cell_len(piece + ch) > width:
            carry = ""
            while len(piece) > 1 and (ch if not carry else carry[0]) in NO_LINE_START:
                piece, carry = piece[:-1], piece[-1] + carry
            pieces.append(piece)
            piece = carry
        piece += ch
    if piece:
        pieces.append(piece)
    return pieces


def _may_break(before: str, after: str) -> bool:
    """May a line end after `before` and the next begin with `after`?"""
    return after[0] not in NO_LINE_START and before[-1] not in NO_LINE_END


def wrap_paragraph(text: str, width: int) -> list[str]:
    if width <= 0 or cell_len(text) <= width:
        return [text]
    lines: list[str] = []
    line: list[str] = []
    used = 0
    for token in _TOKENS.findall(text):
        size = cell_len(token)
        if used + size <= width:
            line.append(token)
            used += size
            continue
        if token.isspace():  # a space at the break is dropped
            lines.append("".join(line).rstrip())
            line, used = [], 0
            continue
        # Break before `token`; move the break back while it would break a 禁则 rule.
        carry: list[str] = []
        while line and not _may_break(line[-1], token if not carry else carry[0]):
            carry.insert(0, line.pop())
        if not line:  # nowhere to break within the rules: break here all the same
            line, carry = carry, []
        if line:
            lines.append("".join(line).rstrip())
        line = [t for t in carry if not (t.isspace() and t is carry[0])]
        used = sum(cell_len(t) for t in line)
        if used + size <= width:
            line.append(token)
            used += size
            continue
        for piece in _fold(token, width) if size > width else [token]:
            if used + cell_len(piece) > width and line:
                lines.append("".join(line).rstrip())
                line, used = [], 0
            line.append(piece)
            used += cell_len(piece)
    if line or not lines:
        lines.append("".join(line).rstrip())
    return lines


def wrap(text: str, width: int) -> list[str]:
    """The lines of `text` at `width` cells: its own line breaks kept, each paragraph wrapped."""
    out: list[str] = []
    for paragraph in text.split("\n"):
        out.extend(wrap_paragraph(paragraph, width))
    return out
