"""A team answers an offer from its seat (Pilot): the seat shows the offer addressed to
it, `o` opens the answer form, a counter needs its amended terms, the submission reaches
the facilitator's desk, and once accepted the seat shows it so and the offer is gone."""

from __future__ import annotations

import io
from pathlib import Path

from rich.console import Console
from textual.widgets import RadioButton

from tabletop.live import start_session
from tabletop.seats import Desk, SeatLink
from tabletop.tui.screens.seat_reply import SeatReplyScreen
from tabletop.tui.seat import SeatApp
from tabletop.tui.widgets.lines_field import LinesField
from tests.seats.test_replies import TALKS, offered, treaty_made
from tests.seats.test_seat_pilot import shows, type_text
from tests.tui.helpers import screen_text, until


async def test_a_team_counters_an_offer_from_its_seat(tmp_path: Path) -> None:
    live, offer = offered(tmp_path)
    app = SeatApp(
        live.path, link=SeatLink.open(live.path, "blue"), poll_seconds=0.05, cursor_blink=False
    )
    async with app.run_test(size=(180, 40)) as pilot:
        assert await shows(pilot, "Offers waiting for an answer")
        text = screen_text(app)  # type: ignore[arg-type]
        assert "Red → Blue" in text and "No new deployments" in text
        assert "yours to answer: o" in text
        assert "An offer waits for your answer" in text
        await pilot.press("o")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, SeatReplyScreen)
        form.query_one("#counter", RadioButton).value = True
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "A counter needs your amended terms" in screen_text(app)  # type: ignore[arg-type]
        form.query_one("#terms", LinesField).focus()
        await type_text(pilot, "Talks first")
        await pilot.press("ctrl+s")
        assert await until(pilot, lambda: not isinstance(app.screen, SeatReplyScreen))
        assert await shows(pilot, "Counter Red's offer: Talks first — waiting for the facilitator")
        desk = Desk(live)
        desk.poll()
        [pending] = desk.pending()
        assert (pending.kind, pending.offer, pending.reply, pending.terms) == (
            "reply",
            offer,
            "counter",
            "Talks first",
        )
        assert desk.headline(pending) == f"Blue counters Red's offer #{offer}"
        desk.accept_all()
        countered = live.session.events[-2]
        assert (countered["kind"], countered["by"], countered["actor"]) == (
            "offer_countered",
            "seat",
            "blue",
        )
        assert await shows(pilot, "Counter Red's offer: Talks first — accepted")
        assert "yours to answer" not in screen_text(app)  # type: ignore[arg-type]
        assert app.check_action("reply", ()) is None  # dimmed: nothing left to answer
    live.close()


async def test_an_answer_sent_waits_for_the_facilitator_and_may_come_back(
    tmp_path: Path,
) -> None:
    """Given an offer waiting for Blue, when Blue's seat sends its answer, then the offer
    no longer reads as Blue's to answer but as answered and waiting for the facilitator
    (o replaces the answer until then); when the facilitator returns it, the offer reads
    as returned, with the reason, and Blue's to answer again."""
    live, _ = offered(tmp_path)
    app = SeatApp(
        live.path, link=SeatLink.open(live.path, "blue"), poll_seconds=0.05, cursor_blink=False
    )
    async with app.run_test(size=(180, 40)) as pilot:
        assert await shows(pilot, "yours to answer: o")
        await pilot.press("o")
        await pilot.pause()
        assert isinstance(app.screen, SeatReplyScreen)
        await pilot.press("ctrl+s")  # accept, the form's first answer
        assert await until(pilot, lambda: not isinstance(app.screen, SeatReplyScreen))
        assert await shows(pilot, "Your answer (accept) is sent: it waits for the facilitator")
        text = screen_text(app)  # type: ignore[arg-type]
        assert "yours to answer" not in text
        assert "An offer waits for your answer" not in text
        assert "Your answer to the offer is with the facilitator" in text
        desk = Desk(live)
        desk.poll()
        [pending] = desk.pending()
        desk.give_back(pending, "Say why, please")
        assert await shows(pilot, "Your answer was returned: Say why, please. o answers again")
        assert "An offer waits for your answer" in screen_text(app)  # type: ignore[arg-type]
    live.close()


async def test_an_offer_not_open_yet_says_when_it_can_be_answered(tmp_path: Path) -> None:
    """Given Red's treaty offered in turn 1 and answerable from turn 2, when Blue's seat
    follows turn 1, then the offer says Blue answers it from turn 2, the hint line says so,
    `o` is dimmed, and pressing it gives the engine's reason (`it can be answered from
    turn 2`, the console's words); once turn 2 starts, the offer is Blue's to answer."""
    live, offer = treaty_made(tmp_path)
    session = live.session
    app = SeatApp(
        live.path, link=SeatLink.open(live.path, "blue"), poll_seconds=0.05, cursor_blink=False
    )
    async with app.run_test(size=(180, 40)) as pilot:
        assert await shows(pilot, "Offers waiting for an answer")
        text = screen_text(app)  # type: ignore[arg-type]
        assert "yours to answer from turn 2" in text
        assert "An offer waits for your answer: it can be answered from turn 2" in text
        assert app.check_action("reply", ()) is None  # dimmed in the footer
        await pilot.press("o")
        await pilot.pause()
        assert not isinstance(app.screen, SeatReplyScreen)
        said = [str(n.message) for n in app._notifications]
        assert f"Red's offer #{offer}: it can be answered from turn 2" in said
        while session.state.turn < 1 or session.phase != "declaration":
            session.advance()
        assert await shows(pilot, "yours to answer: o")
        assert app.check_action("reply", ()) is True
    live.close()


