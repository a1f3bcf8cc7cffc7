"""The fact tables, one per event type: how many real-world events each holds."""
from __future__ import annotations

from pathlib import Path

import duckdb

FACT_TABLES = {"meeting": "fct_meetings", "invitation": "fct_invitations", "refusal": "fct_refusals",
               "acceptance": "fct_acceptances"}


def fact_counts(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """Rows of each fact table: one per real-world event, however many articles report it."""
    return {event_type: con.execute(f"select count(*) from main.{table}").fetchone()[0]
            for event_type, table in FACT_TABLES.items()}


def published_fact_counts(warehouse: str | Path) -> dict[str, int]:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return fact_counts(con)
