"""The one registry of the facilitator's actions: key bindings, palette and help use it."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Action:
    """A facilitator action: its name (the `action_*` method), keys, and words."""

    name: str
    keys: str
    """Comma-separated Textual key names; the first is the one the footer shows."""
    label: str
    """Short, for the footer."""
    title: str
    """For the command palette and the help screen."""
    help: str
    """One line on what it does."""
    show: bool = True
    """Whether the footer shows it."""

    @property
    def key_display(self) -> str:
        names = {"question_mark": "?", "ctrl+z": "^z", "ctrl+y": "^y", "f1": "F1"}
        return " ".join(names.get(k, k) for k in self.keys.split(","))


SESSION_ACTIONS: tuple[Action, ...] = (
    Action(
        "declare", "d", "Declare", "Declare a move", "Record a team's move: catalogue or free-form."
    ),
    Action(
        "adjudicate",
        "a",
        "Adjudicate",
        "Adjudicate the next move",
        "Decide a declared move: choice, dice, probability or automatic; override with a reason.",
    ),
    Action(
        "next_phase",
        "n",
        "Next",
        "Next phase or turn",
        "Briefing → declaration → adjudication → consequences → next turn.",
    ),
    Action(
        "answer",
        "w",
        "Answer",
        "Answer an offer",
        "Accept, reject or counter it, for its addressee.",
    ),
    Action(
        "inject",
        "i",
        "Inject",
        "Deliver an inject",
        "Deliver a scenario inject now, or one you make up.",
    ),
    Action(
        "note", "m", "Note", "Add a note", "A facilitator note, a strength or an area to improve."
    ),
    Action(
        "observe",
        "v",
        "Observe",
        "Record an observation",
        "What you saw, against an exercise objective (for the evaluation).",
    ),
    Action(
        "peek",
        "K",
        "Peek",
        "Peek at sealed moves",
        "Show you this turn's sealed moves now (journaled).",
        show=False,
    ),
    Action(
        "reveal",
        "R",
        "Reveal",
        "Reveal sealed moves",
        "Show the room this turn's sealed moves.",
        show=False,
    ),
    Action(
        "accept_seats",
        "A",
        "Accept",
        "Accept the seats' submissions",
        "Accept every submission waiting from the team seats (a team's last one counts).",
    ),
    Action(
        "review_seats",
        "S",
        "Seats",
        "Review the seats' submissions",
        "Each submission waiting from the team seats: accept it, or return it with a reason.",
        show=False,
    ),
    Action(
        "timer",
        "t",
        "Timer",
        "Set the phase's timer",
        "Give the teams a time for this phase: the console, seats and projector count down.",
        show=False,
    ),
    Action(
        "withdraw",
        "x",
        "Withdraw",
        "Withdraw a declaration",
        "Withdraw the declaration highlighted in the log (any of this turn's), to declare again.",
        show=False,
    ),
    Action("undo", "u,ctrl+z", "Undo", "Undo", "Undo the last action (it stays in the journal)."),
    Action("redo", "r,ctrl+y", "Redo", "Redo", "Redo the action undone last."),
    Action(
        "filter",
        "f",
        "Filter",
        "Filter the log",
        "Filter the event log by actor or kind, or search it.",
    ),
    Action("end_session", "e", "End", "End the session", "End now with an outcome of your choice."),
    Action(
        "briefing",
        "b",
        "Briefing",
        "Show the briefing",
        "The situation, the actors and their objectives, the calendar.",
        show=False,
    ),
    Action(
        "outcome",
        "o",
        "Outcome",
        "Show the outcome",
        "The end screen: scores, timeline, export.",
    ),
    Action(
        "details",
        "D",
        "Details",
        "Session details",
        "The exercise's name, facilitator, evaluators, venue and each team's participants.",
        show=False,
    ),
    Action(
        "hotwash",
        "h",
        "Hotwash",
        "Hotwash: rate the objectives",
        "Rate each exercise objective P, S, M or U, with strengths and areas for improvement.",
        show=False,
    ),
    Action(
        "improvement_plan",
        "p",
        "Plan",
        "Improvement plan",
        "Each issue, its corrective action, capability, owner and due date.",
        show=False,
    ),
    Action(
        "feedback",
        "F",
        "Feedback",
        "Participant feedback",
        "A participant's form: what worked, what to change, a rating from 1 to 5.",
        show=False,
    ),
)
"""Actions on a running session (the console)."""

HELP_ACTION = Action("help", "question_mark,f1", "Help", "Help", "Keys and a short guide.")

SESSION_NAMES = frozenset(a.name for a in SESSION_ACTIONS)

SOLO_LEFT_OUT = frozenset(
    {
        "adjudicate",
        "inject",
        "peek",
        "reveal",
        "accept_seats",
        "review_seats",
        "observe",
        "details",
        "hotwash",
        "improvement_plan",
        "feedback",
    }
)
"""The facilitator's actions a solo player can never use (the computer adjudicates and
delivers the injects; sealed moves, seats and the evaluation are the facilitator's):
solo play's footer and help leave them out; pressed, a key still says why."""

EXPORT_FORMATS = {
    "md": "Markdown report",
    "html": "HTML report",
    "json": "JSON data",
    "csv": "CSV data",
    "ip": "Improvement plan (CSV)",
}
"""Every export the end screen and the palette offer the facilitator."""
SOLO_EXPORTS = ("md", "html", "json", "csv")
"""What solo play offers: the player's team's report and data. Not the improvement plan,
which is the facilitator's evaluation (a team's is a header alone)."""


def export_formats(solo: bool) -> dict[str, str]:
    """The exports to offer, by format: all of them, or solo play's."""
    if not solo:
        return dict(EXPORT_FORMATS)
    return {fmt: name for fmt, name in EXPORT_FORMATS.items() if fmt in SOLO_EXPORTS}
