"""我的考试: the papers, answering one question at a time with keys, 交卷 once, then the score and
the correct answers."""

from __future__ import annotations

import asyncio
from functools import partial
from typing import TYPE_CHECKING

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Label, Static

from contract import schemas
from tui import strings
from tui.screens.base import PageScreen, TableScreen
from tui.widgets.confirm import Confirm
from tui.widgets.status_header import StatusHeader

if TYPE_CHECKING:
    from tui.protocol import AppLike

LETTERS = "ABCDEFGH"


def letters(indexes: list[int]) -> str:
    return "".join(LETTERS[i] for i in sorted(indexes)) or strings.EXAM_BLANK


class ExamsScreen(TableScreen):
    TITLE_TEXT = strings.EXAMS_TITLE
    TABLE_ID = "paper-list"
    COLUMNS = (
        strings.COL_PAPER,
        strings.COL_QUESTIONS,
        strings.COL_TOTAL,
        strings.COL_ATTEMPTS,
        strings.COL_BEST,
    )

    def body(self) -> ComposeResult:
        yield self.make_table()
        yield Static(strings.EXAMS_HELP, id="paper-help", classes="hint")

    def on_screen_resume(self) -> None:
        # Also the first show: after a sitting, attempts and best score have changed.
        self.load()

    @work(exclusive=True, group="load")
    async def load(self) -> None:
        papers = await self.app.fetch_fresh(lambda c: c.papers(), self.show)
        if papers and self.app.connection == "online":
            self.keep_papers([p.id for p in papers])

    def show(self, papers: list[schemas.PaperOut]) -> None:
        self.refill(
            [
                (
                    str(p.id),
                    (
                        p.title,
                        str(p.questions),
                        str(p.total),
                        str(p.attempts),
                        "" if p.best_score is None else str(p.best_score),
                    ),
                )
                for p in papers
            ],
        )
        self.query_one("#paper-help", Static).update(
            strings.EXAMS_HELP if papers else strings.NO_PAPERS
        )

    @on(DataTable.RowSelected, "#paper-list")
    def _start(self, event: DataTable.RowSelected) -> None:
        self.start(int(event.row_key.value or 0))

    @work(exclusive=True, group="start")
    async def start(self, paper_id: int) -> None:
        if self.app.connection == "online":
            attempt = await self.app.fetch(lambda c: c.start_exam(paper_id))
        else:  # answered here from the kept paper; the attempt is made when it syncs
            paper = await self.app.fetch(lambda c: c.paper(paper_id))
            attempt = (
                None
                if paper is None
                else schemas.AttemptOut(attempt_id=0, paper=paper.paper, questions=paper.questions)
            )
        if attempt is not None:
            self.app.push_screen(ExamScreen(attempt))

    @work(exclusive=True, group="keep")
    async def keep_papers(self, ids: list[int]) -> None:
        """Fetch the papers this terminal has not kept yet, together, so that they can be
        answered offline. A paper kept once is not asked for again on every visit (that was
        one request per paper each time the list was shown)."""
        from api_client import ApiError, GsdjClient, NotCached

        client = self.app.session.client
        missing = []
        for paper_id in ids:
            try:
                await client.answer(partial(GsdjClient.paper, paper_id=paper_id), cached_only=True)
            except NotCached:
                missing.append(paper_id)
        try:
            await asyncio.gather(*(client.paper(i) for i in missing))
        except ApiError:
            return


