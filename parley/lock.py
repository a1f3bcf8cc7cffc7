"""One writer per warehouse: a lease that every writer takes before it builds.

A run builds, validates and publishes over minutes, and on the CeleryExecutor its steps are
tasks in separate, short-lived processes, so a lock held by one process (flock) cannot
cover it. The lock is a lease instead: a small JSON file, ``<warehouse>.parley/writer.lease``,
that names its owner (a process, or a DAG run), a holder to show those who wait, since when,
and what tells that it is stale. A short-lived ``flock`` on a guard file makes reading and
changing the lease atomic between processes.

A lease is stale, and is taken over, when
- it belongs to processes on this host and none of them is alive (a killed ``parley run``);
- it belongs to a DAG run that Airflow says has ended (killed, or failed before releasing);
- or nothing renewed it for ``PARLEY_LOCK_STALE`` seconds (another host's writer, a DAG run
  whose state is unknown): holders renew it while they work.

Writers nest: ``writer_lock`` puts its owner in ``PARLEY_WRITER_LEASE`` for the processes it
starts, so the DAG run that ``parley run`` starts works under ``parley run``'s lease instead
of waiting for it.
"""
from __future__ import annotations

import fcntl
import json
import os
import socket
import sys
import threading
import time
import uuid
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable, Iterator

from parley.settings import settings
from parley.workspace import Workspace

LEASE_ENV = "PARLEY_WRITER_LEASE"
POLL_SECONDS = 0.5

# Given a DAG run id, Airflow's state of that run ("running", "success", ...), or None if unknown.
RunState = Callable[[str], "str | None"]


class WarehouseBusy(Exception):
    """Another writer held the warehouse for longer than this one would wait."""


class LeaseLost(Exception):
    """The lease this writer took is no longer its own (it was taken over as stale)."""


@dataclass
class Lease:
    owner: str
    holder: str
    since: str
    renewed: str
    host: str = field(default_factory=socket.gethostname)
    pids: list[int] = field(default_factory=list)
    dag_run_id: str | None = None
    # When each pid's process started (Linux clock ticks since boot): a pid reused by another
    # process after the holder died does not keep the lease alive.
    pid_starts: dict[str, int] = field(default_factory=dict)

    def describe(self) -> str:
        return f"{self.holder}, since {self.since}"


def _now() -> datetime:
    return datetime.now(timezone.utc)


def _stamp(moment: datetime) -> str:
    return moment.isoformat(timespec="seconds")


def lease_path(warehouse: Path) -> Path:
    return Workspace(Path(warehouse)).root / "writer.lease"


@contextmanager
def _guarded(warehouse: Path) -> Iterator[Path]:
    """Exclusive access to the lease file while it is read and changed."""
    path = lease_path(warehouse)
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path.with_name(path.name + ".guard"), "a") as guard:
        fcntl.flock(guard, fcntl.LOCK_EX)
        try:
            yield path
        finally:
            fcntl.flock(guard, fcntl.LOCK_UN)


def _read(path: Path) -> Lease | None:
    try:
        return Lease(**json.loads(path.read_text()))
    except FileNotFoundError:
        return None
    except (ValueError, TypeError):
        return None  # a lease half-written by a writer killed mid-write holds nothing


def _write(path: Path, lease: Lease) -> None:
    staged = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    staged.write_text(json.dumps(asdict(lease), indent=2))
    os.replace(staged, path)


def _alive(pid: int, started: int | None = None) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass
    return started is None or process_start(pid) in (None, started)


