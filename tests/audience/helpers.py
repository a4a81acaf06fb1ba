"""The secrets scenario played to a point where every kind of private content is recorded."""

from __future__ import annotations

from pathlib import Path

from tabletop.engine.session import Session

DATA = Path(__file__).parent.parent / "data"
SECRETS = DATA / "secrets.toml"

MARKERS = (
    "zqxfacnotes",  # the scenario's facilitator_notes
    "zqxprivate",  # Red's private briefing
    "zqxagenda",  # Red's hidden objective (id and description)
    "zqxdoctrine",  # the computer's doctrine reason
    "zqxresolve",  # a hidden track's id
    "zqxlabel",  # its label
    "zqxtrackdesc",  # its description
    "131.25",  # its initial value (7131.25, shown 7,131.25)
    "177.25",  # its value after a move's effect (7177.25)
    "178.25",  # and after the hidden rule (7178.25)
    "zqxinjectid",  # an inject with recipients: its id
    "zqxinjecttitle",  # its title
    "zqxinjecttext",  # its text
    "zqxexpected",  # its expected action (the facilitator's)
    "zqxruleid",  # a rule that moves only the hidden track
    "zqxruledesc",
    "zqxrulenarr",
    "zqxnote",  # a facilitator note
    "zqxsealedid",  # a sealed declaration: its move id
    "zqxsealedlabel",  # its label
    "zqxsealedreason",  # its reason argued for
    "zqxpeek",  # the facilitator's peek at it
    "zqxendnote",  # the ending's note
    "zqxtruelabel",  # a deceptive move's true outcome (unseen through): its label
    "zqxtruenarr",  # and its narrative
    "zqxofferterms",  # a private offer (Red to Blue): its terms
    "zqxoffernarr",  # and the narrative of Blue's answer
)
"""Every private place of secrets.toml and of the session `play_secrets` records."""

RED_SEES = frozenset(
    {
        "zqxprivate",
        "zqxagenda",
        "zqxinjectid",
        "zqxinjecttitle",
        "zqxinjecttext",
        "zqxsealedid",
        "zqxsealedlabel",
        "zqxsealedreason",
        "zqxtruelabel",
        "zqxtruenarr",
        "zqxofferterms",
        "zqxoffernarr",
    }
)
"""The markers Red's own team may see (its secrets); the rest are the facilitator's alone."""

BLUE_SEES = frozenset({"zqxofferterms", "zqxoffernarr"})
"""The markers Blue's team may see: the private offer addressed to it."""


MORE = """
# More private places (appended to secrets.toml by `write_more`): an exercise objective's
# critical tasks; expressions naming the hidden track in a free-form modifier, a move's
# costs, a dice modifier (its label too), a probability, an offer's effects, the
# computer's answer doctrine and counter, a deception's modifier and consequences, an
# ending's effects (distinct numbers 41357-41365 are their markers).

[[scenario.objectives]]
id = "coordinate"
description = "Coordinate the response"
capability = "Operational Coordination"
critical_tasks = ["zqxcritical: the evaluators watch for this"]

[freeform]
[freeform.adjudication]
method = "choice"
modifiers = [{ label = "Zqxfreemod", value = 1, when = "zqxresolve > 0" }]

[[moves]]
id = "pay"
actor = "red"
label = "Pay up"
cost = ["tension += 0", "zqxresolve -= 0 * 41357"]
repeat_cost = ["zqxresolve -= 0 * 41358"]
[moves.adjudication]
method = "dice"
target = 2
modifiers = [{ label = "Zqxmodlabel", value = 1, when = "zqxresolve > 0" }]
[[moves.outcomes]]
id = "success"
label = "Paid"
result = "success"
effects = ["tension += 0"]
[[moves.outcomes]]
id = "failure"
label = "Not paid"
result = "failure"

[[moves]]
id = "gamble"
actor = "red"
label = "Gamble"
[moves.adjudication]
method = "probability"
chance = "0.41365 + 0 * zqxresolve"
[[moves.outcomes]]
id = "success"
label = "Won"
result = "success"
[[moves.outcomes]]
id = "failure"
label = "Lost"
result = "failure"

[[moves]]
id = "hush"
actor = "red"
label = "Zqxhushlabel"
[[moves.outcomes]]
id = "done"
label = "Hushed"

[[moves]]
id = "note2"
actor = "red"
label = "A second note"
offer_to = ["blue"]
[[moves.outcomes]]
id = "done"
label = "Sent"
[moves.offer]
terms = "zqxsecondterms"
private = true
answer_in = "same_turn"
counter_terms = "zqxcounterdoctrine"
counter_effects = ["tension += 0 * 41361"]
accepted = { effects = ["zqxresolve += 0 * 41359"] }
answers = [{ answer = "reject", reason = "zqxanswerreason", weight = 1 }]

[[moves]]
id = "feint"
actor = "red"
label = "Feint"
[[moves.outcomes]]
id = "done"
label = "Feinted"
[moves.deception]
label = "A public feint"
modifier = "if(zqxresolve > 41362, 1, 0)"
seen = { effects = ["zqxresolve += 0 * 41363"] }

[[endings]]
id = "quiet"
title = "Quiet"
when = "tension > 100"
effects = ["zqxresolve += 0 * 41364"]
"""
"""The secrets scenario's further private places (see `write_more`, `play_more`)."""

