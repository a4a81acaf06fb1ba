"""A radio set whose arrow keys choose, as a row of tabs would.

Textual's RadioSet moves a highlight with the arrows and needs Enter or Space to
choose: a facilitator who arrowed to "Strength" and typed the note saved it as a plain
note. Here the arrows choose as they move.
"""

from __future__ import annotations

from textual.widgets import RadioSet


class ChoiceSet(RadioSet):
    """A RadioSet whose arrows press the button they move to."""

    def action_next_button(self) -> None:
        super().action_next_button()
        self.action_toggle_button()

    def action_previous_button(self) -> None:
        super().action_previous_button()
        self.action_toggle_button()
