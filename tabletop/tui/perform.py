"""Run a session command from the TUI: its events, or the refusal in words.

The session's commands check the rules and make their events durable before returning;
here an `ActionError` (the rules refuse) or a `JournalError` (the disk refused) becomes
the message the facilitator reads, never a crash.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tabletop.engine.events import Event


def perform(command: Callable[[], list[Event]]) -> tuple[list[Event], str | None]:
    """(the events recorded, None) when done; ([], why not) when refused."""
    # Imported here, not above: the app imports this module before its first frame,
    # which waits for neither the engine nor the journal (docs/architecture.md).
    from tabletop.engine.errors import ActionError
    from tabletop.journal import JournalError

    try:
        return command(), None
    except ActionError as exc:
        return [], str(exc)
    except JournalError as exc:
        return [], f"not saved, so not done: {exc}"
