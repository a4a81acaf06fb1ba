"""Typed errors for actions the rules refuse, with messages a facilitator understands."""

from __future__ import annotations


class ActionError(Exception):
    """An action the session refuses; nothing was recorded."""


class WrongPhase(ActionError):
    """The action belongs to another phase of the turn."""


class UnknownActor(ActionError):
    """No actor by that id in the scenario."""


class NotParticipating(ActionError):
    """The actor takes no part in the current turn."""


class PlayedByComputer(ActionError):
    """In solo play, the actor is the computer's: the player declares for its own only."""


class UnknownMove(ActionError):
    """No such move in the actor's catalogue."""


class PreconditionFailed(ActionError):
    """The move's precondition does not hold now."""


class LimitReached(ActionError):
    """The move has been taken as often as the scenario allows."""


class AlreadyDeclared(ActionError):
    """The actor has declared this move this turn already."""


class MovesPending(ActionError):
    """Declared moves still wait for adjudication."""


class NothingToAdjudicate(ActionError):
    """Every move declared this turn has been adjudicated."""


class UnknownDeclaration(ActionError):
    """No declared move by that number this turn."""


class AlreadyAdjudicated(ActionError):
    """The move has been adjudicated already."""


class BadOutcome(ActionError):
    """The outcome chosen is not one of the move's, or one is needed."""


class OverrideNeedsReason(ActionError):
    """Overriding a roll or a rule's result needs a reason on the record."""


class BadEffect(ActionError):
    """A free-form effect that does not parse or type-check."""


class UnknownInject(ActionError):
    """No inject by that id, or it was delivered already."""


class SessionOver(ActionError):
    """The session has ended; only notes, undo and export remain."""


class NothingToUndo(ActionError):
    """No action left to undo (or to redo)."""


class DecidedByChance(ActionError):
    """In solo play, the last action holds the computer's choices or a roll: it stands
    (undoing it would let the player see the computer's sealed moves before its own, or
    roll again)."""


class EmptyText(ActionError):
    """A note, label or reason that is required is blank."""


class UnknownObjective(ActionError):
    """No exercise objective by that id in the scenario."""


class BadEvaluation(ActionError):
    """A rating, a due date or a feedback score that is not one the evaluation allows."""


class UnknownOffer(ActionError):
    """No such offer, or none open to that actor."""


class OfferClosed(ActionError):
    """The offer cannot be answered by that actor now (answered, not yet open, expired)."""
