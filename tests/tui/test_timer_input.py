"""The timer dialog takes what a facilitator types, whatever it is: a number Python reads
as infinity, not-a-number or a date past the year 9999 is refused with the reason, never
a crash."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from tabletop.live import LiveSession
from tabletop.tui.screens.timer import TimerScreen, parse_minutes
from tabletop.tui.widgets.fields import TextField

from .helpers import flat, make_app, screen_text


@pytest.mark.parametrize("typed", ["inf", "nan", "-inf", "1e308", "1e10", "99999999999:00"])
async def test_a_timer_beyond_reason_is_refused(
    new_live: Callable[..., LiveSession], typed: str
) -> None:
    """Given the timer dialog, when a number the clock cannot add is typed and Enter
    pressed, then the dialog stays with a refusal and no timer is set (the app stopped
    with OverflowError or ValueError)."""
    live = new_live()
    app = make_app(live=live)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("t")
        await pilot.pause()
        assert isinstance(app.screen, TimerScreen)
        app.screen.query_one("#minutes", TextField).value = typed
        await pilot.press("enter")
        await pilot.pause()
        assert app.is_running and isinstance(app.screen, TimerScreen)
        assert "minutes" in flat(screen_text(app)).lower()
        assert live.session.state.timer is None


def test_minutes_are_finite() -> None:
    assert parse_minutes("2.5") == 2.5 and parse_minutes("90s") == 1.5
    assert parse_minutes("1:30") == 1.5
    assert parse_minutes("inf") is None and parse_minutes("nan") is None


async def test_ctrl_s_starts_the_timer_as_in_every_other_dialog(
    new_live: Callable[..., LiveSession],
) -> None:
    """Given the timer dialog (5 minutes filled in), when the facilitator presses ctrl+s,
    as the guide says confirms a dialog, then the timer runs and the dialog closes (in a
    real room, r9, ctrl+s did nothing, and the next key, `A`, went into the minutes)."""
    live = new_live()
    app = make_app(live=live)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("t")
        await pilot.pause()
        assert isinstance(app.screen, TimerScreen)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not isinstance(app.screen, TimerScreen)
        assert live.session.state.timer is not None


def test_every_form_dialog_takes_ctrl_s() -> None:
    """The guide: in a dialog, ctrl+s confirms. Every form dialog binds it (the timer's
    did not)."""
    import importlib
    import pkgutil

    import tabletop.tui.screens as screens
    from tabletop.tui.screens.dialog import FormDialog

    for module in pkgutil.iter_modules(screens.__path__):
        importlib.import_module(f"tabletop.tui.screens.{module.name}")
    forms: list[type] = []
    todo: list[type] = [FormDialog]
    while todo:
        cls = todo.pop()
        forms.extend(cls.__subclasses__())
        todo.extend(cls.__subclasses__())
    assert TimerScreen in forms
    unbound = [
        form.__name__
        for form in forms
        if "ctrl+s" not in form._merged_bindings.key_to_bindings  # type: ignore[attr-defined]
    ]
    assert unbound == []
