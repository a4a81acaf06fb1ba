"""`tabletop serve`: the team seats and the projector in browsers, through textual-serve.

textual-serve runs a Textual app per browser connection (a subprocess speaking to the
page over a websocket): here `tabletop seat SESSION` at `/` and `tabletop watch SESSION`
at `/projector/`, on one port. No front end of our own: its page and its JavaScript are
textual-serve's; we only leave out its web font, fetched from Google, so that a room's
network needs no internet and tells no one who is playing.

The join codes never travel in a command line or a page: `serve` keeps their salted hashes
in the session's seats folder (mode 0600, `journal.inbox.write_codes`) and prints the
codes once, for the facilitator to hand out.

What a browser sends is a stranger's (anyone on the room's network, or a web page open in
a browser on it): a request must name this server by an address or a name it knows (a
web page elsewhere that points its own name at this machine, DNS rebinding, is refused),
a websocket must come from a page of this server (`Origin`), at most `MAX_APPS` seats
and projectors run at once (each is a process), a terminal's size is bounded, and a
malformed message is ignored, never a traceback on the facilitator's terminal.
"""

from __future__ import annotations

import asyncio
import contextlib
import ipaddress
import json
import logging
import re
import shlex
import socket
import sys
from collections.abc import Awaitable, Callable, Iterable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import aiohttp_jinja2
import jinja2
from aiohttp import WSCloseCode, WSMsgType, web
from textual_serve.app_service import AppService
from textual_serve.server import Server

SEAT_PATH = "/"
PROJECTOR_PATH = "/projector/"
_EXTERNAL_FONT = re.compile(r"<link[^>]*fonts\.googleapis\.com[^>]*>", re.DOTALL)


MAX_APPS = 32
"""The most seats and projectors running at once (each a process of its own): a room has
3-20 participants; a stranger opening connections in a loop gets 503, not the machine."""
MAX_COLUMNS = 500
MAX_ROWS = 200
"""The largest terminal a browser may ask for (a huge one costs its process memory)."""
MAX_MESSAGE = 64 * 1024
"""The longest websocket message (keys typed, a resize, a ping)."""
_KINDS = frozenset({"stdin", "resize", "ping", "blur", "focus"})


def terminal_size(width: object, height: object) -> tuple[int, int]:
    """A terminal's size as a browser asked for it, within bounds (80×24 for nonsense)."""

    def whole(value: object, default: int, most: int) -> int:
        try:
            number = int(str(value)) if not isinstance(value, bool) else default
        except ValueError:
            number = default
        return max(1, min(most, number))

    return whole(width, 80, MAX_COLUMNS), whole(height, 24, MAX_ROWS)


def client_message(text: str) -> tuple[str, Any] | None:
    """One message from a browser's page, checked: (kind, data), or None for anything
    else (not JSON, an unknown kind, data of the wrong type)."""
    try:
        envelope = json.loads(text)
    except (ValueError, RecursionError):
        return None
    if not isinstance(envelope, list) or not envelope or envelope[0] not in _KINDS:
        return None
    kind = envelope[0]
    data = envelope[1] if len(envelope) > 1 else None
    if kind == "stdin":
        return (kind, data) if isinstance(data, str) else None
    if kind == "resize":
        if not isinstance(data, dict):
            return None
        return kind, terminal_size(data.get("width"), data.get("height"))
    if kind == "ping":
        return (kind, data) if isinstance(data, str | int) and len(str(data)) <= 64 else None
    return kind, None


def _host_name(netloc: str) -> str:
    """The host of `name:port` or `[v6]:port`, lower-case, without the port."""
    netloc = netloc.strip().lower()
    if netloc.startswith("["):
        return netloc[1 : netloc.find("]")] if "]" in netloc else ""
    return netloc.rsplit(":", 1)[0] if netloc.count(":") == 1 else netloc


