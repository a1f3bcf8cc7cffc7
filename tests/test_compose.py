"""The compose file is checked here (no Docker engine runs on CI): it parses, every Airflow
service runs a real Airflow command (the init's script runs for real), the scheduler serves
the health check compose probes, the admin in .env logs in, and secrets come from .env."""
import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import REPO

AIRFLOW_COMMANDS = {"api-server", "scheduler", "dag-processor", "triggerer", "celery"}


def _compose():
    return yaml.safe_load((REPO / "docker-compose.yml").read_text())


def test_services_and_executor():
    services = _compose()["services"]
    assert {"postgres", "redis", "airflow-init", "airflow-apiserver", "airflow-scheduler",
            "airflow-dag-processor", "airflow-triggerer", "airflow-worker"} <= set(services)
    assert services["airflow-worker"]["environment"]["AIRFLOW__CORE__EXECUTOR"] == "CeleryExecutor"


def test_every_airflow_service_runs_an_airflow_command():
    from airflow.cli.cli_parser import get_parser

    parser = get_parser()
    for name, service in _compose()["services"].items():
        command = service.get("command")
        if not name.startswith("airflow-") or name == "airflow-init":
            continue
        assert command[0] == "airflow" and command[1] in AIRFLOW_COMMANDS, name
        parser.parse_args(command[1:])


def test_no_secrets_in_the_compose_file():
    text = (REPO / "docker-compose.yml").read_text()
    assert "change-me" not in text and "PASSWORD=" not in text
    assert (REPO / ".env.example").exists()
    assert ".env" in (REPO / ".gitignore").read_text().split()


def _compose_config(folder) -> subprocess.CompletedProcess:
    shutil.copy(REPO / ".env.example", folder / ".env")
    return subprocess.run(["docker-compose", "--project-directory", str(folder), "-f", str(folder / "docker-compose.yml"),
                           "config", "--quiet"], capture_output=True, text=True)


def test_compose_file_validates(tmp_path):
    shutil.copy(REPO / "docker-compose.yml", tmp_path / "docker-compose.yml")
    result = _compose_config(tmp_path)
    assert result.returncode == 0, result.stderr


def test_the_validator_rejects_a_broken_compose_file(tmp_path):
    broken = _compose()
    broken["services"]["airflow-worker"]["replicas_typo"] = 2
    (tmp_path / "docker-compose.yml").write_text(yaml.safe_dump(broken))
    result = _compose_config(tmp_path)
    assert result.returncode != 0 and "replicas_typo" in result.stderr


def test_the_image_installs_the_locked_versions_make_demo_installs():
    dockerfile = (REPO / "Dockerfile").read_text()
    makefile = (REPO / "Makefile").read_text()
    assert "FROM apache/airflow:3.3" in dockerfile
    for locked in ("-c constraints.txt", "--require-hashes -r requirements-model.txt"):
        assert locked in dockerfile and locked in makefile, locked


def test_init_creates_the_writer_pool_the_dag_uses():
    from parley.airflow_env import WRITER_POOL

    init = " ".join(_compose()["services"]["airflow-init"]["command"])
    assert f"pools set {WRITER_POOL} 1" in init


def _env_file() -> dict[str, str]:
    lines = (REPO / ".env.example").read_text().splitlines()
    return dict(line.split("=", 1) for line in lines if line.strip() and not line.startswith("#"))


def _airflow_env(service: str) -> dict[str, str]:
    """The environment compose gives a service: .env, then its `environment`, ${VAR} filled from .env."""
    env = _env_file()
    for key, value in _compose()["services"][service]["environment"].items():
        env[key] = re.sub(r"\$\{(\w+)(?::-[^}]*)?\}", lambda m: env[m.group(1)], str(value))
    return env


def test_every_variable_the_compose_file_uses_is_in_the_env_example():
    used = set(re.findall(r"(?<!\$)\$\{(\w+)\}", (REPO / "docker-compose.yml").read_text()))
    assert used <= set(_env_file()), used - set(_env_file())


