"""`simulate --cluster ADDRESS`: the playthroughs on a Dask distributed cluster.

The runner needs only a `concurrent.futures.Executor`; a `distributed.Client` gives one.
What a cluster adds is machines without the scenario file: a worker plugin hands every
worker (those that join later too) the scenario's text, which it compiles once and keeps
under the path and sha256 the tasks name, so tasks stay as small as for local processes.
The results are merged in run order as for local jobs: the report is byte-identical to
`--jobs 1`.

Dask is an optional extra (`pip install 'tabletop[dask]'`); this module imports it at
the top, so import it only when a cluster is asked for.
"""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import Executor
from contextlib import contextmanager
from typing import Any

from distributed import Client
from distributed.diagnostics.plugin import WorkerPlugin

from tabletop.sim.worker import remember_text

CONNECT_TIMEOUT = "10s"
"""How long to wait for the scheduler before giving up."""
WORKER_TIMEOUT = 30.0
"""Seconds to wait for a first worker to join."""


class ClusterError(Exception):
    """The cluster cannot be used; the message is ready to print."""


class ScenarioPlugin(WorkerPlugin):
    """Gives each worker the scenario: compiled once per worker, when it joins."""

    def __init__(self, path: str, sha256: str, data: bytes) -> None:
        self.path, self.sha256, self.data = path, sha256, data

    def setup(self, worker: Any) -> None:
        remember_text(self.path, self.sha256, self.data)


@contextmanager
def cluster_executor(
    address: str, path: str, sha256: str, data: bytes
) -> Iterator[tuple[Executor, int]]:
    """Connect to the scheduler at `address`, give its workers the scenario (`data`, the
    file's bytes, loaded as `path` with this sha256), and yield an executor over them with
    their number of threads (how finely to cut the runs). Disconnects afterwards."""
    try:
        client = Client(address, timeout=CONNECT_TIMEOUT, set_as_default=False)
    except (OSError, TimeoutError, ValueError, TypeError) as exc:
        raise ClusterError(f"cannot reach the Dask scheduler at {address}: {exc}") from None
    try:
        client.register_plugin(
            ScenarioPlugin(path, sha256, data), name=f"tabletop-scenario-{sha256[:16]}"
        )
        try:
            client.wait_for_workers(1, timeout=WORKER_TIMEOUT)
        except TimeoutError:
            raise ClusterError(
                f"the Dask cluster at {address} has no worker (waited {WORKER_TIMEOUT:.0f} s)"
            ) from None
        threads = sum(client.nthreads().values())
        with client.get_executor(pure=False) as executor:
            yield executor, max(1, threads)
    finally:
        client.close()
