"""The room's seats wired to a session on disk: the facilitator's desk and a team's seat.

- `Desk` (the facilitator's console): reads every team's inbox as it grows, says what is
  pending, and accepts submissions into the journal through the session (the journal's
  one writer) or returns them with a reason.
- `SeatLink` (one team's seat, `tabletop seat`): follows the journal read-only, draws
  the team's view from `engine.audience.view` and nothing else, submits to the team's
  inbox, and says where each of the team's submissions stands.

Both poll: one `stat` per file when nothing changed.
"""

from __future__ import annotations

import secrets
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from tabletop.engine import submissions as subs
from tabletop.engine.audience import View, ViewKeeper
from tabletop.engine.errors import ActionError
from tabletop.engine.events import Context, EventProblem, event_problem
from tabletop.engine.replay import replay
from tabletop.engine.session import Session
from tabletop.engine.state import State
from tabletop.engine.submissions import Inboxes, Status, Submission
from tabletop.journal.follow import Follower
from tabletop.journal.inbox import InboxReader, append_submission
from tabletop.live import LiveSession, open_journal
from tabletop.scenario.compiled import CompiledScenario

__all__ = ["Desk", "Handled", "SeatLink", "utc_now"]


def utc_now() -> datetime:
    return datetime.now(UTC)


