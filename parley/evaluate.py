"""Score a warehouse's ``event_mentions`` against hand-annotated gold events.

Matching follows the annotation guidelines (docs/events.md), per article and event type,
one to one, best-agreeing pairs first:
  lenient  meetings share min(2, |gold|) participant countries; other events share the
           actor's country;
  strict   as lenient, and for non-meetings the full actor code matches, and the target
           code too where gold names one.
A code's country is its first three letters; IGO and GRP: codes compare whole.
"""
from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

import duckdb

TYPES = ("meeting", "invitation", "refusal", "acceptance")


@dataclass
class Event:
    type: str
    actor: set = field(default_factory=set)
    target: set = field(default_factory=set)
    participants: set = field(default_factory=set)
    status: str | None = None
    date: str | None = None
    location: str | None = None

    def countries(self, with_target: bool = True) -> set:
        codes = self.participants | self.actor | (self.target if with_target else set())
        return {_country(c) for c in codes}


def _codes(value) -> set[str]:
    if value is None:
        return set()
    values = [value] if isinstance(value, str) else value
    return {v.lower() if v.upper().startswith("GRP:") else v.upper() for v in map(str, filter(None, values)) if v.strip()}


def _country(code: str) -> str:
    return code if code.startswith(("IGO", "grp:")) else code[:3]


class GoldFileError(ValueError):
    """A gold file that cannot be read: its message names the file and the line."""


def load_gold(path: Path) -> dict[str, list[Event]]:
    gold = {}
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as error:
        raise GoldFileError(f"{path}: cannot be read as UTF-8 text ({error})") from error
    for number, line in enumerate(lines, start=1):
        if line.strip():
            row = _gold_row(line, f"{path}:{number}")
            gold[row["article"]] = [Event(e["type"], _codes(e.get("actor")), _codes(e.get("target")),
                                          _codes(e.get("participants")) | _codes(e.get("host")),
                                          e.get("status"), e.get("date"), e.get("location")) for e in row["events"]]
    return gold


def _gold_row(line: str, where: str) -> dict:
    """One gold line: {"article": name, "events": [{"type": one of TYPES, ...}, ...]}."""
    try:
        row = json.loads(line)
    except json.JSONDecodeError as error:
        raise GoldFileError(f"{where}: not a JSON object ({error.msg} at column {error.colno})") from error
    if not isinstance(row, dict) or not isinstance(row.get("article"), str) or not isinstance(row.get("events"), list):
        raise GoldFileError(f'{where}: expected {{"article": "<file name>", "events": [...]}}')
    for event in row["events"]:
        if not isinstance(event, dict) or event.get("type") not in TYPES:
            raise GoldFileError(f"{where}: every event needs a type, one of {', '.join(TYPES)}: {json.dumps(event)}")
    return row


def load_predictions(warehouse: Path, min_confidence: float = 0.0) -> dict[str, list[Event]]:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        cursor = con.execute("select * from event_mentions where confidence >= ?", [min_confidence])
        columns = [d[0] for d in cursor.description]
        rows = [dict(zip(columns, r)) for r in cursor.fetchall()]
    events: dict[str, dict] = defaultdict(dict)
    for row in rows:
        article = PurePosixPath(str(row["source_uri"]).replace("\\", "/")).name
        event = events[article].setdefault(row["event_id"], Event(str(row["event_type"]).lower()))
        event.actor |= _codes(row.get("actor_code"))
        event.target |= _codes(row.get("target_code"))
        event.participants |= _codes(row.get("participant_codes")) | _codes(row.get("host_code"))
        event.status = event.status or row.get("status")
        event.date = event.date or (str(row["event_date"]) if row.get("event_date") else None)
        event.location = event.location or row.get("location")
    return {article: list(found.values()) for article, found in events.items()}


def matches(gold: Event, predicted: Event, strict: bool) -> bool:
    if gold.type != predicted.type:
        return False
    if gold.type == "meeting":
        wanted = gold.countries(with_target=False)
        return not wanted or len(wanted & predicted.countries()) >= min(2, len(wanted))
    if not gold.actor:
        return True
    if strict:
        return bool(gold.actor & predicted.actor) and (not gold.target or bool(gold.target & predicted.target))
    return bool({_country(c) for c in gold.actor} & {_country(c) for c in predicted.actor})


def _affinity(gold: Event, predicted: Event) -> int:
    same = lambda a, b: int(bool(a) and bool(b) and str(a).lower() == str(b).lower())
    g, p = gold.countries(), predicted.countries()
    return (len(g & p) * 4 - len(p - g) + same(gold.status, predicted.status) + same(gold.date, predicted.date)
            + same(gold.location, predicted.location))


