"""Corrections that stick: an analyst suppresses an event or sets its fields, and every
later run, re-extraction included, applies it again.

A correction is kept twice: in a plain JSON Lines file beside the warehouse
(`<warehouse stem>.corrections.jsonl`, one correction a line, with who, when and why: put it
under version control), and in the warehouse's `raw.corrections`, which each run's load step
refreshes from the file. dbt applies them in `event_mentions` (and so in the facts).

A correction names the event by its id and also records the sentences that stated it
(article, type, offsets, evidence): an event whose id changes after a new run or a
re-extraction is still matched by its evidence.
"""
from __future__ import annotations

import getpass
import json
import re
import shutil
import uuid
from dataclasses import asdict, dataclass, field
from datetime import date, datetime, timezone
from pathlib import Path

import duckdb
import pyarrow as pa

from parley.contract import EVENT_TYPES, STATUSES
from parley.lock import writer_lock
from parley.workspace import Workspace

# The field an analyst names -> the event_mentions column it sets.
FIELDS = {"actor": "actor_code", "target": "target_code", "participants": "participant_codes",
          "place": "location", "date": "event_date", "status": "status", "type": "event_type"}
# The statuses each type may have, as the fact tables' tests accept them.
STATUSES_OF = {"meeting": ("held", "planned", "proposed", "cancelled"), "invitation": ("extended", "not_extended"),
               "refusal": (), "acceptance": ()}
# As the marts' data-quality suite checks them (expectations/suites.py).
ACTOR_CODE = re.compile(r"^(?:[A-Z]{3}(?:GOV|OPP|REB|MIL|LEG)?|IGO[A-Z]{2,9}|GRP:.+)$")

TABLE = """
create schema if not exists raw;
create table if not exists raw.corrections (
    correction_id varchar not null, event_id varchar not null, action varchar not null,
    field varchar, value varchar, reason varchar not null, corrected_by varchar not null,
    corrected_at timestamptz not null,
    mentions struct(article_id varchar, event_type varchar, char_start integer, char_end integer,
                    evidence varchar)[]);
"""


class CorrectionError(Exception):
    """A correction that cannot be recorded; the message says why."""


@dataclass
class Correction:
    event_id: str
    action: str                       # "suppress" or "set"
    reason: str
    changes: dict[str, str] = field(default_factory=dict)   # field name -> value ("" clears it)
    mentions: list[dict] = field(default_factory=list)      # the sentences that stated the event
    corrected_by: str = ""
    corrected_at: str = ""
    correction_id: str = ""

    def rows(self) -> list[dict]:
        """One row per field set (one row for a suppression), as raw.corrections holds them."""
        common = {"correction_id": self.correction_id, "event_id": self.event_id, "action": self.action,
                  "reason": self.reason, "corrected_by": self.corrected_by, "corrected_at": self.corrected_at,
                  "mentions": self.mentions}
        if self.action == "suppress":
            return [{**common, "field": None, "value": None}]
        return [{**common, "field": name, "value": value} for name, value in self.changes.items()]


def corrections_file(warehouse: Path) -> Path:
    return warehouse.with_suffix(".corrections.jsonl")


def parse_changes(assignments: list[str]) -> dict[str, str]:
    """`FIELD=VALUE` pairs, checked against what the warehouse's checks accept."""
    changes = {}
    for assignment in assignments:
        name, sep, value = assignment.partition("=")
        name, value = name.strip(), value.strip()
        if not sep or name not in FIELDS:
            raise CorrectionError(f"{assignment!r}: expected FIELD=VALUE with FIELD one of {', '.join(FIELDS)}")
        _check_value(name, value)
        changes[name] = value
    if not changes:
        raise CorrectionError("nothing to set: give at least one FIELD=VALUE")
    return changes


def _check_value(name: str, value: str) -> None:
    if name in ("actor", "target", "participants"):
        codes = [c.strip() for c in value.split(",")] if value else []
        if name == "participants" and not codes:
            raise CorrectionError("participants: give at least one actor code")
        bad = [c for c in codes if not ACTOR_CODE.match(c)]
        if bad:
            raise CorrectionError(f"{name}: {', '.join(bad)} is not an actor code (RUSGOV, IRN, IGOUNO, GRP:Name)")
    elif name == "type" and value not in EVENT_TYPES:
        raise CorrectionError(f"type: {value!r} is not one of {', '.join(EVENT_TYPES)}")
    elif name == "status" and value and value not in STATUSES:
        raise CorrectionError(f"status: {value!r} is not one of {', '.join(STATUSES)}")
    elif name == "date" and value:
        try:
            date.fromisoformat(value)
        except ValueError:
            raise CorrectionError(f"date: {value!r} is not a date (YYYY-MM-DD)") from None


