"""The event types and statuses are stated once, in parley/contract.py: dbt's accepted_values
for event_type and status read them (as vars the transform passes), not a copy."""
from pathlib import Path

import yaml

from parley.contract import EVENT_TYPES, STATUSES
from parley.transform import CONTRACT_VARS

MODELS = Path(__file__).resolve().parents[1] / "dbt_project" / "models"


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
    assert CONTRACT_VARS == {"event_types": list(EVENT_TYPES), "statuses": list(STATUSES)}
    assert {values for _, values in _accepted_values("event_type")} == {"{{ var('event_types') }}"}
    assert ("stg_event_mentions", "{{ var('statuses') }}") in _accepted_values("status")
