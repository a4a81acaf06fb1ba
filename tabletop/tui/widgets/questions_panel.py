"""This turn's discussion questions, for the facilitator to put to the room."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.reactive import reactive
from textual.widget import Widget


class QuestionsPanel(Widget):
    """The current turn's questions, numbered; hidden when the turn has none."""

    DEFAULT_CSS = """
    QuestionsPanel {
        height: auto;
        border: round $accent 60%;
        border-title-color: $text-accent;
        padding: 0 1;
        display: none;
        &.-has-questions { display: block; }
    }
    """

    questions: reactive[tuple[str, ...]] = reactive((), layout=True)
    """The turn's questions (the console sets this)."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.border_title = "Discussion questions"

    def watch_questions(self, questions: tuple[str, ...]) -> None:
        self.set_class(bool(questions), "-has-questions")

    @property
    def text(self) -> str:
        return "\n".join(
            f"{number}. {' '.join(question.split())}"
            for number, question in enumerate(self.questions, 1)
        )

    def render(self) -> Table:
        """Numbered, with a hanging indent when a question wraps."""
        table = Table.grid(padding=(0, 1), expand=True)
        table.add_column(no_wrap=True, justify="right")
        table.add_column(ratio=1)
        for number, question in enumerate(self.questions, 1):
            table.add_row(f"{number}.", Text(" ".join(question.split())))
        return table
