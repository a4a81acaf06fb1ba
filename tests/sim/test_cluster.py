"""`simulate --cluster`: the runs on a Dask cluster (here a local one on loopback, one
worker thread in this process) give the report `--jobs 1` gives, byte for byte."""

from __future__ import annotations

import io
import socket
from collections.abc import Callable, Iterator

import pytest
from distributed import LocalCluster

from tabletop.sim import cluster, progress
from tests.sim.conftest import MINI


@pytest.fixture(scope="module")
def scheduler() -> Iterator[str]:
    """The address of a one-worker Dask cluster listening on 127.0.0.1 only."""
    with LocalCluster(
        n_workers=1,
        threads_per_worker=1,
        processes=False,
        host="127.0.0.1",
        protocol="tcp",
        dashboard_address=None,
    ) as cluster:
        yield cluster.scheduler_address


Run = Callable[..., tuple[int, str, str]]


def test_a_cluster_gives_the_report_of_one_process(simulate: Run, scheduler: str) -> None:
    args = (MINI, "--runs", "60", "--seed", "7", "--json")
    status, local, _ = simulate(*args, "--jobs", "1")
    assert status == 0
    status, remote, err = simulate(*args, "--cluster", scheduler)
    assert status == 0, err
    assert remote == local


def test_paired_runs_on_a_cluster_too(simulate: Run, scheduler: str) -> None:
    args = (MINI, "--runs", "30", "--seed", "2", "--json", "--effects")
    assert simulate(*args, "--jobs", "1")[1] == simulate(*args, "--cluster", scheduler)[1]


def test_progress_is_drawn_on_a_terminal(
    simulate: Run, scheduler: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    screen = Terminal()
    real = progress.ProgressBar.__init__

    def drawn_at_once(self: progress.ProgressBar, label: str, *args: object, **kw: object) -> None:
        real(self, label, screen, delay=0)

    monkeypatch.setattr(progress.ProgressBar, "__init__", drawn_at_once)
    monkeypatch.setattr(progress.ProgressBar, "wanted", staticmethod(lambda stream=None: True))
    status, _, err = simulate(MINI, "--runs", "40", "--cluster", scheduler)
    assert status == 0, err
    assert "40/40 runs" in screen.getvalue()


def test_no_scheduler_is_a_clear_error(simulate: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cluster, "CONNECT_TIMEOUT", "1s")
    with socket.socket() as free:  # a loopback port nobody listens on
        free.bind(("127.0.0.1", 0))
        port = free.getsockname()[1]
    status, out, err = simulate(MINI, "--runs", "5", "--cluster", f"tcp://127.0.0.1:{port}")
    assert status == 1
    assert out == ""
    assert f"cannot reach the Dask scheduler at tcp://127.0.0.1:{port}" in err
    assert "Traceback" not in err


def test_cluster_with_jobs_is_a_usage_error(simulate: Run) -> None:
    status, _, err = simulate(MINI, "--runs", "5", "--jobs", "2", "--cluster", "tcp://x:1")
    assert status == 2
    assert "--cluster cannot be combined with --jobs" in err
