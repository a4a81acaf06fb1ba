"""The app's screens, one per module, imported when first used.

`tabletop.tui.screens.BriefingScreen` imports `screens/briefing.py` (and with it the
engine and the scenario models) the first time it is looked up, so the app's first frame
waits for none of them (docs/architecture.md, "A first frame at once").
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

MODULES = {
    "AdjudicateScreen": "adjudicate",
    "AnswerScreen": "answer",
    "BriefingScreen": "briefing",
    "ConfirmScreen": "confirm",
    "ConsequencesScreen": "consequences",
    "ConsoleScreen": "console",
    "DeclareScreen": "declare",
    "EndScreen": "end",
    "EndSessionScreen": "end_session",
    "FeedbackScreen": "feedback",
    "HelpScreen": "help",
    "HotwashScreen": "hotwash",
    "ImprovementPlanScreen": "improvement_plan",
    "InjectScreen": "inject",
    "LoadingScreen": "loading",
    "NoteScreen": "note",
    "ObservationScreen": "observe",
    "SeatsScreen": "seats",
    "SessionDetailsScreen": "details",
    "StartScreen": "start",
    "TimerScreen": "timer",
}
"""Each screen class and the module of this package that defines it."""

if TYPE_CHECKING:
    from tabletop.tui.screens.adjudicate import AdjudicateScreen as AdjudicateScreen
    from tabletop.tui.screens.answer import AnswerScreen as AnswerScreen
    from tabletop.tui.screens.briefing import BriefingScreen as BriefingScreen
    from tabletop.tui.screens.confirm import ConfirmScreen as ConfirmScreen
    from tabletop.tui.screens.consequences import ConsequencesScreen as ConsequencesScreen
    from tabletop.tui.screens.console import ConsoleScreen as ConsoleScreen
    from tabletop.tui.screens.declare import DeclareScreen as DeclareScreen
    from tabletop.tui.screens.details import SessionDetailsScreen as SessionDetailsScreen
    from tabletop.tui.screens.end import EndScreen as EndScreen
    from tabletop.tui.screens.end_session import EndSessionScreen as EndSessionScreen
    from tabletop.tui.screens.feedback import FeedbackScreen as FeedbackScreen
    from tabletop.tui.screens.help import HelpScreen as HelpScreen
    from tabletop.tui.screens.hotwash import HotwashScreen as HotwashScreen
    from tabletop.tui.screens.improvement_plan import ImprovementPlanScreen as ImprovementPlanScreen
    from tabletop.tui.screens.inject import InjectScreen as InjectScreen
    from tabletop.tui.screens.loading import LoadingScreen as LoadingScreen
    from tabletop.tui.screens.note import NoteScreen as NoteScreen
    from tabletop.tui.screens.observe import ObservationScreen as ObservationScreen
    from tabletop.tui.screens.seats import SeatsScreen as SeatsScreen
    from tabletop.tui.screens.start import StartScreen as StartScreen
    from tabletop.tui.screens.timer import TimerScreen as TimerScreen


def __getattr__(name: str) -> Any:
    module = MODULES.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    found = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = found  # later look-ups skip this function
    return found
