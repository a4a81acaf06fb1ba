"""Offers and deception: what a move puts to other actors and who sees through a deceptive one.

An adjudicated move may put an offer (answered, countered, or left to expire at the turn's
end; the computer answers by the offer's doctrine) and, if deceptive, roll for each
observer to see through its public face.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from tabletop.engine import errors
from tabletop.engine.dice import number
from tabletop.engine.doctrine import answer_by, choose_answer
from tabletop.engine.events import Event
from tabletop.engine.options import ANSWERS, AnswerOption, answer_options, offer_refusal
from tabletop.engine.session_core import SessionCore, _submitted
from tabletop.engine.state import Declaration, OfferState
from tabletop.scenario.compiled import CompiledDeception, CompiledMove
from tabletop.scenario.expressions import Effect


class SessionOffers(SessionCore):
    """The session's offers and deception tests."""

    # ---------------------------------------------------------------- offers

    def _make_offer(self, move: CompiledMove, declaration: Declaration) -> None:
        offer = move.offer
        assert offer is not None
        model = offer.model
        turn = self.state.turn
        opens = max(turn if model.answer_in == "same_turn" else turn + 1, offer.answer_from)
        self._push(
            "offer_made",
            {
                "actor": declaration.actor,
                "move": move.id,
                "to": list(offer.to),
                "terms": model.terms,
                "private": model.private,
                "opens": opens,
                "closes": opens + model.expires - 1,
                "counter_of": None,
                "declaration": declaration.seq,
            },
        )

    def answer_options(self, actor: str) -> list[AnswerOption]:
        """The offers waiting for `actor`'s answer, each with why it cannot answer now."""
        return answer_options(self.state, actor)

    def open_offers(self) -> list[tuple[OfferState, str]]:
        """Every (offer, addressee) that may be answered now, oldest first."""
        return list(self._answerable_now())

    def _answerable_now(self) -> Iterator[tuple[OfferState, str]]:
        """`open_offers()` one at a time: asking whether any is open costs the first alone."""
        state = self.state
        turn = state.turn
        for offer in state.offers.values():
            if offer.opens <= turn <= offer.closes:  # the others are refused: skip them fast
                for actor in offer.waiting():
                    if offer_refusal(state, offer, actor) is None:
                        yield offer, actor

    def find_offer(self, actor: str, ref: int | str) -> OfferState:
        """The offer `ref` (its seq, or the id of the move it comes from: then the latest
        offer from that move, counters included, waiting for `actor`'s answer)."""
        offers = self.state.offers
        if isinstance(ref, int) and not isinstance(ref, bool):
            found = offers.get(ref)
            if found is None:
                raise errors.UnknownOffer(f"there is no offer #{ref}")
            return found
        waiting = [o for o in offers.values() if o.move == ref and actor in o.to]
        if not waiting:
            raise errors.UnknownOffer(f"no offer from move '{ref}' is addressed to {actor}")
        unanswered = [o for o in waiting if actor not in o.answers]
        return (unanswered or waiting)[-1]

    def _offer_effects(self, offer: OfferState, answer: str) -> tuple[Sequence[Effect], str]:
        """What an answer does: the scenario's result for a move's offer; for a
        counter-offer, its own terms' effects if accepted and nothing else."""
        if offer.counter_of is None:
            compiled = self.scenario.moves.get(offer.move)
            if compiled is None or compiled.offer is None:
                return (), ""
            return compiled.offer.result(answer)
        if answer == "accept":
            return self._compile_effects(offer.if_accepted), ""
        return (), ""

    def answer_offer(
        self,
        offer: int | str,
        actor: str,
        answer: str,
        *,
        terms: str = "",
        effects: Sequence[str] = (),
        reason: str = "",
        by: str = "facilitator",
        submission: str | None = None,
    ) -> list[Event]:
        """`actor` answers an offer: accept, reject, or counter with amended `terms` (and the
        `effects` they have if the offerer accepts them), a new offer back (`submission`:
        the seat's submission it accepts, `by` then "seat")."""
        if actor not in self.scenario.actors:
            raise errors.UnknownActor(self._unknown_actor(actor))
        found = self.find_offer(actor, offer)
        refusal = offer_refusal(self.state, found, actor)
        if refusal is not None:
            raise refusal.exception()
        if answer not in ANSWERS:
            raise errors.ActionError(f"an answer is accept, reject or counter, not '{answer}'")
        texts = [t.strip() for t in effects if t.strip()]
        if answer == "counter":
            if not terms.strip():
                raise errors.EmptyText("a counter-offer needs its amended terms")
            self._compile_effects(texts)
        return self._run(
            lambda: self._answer(
                found, actor, answer, terms.strip(), texts, reason.strip(), by, submission
            )
        )

    def _answer(
        self,
        offer: OfferState,
        actor: str,
        answer: str,
        terms: str,
        texts: Sequence[str],
        reason: str,
        by: str,
        submission: str | None = None,
    ) -> None:
        effects, narrative = self._offer_effects(offer, answer)
        fields: dict[str, Any] = {
            "offer": offer.seq,
            "actor": actor,
            "effects": self._changes(effects),
            "narrative": narrative,
            "by": by,
            "reason": reason,
            **_submitted(submission),
        }
        if offer.private:  # its parties, so that each event says who may see it
            fields["between"] = [offer.actor, *offer.to]
        if answer != "counter":
            self._push("offer_answered", {**fields, "answer": answer})
            return
        self._push("offer_countered", {**fields, "terms": terms})
        compiled = self.scenario.moves.get(offer.move)
        model = compiled.offer.model if compiled is not None and compiled.offer else None
        turn = self.state.turn
        opens = turn if model is None or model.answer_in == "same_turn" else turn + 1
        expires = 1 if model is None else model.expires
        self._push(
            "offer_made",
            {
                "actor": actor,
                "move": offer.move,
                "to": [offer.actor],
                "terms": terms,
                "private": offer.private,
                "opens": opens,
                "closes": opens + expires - 1,
                "counter_of": offer.seq,
                "if_accepted": list(texts),
                "declaration": None,
            },
        )

    def _computer_answers(self, actors: Iterable[str] | None) -> None:
        """The computer answers every offer open to one of `actors` (None: anyone), by the
        offer's doctrine; counters it makes that are open at once are answered too."""
        wanted = None if actors is None else frozenset(actors)
        plans = self._tables.moves
        while True:
            state = self.state
            if state.over:
                return
            turn = state.turn
            todo = [  # open_offers(), without a refusal built to be thrown away
                (offer, actor)
                for offer in state.offers.values()
                if offer.opens <= turn <= offer.closes
                for actor in offer.to
                if actor not in offer.answers and (wanted is None or actor in wanted)
            ]
            if not todo:
                return
            for offer, actor in todo:
                found = plans.get(offer.move)
                plan = None if found is None else found.offer
                if plan is None:
                    self._answer(
                        offer, actor, "reject", "", [], "no doctrine for this offer", "computer"
                    )
                    continue
                first = offer.counter_of is None
                answer, reason = answer_by(
                    plan.answering_for(actor, first), self.state.values, self._next_rng()
                )
                if answer == "counter":
                    model = plan.offer.model
                    terms, texts = model.counter_terms, list(model.counter_effects)
                    self._answer(offer, actor, answer, terms, texts, reason, "computer")
                elif first:  # the scenario's result, as the tables prepared it
                    result = plan.results[answer]
                    changes = self._steps(result.effects, None, result.fused)
                    self._answered(offer, actor, answer, changes, result.narrative, reason)
                else:
                    self._answer(offer, actor, answer, "", [], reason, "computer")

    def _answered(
        self,
        offer: OfferState,
        actor: str,
        answer: str,
        changes: list[list[Any]],
        narrative: str,
        reason: str,
    ) -> None:
        """`_answer()` of the computer accepting or rejecting a move's offer: the
        offer_answered event, built in its final shape."""
        seq, action = len(self.events) + 1, self._action  # _head(), inlined
        event: dict[str, Any] = {
            "seq": seq,
            "kind": "offer_answered",
            "action": action,
            "turn": 0,
            "phase": "",
            "offer": offer.seq,
            "actor": actor,
            "effects": changes,
            "narrative": narrative,
            "by": "computer",
            "reason": reason,
        }
        if offer.private:  # its parties, so that each event says who may see it
            event["between"] = [offer.actor, *offer.to]
        event["answer"] = answer
        self._record(event)

    def answer_offer_by_computer(self, offer: int | str, actor: str) -> list[Event]:
        """Let the computer answer an offer for `actor` by the offer's doctrine."""
        found = self.find_offer(actor, offer)
        refusal = offer_refusal(self.state, found, actor)
        if refusal is not None:
            raise refusal.exception()

        def build() -> None:
            compiled = self.scenario.moves.get(found.move)
            if compiled is None or compiled.offer is None:
                self._answer(found, actor, "reject", "", [], "no doctrine", "computer")
                return
            answer, reason = choose_answer(
                compiled.offer, found.counter_of, actor, self.state.values, self._next_rng()
            )
            model = compiled.offer.model
            terms = model.counter_terms if answer == "counter" else ""
            texts = list(model.counter_effects) if answer == "counter" else []
            self._answer(found, actor, answer, terms, texts, reason, "computer")

        return self._run(build)

    def _expire_offers(self) -> None:
        turn = self.state.turn
        for offer in list(self.state.offers.values()):
            waiting = offer.waiting()
            if not waiting or offer.closes >= turn:
                continue
            effects, narrative = self._offer_effects(offer, "expire")
            self._push(
                "offer_expired",
                {
                    "offer": offer.seq,
                    "actors": list(waiting),
                    "effects": self._changes(effects),
                    "narrative": narrative,
                }
                | ({"between": [offer.actor, *offer.to]} if offer.private else {}),
            )

    # ---------------------------------------------------------------- deception

    def _test_deception(self, declaration: Declaration, deception: CompiledDeception) -> None:
        """Each observer rolls to see through a deceptive move; the first sight applies the
        scenario's consequences once."""
        seen: list[str] = []
        for observer in deception.observers:
            rng = self._next_rng()
            faces = [rng.randint(1, deception.dice_sides) for _ in range(deception.dice_count)]
            modifier = deception.modifier
            bonus = (
                modifier if isinstance(modifier, int) else int(number(modifier, self.state.values))
            )
            total = sum(faces) + bonus
            target = deception.model.target
            self._push(
                "deception_tested",
                {
                    "declaration": declaration.seq,
                    "actor": observer,
                    "dice": deception.model.dice,
                    "faces": faces,
                    "modifier": bonus,
                    "total": total,
                    "target": target,
                    "seen": total >= target,
                },
            )
            if total >= target:
                seen.append(observer)
        if seen:
            self._push(
                "deception_seen",
                {
                    "declaration": declaration.seq,
                    "actors": seen,
                    "effects": self._changes(deception.seen),
                    "narrative": deception.model.seen.narrative,
                },
            )