def _is_address(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


def known_hosts(host: str, public_url: str) -> frozenset[str]:
    """The names a browser may reach this server by: its addresses (any IP literal is
    accepted anyway), localhost, this machine's name (NAME, NAME.local, its full name),
    and --public-url's host."""
    machine = socket.gethostname().lower()
    names = {"localhost", host.lower(), _host_name(urlsplit(public_url).netloc)}
    names |= {machine, f"{machine}.local", socket.getfqdn().lower()}  # .local: mDNS
    return frozenset(n for n in names if n)


def request_refusal(
    host_header: str | None, origin: str | None, known: Iterable[str], public_url: str = ""
) -> str:
    """Why a request is refused ("" when it is not): a Host this server is not known by (a
    page elsewhere pointing its own name at this machine), or a websocket opened from a
    page of another site (its Origin is neither this server as the request names it nor
    --public-url)."""
    host = _host_name(host_header or "")
    if not host or not (_is_address(host) or host in known):
        return "unknown host"
    if origin is not None:
        parts, public = urlsplit(origin.strip().lower()), urlsplit(public_url.lower())
        here = (host_header or "").strip().lower()
        if parts.scheme not in ("http", "https") or (
            parts.netloc != here and (parts.scheme, parts.netloc) != (public.scheme, public.netloc)
        ):
            return "a page of another site"
    return ""


class Slots:
    """How many seats and projectors run now, shared by the seats' server and the
    projector's, bounded by MAX_APPS."""

    def __init__(self, most: int = MAX_APPS) -> None:
        self.most = most
        self.used = 0

    def take(self) -> bool:
        if self.used >= self.most:
            return False
        self.used += 1
        return True

    def give_back(self) -> None:
        self.used = max(0, self.used - 1)


def tabletop_command(*args: str) -> str:
    """A shell command that runs this tabletop (the same Python) with `args`."""
    return shlex.join([sys.executable, "-m", "tabletop", *args])


def _template_loader(templates: Path) -> jinja2.BaseLoader:
    """textual-serve's page template without its external web font."""

    def load(name: str) -> str | None:
        path = templates / name
        if not path.is_file():
            return None
        return _EXTERNAL_FONT.sub("", path.read_text(encoding="utf-8"))

    return jinja2.FunctionLoader(load)


async def _ended(service: AppService, seconds: float = 5.0) -> None:
    """Wait for an app's process to exit once told to quit (killed if it does not), so
    that a slot given back is a process gone."""
    process = getattr(service, "_process", None)
    if process is None:
        return
    try:
        await asyncio.wait_for(process.wait(), seconds)
    except TimeoutError:
        with contextlib.suppress(ProcessLookupError):
            process.kill()
        await process.wait()


async def _close(websocket: web.WebSocketResponse) -> None:
    await websocket.close()


class _Quiet(Server):
    """A textual-serve Server that prints nothing of its own (we print the room's lines),
    serves no external asset, and takes what browsers send as a stranger's (see above)."""

    slots: Slots
    known: frozenset[str]
    open_sockets: set[web.WebSocketResponse]

    def initialize_logging(self) -> None:
        for name in ("textual-serve", "aiohttp.access", "aiohttp.server", "aiohttp.web"):
            logging.getLogger(name).setLevel(logging.CRITICAL)

    async def on_startup(self, app: web.Application) -> None:
        return None

    @web.middleware
    async def guard(
        self, request: web.Request, handler: Callable[[web.Request], Awaitable[web.StreamResponse]]
    ) -> web.StreamResponse:
        """Refuse a request by a name this server does not know, or a websocket opened by
        a page of another site."""
        origin = request.headers.get("Origin") if request.path.endswith("/ws") else None
        if request_refusal(request.headers.get("Host"), origin, self.known, self.public_url):
            raise web.HTTPForbidden(text="Forbidden")
        return await handler(request)

    async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
        """textual-serve's, with bounds: at most MAX_APPS at once, a bounded terminal and
        message size, malformed messages ignored, no traceback printed."""
        websocket = web.WebSocketResponse(heartbeat=15, max_msg_size=MAX_MESSAGE)
        if not websocket.can_prepare(request).ok:  # no handshake: prepare() would fail
            raise web.HTTPBadRequest(text="A seat connects here through its page.")
        if not self.slots.take():
            raise web.HTTPServiceUnavailable(text="Too many seats are open; try again later.")
        self.open_sockets.add(websocket)
        try:
            width, height = terminal_size(request.query.get("width"), request.query.get("height"))
            service: AppService | None = None
            try:
                await websocket.prepare(request)
                service = AppService(
                    self.command,
                    write_bytes=websocket.send_bytes,
                    write_str=websocket.send_str,
                    close=lambda: _close(websocket),
                    download_manager=self.download_manager,
                    debug=False,
                )
                await service.start(width, height)
                await self._process_messages(websocket, service)
            except asyncio.CancelledError:
                await websocket.close()
            except Exception:  # a browser's connection failing ends it, quietly
                await websocket.close()
            finally:
                if service is not None:
                    await service.stop()
                    await _ended(service)
            return websocket
        finally:
            self.open_sockets.discard(websocket)
            self.slots.give_back()

    async def close_all(self, app: web.Application) -> None:
        """On stopping (Ctrl+C): close every seat's and projector's connection, so their
        apps quit now (the server would wait for the browsers to leave, and the seats
        joined with this serve's codes would go on meanwhile)."""
        for websocket in list(self.open_sockets):
            await websocket.close(code=WSCloseCode.GOING_AWAY, message=b"serving stopped")

    async def _process_messages(self, websocket: web.WebSocketResponse, app_service: Any) -> None:
        async for message in websocket:
            if message.type != WSMsgType.TEXT:
                continue
            checked = client_message(message.data)
            if checked is None:
                continue
            kind, data = checked
            if kind == "stdin":
                await app_service.send_bytes(data.encode("utf-8"))
            elif kind == "resize":
                await app_service.set_terminal_size(*data)
            elif kind == "ping":
                await websocket.send_json(["pong", data])
            elif kind == "blur":
                await app_service.blur()
            else:
                await app_service.focus()

    def application(self) -> web.Application:
        app = web.Application(middlewares=[self.guard])
        app.on_shutdown.append(self.close_all)
        aiohttp_jinja2.setup(app, loader=_template_loader(self.templates_path))
        app.add_routes(
            [
                web.get("/", self.handle_index, name="index"),
                web.get("/ws", self.handle_websocket, name="websocket"),
                web.get("/download/{key}", self.handle_download, name="download"),
                web.static("/static", self.statics_path, show_index=False, name="static"),
            ]
        )
        return app


class RoomServer(_Quiet):
    """The seats at `/`, the projector at `/projector/`."""

    def __init__(self, session: Path, *, host: str, port: int, public_url: str) -> None:
        session = session.resolve()
        super().__init__(
            tabletop_command("seat", str(session)),
            host=host,
            port=port,
            title="tabletop seat",
            public_url=public_url,
        )
        self.projector = _Quiet(
            tabletop_command("watch", str(session)),
            host=host,
            port=port,
            title="tabletop projector",
            public_url=public_url,
        )
        self.slots = self.projector.slots = Slots()
        self.open_sockets, self.projector.open_sockets = set(), set()
        self.known = self.projector.known = known_hosts(host, public_url)

    async def _make_app(self) -> web.Application:
        app = self.application()
        app.add_subapp(PROJECTOR_PATH.rstrip("/"), self.projector.application())
        return app


def serve(session: Path, *, host: str, port: int, public_url: str, **_: Any) -> None:
    """Serve until interrupted (Ctrl+C, SIGTERM). OSError when the port cannot be had."""
    RoomServer(session, host=host, port=port, public_url=public_url).serve()
