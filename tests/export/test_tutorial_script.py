"""The tutorial's ten-minute script, played as its facilitator notes say: every mechanism a
facilitator meets (arguments, sealed and free-form moves, an override, undo, a note) ends
up in the exported report."""

from __future__ import annotations

from pathlib import Path

from tabletop.cli import main
from tabletop.live import start_session
from tabletop.scenario.bundled import bundled_paths


def _tutorial() -> Path:
    return next(p for p in bundled_paths() if p.stem == "tutorial")


def test_the_tutorial_script_meets_every_mechanism(tmp_path: Path) -> None:
    journal = tmp_path / "grey-bank.jsonl"
    live = start_session(_tutorial(), seed=4, session_path=journal)
    session = live.session
    assert "Open the floor" in session.scenario.model.scenario.briefing
    notes = session.scenario.model.scenario.facilitator_notes
    for mechanism in ("Sealed", "counter-argument", "Free-form", "ctrl+g", "override", "export"):
        assert mechanism in notes, mechanism

    # Turn 1: a dice move argued, a sealed move
    session.advance()
    session.declare("northland", "nl_patrol", reasons_for=["Our trawlers were seized"])
    session.declare("southport", "sp_protest", sealed=True)
    session.advance()
    patrol, protest = (d.seq for d in session.state.declarations)
    session.add_argument(patrol, "southport", "against", "The Bank is ours by law")
    session.grade_reasons(patrol, ["weak"], ["strong"])
    session.roll(patrol)
    session.adjudicate(patrol)
    session.adjudicate(protest)
    session.advance()
    session.advance()

    # Turn 2: a choice move argued, a free-form move argued and overridden, undo/redo, a note
    session.advance()
    if session.state.values["talks_open"] is not True:
        session.declare("northland", "nl_offer_talks", reasons_for=["Both fleets lose"])
    session.declare_freeform(
        "southport",
        "Joint fisheries inspection",
        effects=["tension -= 1"],
        reasons_for=["Inspectors calm the captains"],
    )
    session.advance()
    for declaration in list(session.state.pending()):
        session.argue(declaration.seq)
        roll = session.state.declaration(declaration.seq).roll  # type: ignore[union-attr]
        assert roll is not None and roll["method"] == "argument"
        if declaration.move is None:  # the free-form move: overridden, with a reason
            other = "failure" if roll["result"] == "success" else "success"
            session.adjudicate(declaration.seq, other, reason="The room was persuaded")
        else:
            session.adjudicate(declaration.seq)
    session.undo()
    session.redo()
    session.note("Southport argued well for the inspection", "strength")
    session.play_to_end()
    live.close()

    out = tmp_path / "report.md"
    assert main(["export", str(journal), "--format", "md", "-o", str(out)]) == 0
    report = out.read_text(encoding="utf-8")
    assert "The Bank is ours by law (argued by Southport) (strong)" in report
    assert "Our trawlers were seized (weak)" in report
    assert "Argued roll" in report
    assert "The room was persuaded" in report
    assert "Joint fisheries inspection" in report
    assert "Southport argued well for the inspection" in report