def test_the_scheduler_serves_the_health_check_compose_probes(monkeypatch):
    from airflow.configuration import conf

    check = " ".join(_compose()["services"]["airflow-scheduler"]["healthcheck"]["test"])
    port = int(re.search(r"localhost:(\d+)/health", check).group(1))
    for key, value in _airflow_env("airflow-scheduler").items():
        monkeypatch.setenv(key, value)
    assert conf.getboolean("scheduler", "enable_health_check")
    assert conf.getint("scheduler", "scheduler_health_check_server_port") == port


def test_airflow_services_keep_their_logs_in_a_volume():
    compose = _compose()
    for name, service in compose["services"].items():
        if name.startswith("airflow-"):
            mounts = dict(volume.split(":")[1::-1] for volume in service["volumes"])
            assert mounts.get("/opt/airflow/logs") in compose["volumes"], name


def test_no_fab_commands_without_fab():
    text = (REPO / "docker-compose.yml").read_text()
    assert "users create" not in text and "|| true" not in text
    assert importlib.util.find_spec("airflow.providers.fab") is None, "FAB installed: the login could use it"


def test_init_runs_as_written_and_the_admin_logs_in_with_the_env_password(tmp_path, monkeypatch):
    """The init service's script, run with the installed Airflow on a scratch SQLite database;
    then the api-server's auth manager, configured by the compose environment, logs the admin in."""
    from airflow.api_fastapi.auth.managers.simple.datamodels.login import LoginBody
    from airflow.api_fastapi.auth.managers.simple.services.login import SimpleAuthManagerLogin
    from airflow.api_fastapi.auth.managers.simple.simple_auth_manager import SimpleAuthManager
    from airflow.api_fastapi.app import _AuthManagerState, create_auth_manager
    from fastapi import HTTPException

    env = {**_airflow_env("airflow-init"), "PATH": os.environ["PATH"], "AIRFLOW_HOME": str(tmp_path),
           "AIRFLOW__DATABASE__SQL_ALCHEMY_CONN": f"sqlite:///{tmp_path}/airflow.db",
           "AIRFLOW__CORE__SIMPLE_AUTH_MANAGER_PASSWORDS_FILE": str(tmp_path / "auth" / "passwords.json")}
    env["PATH"] = f"{Path(sys.executable).parent}:{env['PATH']}"  # `airflow` and `python` of this venv
    init = _compose()["services"]["airflow-init"]
    script = init["command"][-1].replace("$$", "$")  # compose's escape for a literal $
    result = subprocess.run([init["entrypoint"], *init["command"][:-1], script], env=env, capture_output=True,
                            text=True, timeout=600)
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    pools = subprocess.run(["airflow", "pools", "list", "--output", "json"], env=env, capture_output=True, text=True,
                           check=True)
    assert {"pool": "parley_duckdb_writer", "slots": "1"}.items() <= next(
        p for p in json.loads(pools.stdout) if p["pool"] == "parley_duckdb_writer").items()

    for key in ("AIRFLOW__CORE__AUTH_MANAGER", "AIRFLOW__CORE__SIMPLE_AUTH_MANAGER_USERS",
                "AIRFLOW__CORE__SIMPLE_AUTH_MANAGER_PASSWORDS_FILE", "AIRFLOW__API_AUTH__JWT_SECRET"):
        monkeypatch.setenv(key, env[key])
    monkeypatch.setattr(_AuthManagerState, "instance", None)
    assert isinstance(create_auth_manager(), SimpleAuthManager)
    assert [(u.username, u.role) for u in SimpleAuthManager.get_users()] == [(_env_file()["AIRFLOW_ADMIN_USER"], "admin")]
    login = LoginBody(username=_env_file()["AIRFLOW_ADMIN_USER"], password=_env_file()["AIRFLOW_ADMIN_PASSWORD"])
    assert SimpleAuthManagerLogin.create_token(body=login).count(".") == 2  # a signed JWT
    with pytest.raises(HTTPException) as refused:
        SimpleAuthManagerLogin.create_token(body=LoginBody(username=login.username, password="wrong"))
    assert refused.value.status_code == 401
