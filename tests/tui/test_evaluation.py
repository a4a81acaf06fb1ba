"""The evaluation in the TUI: the session details before a session begins, the turn's
discussion questions on the console, observations, the hotwash that follows the end,
the improvement plan and participant feedback (Pilot tests on mini_eval.toml)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from textual.widgets import RadioButton, RadioSet, Select

from tabletop.live import LiveSession
from tabletop.scenario.load import load_scenario
from tabletop.tui.screens.briefing import BriefingScreen
from tabletop.tui.screens.console import ConsoleScreen
from tabletop.tui.screens.details import SessionDetailsScreen
from tabletop.tui.screens.end import EndScreen
from tabletop.tui.screens.end_session import EndSessionScreen
from tabletop.tui.screens.feedback import FeedbackScreen
from tabletop.tui.screens.hotwash import HotwashScreen
from tabletop.tui.screens.improvement_plan import ImprovementPlanScreen
from tabletop.tui.screens.note import NoteScreen
from tabletop.tui.screens.observe import ObservationScreen
from tabletop.tui.widgets.fields import TextField
from tabletop.tui.widgets.lines_field import LinesField

from .helpers import DATA, flat, make_app, notices, screen_text

MINI_EVAL = DATA / "mini_eval.toml"


def press_radio(radios: RadioSet, name: str) -> None:
    for radio in radios.query(RadioButton):
        if radio.name == name:
            radio.value = True


async def test_the_details_are_asked_before_the_session_begins(data_dir: Path) -> None:
    """Given the briefing of a scenario with exercise objectives, when Begin is pressed,
    then the session details are asked; saved, they are the session's first recorded
    details; and with D they can be edited later (a second event, the latest counts)."""
    scenario, _ = load_scenario(MINI_EVAL)
    app = make_app(scenario=scenario, scenario_path=MINI_EVAL, start_on="briefing")
    async with app.run_test(size=(120, 40)) as pilot:
        assert isinstance(app.screen, BriefingScreen)
        await pilot.press("b")
        await pilot.pause()
        assert isinstance(app.screen, SessionDetailsScreen)
        form = app.screen
        form.query_one("#exercise", TextField).value = "Winter Shield"
        form.query_one("#facilitator", TextField).value = "Maj. R. Example"
        form.query_one("#evaluators", TextField).value = "Dr A. One; Capt. B. Two"
        form.query_one("#team-blue", TextField).value = "B. One, B. Two"
        await pilot.press("ctrl+s")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, ConsoleScreen)
        live = app.live
        assert live is not None
        details = live.session.state.details
        assert details is not None
        assert (details["exercise"], details["evaluators"], details["participants"]) == (
            "Winter Shield",
            ["Dr A. One", "Capt. B. Two"],
            {"blue": ["B. One", "B. Two"]},
        )
        await pilot.press("D")
        await pilot.pause()
        assert isinstance(app.screen, SessionDetailsScreen)
        assert app.screen.query_one("#exercise", TextField).value == "Winter Shield"
        app.screen.query_one("#venue", TextField).value = "Room 4"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert live.session.state.details is not None
        assert live.session.state.details["venue"] == "Room 4"
        kinds = [e["kind"] for e in live.session.events]
        assert kinds.count("session_details") == 2


async def test_skipping_the_details_begins_without_them(data_dir: Path) -> None:
    """Given the details form before a session, when Escape is pressed, then the session
    begins and records no details."""
    scenario, _ = load_scenario(MINI_EVAL)
    app = make_app(scenario=scenario, scenario_path=MINI_EVAL, start_on="briefing")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("b")
        await pilot.pause()
        assert isinstance(app.screen, SessionDetailsScreen)
        await pilot.press("escape")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, ConsoleScreen)
        assert app.live is not None and app.live.session.state.details is None


async def test_questions_show_and_observations_and_notes_name_objectives(
    new_live: Callable[..., LiveSession],
) -> None:
    """Given a session of mini_eval, when the console shows turn 1, then its discussion
    questions are on screen; v records an observation of Blue against an objective; a
    strength note can name an objective."""
    live = new_live("questions.jsonl", scenario=MINI_EVAL)
    app = make_app(live=live)
    async with app.run_test(size=(140, 44)) as pilot:
        text = flat(screen_text(app))
        assert "Discussion questions" in text
        assert "1. What does each side need to hear before it" in text
        assert "2. Who speaks for Blue?" in text
        await pilot.press("v")
        await pilot.pause()
        assert isinstance(app.screen, ObservationScreen)
        dialog = app.screen
        dialog.query_one("#objective", Select).value = "warning"
        dialog.query_one("#team", Select).value = "blue"
        dialog.query_one("#observer", TextField).value = "Dr A. One"
        dialog.query_one("#text", LinesField).text = "Blue drafted a statement at once"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ConsoleScreen)
        seen = live.session.events[-1]
        assert (seen["kind"], seen["objective"], seen["actor"], seen["by"]) == (
            "observation",
            "warning",
            "blue",
            "Dr A. One",
        )
        await pilot.press("m")
        await pilot.pause()
        assert isinstance(app.screen, NoteScreen)
        press_radio(app.screen.query_one("#tag", RadioSet), "strength")
        app.screen.query_one("#objective", Select).value = "calm"
        app.screen.query_one("#text", LinesField).text = "Blue called Red first"
        await pilot.press("ctrl+s")
        await pilot.pause()
        note = live.session.events[-1]
        assert (note["kind"], note["tag"], note["objective"]) == ("note", "strength", "calm")


async def test_the_hotwash_follows_the_end_then_the_plan_then_feedback(
    new_live: Callable[..., LiveSession],
) -> None:
    """Given a session of mini_eval, when the facilitator ends it, then the hotwash opens
    with each objective and the HSEEP meanings; rating one S with a strength and saving
    records it and opens the improvement plan; an item is added, then edited; the end
    screen shows the rating; F records a participant's feedback; h opens the hotwash
    again with the rating filled in."""
    live = new_live("hotwash.jsonl", scenario=MINI_EVAL)
    live.session.observe("Blue called Red before the talks", "calm", actor="blue")
    session = live.session
    app = make_app(live=live)
    async with app.run_test(size=(120, 44)) as pilot:
        await pilot.press("e")
        assert isinstance(app.screen, EndSessionScreen)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert session.over
        assert isinstance(app.screen, HotwashScreen)
        text = screen_text(app)
        assert "Objective 1: Keep the crisis from escalating to war" in text
        assert "S: performed with some challenges" in text
        assert "U: unable to be performed" in text
        assert "Blue called Red before the talks" in text  # the observation, to rate by
        hotwash = app.screen
        press_radio(hotwash.query_one("#rating-calm", RadioSet), "S")
        hotwash.query_one("#why-calm", TextField).value = "A channel, opened late"
        hotwash.query_one("#strengths-calm", LinesField).text = "Blue called early\n\n"
        await pilot.press("ctrl+s")
        await pilot.pause()
        rated = session.state.ratings
        assert list(rated) == ["calm"]  # `warning` was left unrated
        assert (rated["calm"]["rating"], rated["calm"]["strengths"]) == ("S", ["Blue called early"])
        assert isinstance(app.screen, ImprovementPlanScreen)
        plan = app.screen
        plan.query_one("#objective", Select).value = "calm"
        plan.query_one("#issue", TextField).value = "No common line"
        plan.query_one("#action", TextField).value = "Agree a line in turn 1"
        plan.query_one("#owner", TextField).value = "J5"
        plan.query_one("#due", TextField).value = "2026-03-31"
        await pilot.press("ctrl+s")
        await pilot.pause()
        item = session.state.improvements[1]
        assert (item["capability"], item["due"]) == ("Operational Coordination", "2026-03-31")
        assert "No common line" in screen_text(app)
        plan.query_one("#item", Select).value = 1
        await pilot.pause()
        assert plan.query_one("#issue", TextField).value == "No common line"
        plan.query_one("#action", TextField).value = "Agree and rehearse a line in turn 1"
        plan.query_one("#due", TextField).value = "end of March"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "YYYY-MM-DD" in screen_text(app)  # refused, said on screen
        plan.query_one("#due", TextField).value = "2026-04-30"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert session.state.improvements[1]["corrective_action"].startswith("Agree and rehearse")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, EndScreen)
        text = screen_text(app)
        assert "Evaluation" in text and "Improvement plan: 1 item" in text
        assert "performed with some challenges" in text

        await pilot.press("F")
        await pilot.pause()
        assert isinstance(app.screen, FeedbackScreen)
        form = app.screen
        form.query_one("#participant", TextField).value = "B. One"
        form.query_one("#team", Select).value = "blue"
        form.query_one("#worked", LinesField).text = "Real choices"
        press_radio(form.query_one("#rating", RadioSet), "5")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert form.query_one("#participant", TextField).value == ""  # ready for the next
        await pilot.press("escape")
        await pilot.pause()
        feedback = session.events[-1]
        assert (feedback["kind"], feedback["participant"], feedback["rating"]) == (
            "feedback",
            "B. One",
            5,
        )

        await pilot.press("h")
        await pilot.pause()
        assert isinstance(app.screen, HotwashScreen)
        assert app.screen.query_one("#why-calm", TextField).value == "A channel, opened late"
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, EndScreen)


async def test_a_blank_details_form_records_nothing(new_live: Callable[..., LiveSession]) -> None:
    """Given a session without details, when D opens the form and it is saved with every
    field blank, then nothing is recorded (it recorded an empty session_details event) and
    the facilitator is told so, not told "saved"."""
    live = new_live("blank.jsonl", scenario=MINI_EVAL)
    before = len(live.session.events)
    app = make_app(live=live)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("D")
        await pilot.pause()
        assert isinstance(app.screen, SessionDetailsScreen)
        app.screen.query_one("#exercise", TextField).value = "   "
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ConsoleScreen)
        assert len(live.session.events) == before and live.session.state.details is None
        assert "Nothing recorded: every field is blank" in notices(app)
        assert "Session details saved" not in notices(app)


async def test_a_hotwash_save_the_journal_refuses_keeps_no_rating(
    new_live: Callable[..., LiveSession],
) -> None:
    """Given an ended session whose journal refuses a write once it has taken one rating,
    when the hotwash saves both objectives rated, then neither is recorded (saved one by
    one, the first was kept while the second was refused), the hotwash stays open and says
    that no rating was recorded; saved again once the journal takes it, both are recorded as
    one action."""
    live = new_live("refused.jsonl", scenario=MINI_EVAL)
    session = live.session
    session.end("standoff")
    write = session.sink
    taken: list[object] = []

    def refusing(events: list[dict[str, object]]) -> None:
        taken.extend(e for e in events if e["kind"] == "objective_rated")
        if len(taken) > 1:
            from tabletop.journal import JournalError

            raise JournalError("refused.jsonl", None, "No space left on device")
        assert write is not None
        write(events)

    session.sink = refusing
    app = make_app(live=live)
    async with app.run_test(size=(120, 44)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, EndScreen)  # an ended session opens on it
        await pilot.press("h")
        await pilot.pause()
        assert isinstance(app.screen, HotwashScreen)
        hotwash = app.screen
        press_radio(hotwash.query_one("#rating-calm", RadioSet), "S")
        press_radio(hotwash.query_one("#rating-warning", RadioSet), "M")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert session.state.ratings == {}
        assert isinstance(app.screen, HotwashScreen)
        said = flat(screen_text(app))
        assert "No space left on device" in said and "no rating was recorded" in said
        session.sink = write
        await pilot.press("ctrl+s")
        await pilot.pause()
        rated = [e for e in session.events if e["kind"] == "objective_rated"]
        assert [(e["objective"], e["rating"]) for e in rated] == [("calm", "S"), ("warning", "M")]
        assert rated[0]["action"] == rated[1]["action"]


async def test_no_hotwash_without_exercise_objectives(new_live: Callable[..., LiveSession]) -> None:
    """Given a scenario without exercise objectives, when the session ends, then the end
    screen comes straight up and observing is refused with the reason."""
    live = new_live("plain.jsonl")
    app = make_app(live=live)
    async with app.run_test(size=(120, 40)) as pilot:
        assert app.why_not("observe") is not None
        await pilot.press("e")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, EndScreen)


async def test_the_projector_shows_the_questions_but_not_the_evaluation(tmp_path: Path) -> None:
    """Given `tabletop watch` on a live session of mini_eval, when the console records an
    observation, then the projector shows the turn's discussion questions and never the
    observation (the facilitator's)."""
    from tabletop.journal.follow import Follower
    from tabletop.live import start_session
    from tabletop.tui.watch import WatchApp

    live = start_session(MINI_EVAL, seed=3, session_path=tmp_path / "live.jsonl")
    compiled, _ = load_scenario(MINI_EVAL)
    app = WatchApp(Follower(live.path), compiled, audience="room", poll_seconds=0.05)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause(0.3)
        live.session.observe("ZQX observation marker", "calm")
        live.session.note("ZQX note marker")
        await pilot.pause(0.3)
        text = flat(screen_text(app))  # type: ignore[arg-type]
        assert "Questions for the room" in text
        assert "1. What does each side need to hear before it steps back?" in text
        assert "ZQX" not in text
    live.close()


async def test_the_rating_starts_at_4_with_its_highlight_and_again_for_the_next_form(
    new_live: Callable[..., LiveSession],
) -> None:
    """Given the feedback form, when the rating takes focus, then its highlight is on the
    pressed 4 (Space there keeps 4, not "1 poor"); when a form rated 5 is saved, then the
    next participant's form starts at 4 again, not at the last one's rating."""
    live = new_live("rating.jsonl")
    app = make_app(live=live)
    async with app.run_test(size=(120, 40)) as pilot:
        session = live.session
        app.push_screen(FeedbackScreen(session))
        await pilot.pause()
        form = app.screen
        rating = form.query_one("#rating", RadioSet)
        rating.focus()
        await pilot.press("space")
        await pilot.pause()
        assert rating.pressed_button is not None and rating.pressed_button.name == "4"
        await pilot.press("right", "space")
        await pilot.pause()
        assert rating.pressed_button is not None and rating.pressed_button.name == "5"
        form.query_one("#worked", LinesField).text = "Real choices"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert session.events[-1]["rating"] == 5
        assert rating.pressed_button is not None and rating.pressed_button.name == "4"
        form.query_one("#worked", LinesField).text = "Short turns"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert session.events[-1]["rating"] == 4


async def test_the_hotwash_rating_is_chosen_by_the_arrows_and_kept_by_space(
    new_live: Callable[..., LiveSession],
) -> None:
    """Given the hotwash of mini_eval, when the facilitator presses Space on the first
    objective's rating (focused, "not rated yet" pressed) and types on, then it is not
    rated P (Textual's highlight started on P whichever was pressed); and Down, Down, Tab
    and a reason rate it as the arrows reached, S, without Enter."""
    live = new_live("hotwash_keys.jsonl", scenario=MINI_EVAL)
    session = live.session
    app = make_app(live=live)
    async with app.run_test(size=(120, 44)) as pilot:
        await pilot.press("e", "ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, HotwashScreen)
        await pilot.press("space")
        await pilot.pause()
        assert app.screen.query_one("#rating-calm", RadioSet).pressed_button.name == "none"
        await pilot.press("up", "up", "up", "tab", *"late")
        await pilot.press("ctrl+s")
        await pilot.pause()
        rated = session.state.ratings
        assert rated["calm"]["rating"] == "S" and rated["calm"]["observation"] == "late"
