"""Only regular files are read: a FIFO, a device that never ends, a directory or a socket
given as a scenario, script, journal or events list is refused at once, exit 1; and a
read never goes past its limit, whatever size the file reports."""

from __future__ import annotations

import os
import signal
import socket
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tabletop.cli import main
from tabletop.safe_read import Refused, read_regular
from tests.conftest import MINI

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="FIFOs and sockets are POSIX")


@pytest.fixture(autouse=True)
def no_hang() -> Iterator[None]:
    """A refusal is immediate: a test that blocks fails after 10 s instead of hanging."""

    def hung(*_: object) -> None:
        raise TimeoutError("blocked reading a special file")

    previous = signal.signal(signal.SIGALRM, hung)
    signal.alarm(10)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, previous)


def fifo(tmp_path: Path) -> Path:
    path = tmp_path / "pipe"
    os.mkfifo(path)
    return path


def unix_socket(tmp_path: Path) -> Path:
    path = Path("/tmp") / f"tt-sock-{os.getpid()}-{tmp_path.name[:20]}"
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(path))
    return path


SPECIAL: dict[str, tuple[Callable[[Path], Path], str]] = {
    "fifo": (fifo, "is a named pipe (FIFO), not "),
    "dev-zero": (lambda _: Path("/dev/zero"), "is a device, not "),
    "dev-urandom": (lambda _: Path("/dev/urandom"), "is a device, not "),
    "directory": (lambda tmp: tmp, "is a directory, not "),
    "socket": (unix_socket, "is a socket, not "),
}

COMMANDS: dict[str, Callable[[Path, Path], list[str]]] = {
    "scenario": lambda bad, tmp: ["validate", str(bad)],
    "script": lambda bad, tmp: [
        "run",
        str(MINI),
        "--script",
        str(bad),
        "--session",
        str(tmp / "s.jsonl"),
    ],
    "journal": lambda bad, tmp: ["replay", str(bad)],
    "events list": lambda bad, tmp: [
        "events",
        "import",
        str(MINI),
        str(bad),
        "-o",
        str(tmp / "o.toml"),
    ],
}


@pytest.mark.parametrize("kind", SPECIAL)
@pytest.mark.parametrize("given_as", COMMANDS)
def test_a_special_file_is_refused_at_once(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], kind: str, given_as: str
) -> None:
    """Given a FIFO, /dev/zero, /dev/urandom, a directory or a socket, when it is given
    as a scenario, a script, a journal or an events list, then the command says what the
    file is on one line and exits 1, without reading it."""
    make, said = SPECIAL[kind]
    bad = make(tmp_path)
    try:
        status = main(COMMANDS[given_as](bad, tmp_path))
    finally:
        if kind == "socket":
            bad.unlink()
    out, err = capsys.readouterr()
    assert (status, out) == (1, "")
    assert err.startswith(f"{bad}: {said}"), err
    assert err.count("\n") == 1 and "internal error" not in err


def test_a_read_stops_at_its_limit_whatever_the_size_reported(tmp_path: Path) -> None:
    """Given a file larger than the limit, when it is read, then at most limit + 1 bytes
    are read and it is refused; /proc files report size 0 and are held to it too."""
    big = tmp_path / "big.toml"
    big.write_bytes(b"x" * 1000)
    with pytest.raises(Refused, match="larger than 999 bytes"):
        read_regular(big, 999, "scenario file")
    assert read_regular(big, 1000) == b"x" * 1000
    proc = Path("/proc/self/status")
    if proc.exists():
        assert proc.stat().st_size == 0
        with pytest.raises(Refused, match="larger than 10 bytes"):
            read_regular(proc, 10)