def process_start(pid: int) -> int | None:
    """When the process started, in clock ticks since boot (field 22 of /proc/PID/stat), or
    None where /proc does not say."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return int(stat.rsplit(")", 1)[1].split()[19])  # the name, in parentheses, may hold spaces


def stale_reason(lease: Lease, run_state: RunState | None = None) -> str | None:
    """Why the lease holds nothing any more, or None while its holder may still be working."""
    if lease.host == socket.gethostname() and lease.pids and not any(
            _alive(pid, lease.pid_starts.get(str(pid))) for pid in lease.pids):
        return "its processes have ended"
    if lease.dag_run_id and run_state is not None:
        try:
            state = run_state(lease.dag_run_id)
        except Exception:  # the run is not in this Airflow's database: fall back on renewal
            state = None
        if state is not None:
            return f"its DAG run is {state}" if state not in ("queued", "running") else None
    silent = (_now() - datetime.fromisoformat(lease.renewed)).total_seconds()
    if silent > settings().lock_stale:
        return f"it was not renewed for {silent:.0f}s"
    return None


def acquire(warehouse: Path, owner: str, holder: str, *, dag_run_id: str | None = None,
            run_state: RunState | None = None, wait: float | None = None,
            notify: Callable[[str], None] | None = None) -> Lease:
    """Take the warehouse's lease for ``owner``, waiting at most ``wait`` seconds
    (``PARLEY_LOCK_WAIT``) for another writer. Taking a lease one already owns adds this
    process to it. Raises WarehouseBusy, naming the other writer, when the wait is over."""
    wait = settings().lock_wait if wait is None else wait
    notify = notify or (lambda message: print(message, file=sys.stderr, flush=True))
    deadline = time.monotonic() + wait
    told = False
    while True:
        with _guarded(warehouse) as path:
            current = _read(path)
            reason = current and current.owner != owner and stale_reason(current, run_state)
            if reason:
                notify(f"taking over the warehouse {warehouse}: the lease of {current.describe()} is stale ({reason})")
            if current is None or reason or current.owner == owner:
                return _claim(path, current if current and current.owner == owner else None, owner, holder, dag_run_id)
        if time.monotonic() >= deadline:
            raise WarehouseBusy(f"another run holds the warehouse {warehouse}: {current.describe()}; "
                                f"gave up after waiting {wait:.0f}s (PARLEY_LOCK_WAIT)")
        if not told:
            notify(f"waiting up to {wait:.0f}s: another run holds the warehouse {warehouse} ({current.describe()})")
            told = True
        time.sleep(POLL_SECONDS)


def _claim(path: Path, mine: Lease | None, owner: str, holder: str, dag_run_id: str | None) -> Lease:
    stamp = _stamp(_now())
    lease = mine or Lease(owner=owner, holder=holder, since=stamp, renewed=stamp, dag_run_id=dag_run_id)
    if not dag_run_id and os.getpid() not in lease.pids:
        lease.pids.append(os.getpid())  # a DAG run's tasks come and go: its liveness is its run state
        started = process_start(os.getpid())
        if started is not None:
            lease.pid_starts[str(os.getpid())] = started
    lease.renewed = stamp
    _write(path, lease)
    return lease


def renew(warehouse: Path, owner: str) -> None:
    """Tell waiting writers that the owner is still at work."""
    with _guarded(warehouse) as path:
        current = _read(path)
        if current and current.owner == owner:
            current.renewed = _stamp(_now())
            _write(path, current)


def release(warehouse: Path, owner: str) -> bool:
    """Give the lease up, if ``owner`` still holds it."""
    with _guarded(warehouse) as path:
        current = _read(path)
        if current is None or current.owner != owner:
            return False
        path.unlink()
        return True


@contextmanager
def held(warehouse: Path, owner: str) -> Iterator[None]:
    """While the block runs, the lease is ``owner``'s and nobody can take it: what a writer
    does last (publishing) is fenced off from a writer that took a stale lease over."""
    with _guarded(warehouse) as path:
        current = _read(path)
        if current is None or current.owner != owner:
            other = f"it is held by {current.describe()}" if current else "nobody holds it"
            raise LeaseLost(f"this run no longer holds the warehouse {warehouse}'s writer lease ({other})")
        yield


@contextmanager
def renewing(warehouse: Path, owner: str) -> Iterator[None]:
    """Renew the lease in the background while the block runs."""
    stop = threading.Event()
    interval = max(1.0, settings().lock_stale / 4)

    def beat() -> None:
        while not stop.wait(interval):
            renew(warehouse, owner)

    thread = threading.Thread(target=beat, name="parley-lease", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join()


@contextmanager
def writer_lock(warehouse_path: Path | str, holder: str, wait: float | None = None,
                notify: Callable[[str], None] | None = None) -> Iterator[Lease | None]:
    """Hold the warehouse's writer lease while the block runs; processes started in the block
    work under it. Inside another writer's block (``PARLEY_WRITER_LEASE`` names the lease) it
    takes nothing: the outer writer holds the warehouse."""
    warehouse = Path(warehouse_path).resolve()
    inherited = os.environ.get(LEASE_ENV)
    if inherited and is_held_by(warehouse, inherited):
        yield None
        return
    owner = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
    lease = acquire(warehouse, owner, f"{holder} (pid {os.getpid()})", wait=wait, notify=notify)
    os.environ[LEASE_ENV] = owner
    try:
        with renewing(warehouse, owner):
            yield lease
    finally:
        _restore_env(inherited)
        release(warehouse, owner)


def is_held_by(warehouse: Path, owner: str) -> bool:
    with _guarded(warehouse) as path:
        current = _read(path)
        return current is not None and current.owner == owner


def _restore_env(previous: str | None) -> None:
    if previous is None:
        os.environ.pop(LEASE_ENV, None)
    else:
        os.environ[LEASE_ENV] = previous