def score(gold: dict[str, list[Event]], predicted: dict[str, list[Event]], strict: bool):
    tp, fp, fn = defaultdict(int), defaultdict(int), defaultdict(int)
    attributes = {"status": [0, 0], "date": [0, 0], "location": [0, 0]}
    misses, extras = [], []
    for article in sorted(gold):
        g_events, p_events = gold[article], predicted.get(article, [])
        pairs = sorted(((_affinity(g, p), -gi, -pi, gi, pi) for gi, g in enumerate(g_events)
                        for pi, p in enumerate(p_events) if matches(g, p, strict)), reverse=True)
        g_used, p_used = set(), set()
        for *_, gi, pi in pairs:
            if gi in g_used or pi in p_used:
                continue
            g_used.add(gi)
            p_used.add(pi)
            tp[g_events[gi].type] += 1
            _count_attributes(g_events[gi], p_events[pi], attributes)
        for gi, g in enumerate(g_events):
            if gi not in g_used:
                fn[g.type] += 1
                misses.append((article, g))
        for pi, p in enumerate(p_events):
            if pi not in p_used:
                fp[p.type] += 1
                extras.append((article, p))
    table = {}
    for kind in (*TYPES, "all"):
        a, b, c = (sum(x.values()) for x in (tp, fp, fn)) if kind == "all" else (tp[kind], fp[kind], fn[kind])
        precision = a / (a + b) if a + b else 0.0
        recall = a / (a + c) if a + c else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        table[kind] = {"tp": a, "fp": b, "fn": c, "precision": round(precision, 3), "recall": round(recall, 3),
                       "f1": round(f1, 3)}
    table["attributes"] = {k: {"right": r, "of": n} for k, (r, n) in attributes.items()}
    return table, misses, extras


def _count_attributes(gold: Event, predicted: Event, counts: dict) -> None:
    if gold.type == "meeting" and gold.status:
        counts["status"][1] += 1
        counts["status"][0] += int(str(predicted.status or "").lower() == gold.status.lower())
    if gold.date:
        counts["date"][1] += 1
        counts["date"][0] += int(str(predicted.date or "")[:len(gold.date)] == gold.date)
    if gold.location:
        counts["location"][1] += 1
        a, b = gold.location.lower(), str(predicted.location or "").lower()
        counts["location"][0] += int(bool(b) and (a in b or b in a))


def scores(gold_path: Path, warehouse: Path) -> dict:
    gold, predicted = load_gold(gold_path), load_predictions(warehouse)
    lenient, misses, extras = score(gold, predicted, strict=False)
    strict, _, _ = score(gold, predicted, strict=True)
    return {"lenient": lenient, "strict": strict, "misses": misses, "extras": extras}


def confidence_curve(gold_path: Path, warehouse: Path, thresholds=(0.0, 0.6, 0.7, 0.8, 0.9)) -> str:
    """Precision and recall of the events kept at each confidence threshold."""
    gold = load_gold(gold_path)
    lines = [f"{'min confidence':>14} {'events':>7} {'P':>6} {'R':>6} {'F1':>6}"]
    for threshold in thresholds:
        table, _, _ = score(gold, load_predictions(warehouse, threshold), strict=False)
        row = table["all"]
        lines.append(f"{threshold:>14} {row['tp'] + row['fp']:>7} {row['precision']:>6} {row['recall']:>6} {row['f1']:>6}")
    return "\n".join(lines)


def evaluate_warehouse(gold_path: Path, warehouse: Path, verbose: bool = False) -> str:
    result = scores(gold_path, warehouse)
    lenient, strict = result["lenient"], result["strict"]
    lines = [f"{'type':<11} {'P':>6} {'R':>6} {'F1':>6}   {'strict F1':>9}   tp/fp/fn (lenient)"]
    for kind in (*TYPES, "all"):
        s, l = strict[kind], lenient[kind]
        lines.append(f"{kind:<11} {l['precision']:>6} {l['recall']:>6} {l['f1']:>6}   {s['f1']:>9}   "
                     f"{l['tp']}/{l['fp']}/{l['fn']}")
    attrs = lenient["attributes"]
    lines.append("on matched events (lenient): " + ", ".join(f"{k} {v['right']}/{v['of']}" for k, v in attrs.items()))
    if verbose:
        describe = lambda e: (f"{e.type} actor={sorted(e.actor)} target={sorted(e.target)} "
                              f"participants={sorted(e.participants)}")
        lines += ["", "missed (gold events with no match):"] + [f"  {a}: {describe(e)}" for a, e in result["misses"]]
        lines += ["", "extra (predicted events with no match):"] + [f"  {a}: {describe(e)}" for a, e in result["extras"]]
    return "\n".join(lines)