MORE_MARKERS = (
    "zqxcritical",  # an exercise objective's critical tasks (the evaluators')
    "zqxfreemod",  # the free-form adjudication's modifier that reads the hidden track
    "41357",  # a move's cost that names the hidden track
    "41358",  # its repeat cost
    "zqxmodlabel",  # a dice modifier that reads the hidden track: its label
    "41365",  # a probability computed from the hidden track
    "41359",  # an offer's effects on acceptance that name the hidden track
    "zqxcounterdoctrine",  # the counter-offer a computer-played addressee would make
    "41361",  # and its effects
    "zqxanswerreason",  # the computer's answer doctrine
    "41362",  # a deception's modifier (reads the hidden track)
    "41363",  # the consequences of its being seen through (name the hidden track)
    "41364",  # an ending's effects that name the hidden track
    "zqxhushlabel",  # Red's move declared sealed, then withdrawn: its label
    "zqxhushreason",  # its reason argued for
    "zqxwithdrawreason",  # the facilitator's reason for taking it back
    "zqxsecondterms",  # a second private offer (Red to Blue): its terms
    "zqxcounterterms",  # Blue's counter to it
    "zqxcounterwhy",  # the reason given with the counter
    "zqxcounterreject",  # Red's reason for rejecting the counter
    "zqxreturnwhat",  # a submission of Red's returned: what it was
    "zqxreturnreason",  # and why
    "zqxfeedbackred",  # Red's feedback form
    "zqxfeedbackblue",  # Blue's feedback form
    "zqxobservation",  # an evaluator's observation
    "zqxratingwhy",  # a hotwash rating's words
    "zqxstrength",  # its strengths
    "zqximprove",  # its areas for improvement
    "zqxplanissue",  # the improvement plan: an issue
    "zqxplanaction",  # its corrective action
    "zqxowner",  # its owner
)
"""The markers `write_more` and `play_more` add to MARKERS."""

_TALKS = {"zqxsecondterms", "zqxcounterterms", "zqxcounterwhy", "zqxcounterreject"}
MORE_RED_SEES = (
    RED_SEES
    | _TALKS
    | {
        "zqxhushlabel",
        "zqxhushreason",
        "zqxwithdrawreason",
        "zqxreturnwhat",
        "zqxreturnreason",
        "zqxfeedbackred",
    }
)
"""What Red's team may see of the session `play_more` records."""
MORE_BLUE_SEES = BLUE_SEES | _TALKS | {"zqxfeedbackblue"}
"""What Blue's team may see of it."""


def write_more(folder: Path) -> Path:
    """secrets.toml with MORE appended, written in `folder`."""
    path = folder / "secrets_more.toml"
    path.write_text(SECRETS.read_text(encoding="utf-8") + MORE, encoding="utf-8")
    return path


def play_more(session: Session) -> None:
    """`play_secrets` on `write_more`'s scenario, with every further private place
    recorded (see MORE_MARKERS)."""
    play_secrets(session, more=True)


def play_secrets(session: Session, *, more: bool = False) -> None:
    """Turn 1 in full (a private inject, a move on the hidden track, a free-form move with a
    hidden effect, a rule that moves only the hidden track, a note), then turn 2's
    declarations with Red's sealed move peeked at, an inject that puts one of Red's moves
    out of reach by the hidden track, and the end with a note."""
    session.advance()  # declaration
    session.declare("red", "posture")
    session.declare("red", "bluff")
    session.declare("red", "note_to_blue")
    session.declare_freeform(
        "blue", "A quiet word", effects=["tension -= 1", "zqxresolve -= 0 * 7"], bounded=False
    )
    if more:
        _declare_more(session)
    session.advance()  # adjudication
    for declaration in list(session.state.pending()):
        if declaration.move in ("pay", "gamble"):
            session.adjudicate(declaration.seq)  # by the dice, by the chance
        else:
            session.adjudicate(declaration.seq, "done" if declaration.move else "success")
    session.answer_offer("note_to_blue", "blue", "accept")
    if more:
        _answer_more(session)
    session.advance()  # consequences: the hidden rule fires
    session.note("zqxnote: Red looked nervous")
    if more:
        _evaluate_more(session)
    session.advance()  # turn 2
    session.advance()  # declaration
    session.declare("red", "zqxsealedid", sealed=True, reasons_for=["zqxsealedreason"])
    seq = session.state.declarations[-1].seq
    session.peek(seq, reason="zqxpeek: to plan the adjudication")
    # The hidden track past what Red's "Posture" needs: Red's seat lists it unavailable
    # (without the track's label or the threshold).
    session.deliver_adhoc("Quiet news", effects=["zqxresolve = 99999"])
    session.end("standoff", note="zqxendnote: a dull ending")


def _declare_more(session: Session) -> None:
    session.declare("red", "pay")
    session.declare("red", "gamble")
    session.declare("red", "note2")
    session.declare("red", "hush", sealed=True, reasons_for=["zqxhushreason"])
    session.withdraw(session.state.declarations[-1].seq, "zqxwithdrawreason: not this one")


def _answer_more(session: Session) -> None:
    session.answer_offer(
        "note2", "blue", "counter", terms="zqxcounterterms", reason="zqxcounterwhy"
    )
    counter = next(o for o, actor in session.open_offers() if actor == "red")
    session.answer_offer(counter.seq, "red", "reject", reason="zqxcounterreject")


def _evaluate_more(session: Session) -> None:
    session.return_submission("red", "red-0a1b2c", "zqxreturnreason", what="zqxreturnwhat")
    session.feedback("zqxfeedbackred", "more time", 4, actor="red")
    session.feedback("zqxfeedbackblue", "less time", 3, actor="blue")
    session.observe("zqxobservation: Red kept its cards close", "coordinate", actor="red")
    session.rate(
        "coordinate",
        "S",
        observation="zqxratingwhy",
        strengths=["zqxstrength"],
        improvements=["zqximprove"],
    )
    session.plan_improvement(
        "zqxplanissue", "zqxplanaction", objective="coordinate", owner="zqxowner"
    )
