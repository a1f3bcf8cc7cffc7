"""The compose file is checked here (no Docker engine runs on CI): it parses, every Airflow
service runs a real Airflow command, and secrets come from .env, not from the file."""
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
