"""`parley ui`: Airflow's UI over the project's own Airflow home, on loopback.

Starts the three services the UI needs to show and run the DAG: the api-server (the UI and
the REST API), the scheduler and the dag-processor, against the same Airflow home and
metadata database `parley run` uses. The login is Airflow 3's simple auth manager: one admin
user whose password is kept in the home (generated on first use) and printed with the URL.
Ctrl-C stops the three services and waits for them. It is `airflow standalone` with a
port, a known login and a clean stop; standalone also starts a triggerer, which no Parley
task needs.
"""
from __future__ import annotations

import functools
import json
import os
import secrets
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import typer

from parley.airflow_env import airflow_bin, airflow_env, ensure_metadata_db

USER = "admin"
SERVICES = {"api-server": ["api-server"], "scheduler": ["scheduler"], "dag-processor": ["dag-processor"]}
READY_TIMEOUT_S = 300
STOP_TIMEOUT_S = 30


def ui_env(host: str, port: int) -> dict[str, str]:
    env = airflow_env()
    home = Path(env["AIRFLOW_HOME"])
    env.update({
        "AIRFLOW__CORE__AUTH_MANAGER": "airflow.api_fastapi.auth.managers.simple.simple_auth_manager.SimpleAuthManager",
        "AIRFLOW__CORE__SIMPLE_AUTH_MANAGER_USERS": f"{USER}:admin",
        "AIRFLOW__CORE__SIMPLE_AUTH_MANAGER_PASSWORDS_FILE": str(home / "simple_auth_manager_passwords.json"),
        "AIRFLOW__API__HOST": host,
        "AIRFLOW__API__PORT": str(port),
        "AIRFLOW__CORE__EXECUTION_API_SERVER_URL": f"http://{host}:{port}/execution/",
        # The three services must sign and check each other's tokens with one secret.
        "AIRFLOW__API_AUTH__JWT_SECRET": env.get("AIRFLOW__API_AUTH__JWT_SECRET") or secrets.token_hex(32),
        "AIRFLOW__API__SECRET_KEY": env.get("AIRFLOW__API__SECRET_KEY") or secrets.token_hex(32),
    })
    return env


def ensure_password(passwords_file: Path) -> str:
    """The admin's password, kept in the Airflow home so that it stays the same between sessions."""
    password = _passwords(passwords_file).get(USER)
    if password is None:
        password = secrets.token_urlsafe(12)
        write_password(passwords_file, USER, password)
    return password


def write_password(passwords_file: Path, user: str, password: str) -> None:
    """Set a user's password in the simple auth manager's file (a JSON object user -> password)."""
    if not password:
        raise ValueError(f"an empty password for {user}")
    passwords = {**_passwords(passwords_file), user: password}
    passwords_file.parent.mkdir(parents=True, exist_ok=True)
    with os.fdopen(os.open(passwords_file, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "w") as fh:
        fh.write(json.dumps(passwords) + "\n")  # readable by its owner only, from its creation


def _passwords(passwords_file: Path) -> dict[str, str]:
    return json.loads(passwords_file.read_text() or "{}") if passwords_file.exists() else {}


class AirflowUI:
    """The api-server, scheduler and dag-processor as child processes, each in its own session,
    so that a Ctrl-C reaches this process only and the services are stopped in order."""

    def __init__(self, host: str = "127.0.0.1", port: int = 8080):
        self.host, self.port = host, port
        self.env = ui_env(host, port)
        self.home = Path(self.env["AIRFLOW_HOME"])
        self.log_dir = self.home / "logs" / "parley-ui"
        self.processes: dict[str, subprocess.Popen] = {}

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def start(self) -> str:
        """Start the services; the admin's password."""
        ensure_metadata_db(self.env)
        password = ensure_password(Path(self.env["AIRFLOW__CORE__SIMPLE_AUTH_MANAGER_PASSWORDS_FILE"]))
        self.log_dir.mkdir(parents=True, exist_ok=True)
        for name, args in SERVICES.items():
            with open(self.log_path(name), "w") as log:
                self.processes[name] = subprocess.Popen([airflow_bin(), *args], env=self.env, stdout=log,
                                                        stderr=subprocess.STDOUT, start_new_session=True)
        return password

    def log_path(self, name: str) -> Path:
        return self.log_dir / f"{name}.log"

    def wait_ready(self, timeout: float = READY_TIMEOUT_S) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            self.check_alive()
            try:
                with urllib.request.urlopen(f"{self.url}/api/v2/monitor/health", timeout=5) as response:
                    if response.status == 200:
                        return
            except (urllib.error.URLError, OSError):
                pass
            time.sleep(1)
        raise TimeoutError(f"the api-server did not answer at {self.url} within {timeout:.0f} s; "
                           f"see {self.log_path('api-server')}")

    def check_alive(self) -> None:
        for name, process in self.processes.items():
            if process.poll() is not None:
                raise RuntimeError(f"airflow {name} exited with {process.returncode}; see {self.log_path(name)}")

    def stop(self) -> None:
        for process in self.processes.values():
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for process in self.processes.values():
            try:
                process.wait(timeout=STOP_TIMEOUT_S)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()

    def __enter__(self) -> "AirflowUI":
        return self

    def __exit__(self, *_exc) -> None:
        self.stop()


def _interrupt(_signum, _frame) -> None:
    raise KeyboardInterrupt


def serve(host: str, port: int, echo) -> None:
    """Start the UI, print where and how to log in, and keep it up until Ctrl-C (or a SIGTERM)."""
    # Set, not inherited: a shell starts a background job with SIGINT ignored.
    signal.signal(signal.SIGINT, _interrupt)
    signal.signal(signal.SIGTERM, _interrupt)
    with AirflowUI(host, port) as ui:
        try:
            password = ui.start()
            echo(f"starting Airflow's api-server, scheduler and dag-processor (logs in {ui.log_dir})")
            ui.wait_ready()
            echo(f"Airflow UI: {ui.url}")
            echo(f"login: {USER} / {password}")
            echo("Ctrl-C stops it")
            while True:
                ui.check_alive()
                time.sleep(1)
        except KeyboardInterrupt:
            echo("stopping the api-server, scheduler and dag-processor")
    echo("stopped")


def ui(
    port: int = typer.Option(8080, "--port", help="Port of the UI (and of the API the services talk to)."),
    host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on (loopback by default)."),
) -> None:
    """Start Airflow's UI over the project's Airflow home; print its URL and login; Ctrl-C stops it."""
    try:
        serve(host, port, functools.partial(print, flush=True))
    except (RuntimeError, TimeoutError) as error:
        typer.echo(f"error: {error}", err=True)
        raise typer.Exit(1)


if __name__ == "__main__":
    # docker-compose's airflow-init: python -m parley.ui write-password FILE USER, the password
    # from AIRFLOW_ADMIN_PASSWORD (kept out of the command line).
    if sys.argv[1:2] != ["write-password"] or len(sys.argv) != 4:
        sys.exit("usage: python -m parley.ui write-password PASSWORDS_FILE USER  (password in AIRFLOW_ADMIN_PASSWORD)")
    try:
        write_password(Path(sys.argv[2]), sys.argv[3], os.environ.get("AIRFLOW_ADMIN_PASSWORD", ""))
    except ValueError as error:
        sys.exit(f"error: {error}: set AIRFLOW_ADMIN_PASSWORD in .env")
