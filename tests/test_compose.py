"""The compose file is checked here (no Docker engine runs on CI): it parses, every Airflow
service runs a real Airflow command, and secrets come from .env, not from the file."""
import shutil
import subprocess

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
        parser.parse_args(command[1:3] if command[1] == "celery" else command[1:2])


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