def iso(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass(frozen=True)
class Handled:
    """What one `accept_all` did."""

    accepted: tuple[Submission, ...] = ()
    returned: tuple[tuple[Submission, str], ...] = ()
    """Those the session refused, returned to their team with the refusal's words."""


class Desk:
    """The facilitator's side of the seats: the inboxes of every team, and acceptance."""

    def __init__(self, live: LiveSession) -> None:
        self.live = live
        self.inboxes = Inboxes(live.scenario)
        self._readers = {team: InboxReader(live.path, team) for team in live.scenario.actors}
        self._pending: tuple[tuple[object, ...], list[Submission]] | None = None
        """`pending()` and what it was worked out from (see there)."""

    @property
    def session(self) -> Session:
        return self.live.session

    def poll(self) -> list[Submission]:
        """Read what the seats appended since the last poll: the valid new submissions."""
        new: list[Submission] = []
        for team, reader in self._readers.items():
            records = reader.poll()
            if records:
                new.extend(self.inboxes.add(team, records))
        return new

    def statuses(self) -> list[Status]:
        state = self.session.state
        return subs.statuses(self.inboxes.submissions, self.session.events, state.turn, state.over)

    def pending(self) -> list[Submission]:
        """The submissions waiting. Asked on every key (the footer's keys to accept and
        review them), and working it out reads the whole journal: it is kept until an
        event or a submission arrives (both lists only grow)."""
        session = self.session
        events, submissions = session.events, self.inboxes.submissions
        last = events[-1]["seq"] if events else 0
        key = (session, len(events), last, len(submissions))
        if self._pending is None or self._pending[0] != key:
            self._pending = (key, subs.pending(submissions, events, session.state))
        return list(self._pending[1])

    def headline(self, submission: Submission) -> str:
        return subs.headline(self.live.scenario, submission, self.session.events)

    def accept(self, submission: Submission) -> list[Any]:
        """Accept one submission into the journal (ActionError: the session refused it)."""
        return subs.accept(self.session, submission)

    def give_back(self, submission: Submission, reason: str) -> list[Any]:
        """Return a submission to its team with a reason (journaled; the team sees it)."""
        return self.session.return_submission(
            submission.team,
            submission.id,
            reason,
            what=subs.what(self.live.scenario, submission),
        )

    def accept_all(self) -> Handled:
        """Accept every pending submission, in the order they came; one the session refuses
        goes back to its team with the refusal's words (so nothing waits unseen)."""
        accepted: list[Submission] = []
        returned: list[tuple[Submission, str]] = []
        for submission in self.pending():
            try:
                self.accept(submission)
                accepted.append(submission)
            except ActionError as exc:
                reason = str(exc)
                self.give_back(submission, reason)
                returned.append((submission, reason))
        return Handled(tuple(accepted), tuple(returned))


@dataclass
class SeatLink:
    """One team's seat on a session: read-only on the journal, append-only on its inbox."""

    path: Path
    team: str
    follower: Follower
    scenario: CompiledScenario
    inboxes: Inboxes = field(init=False)
    _reader: InboxReader = field(init=False)
    _context: Context = field(init=False)
    _state: State | None = field(init=False, default=None)
    _keeper: ViewKeeper | None = field(init=False, default=None)

    def __post_init__(self) -> None:
        self.inboxes = Inboxes(self.scenario)
        self._reader = InboxReader(self.path, self.team)
        self._context = Context.of(self.scenario)
        self._check(self.follower.events)
        self.inboxes.add(self.team, self._reader.poll())

    @classmethod
    def open(cls, path: Path, team: str) -> SeatLink:
        """Open a session for a team's seat (the journal checked as every reader checks it)."""
        _, scenario, _, _ = open_journal(path)
        if team not in scenario.actors:
            raise ActionError(f"there is no team '{team}' in this session")
        return cls(path, team, Follower(path), scenario)

    def _check(self, events: Sequence[Mapping[str, Any]]) -> None:
        for event in events:
            problem = event_problem(event, self._context)
            if problem is not None:
                raise EventProblem(event["seq"], problem)

    @property
    def events(self) -> list[dict[str, Any]]:
        return self.follower.events

    def poll(self) -> bool:
        """Read what the journal and the team's inbox gained; whether anything did.
        (JournalError or EventProblem: the journal can no longer be followed.)"""
        new = self.follower.poll()
        self._check(new)
        if new:
            self._state = None
        mine = self.inboxes.add(self.team, self._reader.poll())
        return bool(new or mine)

    @property
    def state(self) -> State:
        if self._state is None:
            self._state = replay(self.scenario.initial_values(), self.events)
        return self._state

    def view(self) -> View:
        """The team's view: everything the seat shows comes from here (kept up to date
        with the events read, at the cost of the new ones: `ViewKeeper`)."""
        if self._keeper is None:
            self._keeper = ViewKeeper(self.scenario, self.team, header=self.follower.header)
        keeper = self._keeper
        return keeper.extend(self.events[len(keeper.events) :])

    def statuses(self, seen: View | None = None) -> list[Status]:
        """Where each of the team's submissions stands, oldest first, by the team's view
        (which holds the team's own acceptances and returns)."""
        seen = seen or self.view()
        turn = seen.turn.index if seen.turn is not None else -1
        return subs.statuses(self.inboxes.submissions, seen.events, turn, seen.ended is not None)

    def submit(self, **fields: Any) -> Submission:
        """Hand something in (kind=declare|argue|answer and its fields), durably: when this
        returns, the submission is on disk in the team's inbox (InboxError if it cannot be)."""
        record = {
            "id": f"{self.team}-{secrets.token_hex(6)}",
            "team": self.team,
            "turn": self.state.turn,
            "at": iso(utc_now()),
            **fields,
        }
        submission = subs.parse(record, self.team)
        if submission is None:
            raise ActionError("that submission is incomplete")
        self.inboxes.add(self.team, self._reader.poll())  # (other seats of the team)
        flood = subs.flood_refusal(self.inboxes.submissions, submission)
        if flood is not None:
            raise ActionError(flood)
        if submission.kind == "reply" and not any(
            o.seq == submission.offer and o.yours for o in self.view().offers
        ):  # (the session checks again when the facilitator accepts it)
            raise ActionError("that offer is not waiting for your team's answer now")
        append_submission(self.path, self.team, submission.to_record())
        self.inboxes.add(self.team, self._reader.poll())
        return submission
