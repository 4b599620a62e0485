"""How a request that does not match its schema is described to the user, in Chinese (the
HTTP layer's 422 and a synced action's refusal say the same)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

_FIELD_NAMES = {"body": "请求体", "query": "查询参数", "path": "路径参数", "header": "请求头"}
_PROBLEMS = {
    "missing": "缺少该字段",
    "model_attributes_type": "应为 JSON 对象",
    "dict_type": "应为 JSON 对象",
    "string_type": "应为字符串",
    "string_too_short": "不能为空",
    "string_too_long": "过长",
    "int_parsing": "应为整数",
    "int_type": "应为整数",
    "float_parsing": "应为数字",
    "float_type": "应为数字",
    "bool_type": "应为布尔值",
    "list_type": "应为列表",
    "too_long": "条目过多",
    "extra_forbidden": "不认识的字段",
    "datetime_parsing": "应为 ISO 8601 时间",
    "timezone_aware": "时间须带时区偏移",
    "datetime_from_date_parsing": "应为 ISO 8601 时间",
    "greater_than_equal": "过小",
    "less_than_equal": "过大",
    # contract.schemas.Text: NUL or a lone surrogate; the second is pydantic's own for a field
    # with a pattern
    "text_invalid": "含有不允许的字符(NUL 或不成对的代理码)",
    "string_unicode": "含有不允许的字符(NUL 或不成对的代理码)",
    "iso_time": "应为 ISO 8601 时间字符串",
}


def _printable(part: object) -> str:
    """A location as the message may quote it: a key the client made up can hold anything, and
    the message is stored (PostgreSQL: no NUL) and sent back as UTF-8 (no lone surrogate, which
    is not printable either)."""
    return "".join(c if c.isprintable() else "?" for c in str(part))


def describe_errors(errors: Sequence[Any]) -> str:
    parts = []
    for err in errors[:3]:
        loc = [_printable(p) for p in err.get("loc", ())]
        where = _FIELD_NAMES.get(loc[0], loc[0]) if loc else ""
        field = ".".join(loc[1:])
        problem = _PROBLEMS.get(err.get("type", ""), "格式不正确")
        parts.append(f"{where} {field} {problem}".replace("  ", " ").strip())
    return ";".join(parts)
