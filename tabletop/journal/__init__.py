"""The session journal: the append-only, crash-safe record of a session (JSON Lines).

Line 1 is a header (format, version, scenario id and sha256, seed, created, parent,
settings); every other line is one event. The engine hands events to
`JournalWriter.write` (the sink) before applying them; `read_journal` reads them back.
The format is described in docs/session-format.md.
"""

from tabletop.journal.format import (
    FORMAT_NAME,
    FORMAT_VERSION,
    JournalError,
    make_header,
)
from tabletop.journal.paths import SessionInfo, data_dir, new_session_path, recent_sessions
from tabletop.journal.reader import Journal, check_scenario, is_journal, read_journal
from tabletop.journal.writer import JournalWriter

__all__ = [
    "FORMAT_NAME",
    "FORMAT_VERSION",
    "Journal",
    "JournalError",
    "JournalWriter",
    "SessionInfo",
    "check_scenario",
    "data_dir",
    "is_journal",
    "make_header",
    "new_session_path",
    "read_journal",
    "recent_sessions",
]
