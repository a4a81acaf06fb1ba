"""`tabletop serve` facing strangers: what a browser on the room's network (or a web page
open in one) can send to the seats' server (tabletop/tui/serve.py).

The server runs in-process on loopback (aiohttp's test server); the app behind a
websocket is a stand-in process that speaks textual-serve's protocol (it says it is
ready and quits when told), so no seat is started.
"""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from aiohttp.test_utils import TestClient, TestServer

from tabletop.tui.serve import (
    MAX_COLUMNS,
    MAX_ROWS,
    RoomServer,
    client_message,
    request_refusal,
    terminal_size,
)

STAND_IN = (
    "import sys\n"
    "sys.stdout.write('__GANGLION__\\n'); sys.stdout.flush()\n"
    "while True:\n"
    "    data = sys.stdin.buffer.read1(65536)\n"
    "    if not data or b'quit' in data:\n"
    "        break\n"
)
"""An app process as textual-serve expects one: ready at once, gone when told to quit."""


async def _serving(tmp_path: Path) -> tuple[TestClient[Any, Any], RoomServer]:
    """The room's server started on loopback, its apps the stand-in."""
    script = tmp_path / "stand_in.py"
    script.write_text(STAND_IN, encoding="utf-8")
    server = RoomServer(
        tmp_path / "s.jsonl", host="127.0.0.1", port=0, public_url="http://127.0.0.1:8000"
    )
    server.command = server.projector.command = f"{sys.executable} {script}"
    client = TestClient(TestServer(await server._make_app(), host="127.0.0.1"))
    await client.start_server()
    return client, server


@pytest.fixture
async def room(tmp_path: Path):  # type: ignore[no-untyped-def]
    """The room's server on loopback, its apps the stand-in; (client, server)."""
    client, server = await _serving(tmp_path)
    try:
        yield client, server
    finally:
        await settled(server)
        await client.close()


async def settled(server: RoomServer, used: int = 0) -> None:
    """Wait (bounded) until the server has seen its apps close down to `used`."""
    for _ in range(200):
        if server.slots.used <= used:
            return
        await asyncio.sleep(0.02)


def here(client: TestClient) -> str:
    return f"http://127.0.0.1:{client.port}"


async def test_a_websocket_from_another_sites_page_is_refused(room) -> None:  # type: ignore[no-untyped-def]
    """Given the seats served, when a page of another site (open in a browser on the room's
    network) opens the seats' or the projector's websocket, then it is refused (403) and
    nothing starts; the server's own page may open it."""
    client, server = room
    for path in ("/ws", "/projector/ws"):
        with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
            await client.ws_connect(path, headers={"Origin": "http://evil.example"})
        assert refused.value.status == 403
    assert server.slots.used == 0
    ws = await client.ws_connect("/ws", headers={"Origin": here(client)})
    await ws.send_str('["ping", "1"]')
    assert (await ws.receive_json(timeout=10)) == ["pong", "1"]
    await ws.close()


async def test_a_name_the_server_does_not_know_is_refused(room) -> None:  # type: ignore[no-untyped-def]
    """Given the seats served, when a request names the server by a name it does not know
    (a web page that points its own name at this machine: DNS rebinding), then it is
    refused; by its address, or localhost, it is served."""
    client, _ = room
    refused = await client.get("/", headers={"Host": f"evil.example:{client.port}"})
    assert refused.status == 403
    for host in (f"127.0.0.1:{client.port}", f"localhost:{client.port}"):
        assert (await client.get("/", headers={"Host": host})).status == 200


async def test_a_plain_request_to_a_websocket_address_is_a_bad_request(room) -> None:  # type: ignore[no-untyped-def]
    """Given the seats served, when a stranger asks for the seats' or the projector's
    websocket address without the websocket handshake (typed in a browser, a scanner),
    then it is refused as a bad request (400), not answered with a server error (500:
    "Server got itself in trouble"), and no seat's place stays taken."""
    client, server = room
    for path in ("/ws", "/projector/ws"):
        response = await client.get(path)
        assert (response.status, server.slots.used) == (400, 0)


