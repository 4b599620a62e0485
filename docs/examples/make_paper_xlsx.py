"""Writes paper.xlsx (the same questions as paper.toml) under the header a paper sheet needs:
题型, 题干, 选项A…选项D, 答案, 分值. Run: python docs/examples/make_paper_xlsx.py"""

from __future__ import annotations

from pathlib import Path

import openpyxl

HEADER = ["题型", "题干", "选项A", "选项B", "选项C", "选项D", "答案", "分值"]
ROWS = [
    [
        "单选题",
        "党支部党员大会一般每季度召开几次?",
        "至少一次",
        "至少两次",
        "至少三次",
        None,
        "A",
        30,
    ],
    [
        "多选题",
        "“三会一课”中的“三会”包括:",
        "支部党员大会",
        "支部委员会",
        "党小组会",
        "座谈会",
        "ABC",
        40,
    ],
    ["判断题", "党小组会由党小组组长召集。", None, None, None, None, "对", 30],
]


def write(path: Path, rows: list[list[object]] = ROWS) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "试卷"
    sheet.append(HEADER)
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


if __name__ == "__main__":
    print(write(Path(__file__).with_name("paper.xlsx")))
