"""Parley's DAG on Airflow's CeleryExecutor without Docker.

The same services docker-compose.yml runs, started from the installed Airflow on loopback:
PostgreSQL for the metadata (a throwaway database), Redis as the broker (a queue of this
cluster's own), the api-server, the scheduler, the dag-processor and N Celery workers.
The distributed test and `bench/distributed.py` use it; it is also the quickest way to
watch the DAG spread over workers on a laptop:

    with LocalCeleryCluster(home, workers=2, env={"PARLEY_INPUT_DIR": ...}) as cluster:
        run_id = cluster.trigger({"input_dir": ..., "warehouse": ...})
        cluster.wait(run_id)
"""
from __future__ import annotations

import json
import os
import secrets
import signal
import socket
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

from parley.airflow_env import WRITER_POOL, airflow_bin
from parley.settings import REPO_ROOT

DAG_ID = "parley_ingest"
PG_USER = os.environ.get("PARLEY_PG_USER", "parley")
PG_PASSWORD = os.environ.get("PARLEY_PG_PASSWORD", "parley")
PG_HOST = "127.0.0.1:5432"
REDIS_URL = "redis://127.0.0.1:6379/0"


def worker_hostname() -> str:
    """The host name Airflow records for a task: the worker's name when it has one.

    Workers started here share one machine, so their FQDNs are the same; naming them is
    what lets the metadata database say which worker ran each task."""
    name = os.environ.get("PARLEY_WORKER_NAME")
    return f"{name}@{socket.getfqdn()}" if name else socket.getfqdn()