class ExamScreen(Screen[None]):
    """One sitting. Answers stay on this screen until 交卷; leaving asks first."""

    BINDINGS = [
        Binding("escape", "leave", "放弃"),
        # Both pairs move; the footer and the hint under the question name both (the footer
        # showed p/n, the hint ←/→). The footer entries are P/N's: the page's own (hidden)
        # scroll keys shadow the arrows there, though the arrows reach this screen.
        Binding("p", "move(-1)", "上一题", key_display="←/p"),
        Binding("n", "move(1)", "下一题", key_display="→/n"),
        Binding("left", "move(-1)", "上一题", show=False),
        Binding("right", "move(1)", "下一题", show=False),
        Binding("ctrl+s,f10", "submit", "交卷"),
        *(Binding(k, f"choose({i})", show=False) for i, k in enumerate("abcd")),
        *(Binding(k, f"choose({i})", show=False) for i, k in enumerate("1234")),
    ]

    app: AppLike  # type: ignore[assignment]

    def __init__(self, attempt: schemas.AttemptOut) -> None:
        super().__init__()
        self.attempt = attempt
        self.index = 0
        self.answers: dict[int, list[int]] = {}
        self._submitting = False

    def compose(self) -> ComposeResult:
        yield StatusHeader()
        with VerticalScroll(classes="page", id="exam"):
            yield Label("", id="exam-header", classes="screen-title")
            yield Static("", id="exam-stem", markup=False)
            yield Static("", id="exam-options", markup=False)
            yield Static("", id="exam-progress", classes="hint")
            yield Static("", id="exam-help", classes="hint")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.show()

    @property
    def question(self) -> schemas.QuestionOut:
        return self.attempt.questions[self.index]

    def show(self) -> None:
        questions = self.attempt.questions
        if not questions:
            return
        q = self.question
        self.query_one("#exam-header", Label).update(
            strings.EXAM_HEADER.format(
                paper=self.attempt.paper.title,
                n=self.index + 1,
                total=len(questions),
                kind=q.kind_name,
                points=q.points,
            )
        )
        self.query_one("#exam-stem", Static).update(q.stem)
        chosen = self.answers.get(q.id, [])
        lines = []
        for i, option in enumerate(q.options):
            mark = (
                ("[x]" if i in chosen else "[ ]")
                if q.kind == "multiple"
                else ("(•)" if i in chosen else "( )")
            )
            lines.append(f"{mark} {LETTERS[i]}. {option}")
        self.query_one("#exam-options", Static).update("\n".join(lines))
        done = sum(1 for x in questions if self.answers.get(x.id))
        self.query_one("#exam-progress", Static).update(
            strings.EXAM_ANSWERED.format(done=done, total=len(questions))
        )
        # The keys of this question's options: "A–B 或 1–2" for a 判断题, not "A–D".
        n = len(q.options)
        keys = strings.EXAM_KEYS.format(last=LETTERS[n - 1], n=n) if n > 1 else "A 或 1"
        help_text = strings.EXAM_HELP_MULTIPLE if q.kind == "multiple" else strings.EXAM_HELP_SINGLE
        self.query_one("#exam-help", Static).update(help_text.format(keys=keys))

    def action_choose(self, option: int) -> None:
        if not self.attempt.questions or option >= len(self.question.options):
            return
        q = self.question
        chosen = self.answers.get(q.id, [])
        if q.kind == "multiple":
            chosen = [c for c in chosen if c != option] if option in chosen else [*chosen, option]
        else:
            chosen = [option]
        self.answers[q.id] = sorted(chosen)
        self.show()

    def action_move(self, step: int) -> None:
        self.index = min(max(0, self.index + step), len(self.attempt.questions) - 1)
        self.show()

    def action_leave(self) -> None:
        def answered(yes: bool | None) -> None:
            if yes:
                self.app.pop_screen()

        self.app.push_screen(Confirm(strings.EXAM_CONFIRM_LEAVE), answered)

    def action_submit(self) -> None:
        blank = sum(1 for q in self.attempt.questions if not self.answers.get(q.id))
        question = (
            strings.EXAM_CONFIRM_BLANK.format(n=blank) if blank else strings.EXAM_CONFIRM_SUBMIT
        )

        def answered(yes: bool | None) -> None:
            if yes:
                self.submit()

        self.app.push_screen(Confirm(question), answered)

    @work(exclusive=True, group="submit")
    async def submit(self) -> None:
        if self._submitting:
            return
        self._submitting = True
        self.query_one("#exam-progress", Static).update(strings.EXAM_SUBMITTING)
        answers = {str(k): v for k, v in self.answers.items() if v}
        outcome = await self.app.mutate(
            "exam",
            {
                "paper_id": self.attempt.paper.id,
                "attempt_id": self.attempt.attempt_id or None,
                "answers": answers,
            },
            note=self.attempt.paper.title,
        )
        self._submitting = False
        if outcome.status in ("rejected", "refused"):
            self.app.notify(outcome.message, severity="error")
            self.show()
            return
        if outcome.status == "queued":
            self.app.notify(strings.EXAM_QUEUED, timeout=6)
            self.app.pop_screen()
            return
        result = schemas.ExamResult.model_validate(outcome.result)
        if result.earned is not None and result.earned.points:
            self.app.notify(result.message, timeout=4)
        self.app.switch_screen(ExamResultScreen(self.attempt.paper.title, result))


class ExamResultScreen(PageScreen):
    TITLE_TEXT = strings.EXAM_RESULT_TITLE
    BINDINGS = [Binding("escape", "app.pop_screen", "返回试卷列表")]

    def __init__(self, paper: str, result: schemas.ExamResult) -> None:
        super().__init__()
        self.paper = paper
        self.result = result

    def body(self) -> ComposeResult:
        r = self.result
        yield Static(
            strings.EXAM_SCORE.format(
                paper=self.paper, score=r.score, total=r.total, best=r.best_score
            ),
            id="exam-score",
        )
        yield Static(r.message, classes="hint")
        for n, q in enumerate(r.questions, 1):
            mark = strings.EXAM_MARK_RIGHT if q.right else strings.EXAM_MARK_WRONG
            options = "\n".join(f"   {LETTERS[i]}. {o}" for i, o in enumerate(q.options))
            yield Static(
                f"{n}. [{q.kind_name}] {q.stem}  {mark}\n{options}\n   "
                + strings.EXAM_YOUR.format(chosen=letters(q.chosen))
                + " · "
                + strings.EXAM_RIGHT.format(correct=letters(q.correct)),
                classes="exam-result " + ("right" if q.right else "wrong"),
                markup=False,
            )