async def test_malformed_messages_are_ignored_without_a_traceback(
    room,  # type: ignore[no-untyped-def]
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Given a seat's websocket, when a stranger sends what no page of ours sends (not
    JSON, unknown kinds, data of the wrong type, an absurd size), then each is ignored:
    the connection goes on (a ping still answers) and the facilitator's terminal shows no
    traceback."""
    client, _ = room
    ws = await client.ws_connect("/ws?width=-5&height=100000000")
    for junk in (
        "not json",
        '{"a": 1}',
        "[]",
        '["stdin", 5]',
        '["resize", {}]',
        '["resize", {"width": "x", "height": [1]}]',
        '["resize", {"width": 1000000, "height": 1000000}]',
        '["ping", {"big": "x"}]',
        "[" * 30_000 + "]" * 10,
    ):
        await ws.send_str(junk)
    await ws.send_str('["ping", "alive"]')
    assert (await ws.receive_json(timeout=10)) == ["pong", "alive"]
    await ws.close()
    captured = capsys.readouterr()
    assert "Traceback" not in captured.out + captured.err


async def test_at_most_so_many_seats_and_projectors_run_at_once(room) -> None:  # type: ignore[no-untyped-def]
    """Given the seats served, when connections keep coming beyond the limit (each would
    be a process), then the next is refused (503) until one closes."""
    client, server = room
    server.slots.most = 2
    first = await client.ws_connect("/ws")
    second = await client.ws_connect("/projector/ws")
    with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
        await client.ws_connect("/ws")
    assert refused.value.status == 503
    await first.close()
    await settled(server, 1)
    third = await client.ws_connect("/ws")
    await third.close()
    await second.close()


async def test_stopping_the_server_closes_the_seats_at_once(tmp_path: Path) -> None:
    """Given a seat and a projector connected, when serving stops (Ctrl+C), then their
    connections are closed and their processes gone straight away (the server waited
    for the browsers to leave, and the seats joined with the old codes went on)."""
    client, server = await _serving(tmp_path)
    seat = await client.ws_connect("/ws")
    projector = await client.ws_connect("/projector/ws")
    await seat.send_str('["ping", "1"]')
    assert (await seat.receive_json(timeout=10)) == ["pong", "1"]
    await asyncio.wait_for(client.server.close(), 10)  # bounded: it hung for a minute
    assert server.slots.used == 0
    for ws in (seat, projector):
        assert (await ws.receive(timeout=5)).type in (
            aiohttp.WSMsgType.CLOSE,
            aiohttp.WSMsgType.CLOSED,
        )
    await client.close()


def test_a_terminal_size_is_bounded() -> None:
    """Given the size a browser asks for, when it is nonsense or absurd, then the seat gets
    80×24 or the bounds."""
    assert terminal_size("120", "40") == (120, 40)
    assert terminal_size("x", None) == (80, 24)
    assert terminal_size("-5", "0") == (1, 1)
    assert terminal_size(10**9, 10**9) == (MAX_COLUMNS, MAX_ROWS)
    assert terminal_size(True, 3.7) == (80, 24)


def test_a_message_is_checked_before_it_reaches_a_seat() -> None:
    """Given a websocket message, only the page's own kinds, with data of their types,
    are passed on."""
    assert client_message('["stdin", "d"]') == ("stdin", "d")
    assert client_message('["resize", {"width": 9999, "height": 30}]') == (
        "resize",
        (MAX_COLUMNS, 30),
    )
    assert client_message('["focus"]') == ("focus", None)
    for junk in ('["stdin", null]', '["exec", "x"]', '"stdin"', "{", '["ping", {}]'):
        assert client_message(junk) is None


def test_the_machine_is_known_by_its_names() -> None:
    """A room reaches the server by the machine's name too (NAME, NAME.local), and by
    --public-url's host."""
    import socket

    from tabletop.tui.serve import known_hosts

    known = known_hosts("0.0.0.0", "https://room.example:8443/")
    machine = socket.gethostname().lower()
    assert {"localhost", machine, f"{machine}.local", "room.example"} <= known
    assert request_refusal(f"{machine}.local:8000", None, known) == ""


def test_an_origin_must_be_this_server() -> None:
    """The Origin of a websocket is this server as the request names it, or --public-url;
    a Host is an address, localhost, this machine's name, or --public-url's."""
    known = frozenset({"localhost", "room.example"})
    assert request_refusal("127.0.0.1:8000", "http://127.0.0.1:8000", known) == ""
    assert request_refusal("[::1]:8000", None, known) == ""
    assert (
        request_refusal("room.example", "https://room.example", known, "https://room.example") == ""
    )
    assert (
        request_refusal("127.0.0.1:8000", "https://room.example", known, "https://room.example/")
        == ""
    )
    assert request_refusal("127.0.0.1:8000", "http://127.0.0.1:9999", known)
    assert request_refusal("127.0.0.1:8000", "null", known)
    assert request_refusal("evil.example:8000", None, known)
    assert request_refusal(None, None, known)