def _check_status_fits_type(correction: Correction) -> None:
    kind = correction.changes.get("type") or correction.mentions[0]["event_type"]
    status = correction.changes.get("status")
    if status and status not in STATUSES_OF[kind]:
        allowed = ", ".join(STATUSES_OF[kind]) or "none (leave status empty)"
        raise CorrectionError(f"status: a {kind} cannot be {status!r}; its statuses: {allowed}")


def event_mentions(warehouse: Path, event_id: str) -> list[dict]:
    """The sentences that state the event in the published warehouse: what a correction
    matches by when the event's id changes."""
    with duckdb.connect(str(warehouse), read_only=True) as con:
        rows = con.execute("""
            select distinct article_id, event_type, char_start, char_end, evidence
            from main.event_mentions where event_id = ? order by article_id, char_start""", [event_id]).fetchall()
    if not rows:
        raise CorrectionError(f"no event {event_id} in {warehouse}: see `parley sql \"select event_id, event_type, "
                              f"evidence from event_mentions\"`")
    return [dict(zip(("article_id", "event_type", "char_start", "char_end", "evidence"), r)) for r in rows]


def record(warehouse: Path, correction: Correction) -> Correction:
    """Append the correction to the file and to the published warehouse, under the writer lock."""
    correction.mentions = correction.mentions or event_mentions(warehouse, correction.event_id)
    _check_status_fits_type(correction)
    correction.correction_id = correction.correction_id or uuid.uuid4().hex[:12]
    correction.corrected_by = correction.corrected_by or getpass.getuser()
    correction.corrected_at = correction.corrected_at or datetime.now(timezone.utc).isoformat(timespec="seconds")
    with writer_lock(warehouse, holder=f"parley correct {correction.action} {correction.event_id}"):
        with corrections_file(warehouse).open("a", encoding="utf-8") as fh:
            fh.write(json.dumps(asdict(correction), ensure_ascii=False) + "\n")
        _rewrite_published(warehouse)
    return correction


def read_file(path: Path) -> list[Correction]:
    if not path.exists():
        return []
    corrections = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            corrections.append(Correction(**json.loads(line)))
        except (ValueError, TypeError) as error:
            raise CorrectionError(f"{path}:{number}: not a correction ({error})") from None
    return corrections


def sync_table(con: duckdb.DuckDBPyConnection, path: Path) -> int:
    """raw.corrections := the file's corrections (the file is the record that is versioned).
    A warehouse whose file is missing keeps the corrections it has."""
    con.execute(TABLE)
    if not path.exists():
        return con.execute("select count(*) from raw.corrections").fetchone()[0]
    rows = [row for correction in read_file(path) for row in correction.rows()]
    con.execute("delete from raw.corrections")
    if rows:
        con.register("correction_rows", pa.Table.from_pylist(rows))
        con.execute("insert into raw.corrections by name select * replace (corrected_at::timestamptz as corrected_at) "
                    "from correction_rows")
        con.unregister("correction_rows")
    return len(rows)


def _rewrite_published(warehouse: Path) -> None:
    """Like a run's publish: change a copy, then replace the published file atomically, so
    readers that have it open are never blocked and never see half a change."""
    if not warehouse.exists():
        raise CorrectionError(f"no warehouse at {warehouse}; run `parley run` first")
    staged = Workspace(warehouse).ensure().root / f".{warehouse.name}.correcting"
    shutil.copy2(warehouse, staged)
    with duckdb.connect(str(staged)) as con:
        sync_table(con, corrections_file(warehouse))
        con.execute("force checkpoint")
    staged.replace(warehouse)


def listed(warehouse: Path) -> list[dict]:
    """Every correction of the file, with how many of the warehouse's mentions it now marks
    (after the latest run: a correction recorded since applies at the next one)."""
    corrections = read_file(corrections_file(warehouse))
    applied: dict[str, int] = {}
    if warehouse.exists():
        with duckdb.connect(str(warehouse), read_only=True) as con:
            columns = {c for (c,) in con.execute("select column_name from information_schema.columns "
                                                 "where table_schema = 'main' and table_name = 'event_mentions'").fetchall()}
            if "correction_ids" in columns:
                applied = dict(con.execute("""
                    select correction_id, count(*) from (select unnest(correction_ids) as correction_id
                                                         from main.event_mentions) group by 1""").fetchall())
    return [{"correction_id": c.correction_id, "event_id": c.event_id, "action": c.action,
             "changes": ", ".join(f"{k}={v}" for k, v in c.changes.items()), "reason": c.reason,
             "by": c.corrected_by, "at": c.corrected_at, "mentions_marked": applied.get(c.correction_id, 0),
             "evidence": c.mentions[0]["evidence"] if c.mentions else ""}
            for c in corrections]


