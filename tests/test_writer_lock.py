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
    started = time.monotonic()
    with lock.writer_lock(warehouse, holder="the second", wait=30, notify=lambda _: None) as lease:
        assert time.monotonic() - started > 1, "it waited for the other writer to finish"
        assert lease.holder.startswith("the second")
    assert other.wait(timeout=30) == 0
    assert not lock.lease_path(warehouse).exists(), "released at the end of the block"


def test_the_lease_of_a_killed_writer_is_taken_over(tmp_path):
    warehouse = tmp_path / "w.duckdb"
    other = _holder(warehouse, 60)
    other.kill()
    other.wait()
    said = []
    with lock.writer_lock(warehouse, holder="the next", wait=0, notify=said.append):
        assert "its processes have ended" in said[0]


def test_a_lease_whose_pid_now_names_another_process_is_stale(tmp_path):
    """The holder died and its pid went to a new process: the lease is stale all the same."""
    warehouse = tmp_path / "w.duckdb"
    other = _holder(warehouse, 60)
    lease = json.loads(lock.lease_path(warehouse).read_text())
    assert lease["pid_starts"] == {str(other.pid): lock.process_start(other.pid)}
    assert lock.stale_reason(lock.Lease(**lease)) is None, "its holder is alive"
    lease["pid_starts"][str(other.pid)] -= 1  # as if an earlier process of that pid had taken it
    assert lock.stale_reason(lock.Lease(**lease)) == "its processes have ended"
    other.kill()
    other.wait()


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


def test_two_runs_started_3s_apart_each_publish_all_their_articles_or_none(tmp_path):
    """Three real `parley run` into one warehouse: the first holds it; the second, started
    3 s later, waits and then publishes; the third gives up waiting and publishes nothing."""
    from conftest import PARLEY, SAMPLES, query

    folders = {}
    for name, files in {"first": ["01", "02"], "second": ["03", "04"], "third": ["05"]}.items():
        folders[name] = tmp_path / name
        folders[name].mkdir()
        for sample in SAMPLES.iterdir():
            if sample.name[:2] in files:
                (folders[name] / sample.name).write_bytes(sample.read_bytes())
    warehouse = tmp_path / "w.duckdb"

    def start(name: str, wait: int) -> subprocess.Popen:
        env = {**os.environ, "PARLEY_LOCK_WAIT": str(wait)}
        return subprocess.Popen([PARLEY, "run", "--input", str(folders[name]), "--warehouse", str(warehouse)],
                                stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env)

    first = start("first", 600)
    time.sleep(3)
    second = start("second", 600)
    time.sleep(3)
    third = start("third", 2)
    outputs = {name: process.communicate(timeout=900)[0]
               for name, process in (("first", first), ("second", second), ("third", third))}
    codes = {"first": first.returncode, "second": second.returncode, "third": third.returncode}
    assert codes == {"first": 0, "second": 0, "third": 1}, outputs
    waited = [name for name in ("first", "second") if "waiting up to 600s: another run holds" in outputs[name]]
    assert len(waited) == 1, outputs  # the second, unless the first took more than 3 s to start
    assert "another run holds the warehouse" in outputs["third"] and "parley run of" in outputs["third"]
    assert not any("IO Error" in output for output in outputs.values()), outputs
    published = {row[0] for row in query(warehouse, "select regexp_extract(source_uri, '[^/]+/[^/]+$') "
                                                    "from dim_articles")}
    expected = {f"{name}/{file.name}" for name in ("first", "second") for file in folders[name].iterdir()}
    assert published == expected, "every article of the runs that exited 0, none of the one that did not"
    runs = query(warehouse, "select count(*) from raw.runs")[0][0]
    assert runs == 2
    root = warehouse.with_name(warehouse.name + ".parley")
    assert not (root / "writer.lease").exists()
    assert not list((root / "runs").glob("*/w.duckdb")), "build copies are removed once their run is over"


def test_a_dag_run_holds_the_lease_itself_and_gives_it_back(tmp_path):
    """A run the scheduler starts (here `airflow dags test` with no `parley run` around it)
    takes the lease as its DAG run, over the lease of a DAG run killed long ago, and gives it
    back in its finish task."""
    from conftest import SAMPLES, query
    from parley.airflow_env import airflow_bin, airflow_env, ensure_metadata_db

    inbox = tmp_path / "in"
    inbox.mkdir()
    sample = sorted(SAMPLES.iterdir())[0]
    (inbox / sample.name).write_bytes(sample.read_bytes())
    warehouse = tmp_path / "w.duckdb"
    path = lock.lease_path(warehouse)
    lock.acquire(warehouse, "dag run manual__killed", "DAG run manual__killed", dag_run_id="manual__killed", wait=0)
    path.write_text(path.read_text().replace(json.loads(path.read_text())["renewed"], "2026-01-01T00:00:00+00:00"))

    env = airflow_env()
    ensure_metadata_db(env)
    conf = {"input_dir": str(inbox), "warehouse": str(warehouse), "progress_file": None, "feeds": []}
    with (tmp_path / "airflow.log").open("w") as log:
        process = subprocess.Popen([airflow_bin(), "dags", "test", "parley_ingest", "--conf", json.dumps(conf)],
                                   env=env, stdout=log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 300
        while "manual__killed" in path.read_text():
            assert time.monotonic() < deadline and process.poll() is None, (tmp_path / "airflow.log").read_text()
            time.sleep(0.2)
        with pytest.raises(lock.WarehouseBusy, match="another run holds the warehouse .*: DAG run "):
            lock.acquire(warehouse, "a corrections command", "a corrections command", wait=0)
        assert process.wait(timeout=900) == 0, (tmp_path / "airflow.log").read_text()
    assert not path.exists(), "the finish task gave the lease back"
    assert query(warehouse, "select count(*) from dim_articles") == [(1,)]
    [progress] = list((warehouse.parent / "w.duckdb.parley" / "runs").glob("*/progress.jsonl"))
    assert "the lease of DAG run manual__killed" in progress.read_text() and "is stale" in progress.read_text()
