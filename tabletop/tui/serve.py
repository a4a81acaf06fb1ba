"""`tabletop serve`: the team seats and the projector in browsers, through textual-serve.

textual-serve runs a Textual app per browser connection (a subprocess speaking to the
page over a websocket): here `tabletop seat SESSION` at `/` and `tabletop watch SESSION`
at `/projector/`, on one port. No front end of our own: its page and its JavaScript are
textual-serve's; we only leave out its web font, fetched from Google, so that a room's
network needs no internet and tells no one who is playing.

The join codes never travel in a command line or a page: `serve` keeps their salted hashes
in the session's seats folder (mode 0600, `journal.inbox.write_codes`) and prints the
codes once, for the facilitator to hand out.
"""

from __future__ import annotations

import logging
import re
import shlex
import sys
from pathlib import Path
from typing import Any

import aiohttp_jinja2
import jinja2
from aiohttp import web
from textual_serve.server import Server

SEAT_PATH = "/"
PROJECTOR_PATH = "/projector/"
_EXTERNAL_FONT = re.compile(r"<link[^>]*fonts\.googleapis\.com[^>]*>", re.DOTALL)


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


class _Quiet(Server):
    """A textual-serve Server that prints nothing of its own (we print the room's lines)
    and serves no external asset."""

    def initialize_logging(self) -> None:
        logging.getLogger("textual-serve").setLevel(logging.WARNING)
        logging.getLogger("aiohttp.access").setLevel(logging.WARNING)

    async def on_startup(self, app: web.Application) -> None:
        return None

    def application(self) -> web.Application:
        app = web.Application()
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

    async def _make_app(self) -> web.Application:
        app = self.application()
        app.add_subapp(PROJECTOR_PATH.rstrip("/"), self.projector.application())
        return app


def serve(session: Path, *, host: str, port: int, public_url: str, **_: Any) -> None:
    """Serve until interrupted (Ctrl+C, SIGTERM). OSError when the port cannot be had."""
    RoomServer(session, host=host, port=port, public_url=public_url).serve()