async def test_a_refusal_naming_a_team_shows_its_name_as_written(tmp_path: Path) -> None:
    """Given a scenario whose Red is named with square brackets (`Red [/Navy]`, which
    Textual's markup would read as a closing tag), when Blue presses the dimmed `o` for
    Red's offer not open yet, then the notice shows the name as written and the seat goes
    on (the refusal's words are text, never markup)."""
    scenario = tmp_path / "talks.toml"
    scenario.write_text(
        TALKS.read_text(encoding="utf-8").replace('name = "Red"', 'name = "Red [/Navy]"', 1),
        encoding="utf-8",
    )
    live, _ = treaty_made(tmp_path, scenario)
    app = SeatApp(
        live.path, link=SeatLink.open(live.path, "blue"), poll_seconds=0.05, cursor_blink=False
    )
    async with app.run_test(size=(180, 40)) as pilot:
        assert await shows(pilot, "yours to answer from turn 2")
        await pilot.press("o")
        await pilot.pause(0.2)  # the notice drawn
        said = [(str(n.message), n.markup) for n in app._notifications]
        assert said == [("Red [/Navy]'s offer #6: it can be answered from turn 2", False)]
        assert app.is_running and app.return_code is None
    live.close()


async def test_every_dimmed_key_of_a_seat_says_why(tmp_path: Path) -> None:
    """Given Blue's seat in turn 1's consequences phase with no offer for it, when each
    dimmed key is pressed, then it says why, in the engine's words."""
    live = start_session(TALKS, seed=1, session_path=tmp_path / "talks.jsonl")
    session = live.session
    session.advance()
    session.declare("red", "treaty")
    session.declare("blue", next(o.move.id for o in session.move_options("blue") if o.available))
    session.advance()
    for declaration in session.state.pending():
        session.computer_adjudicate(declaration.seq)
    session.advance()
    app = SeatApp(
        live.path, link=SeatLink.open(live.path, "blue"), poll_seconds=0.05, cursor_blink=False
    )
    async with app.run_test(size=(180, 40)) as pilot:
        assert await shows(pilot, "wait for the facilitator")
        for key in "dg":
            await pilot.press(key)
            await pilot.pause()
        said = [str(n.message) for n in app._notifications]
        assert said == [
            "Moves are declared in the declaration phase; it is the consequences phase now",
            "The floor opens in the adjudication phase; it is the consequences phase now",
        ]
    live.close()


def test_the_seats_questions_read_as_plain_text_under_a_bold_heading(tmp_path: Path) -> None:
    """Given turn 1 of mini_eval (two discussion questions) on Blue's seat, then the
    questions are plain text under a bold heading, neither underlined (heavy to read on a
    phone) nor bold; no heading on the seat is underlined."""
    from rich.style import Style
    from rich.text import Text

    from tabletop.tui.screens.seat import submissions_panel, team_panel
    from tests.conftest import MINI_EVAL

    live = start_session(MINI_EVAL, seed=1, session_path=tmp_path / "q.jsonl")
    live.session.advance()
    view = SeatLink.open(live.path, "blue").view()
    panel = submissions_panel(view, [])
    texts = [p for p in panel.renderables if isinstance(p, Text)]  # type: ignore[attr-defined]
    texts.append(team_panel(view))  # type: ignore[arg-type]
    for text in texts:
        for line in text.split():
            for span in [*line.spans, None]:
                style = Style.parse(str(span.style)) if span else Style.parse(str(line.style))
                assert not style.underline, line.plain
    questions = texts[1]
    question = "1. What does each side need to hear before it steps back?"
    start = questions.plain.index(question)
    styles = [questions.get_style_at_offset(Console(), start + i) for i in range(3)]
    assert not any(s.bold or s.underline for s in styles)
    live.close()


async def test_the_seat_lists_the_discussion_questions_once(tmp_path: Path) -> None:
    """Given turn 1 of mini_eval (two discussion questions) on Blue's seat, then each
    question is on the screen once, beside the team's answers (w), not also under the
    room's situation."""
    from tests.conftest import MINI_EVAL

    live = start_session(MINI_EVAL, seed=1, session_path=tmp_path / "q.jsonl")
    live.session.advance()
    app = SeatApp(
        live.path, link=SeatLink.open(live.path, "blue"), poll_seconds=0.05, cursor_blink=False
    )
    async with app.run_test(size=(180, 40)) as pilot:
        assert await shows(pilot, "Discussion questions")
        text = screen_text(app)  # type: ignore[arg-type]
        assert text.count("Who speaks for Blue?") == 1
        assert "Questions for the room" not in text
    live.close()


def test_a_private_inject_names_its_recipients_as_the_room_knows_them(tmp_path: Path) -> None:
    """Given the default scenario's turn 1 on Ukraine's seat, then Putin's
    'military-technical' warning, sent to four teams, reads `(to United States, Ukraine,
    NATO, Europe (EU, Germany, France))`, by their names, not their ids (seen in a browser)."""
    from tabletop.scenario.bundled import resolve_scenario
    from tabletop.tui.screens.projector import situation

    live = start_session(
        resolve_scenario("ukraine_2022"), seed=5, session_path=tmp_path / "u.jsonl"
    )
    live.session.advance()
    view = SeatLink.open(live.path, "ukraine").view()
    console = Console(width=200, record=True, file=io.StringIO())
    console.print(situation(view))
    text = console.export_text()
    assert "(to United States, Ukraine, NATO, Europe (EU, Germany, France))" in text
    assert "(to usa" not in text
    live.close()
