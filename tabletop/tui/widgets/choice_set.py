"""A radio set whose arrow keys choose, as a row of tabs would.

Textual's RadioSet moves a highlight with the arrows and needs Enter or Space to
choose: a facilitator who arrowed to "Strength" and typed the note saved it as a plain
note. Here the arrows choose as they move.
"""

from __future__ import annotations

from textual.widgets import RadioButton, RadioSet


class ChoiceSet(RadioSet):
    """A RadioSet whose arrows press the button they move to."""

    def action_next_button(self) -> None:
        super().action_next_button()
        self.action_toggle_button()

    def action_previous_button(self) -> None:
        super().action_previous_button()
        self.action_toggle_button()

    def choose(self, index: int) -> None:
        """Press button `index` and put the highlight on it, at once, as a new set with
        that button pressed would show (a dialog opened again starts so).

        RadioSet learns of a press by a message, a moment later: for a moment two
        buttons would read pressed, so its own record of the pressed button and of the
        highlight is set here directly.
        """
        buttons = list(self.query(RadioButton))
        with self.prevent(RadioButton.Changed):
            for i, button in enumerate(buttons):
                button.value = i == index
        self._pressed_button = buttons[index]
        self._selected = index


class TouchedSet(RadioSet):
    """A RadioSet that knows whether it was used (a button pressed, the highlight moved):
    a dialog opened again keeps an untouched one instead of mounting a new one."""

    touched = False

    def action_next_button(self) -> None:
        self.touched = self.touched or self.is_mounted  # (RadioSet moves it when mounted)
        super().action_next_button()

    def action_previous_button(self) -> None:
        self.touched = True
        super().action_previous_button()

    def on_radio_button_changed(self) -> None:
        # (Textual runs RadioSet's own handler for the message too: not called here.)
        self.touched = True
