"""What a form's Esc would throw away: the text typed since it opened.

Why: a note, an observation, a hotwash's reasons are minutes of typing, and Esc is the
key a facilitator presses to get a dropdown or a tooltip out of the way. A form that
holds text typed since it opened takes the first Esc as a question (it says so) and
only the second as the answer.
"""

from __future__ import annotations

from typing import Any

from textual.screen import Screen
from textual.widgets import Input, RadioSet, TextArea

WARNING = "Esc again closes this and discards what you typed (ctrl+s saves it)"
"""What the first Esc says."""


class TypedGuard:
    """The text (and, with `choices`, the radio choices) of a screen's fields when it
    opened or last saved, against what they hold now."""

    def __init__(self, screen: Screen[Any], *, choices: bool = False) -> None:
        self.screen = screen
        self.choices = choices
        self._kept: tuple[object, ...] = ()
        self._asked = False
        self._armed = False
        """Whether `remember` has run: until then nothing counts as typed."""

    def typed(self) -> tuple[object, ...]:
        """What the fields hold now."""
        screen = self.screen
        held: list[object] = [field.value for field in screen.query(Input)]
        held += [area.text for area in screen.query(TextArea)]
        if self.choices:
            held += [radios.pressed_index for radios in screen.query(RadioSet)]
        return tuple(held)

    def remember(self) -> None:
        """The fields as they are now count as nothing typed (an opening, a save)."""
        self._kept = self.typed()
        self._asked = False
        self._armed = True

    def holds(self) -> bool:
        """Whether Esc must wait: something was typed and this is the first Esc since
        (the caller shows `WARNING`). The next Esc is let through."""
        if not self._armed or self._asked or self.typed() == self._kept:
            return False
        self._asked = True
        return True
