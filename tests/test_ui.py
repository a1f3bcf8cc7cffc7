"""`parley ui` for real: Airflow's api-server, scheduler and dag-processor over a fresh Airflow
home, a login over loopback, the DAG listed through the API, and a clean stop on Ctrl-C."""
import json
import os
import queue
import re
import signal
import socket
import subprocess
import threading
import time
import urllib.error
import urllib.request

import psutil
import pytest

from conftest import PARLEY

pytestmark = pytest.mark.slow

STARTUP_TIMEOUT_S = 420


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _lines(process: subprocess.Popen) -> "queue.Queue[str]":
    lines: queue.Queue[str] = queue.Queue()
    threading.Thread(target=lambda: [lines.put(line) for line in process.stdout], daemon=True).start()
    return lines


def _read_until(lines: "queue.Queue[str]", pattern: str, timeout: float) -> tuple[re.Match, list[str]]:
    seen, deadline = [], time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            seen.append(lines.get(timeout=1))
        except queue.Empty:
            continue
        if match := re.search(pattern, seen[-1]):
            return match, seen
    raise AssertionError(f"no line matching {pattern!r} in {timeout:.0f} s: {seen}")


def _request(url: str, body: dict | None = None, token: str | None = None) -> tuple[int, dict]:
    headers = {"Content-Type": "application/json"} | ({"Authorization": f"Bearer {token}"} if token else {})
    data = json.dumps(body).encode() if body is not None else None
    try:
        with urllib.request.urlopen(urllib.request.Request(url, data=data, headers=headers), timeout=30) as response:
            return response.status, json.loads(response.read() or b"{}")
    except urllib.error.HTTPError as error:
        return error.code, {}


def test_parley_ui_logs_in_over_loopback_and_stops_cleanly_on_ctrl_c(tmp_path):
    port = _free_port()
    env = {**os.environ, "AIRFLOW_HOME": str(tmp_path / "airflow")}
    process = subprocess.Popen([PARLEY, "ui", "--port", str(port)], env=env, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, text=True)
    services = []
    try:
        lines = _lines(process)
        url = _read_until(lines, r"Airflow UI: (\S+)", STARTUP_TIMEOUT_S)[0].group(1)
        user, password = _read_until(lines, r"login: (\S+) / (\S+)", 10)[0].groups()
        assert url == f"http://127.0.0.1:{port}"

        assert _request(f"{url}/api/v2/dags")[0] == 401, "the API needs a login"
        assert _request(f"{url}/auth/token", {"username": user, "password": "wrong"})[0] == 401
        status, login = _request(f"{url}/auth/token", {"username": user, "password": password})
        assert status == 201, status
        dag_ids, deadline = set(), time.monotonic() + 300
        while "parley_ingest" not in dag_ids and time.monotonic() < deadline:  # the dag-processor parses it
            status, dags = _request(f"{url}/api/v2/dags", token=login["access_token"])
            assert status == 200, status
            dag_ids = {dag["dag_id"] for dag in dags["dags"]}
            time.sleep(2)
        assert {"parley_ingest", "parley_warehouse_consumer"} <= dag_ids
        assert _request(f"{url}/api/v2/version")[0] == 200, "compose's api-server health check needs no login"

        services = psutil.Process(process.pid).children(recursive=True)
        assert len(services) >= 3
        process.send_signal(signal.SIGINT)  # what Ctrl-C sends
        assert process.wait(timeout=120) == 0
        _, said = _read_until(lines, r"^stopped$", 10)
        assert not [p for p in services if p.is_running() and p.status() != psutil.STATUS_ZOMBIE]
        with pytest.raises(OSError):
            socket.create_connection(("127.0.0.1", port), timeout=2).close()
    finally:
        if process.poll() is None:
            process.kill()
        for service in services:  # left behind only when the test failed before they stopped
            if service.is_running():
                service.kill()