def ensure_services() -> None:
    """PostgreSQL and Redis on their standard loopback ports (started if not running)."""
    subprocess.run([str(REPO_ROOT / "scripts" / "ensure-services.sh"), "start"], check=True)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def psql(database: str, sql: str) -> str:
    """A statement on the loopback PostgreSQL as Parley's role; its rows as tab-separated text."""
    env = {**os.environ, "PGPASSWORD": PG_PASSWORD}
    host, port = PG_HOST.split(":")
    result = subprocess.run(["psql", "-h", host, "-p", port, "-U", PG_USER, "-d", database, "-At", "-F", "\t",
                             "-v", "ON_ERROR_STOP=1", "-c", sql], env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise RuntimeError(f"psql on {database} failed ({result.returncode}): {result.stderr.strip()}\n  {sql}")
    return result.stdout


@dataclass
class LocalCeleryCluster:
    home: Path
    workers: int = 2
    env: dict[str, str] = field(default_factory=dict)
    database: str = field(default_factory=lambda: f"parley_airflow_{secrets.token_hex(4)}")
    queue: str = field(default_factory=lambda: f"parley-{secrets.token_hex(4)}")
    processes: dict[str, subprocess.Popen] = field(default_factory=dict)

    def __enter__(self) -> "LocalCeleryCluster":
        ensure_services()
        psql("postgres", f"create database {self.database}")
        self.home.mkdir(parents=True, exist_ok=True)
        self.base_env = self._airflow_env()
        try:
            self._airflow("db", "migrate")
            self._airflow("pools", "set", WRITER_POOL, "1", "One DuckDB writer")
            self._start("api-server", "api-server", "--host", "127.0.0.1", "--port", str(self.api_port))
            self._start("scheduler", "scheduler")
            self._start("dag-processor", "dag-processor")
            for n in range(1, self.workers + 1):
                self._start(f"worker-{n}", "celery", "worker", "--concurrency", "1", "--queues", self.queue,
                            "--celery-hostname", f"worker-{n}@%h", env={"PARLEY_WORKER_NAME": f"worker-{n}"})
            self._wait_for_dag()
        except BaseException:
            self.__exit__(None, None, None)
            raise
        return self

    def __exit__(self, *_exc) -> None:
        for process in self.processes.values():
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for process in self.processes.values():
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
        psql("postgres", f"drop database if exists {self.database} with (force)")

    def _airflow_env(self) -> dict[str, str]:
        self.api_port = _free_port()
        db = f"postgresql+psycopg2://{PG_USER}:{PG_PASSWORD}@{PG_HOST}/{self.database}"
        return {
            **os.environ,
            "AIRFLOW_HOME": str(self.home),
            "AIRFLOW__CORE__EXECUTOR": "CeleryExecutor",
            "AIRFLOW__DATABASE__SQL_ALCHEMY_CONN": db,
            "AIRFLOW__CELERY__BROKER_URL": REDIS_URL,
            "AIRFLOW__CELERY__RESULT_BACKEND": "db+" + db,
            "AIRFLOW__OPERATORS__DEFAULT_QUEUE": self.queue,
            "AIRFLOW__CORE__EXECUTION_API_SERVER_URL": f"http://127.0.0.1:{self.api_port}/execution/",
            "AIRFLOW__API_AUTH__JWT_SECRET": secrets.token_hex(16),
            "AIRFLOW__API__SECRET_KEY": secrets.token_hex(16),
            "AIRFLOW__CORE__HOSTNAME_CALLABLE": "parley.local_cluster.worker_hostname",
            "AIRFLOW__CORE__DAGS_FOLDER": str(REPO_ROOT / "dags"),
            "AIRFLOW__CORE__LOAD_EXAMPLES": "False",
            "AIRFLOW__DAG_PROCESSOR__REFRESH_INTERVAL": "5",
            "PARLEY_SCHEDULE": "none",  # runs only when triggered
            **self.env,
        }

    def _airflow(self, *args: str) -> str:
        result = subprocess.run([airflow_bin(), *args], env=self.base_env, capture_output=True, text=True,
                                timeout=300)
        if result.returncode:
            raise RuntimeError(f"airflow {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
        return result.stdout

    def _start(self, name: str, *args: str, env: dict[str, str] | None = None) -> None:
        log = open(self.log_path(name), "w")
        self.processes[name] = subprocess.Popen([airflow_bin(), *args], env={**self.base_env, **(env or {})},
                                                stdout=log, stderr=subprocess.STDOUT, start_new_session=True)

    def log_path(self, name: str) -> Path:
        return self.home / f"{name}.log"

    def query(self, sql: str) -> list[list[str]]:
        """Rows of a query on the metadata database, as text."""
        return [line.split("\t") for line in psql(self.database, sql).splitlines()]

    def _wait_for_dag(self, timeout: float = 300) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            self._check_alive()
            if self.query(f"select 1 from serialized_dag where dag_id = '{DAG_ID}'"):
                return
            time.sleep(2)
        raise TimeoutError(f"the dag-processor did not parse {DAG_ID} in {timeout} s")

    def _check_alive(self) -> None:
        for name, process in self.processes.items():
            if process.poll() is not None:
                raise RuntimeError(f"{name} exited with {process.returncode}; see {self.log_path(name)}")

    def trigger(self, conf: dict) -> str:
        run_id = f"celery__{secrets.token_hex(4)}"
        self._airflow("dags", "unpause", DAG_ID)
        self._airflow("dags", "trigger", DAG_ID, "--run-id", run_id, "--conf", json.dumps(conf))
        return run_id

    def wait(self, run_id: str, timeout: float = 1800) -> str:
        """The run's final state (success or failed)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            self._check_alive()
            rows = self.query(f"select state from dag_run where dag_id = '{DAG_ID}' and run_id = '{run_id}'")
            if rows and rows[0][0] in ("success", "failed"):
                return rows[0][0]
            time.sleep(2)
        raise TimeoutError(f"run {run_id} did not finish in {timeout} s")

    def task_hosts(self, run_id: str) -> list[tuple[str, int, str, str]]:
        """(task_id, map_index, hostname, state) of each task of a run, as the metadata database has them."""
        rows = self.query(f"select task_id, map_index, hostname, state from task_instance "
                          f"where dag_id = '{DAG_ID}' and run_id = '{run_id}' order by task_id, map_index")
        return [(task, int(index), host, state) for task, index, host, state in rows]
