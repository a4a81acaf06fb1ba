"""The leak test: a unique marker in every private place, looked for everywhere.

tests/data/secrets.toml and `play_secrets` put a marker (MARKERS) in each private place
the format and the record have. For the room, for Blue (another team) and for Red (the
team whose secrets they partly are), every output a participant can get is searched:
the view (with the scenario as that audience may read it), the five exports (md, html,
json, csv, ip), `replay --audience` (text and JSON), the `watch` screen and the team's
seat. A second session (`write_more`, `play_more`) adds 31 markers (MORE_MARKERS). No
marker may appear where its audience may not see it; every marker must appear in the
facilitator's export (else the test could not fail); a team's own secrets in its
outputs. While a private offer waits for its answer, its terms are on its parties' seats
and projectors only (a third team, Green, is added for that test).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tabletop.cli.main import main
from tabletop.engine.audience import FACILITATOR, public_model, seen_events, view
from tabletop.journal.follow import Follower
from tabletop.live import open_journal, start_session
from tabletop.seats import SeatLink
from tabletop.tui.seat import SeatApp
from tabletop.tui.watch import WatchApp
from tests.audience.helpers import (
    BLUE_SEES,
    MARKERS,
    MORE_BLUE_SEES,
    MORE_MARKERS,
    MORE_RED_SEES,
    RED_SEES,
    SECRETS,
    play_more,
    play_secrets,
    write_more,
)
from tests.tui.helpers import screen_text

FORMATS = ("md", "html", "json", "csv", "ip")
AUDIENCES = ("room", "blue", "red")
PLACES = (*(f"export {f}" for f in FORMATS), "view", "replay --json", "replay", "watch")
"""The outputs searched for each audience (and a team's seat, for each team)."""


@pytest.fixture(scope="module")
def journal(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("leaks") / "secrets.jsonl"
    live = start_session(SECRETS, seed=7, session_path=path)
    play_secrets(live.session)
    live.close()
    return path


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> str:
    assert main(argv) == 0
    return capsys.readouterr().out


async def watch_text(path: Path, audience: str) -> str:
    _, compiled, _, _ = open_journal(path)
    app = WatchApp(Follower(path), compiled, audience=audience)
    async with app.run_test(size=(160, 50)) as pilot:
        await pilot.pause(0.1)
        return screen_text(app)  # type: ignore[arg-type]


async def outputs(journal: Path, who: str, capsys: pytest.CaptureFixture[str]) -> dict[str, str]:
    """Every output an audience can get, by place, in lower case."""
    found = {
        f"export {fmt}": run(["export", str(journal), "--format", fmt, "--audience", who], capsys)
        for fmt in FORMATS
    }
    _, compiled, _, _ = open_journal(journal)
    from tabletop.journal import read_journal

    events = read_journal(journal).events
    found["view"] = (
        json.dumps(view(compiled, events, who).to_dict())
        + public_model(compiled, who).model_dump_json()
    )
    found["replay --json"] = run(["replay", str(journal), "--json", "--audience", who], capsys)
    found["replay"] = run(["replay", str(journal), "--audience", who], capsys)
    found["watch"] = await watch_text(journal, who)
    if who != "room":
        found["seat"] = await seat_text(journal, who, declare=True)
    assert set(found) == set(PLACES) | ({"seat"} if who != "room" else set())
    return {place: text.lower() for place, text in found.items()}


@pytest.mark.parametrize("who", AUDIENCES)
async def test_no_marker_reaches_an_audience_that_may_not_see_it(
    journal: Path, who: str, capsys: pytest.CaptureFixture[str]
) -> None:
    allowed = {"red": RED_SEES, "blue": BLUE_SEES}.get(who, frozenset())
    leaks = [
        f"{marker} in {place}"
        for place, text in (await outputs(journal, who, capsys)).items()
        for marker in MARKERS
        if marker not in allowed and marker in text
    ]
    assert leaks == []


def test_every_marker_is_in_the_facilitators_export(
    journal: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The facilitator sees everything (so the test above can fail)."""
    text = run(["export", str(journal), "--format", "json"], capsys).lower()
    assert [m for m in MARKERS if m not in text] == []
    assert FACILITATOR in text


async def test_red_sees_its_own_secrets(journal: Path, capsys: pytest.CaptureFixture[str]) -> None:
    found = await outputs(journal, "red", capsys)
    assert [m for m in RED_SEES if m not in found["export json"]] == []
    blue = await outputs(journal, "blue", capsys)
    assert [m for m in BLUE_SEES if m not in blue["export json"]] == []  # its private offer
    assert "zqxsealedlabel" in found["watch"]  # its own sealed move, on its projector


def test_the_leak_test_covers_every_place() -> None:
    """29 outputs (9 places × 3 audiences, and the seats of the two teams), each searched
    for 27 markers (a deception's true outcome, a private offer's terms and answer, and a
    move held back by the hidden track among them), and in a second session for 58 (the
    27 and 31 more: costs, modifiers, offers' and endings' effects that name the hidden
    track, the computer's answer doctrine, a sealed move withdrawn, a counter-offer to a
    private offer, a returned submission, feedback forms, the evaluation)."""
    assert len(PLACES) * len(AUDIENCES) + len(AUDIENCES) - 1 == 29
    assert len(MARKERS) == 27
    assert len(set(MARKERS + MORE_MARKERS)) == 58


@pytest.fixture(scope="module")
def more_journal(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("more-leaks")
    live = start_session(write_more(folder), seed=7, session_path=folder / "more.jsonl")
    play_more(live.session)
    live.close()
    return live.path


@pytest.mark.parametrize("who", AUDIENCES)
async def test_no_further_marker_reaches_an_audience_that_may_not_see_it(
    more_journal: Path, who: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """The same, over every private place of the second session (MORE_MARKERS): what a
    team may see of it is seen (its own catalogue, its talks, its feedback, its returned
    submission), and nothing else."""
    allowed = {"red": MORE_RED_SEES, "blue": MORE_BLUE_SEES}.get(who, frozenset())
    found = await outputs(more_journal, who, capsys)
    leaks = [
        f"{marker} in {place}"
        for place, text in found.items()
        for marker in MARKERS + MORE_MARKERS
        if marker not in allowed and marker in text
    ]
    assert leaks == [], "\n".join(leaks)
    everywhere = "".join(found.values())
    assert [m for m in sorted(allowed) if m not in everywhere] == []


def test_every_further_marker_is_the_facilitators(
    more_journal: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _, compiled, _, _ = open_journal(more_journal)
    text = (
        run(["export", str(more_journal), "--format", "json"], capsys)
        + public_model(compiled, FACILITATOR).model_dump_json()
    ).lower()
    assert [m for m in MORE_MARKERS if m not in text] == []


GREEN = """
[[actors]]
id = "green"
name = "Green"
briefing = "Green watches from the side."
[[actors.objectives]]
id = "calm_green"
description = "Stay out of it"
score = "10 - tension"
"""
"""A third team, no party to Red's private note to Blue."""


@pytest.fixture(scope="module")
def open_offer(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The secrets scenario with a third team (Green), stopped while Red's private note to
    Blue waits for Blue's answer (so that it is on the seats and screens that may show it)."""
    folder = tmp_path_factory.mktemp("open-offer")
    scenario = folder / "secrets3.toml"
    scenario.write_text(SECRETS.read_text(encoding="utf-8") + GREEN, encoding="utf-8")
    live = start_session(scenario, seed=7, session_path=folder / "open.jsonl")
    session = live.session
    session.advance()  # declaration
    session.declare("red", "note_to_blue")
    session.advance()  # adjudication: the note is sent, Blue is to answer it this turn
    session.adjudicate(session.state.pending()[0].seq, "done")
    assert [a for _, a in session.open_offers()] == ["blue"]
    live.close()
    return live.path


async def seat_text(path: Path, team: str, *, declare: bool = False) -> str:
    """The team's seat as shown (`declare`: and its declare form, with its move list)."""
    app = SeatApp(path, link=SeatLink.open(path, team), poll_seconds=60, cursor_blink=False)
    async with app.run_test(size=(160, 50)) as pilot:
        await pilot.pause(0.1)
        text = screen_text(app)  # type: ignore[arg-type]
        if declare:
            from tabletop.tui.screens.seat_declare import SeatDeclareScreen

            assert app.view is not None
            app.push_screen(SeatDeclareScreen(app.view))
            await pilot.pause(0.1)
            text += screen_text(app)  # type: ignore[arg-type]
        return text


@pytest.mark.parametrize(
    ("who", "party"), [("room", False), ("green", False), ("red", True), ("blue", True)]
)
async def test_a_private_offer_waiting_reaches_only_its_parties_screens(
    open_offer: Path, who: str, party: bool
) -> None:
    """While Red's private note waits for Blue's answer, its terms are on the seats and
    projectors of its parties (Blue, to answer it; Red, its maker) and never on Green's
    seat, Green's projector or the room's."""
    texts = {"watch": await watch_text(open_offer, who)}
    if who != "room":
        texts["seat"] = await seat_text(open_offer, who)
    shown = {place: "zqxofferterms" in text.lower() for place, text in texts.items()}
    assert shown == dict.fromkeys(texts, party)
    if who == "blue":
        assert "yours to answer" in texts["seat"]


@pytest.mark.parametrize("who", AUDIENCES)
def test_solo_plays_announcements_carry_no_further_marker(more_journal: Path, who: str) -> None:
    """Solo play announces each event as it arrives (`seen_events`, in the context of the
    record so far): by the same rules, in both sessions."""
    from tabletop.journal import read_journal

    allowed = {"red": MORE_RED_SEES, "blue": MORE_BLUE_SEES}.get(who, frozenset())
    _, compiled, _, _ = open_journal(more_journal)
    events = read_journal(more_journal).events
    arrived = [
        json.dumps(seen_events(compiled, events[: n + 1], who, n)).lower()
        for n in range(len(events))
    ]
    text = "".join(arrived)
    assert [m for m in MARKERS + MORE_MARKERS if m not in allowed and m in text] == []
