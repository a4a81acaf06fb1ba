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


def play_secrets(session: Session) -> None:
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
    session.advance()  # adjudication
    for declaration in list(session.state.pending()):
        session.adjudicate(declaration.seq, "done" if declaration.move else "success")
    session.answer_offer("note_to_blue", "blue", "accept")
    session.advance()  # consequences: the hidden rule fires
    session.note("zqxnote: Red looked nervous")
    session.advance()  # turn 2
    session.advance()  # declaration
    session.declare("red", "zqxsealedid", sealed=True, reasons_for=["zqxsealedreason"])
    seq = session.state.declarations[-1].seq
    session.peek(seq, reason="zqxpeek: to plan the adjudication")
    # The hidden track past what Red's "Posture" needs: Red's seat lists it unavailable
    # (without the track's label or the threshold).
    session.deliver_adhoc("Quiet news", effects=["zqxresolve = 99999"])
    session.end("standoff", note="zqxendnote: a dull ending")
