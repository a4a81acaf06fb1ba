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
        that button pressed would show (a dialog opened again starts so)."""
        press(self, index)


class ChosenSet(ChoiceSet):
    """A ChoiceSet that opens on a button chosen beforehand (the end dialog's suggested
    outcome, the third of four): pressed and highlighted, so that Space or Enter at once
    keeps it and the arrows move from it. Textual's highlight starts on the first button
    whichever is pressed, and a ChoiceSet's arrows press what they reach: a facilitator
    who typed a closing note before pressing Tab ended a session "Shots fired" by its
    first space."""

    def __init__(self, *buttons: RadioButton, chosen: int, id: str | None = None) -> None:
        for i, button in enumerate(buttons):
            button.value = i == chosen
        super().__init__(*buttons, id=id)
        self.chosen = chosen
        self._opened = False

    def action_next_button(self) -> None:
        if self._opened:
            super().action_next_button()
        else:  # RadioSet's own mount moves the highlight: it must not press
            RadioSet.action_next_button(self)

    def on_mount(self) -> None:
        self.call_next(self._open)  # after RadioSet's own mount, which highlights the first

    def _open(self) -> None:
        press(self, self.chosen)
        self._opened = True


class DefaultSet(ChosenSet):
    """A ChosenSet with a default button other than the first (a rating's 4 of 5), that
    `reset` presses again (a form cleared for the next participant). Its arrows choose:
    a participant who arrowed from 4 to 2 and submitted sent a 4 while the Textual
    RadioSet it was showed 2 highlighted (r9)."""

    def __init__(self, *buttons: RadioButton, default: int, id: str | None = None) -> None:
        super().__init__(*buttons, chosen=default, id=id)
        self.default = default

    def reset(self) -> None:
        press(self, self.default)


def press(radio_set: RadioSet, index: int) -> None:
    """Press button `index` of `radio_set` and put the highlight on it, at once.

    RadioSet learns of a press by a message, a moment later: for a moment two buttons
    would read pressed, so its own record of the pressed button and of the highlight is
    set here directly."""
    buttons = list(radio_set.query(RadioButton))
    with radio_set.prevent(RadioButton.Changed):
        for i, button in enumerate(buttons):
            button.value = i == index
    radio_set._pressed_button = buttons[index]
    radio_set._selected = index


class TouchedSet(ChoiceSet):
    """A ChoiceSet that knows whether it was used (a button pressed, the highlight moved):
    a dialog opened again keeps an untouched one instead of mounting a new one. It opens
    with the highlight on the button pressed beforehand (the outcome the rules give), or on
    the first when none is, and presses nothing by opening: the arrows choose from there
    (a facilitator who arrowed to another outcome decided the rules' one, r9)."""

    touched = False
    _opened = False

    def action_next_button(self) -> None:
        if not self._opened:  # RadioSet's own mount moves the highlight: it must not press
            RadioSet.action_next_button(self)
            return
        self.touched = True
        super().action_next_button()

    def action_previous_button(self) -> None:
        self.touched = True
        super().action_previous_button()

    def on_mount(self) -> None:
        self.call_next(self._open)  # after RadioSet's own mount, which highlights the first

    def _open(self) -> None:
        if self.pressed_index >= 0:
            self._selected = self.pressed_index
        self._opened = True

    def on_radio_button_changed(self) -> None:
        # (Textual runs RadioSet's own handler for the message too: not called here.)
        self.touched = True
