"""Event types, statuses and quarantine reasons are stated once, in parley.contract: the code can
quarantine with no other reason, and dbt's accepted_values read the same lists (as vars the
transform passes), not a copy."""
import json
import ast
import re

import yaml
from dbt.cli.main import dbtRunner

from conftest import REPO
from parley.contract import EVENT_TYPES, QUARANTINE_REASONS, STATUSES
from parley.transform import dbt_vars

QUARANTINING = {"Problem": 3, "Unreadable": 0, "problem": 0, "_unlisted": 1}  # callable -> where its reason is


def _reasons_in_code() -> dict[str, str]:
    """Every reason given as a literal to Problem(...), Unreadable(...) or a problem(...) helper,
    or as the "reason" of a row."""
    found = {}
    for path in sorted((REPO / "parley").glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Dict):
                found |= {value.value: f"{path.name}:{node.lineno}" for key, value in zip(node.keys, node.values)
                          if isinstance(key, ast.Constant) and key.value == "reason" and isinstance(value, ast.Constant)}
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "id", getattr(node.func, "attr", None))
            position = QUARANTINING.get(name)
            if position is not None and len(node.args) > position and isinstance(node.args[position], ast.Constant):
                found[node.args[position].value] = f"{path.name}:{node.lineno}"
    return found


def test_the_code_quarantines_only_with_the_contracts_reasons():
    used = _reasons_in_code()
    assert {"bad_json", "outside_input", "no_link", "extract_failed", "not_english"} <= set(used)
    assert {reason: where for reason, where in used.items() if reason not in QUARANTINE_REASONS} == {}


def test_dbt_accepts_exactly_the_contracts_quarantine_reasons(tmp_path, monkeypatch):
    project = REPO / "dbt_project"
    monkeypatch.setenv("PARLEY_DBT_DB", str(tmp_path / "empty.duckdb"))
    result = dbtRunner().invoke(["compile", "--select", "quarantine,test_name:accepted_values", "--project-dir",
                                 str(project), "--profiles-dir", str(project), "--target-path", str(tmp_path / "target"),
                                 "--log-path", str(tmp_path / "logs"), "--vars", dbt_vars(), "--quiet"])
    assert result.success, result.exception
    [compiled] = [path for path in (tmp_path / "target" / "compiled").rglob("*.sql")
                  if "accepted_values_quarantine_reason" in path.name]
    listed = re.search(r"not in \((.*?)\)", compiled.read_text(), re.DOTALL).group(1)
    assert re.findall(r"'(\w+)'", listed) == list(QUARANTINE_REASONS)


MODELS = REPO / "dbt_project" / "models"


def _accepted_values(column: str) -> list:
    found = []
    for path in MODELS.rglob("schema.yml"):
        for model in yaml.safe_load(path.read_text())["models"]:
            for col in model.get("columns", []):
                for test in col.get("tests", []) if col["name"] == column else []:
                    if isinstance(test, dict) and "accepted_values" in test:
                        found.append((model["name"], test["accepted_values"]["arguments"]["values"]))
    return found


def test_dbt_reads_event_types_and_statuses_from_the_contract():
    passed = json.loads(dbt_vars())
    assert passed["event_types"] == list(EVENT_TYPES) and passed["statuses"] == list(STATUSES)
    assert {values for _, values in _accepted_values("event_type")} == {"{{ var('event_types') }}"}
    assert ("stg_event_mentions", "{{ var('statuses') }}") in _accepted_values("status")

