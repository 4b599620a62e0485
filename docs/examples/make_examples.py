"""Rebuild the sample workbook and the template of docs/import.md:

    python docs/examples/make_examples.py

组织与人员示例.xlsx: a small province under the province org GS (gsdj-server init's default
code) — two 党委 in 嘉峪关市 and 天水市, one with a 党总支, four 党支部 with their 党小组, 30
党员 (the 委员 with their positions), a 党支部管理员 per branch, a 党总支管理员 and a 党委管理员
per 党委. 导入模板.xlsx: the two sheets' headers and a 说明 sheet.
"""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook

HERE = Path(__file__).resolve().parent
ORG_HEADER = ("组织代码", "组织名称", "组织类别", "上级组织代码", "市州", "领域")
ACCOUNT_HEADER = ("用户名", "姓名", "账号类别", "所在组织代码", "党小组", "委员职位")

ORGS = [
    ("JYG", "中共嘉峪关市直属机关工作委员会", "党委", "GS", "嘉峪关市", ""),
    ("JYG01", "嘉峪关市发展和改革委员会机关党总支", "党总支", "JYG", "嘉峪关市", ""),
    ("JYG0101", "市发改委机关第一党支部", "党支部", "JYG01", "嘉峪关市", "机关"),
    ("JYG0102", "市发改委机关第二党支部", "党支部", "JYG01", "嘉峪关市", "机关"),
    ("JYG02", "嘉峪关市图书馆党支部", "党支部", "JYG", "嘉峪关市", "事业单位"),
    ("TSST", "中共天水市麦积区社棠镇委员会", "党委", "GS", "天水市", ""),
    ("TSST01", "社棠村党支部", "党支部", "TSST", "天水市", "农村"),
]
# Each branch: (code, members); its 党小组 are code+G1, code+G2.
BRANCHES = [("JYG0101", 8), ("JYG0102", 7), ("JYG02", 7), ("TSST01", 8)]
POSITIONS = ("书记", "副书记", "组织委员", "宣传委员", "纪检委员")
SURNAMES = "马杨王牛包冯魏苏蒲汪巩安何郭韩"
GIVEN = (
    "振东",
    "丽华",
    "海军",
    "玉芬",
    "文斌",
    "淑兰",
    "卫国",
    "晓燕",
    "天明",
    "春霞",
    "志刚",
    "彩霞",
    "永福",
    "秀琴",
    "建华",
)


def sample() -> Workbook:
    book = Workbook()
    orgs = book.active
    assert orgs is not None
    orgs.title = "组织"
    orgs.append(ORG_HEADER)
    for row in ORGS:
        orgs.append(row)
    for code, _ in BRANCHES:
        for g in (1, 2):
            orgs.append((f"{code}G{g}", f"第{'一二'[g - 1]}党小组", "党小组", code, "", ""))
    people = book.create_sheet("人员")
    people.append(ACCOUNT_HEADER)
    people.append(("dw_jyg", "市直机关工委管理员", "党委管理员", "JYG", "", ""))
    people.append(("dw_tsst", "社棠镇党委管理员", "党委管理员", "TSST", "", ""))
    people.append(("zzz_jyg01", "发改委机关党总支管理员", "党总支管理员", "JYG01", "", ""))
    n = 0
    for code, members in BRANCHES:
        people.append((f"zb_{code.lower()}", f"{code} 党支部管理员", "党支部管理员", code, "", ""))
        for m in range(members):
            name = SURNAMES[n % len(SURNAMES)] + GIVEN[(n * 4) % len(GIVEN)]
            position = POSITIONS[m] if m < (3 if members < 8 else 5) else ""
            people.append(
                (f"{code.lower()}_{m + 1:02d}", name, "党员", code, f"{code}G{m % 2 + 1}", position)
            )
            n += 1
    for sheet, widths in ((orgs, (12, 36, 10, 14, 12, 10)), (people, (14, 22, 14, 14, 12, 10))):
        for i, w in enumerate(widths):
            sheet.column_dimensions["ABCDEF"[i]].width = w
    return book


NOTES = (
    "本模板用于 gsdj-server import 与终端「组织与人员导入」,详见 docs/import.md。",
    "「组织」表:组织代码(唯一)、组织名称、组织类别(党委/党总支/党支部/党小组)、上级组织代码"
    "(党委的上级可留空,即省委组织部)、市州(党小组可留空,随其党支部)、领域(仅党支部填写:"
    "农村、机关、国有企业、城市社区、事业单位、非公有制经济和社会组织)。",
    "「人员」表:用户名(唯一)、姓名、账号类别(省委组织部管理员/党委管理员/党总支管理员/"
    "党支部管理员/党员/群众)、所在组织代码(群众留空)、党小组(党小组的组织代码,仅党员)、"
    "委员职位(书记、副书记、组织委员、宣传委员、纪检委员等,仅党员)。",
    "按组织代码、用户名匹配已有记录:相同的行不作改动,改动的行更新该记录;新账号获得一次性密码,"
    "首次登录后须修改。任何一行有误,整个文件都不导入。",
)


def template() -> Workbook:
    book = Workbook()
    orgs = book.active
    assert orgs is not None
    orgs.title = "组织"
    orgs.append(ORG_HEADER)
    people = book.create_sheet("人员")
    people.append(ACCOUNT_HEADER)
    notes = book.create_sheet("说明")
    notes.column_dimensions["A"].width = 120
    for line in NOTES:
        notes.append((line,))
    return book


def main() -> None:
    sample().save(HERE / "组织与人员示例.xlsx")
    template().save(HERE / "导入模板.xlsx")


if __name__ == "__main__":
    main()
