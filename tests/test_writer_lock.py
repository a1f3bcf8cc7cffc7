"""The warehouse's writer lease (parley/lock.py), between real processes."""
import json
import os
import subprocess
import sys
import time

import pytest

from parley import lock

HOLD = """
import sys, time
from parley.lock import writer_lock
with writer_lock(sys.argv[1], holder="a test writer"):
    print("held", flush=True)
    time.sleep(float(sys.argv[2]))
"""


def _holder(warehouse, seconds: float) -> subprocess.Popen:
    """Another process that holds the warehouse's lease for a while."""
    process = subprocess.Popen([sys.executable, "-c", HOLD, str(warehouse), str(seconds)], stdout=subprocess.PIPE,
                               text=True)
    assert process.stdout.readline().strip() == "held"
    return process


def test_a_second_writer_waits_a_bounded_time_then_names_the_holder(tmp_path):
    warehouse = tmp_path / "w.duckdb"
    other = _holder(warehouse, 30)
    said = []
    started = time.monotonic()
    with pytest.raises(lock.WarehouseBusy) as busy:
        with lock.writer_lock(warehouse, holder="the second", wait=1.5, notify=said.append):
            pass
    assert 1.5 <= time.monotonic() - started < 10
    assert said and "waiting up to 2s" in said[0] and "a test writer" in said[0]
    message = str(busy.value)
    assert "another run holds the warehouse" in message and "a test writer" in message
    assert f"pid {other.pid}" in message and "since 20" in message
    other.kill()
    other.wait()


def test_a_writer_waiting_gets_the_warehouse_when_the_other_is_done(tmp_path):
    warehouse = tmp_path / "w.duckdb"
    other = _holder(warehouse, 2)
    with lock.writer_lock(warehouse, holder="the second", wait=30, notify=lambda _: None) as lease:
        assert other.poll() == 0, "the lease became free when the other writer finished"
        assert lease.holder.startswith("the second")
    assert not lock.lease_path(warehouse).exists(), "released at the end of the block"


def test_the_lease_of_a_killed_writer_is_taken_over(tmp_path):
    warehouse = tmp_path / "w.duckdb"
    other = _holder(warehouse, 60)
    other.kill()
    other.wait()
    said = []
    with lock.writer_lock(warehouse, holder="the next", wait=0, notify=said.append):
        assert "its processes have ended" in said[0]


def test_processes_a_writer_starts_work_under_its_lease(tmp_path):
    warehouse = tmp_path / "w.duckdb"
    with lock.writer_lock(warehouse, holder="parley run", wait=0):
        child = subprocess.run([sys.executable, "-c", HOLD, str(warehouse), "0"], capture_output=True, text=True,
                               timeout=60)
        assert child.returncode == 0 and child.stdout.strip() == "held", child.stderr
        assert json.loads(lock.lease_path(warehouse).read_text())["holder"].startswith("parley run")
    assert lock.LEASE_ENV not in os.environ


def test_a_dag_run_lease_lasts_as_long_as_its_run(tmp_path):
    warehouse = tmp_path / "w.duckdb"
    lock.acquire(warehouse, "dag run one", "DAG run one", dag_run_id="one", wait=0)
    states = {"one": "running"}
    with pytest.raises(lock.WarehouseBusy, match="another run holds the warehouse .*DAG run one"):
        lock.acquire(warehouse, "dag run two", "DAG run two", dag_run_id="two", run_state=states.get, wait=0)
    states["one"] = "failed"  # killed: it never reached its finish task
    lease = lock.acquire(warehouse, "dag run two", "DAG run two", dag_run_id="two", run_state=states.get, wait=0,
                         notify=lambda _: None)
    assert lease.owner == "dag run two"


def test_a_run_whose_lease_was_taken_over_cannot_publish(tmp_path, monkeypatch):
    warehouse = tmp_path / "w.duckdb"
    lock.acquire(warehouse, "dag run one", "DAG run one", dag_run_id="one", wait=0)
    with lock.held(warehouse, "dag run one"):
        pass
    monkeypatch.setenv("PARLEY_LOCK_STALE", "0")  # not renewed: stale at once
    lock.acquire(warehouse, "dag run two", "DAG run two", dag_run_id="two", wait=0, notify=lambda _: None)
    with pytest.raises(lock.LeaseLost, match="held by DAG run two"):
        with lock.held(warehouse, "dag run one"):
            pass
    assert not lock.release(warehouse, "dag run one"), "a writer cannot release another's lease"

