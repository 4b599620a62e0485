"""我的考试 (SPEC §6): question kinds and scoring. Points for a paper are rule `exam`."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class QuestionKind(StrEnum):
    SINGLE = "single"
    MULTIPLE = "multiple"
    JUDGE = "judge"


KIND_NAMES = {
    QuestionKind.SINGLE: "单选题",
    QuestionKind.MULTIPLE: "多选题",
    QuestionKind.JUDGE: "判断题",
}
JUDGE_OPTIONS = ("正确", "错误")


@dataclass(frozen=True)
class Question:
    id: int
    kind: QuestionKind
    options: tuple[str, ...]
    answer: frozenset[int]  # indexes into options
    points: int


def answer_problem(question: Question, chosen: list[int]) -> str | None:
    """Why a member's choice for this question cannot be accepted (a message key), or None."""
    if any(i < 0 or i >= len(question.options) for i in chosen):
        return "exam_option_unknown"
    if len(set(chosen)) != len(chosen):
        return "exam_option_repeated"
    if question.kind is not QuestionKind.MULTIPLE and len(chosen) > 1:
        return "exam_one_option"
    return None


def is_right(question: Question, chosen: list[int]) -> bool:
    """Single choice and true/false: the one right option. Multiple choice: exactly the right set
    (a partly right answer scores nothing, as on paper exams of the platform)."""
    return frozenset(chosen) == question.answer


def score(questions: list[Question], answers: dict[int, list[int]]) -> int:
    return sum(q.points for q in questions if is_right(q, answers.get(q.id, [])))
