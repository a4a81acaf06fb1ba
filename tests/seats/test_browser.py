"""The seats in a real browser: `tabletop serve` on loopback, Chromium (the system's
package) driven by Playwright. A wrong code is refused, a team joins with its code,
declares its move, and the declaration arrives on the facilitator's console (Pilot, on
the same session). Every wait is bounded; screenshots go to a temporary folder (their
paths are printed with -s; `TABLETOP_SCREENSHOTS=DIR` keeps them).

Playwright cannot download browsers here: it is launched with `executable_path` at the
system's chromium. Without playwright or chromium the test skips, unless
TABLETOP_REQUIRE_BROWSER is set (CI sets it: there a skip is a failure).
"""

from __future__ import annotations

import asyncio
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tabletop.journal import read_journal
from tabletop.journal.inbox import inbox_path, recent_failures, seats_dir
from tabletop.live import resume_session
from tests.conftest import MINI
from tests.tui.helpers import make_app, screen_text

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
REQUIRED = bool(os.environ.get("TABLETOP_REQUIRE_BROWSER"))
LINE = re.compile(r"^\s+(\w+)\s+(.+?)\s+([A-Z0-9]{6,})\s+(http://\S+)$")


def _need(ok: bool, why: str) -> None:
    if not ok:
        if REQUIRED:
            pytest.fail(f"the browser test cannot run: {why}")
        pytest.skip(why)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def start_serve(session: Path, port: int) -> tuple[subprocess.Popen[str], dict[str, str], str]:
    """`tabletop serve MINI` on loopback: the process, each team's code, the seats' URL."""
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "tabletop",
            "serve",
            str(MINI),
            "--session",
            str(session),
            "--port",
            str(port),
            "--seed",
            "3",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    assert process.stdout is not None
    codes: dict[str, str] = {}
    url = ""
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        line = process.stdout.readline()
        if not line:
            break
        found = LINE.match(line.rstrip("\n"))
        if found:
            codes[found.group(1)] = found.group(3)
            url = found.group(4)
        if line.startswith("Projector:"):
            break
    return process, codes, url


def wait_for_port(port: int, seconds: float = 10) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise AssertionError(f"nothing listens on port {port}")


async def settle(check, seconds: float = 10.0, step: float = 0.1) -> bool:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return True
        await asyncio.sleep(step)
    return bool(check())


async def test_a_team_joins_in_a_browser_and_declares(tmp_path: Path) -> None:
    _need(CHROMIUM is not None, "no chromium on this machine (apt-get install chromium)")
    try:
        from playwright.async_api import async_playwright
    except ImportError:
        _need(False, "playwright is not installed (pip install -e '.[dev]')")
        return
    shots = Path(os.environ.get("TABLETOP_SCREENSHOTS") or tmp_path / "shots")
    shots.mkdir(parents=True, exist_ok=True)
    session = tmp_path / "room.jsonl"
    port = free_port()
    server, codes, url = start_serve(session, port)
    try:
        assert set(codes) == {"red", "blue"}, "serve prints one line per team"
        assert len(set(codes.values())) == 2
        assert url == f"http://127.0.0.1:{port}/"
        wait_for_port(port)
        live = resume_session(session)
        console = make_app(live=live)
        async with console.run_test(size=(120, 40)) as facilitator, async_playwright() as pw:
            await facilitator.press("n")  # the declaration phase
            browser = await pw.chromium.launch(
                executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"]
            )
            page = await browser.new_page(viewport={"width": 1100, "height": 700})
            page.set_default_timeout(10_000)
            await page.goto(url, wait_until="domcontentloaded")
            # textual-serve draws the app in a canvas: wait for the first bytes
            await page.wait_for_selector("body.-first-byte", timeout=15_000)
            await asyncio.sleep(1.0)
            await page.screenshot(path=str(shots / "1-join.png"))

            # A wrong code is refused (and counted, so repeated ones slow down).
            await page.mouse.click(550, 350)
            await page.keyboard.type("WRONG123")
            await page.keyboard.press("Enter")
            assert await settle(lambda: recent_failures(session) == 1)
            await asyncio.sleep(0.5)
            await page.screenshot(path=str(shots / "2-wrong-code.png"))

            # Red's code opens Red's seat.
            await page.keyboard.type(codes["red"])
            await page.keyboard.press("Enter")
            await asyncio.sleep(2.0)
            await page.screenshot(path=str(shots / "3-red-seat.png"))

            # Red declares its first move (d, then Submit).
            await page.keyboard.press("d")
            await asyncio.sleep(1.0)
            await page.screenshot(path=str(shots / "4-declare.png"))
            await page.keyboard.press("Control+s")
            inbox = inbox_path(session, "red")
            assert await settle(lambda: inbox.exists() and inbox.stat().st_size > 0)

            # It arrives on the console; one key accepts it into the journal.
            assert await settle(lambda: "Red submitted" in screen_text(console))  # type: ignore[arg-type]
            await facilitator.press("A")
            declared = [e for e in read_journal(session).events if e["kind"] == "move_declared"]
            assert [(e["actor"], e["by"]) for e in declared] == [("red", "seat")]
            await asyncio.sleep(1.0)
            await page.screenshot(path=str(shots / "5-accepted.png"))
            await browser.close()
        live.close()
        print(f"\nscreenshots: {shots}")
        codes_text = (seats_dir(session) / "codes.json").read_text()
        assert codes["red"] not in codes_text and codes["blue"] not in codes_text
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=5)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait(timeout=5)
