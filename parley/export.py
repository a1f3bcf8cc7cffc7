"""`parley export`: the warehouse's analyst tables as files, one per table, named after it,
and the events in PLOVER's layout for tools built around POLECAT or GDELT-style data.

PLOVER (the event ontology of POLECAT) has sixteen event types; Parley's four types and
their statuses map onto four of them, with the CAMEO code of the same act beside it:

| Parley type | status | PLOVER type | mode | CAMEO |
| --- | --- | --- | --- | --- |
| meeting | held | CONSULT | multilateral (3+ parties), else visit (a host) or meet | 040 Consult |
| meeting | planned, proposed | AGREE | meet | 036 Express intent to meet or negotiate |
| meeting | cancelled | REJECT | meet | 125 Reject proposal to meet, discuss, or negotiate |
| invitation | extended | REQUEST | meet | 026 Appeal to others to meet or negotiate |
| invitation | not_extended | REJECT | exclude | 125 Reject proposal to meet, discuss, or negotiate |
| refusal | (any) | REJECT | meet | 125 Reject proposal to meet, discuss, or negotiate |
| acceptance | (any) | AGREE | meet | 036 Express intent to meet or negotiate |

The quad class follows the PLOVER type: CONSULT, AGREE and REQUEST are verbal cooperation
(1), REJECT verbal conflict (3). Suppressed events are not facts, so they are not exported.
"""
from __future__ import annotations

from pathlib import Path

import json

import duckdb

TABLES = ("fct_meetings", "fct_invitations", "fct_refusals", "fct_acceptances", "event_mentions", "dim_actors",
          "dim_places")
FORMATS = {"parquet": "(format parquet)", "csv": "(format csv, header true)", "jsonl": "(format json)"}
PLOVER_FILE = "plover.jsonl"

# (Parley type, status) -> (PLOVER type, mode, CAMEO code); None matches any status.
PLOVER_TYPES: dict[tuple[str, str | None], tuple[str, str, str]] = {
    ("meeting", "held"): ("CONSULT", "meet", "040"),
    ("meeting", "planned"): ("AGREE", "meet", "036"),
    ("meeting", "proposed"): ("AGREE", "meet", "036"),
    ("meeting", "cancelled"): ("REJECT", "meet", "125"),
    ("invitation", "extended"): ("REQUEST", "meet", "026"),
    ("invitation", "not_extended"): ("REJECT", "exclude", "125"),
    ("refusal", None): ("REJECT", "meet", "125"),
    ("acceptance", None): ("AGREE", "meet", "036"),
}
QUAD_CLASS = {"CONSULT": 1, "AGREE": 1, "REQUEST": 1, "REJECT": 3}


class ExportError(Exception):
    pass


def plover_type(event_type: str, status: str | None, parties: int = 0, hosted: bool = False) -> tuple[str, str, str]:
    """(PLOVER type, mode, CAMEO code) of a Parley event; a meeting of unknown status counts as held."""
    if event_type == "meeting" and status not in ("planned", "proposed", "cancelled"):
        status = "held"
    found = PLOVER_TYPES.get((event_type, status)) or PLOVER_TYPES.get((event_type, None))
    if found is None:
        raise ExportError(f"no PLOVER mapping for a {event_type} of status {status!r}")
    kind, mode, cameo = found
    if kind == "CONSULT":
        mode = "multilateral" if parties >= 3 else "visit" if hosted else "meet"
    return kind, mode, cameo


def export(warehouse: Path, out_dir: Path, fmt: str) -> dict[str, int]:
    """Write the files; return rows written per file."""
    if fmt != "plover" and fmt not in FORMATS:
        raise ExportError(f"unknown format {fmt!r}: one of {', '.join([*FORMATS, 'plover'])}")
    if not warehouse.exists():
        raise ExportError(f"no warehouse at {warehouse}; run `parley run` first")
    out_dir.mkdir(parents=True, exist_ok=True)
    with duckdb.connect(str(warehouse), read_only=True) as con:
        if fmt == "plover":
            return {PLOVER_FILE: _export_plover(con, out_dir / PLOVER_FILE)}
        written = {}
        for table in TABLES:
            path = out_dir / f"{table}.{fmt}"
            con.execute(f"copy (select * from main.{table}) to '{_quoted(path)}' {FORMATS[fmt]}")
            written[path.name] = con.execute(f"select count(*) from main.{table}").fetchone()[0]
        return written


def _quoted(path: Path) -> str:
    return str(path).replace("'", "''")


def plover_rows(con: duckdb.DuckDBPyConnection) -> list[dict]:
    """One row per fact, in PLOVER's field layout (POLECAT's names), Parley's own beside it."""
    events = con.execute("""
        with facts as (
            select 'meeting' as parley_type, event_id, status, event_date, coalesce(host_code, participant_codes[1])
                       as actor_code,
                   case when len(participant_codes) = 2 then list_filter(participant_codes,
                        x -> x <> coalesce(host_code, participant_codes[1]))[1] end as target_code,
                   participant_codes, host_code is not null as hosted, location, place_country_code, latitude,
                   longitude, place_kind, first_reported_at, source_count, evidence
            from main.fct_meetings
            union all
            select 'invitation', event_id, status, event_date, inviter_code, invitee_code, []::varchar[], false, location,
                   place_country_code, latitude, longitude, place_kind, first_reported_at, source_count, evidence
            from main.fct_invitations
            union all
            select 'refusal', event_id, null, event_date, actor_code, target_code, []::varchar[], false, location,
                   place_country_code, latitude, longitude, place_kind, first_reported_at, source_count, evidence
            from main.fct_refusals
            union all
            select 'acceptance', event_id, null, event_date, actor_code, target_code, []::varchar[], false, location,
                   place_country_code, latitude, longitude, place_kind, first_reported_at, source_count, evidence
            from main.fct_acceptances)
        select f.*, a.actor_name, a.country_code as actor_country, t.actor_name as recipient_name,
               t.country_code as recipient_country
        from facts f
        left join main.dim_actors a on a.actor_code = f.actor_code
        left join main.dim_actors t on t.actor_code = f.target_code
        order by f.event_date nulls last, f.parley_type, f.event_id""")
    columns = [d[0] for d in events.description]
    rows = []
    for values in events.fetchall():
        event = dict(zip(columns, values))
        kind, mode, cameo = plover_type(event["parley_type"], event["status"], len(event["participant_codes"] or []),
                                        event["hosted"])
        rows.append({
            "event_id": event["event_id"], "event_date": _iso(event["event_date"]), "event_type": kind,
            "event_mode": mode, "quad_code": QUAD_CLASS[kind], "cameo_code": cameo,
            "actor_name": event["actor_name"], "actor_country": event["actor_country"],
            "actor_cameo": event["actor_code"], "recipient_name": event["recipient_name"],
            "recipient_country": event["recipient_country"], "recipient_cameo": event["target_code"],
            "participants_cameo": list(event["participant_codes"] or []),
            "placename": event["location"], "country": event["place_country_code"],
            "latitude": event["latitude"], "longitude": event["longitude"], "feature_type": event["place_kind"],
            "publication_date": _iso(event["first_reported_at"]), "source_count": event["source_count"],
            "event_text": event["evidence"], "parley_type": event["parley_type"], "parley_status": event["status"],
        })
    return rows


def _iso(value) -> str | None:
    return value.isoformat() if value is not None else None


def _export_plover(con: duckdb.DuckDBPyConnection, path: Path) -> int:
    rows = plover_rows(con)
    with path.open("w", encoding="utf-8") as fh:
        for row in rows:
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    return len(rows)
