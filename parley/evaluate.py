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
import random
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

import duckdb

from parley.contract import EVENT_TYPES as TYPES


@dataclass
class Event:
    type: str
    actor: set = field(default_factory=set)
    target: set = field(default_factory=set)
    participants: set = field(default_factory=set)
    status: str | None = None
    date: str | None = None
    location: str | None = None
    # predicted events only: the rules that made the event (in any of its sentences), and
    # those that set its status, date and place
    rules: set = field(default_factory=set)
    field_rules: dict = field(default_factory=dict)

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
        event.rules |= {row["rule_id"]} if row.get("rule_id") else set()
        for name in ("status", "date", "place"):
            if row.get(f"{name}_rule_id"):
                event.field_rules.setdefault(name, row[f"{name}_rule_id"])
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
    misses, extras, matched = [], [], []
    by_article: dict[str, Counter] = defaultdict(Counter)  # (type, "tp"/"fp"/"fn") -> count
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
            by_article[article][g_events[gi].type, "tp"] += 1
            _count_attributes(g_events[gi], p_events[pi], attributes)
            matched.append((g_events[gi], p_events[pi]))
        for gi, g in enumerate(g_events):
            if gi not in g_used:
                fn[g.type] += 1
                by_article[article][g.type, "fn"] += 1
                misses.append((article, g))
        for pi, p in enumerate(p_events):
            if pi not in p_used:
                fp[p.type] += 1
                by_article[article][p.type, "fp"] += 1
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
    table["by_article"] = dict(by_article)
    table["matched"] = matched
    return table, misses, extras


def _count_attributes(gold: Event, predicted: Event, counts: dict) -> None:
    for name, right in _attributes_right(gold, predicted).items():
        counts[name][1] += 1
        counts[name][0] += int(right)


def _attributes_right(gold: Event, predicted: Event) -> dict[str, bool]:
    """Of the attributes gold gives (a meeting's status, a date, a place), whether each is right."""
    right = {}
    if gold.type == "meeting" and gold.status:
        right["status"] = str(predicted.status or "").lower() == gold.status.lower()
    if gold.date:
        right["date"] = str(predicted.date or "")[:len(gold.date)] == gold.date
    if gold.location:
        a, b = gold.location.lower(), str(predicted.location or "").lower()
        right["location"] = bool(b) and (a in b or b in a)
    return right


def f1_interval(by_article: dict[str, Counter], articles: list[str], kind: str, samples: int = 1000,
                seed: int = 0) -> tuple[float, float]:
    """A 95% bootstrap interval for the F1 of one event type ("all" for every type): the
    articles are drawn with replacement, `samples` times, and the F1 of each draw computed
    from its counts; the interval is the 2.5th and 97.5th percentiles of those F1s."""
    kinds = TYPES if kind == "all" else (kind,)
    counts = [[sum(by_article.get(a, Counter())[k, part] for k in kinds) for part in ("tp", "fp", "fn")]
              for a in articles]
    draw = random.Random(seed)
    f1s = []
    for _ in range(samples):
        tp = fp = fn = 0
        for a_tp, a_fp, a_fn in draw.choices(counts, k=len(counts)):
            tp, fp, fn = tp + a_tp, fp + a_fp, fn + a_fn
        f1s.append(2 * tp / (2 * tp + fp + fn) if tp else 0.0)
    f1s.sort()
    return round(f1s[int(0.025 * samples)], 3), round(f1s[int(0.975 * samples) - 1], 3)


def rule_counts(gold_path: Path, warehouse: Path) -> tuple[dict, dict, dict]:
    """Per rule id, [events it made that match a gold event, those that do not] (lenient);
    per status, date or place rule, [right, of] on matched events where gold gives the
    field; and the score table."""
    gold, predicted = load_gold(gold_path), load_predictions(warehouse)
    table, _, extras = score(gold, predicted, strict=False)
    made: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for event, hit in [(p, True) for _, p in table["matched"]] + [(p, False) for _, p in extras]:
        for rule_id in event.rules or {"(no rule id)"}:
            made[rule_id][0 if hit else 1] += 1
    fields: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for gold_event, event in table["matched"]:
        for name, right in _attributes_right(gold_event, event).items():
            rule_id = event.field_rules.get("place" if name == "location" else name)
            if rule_id:
                fields[rule_id][0] += int(right)
                fields[rule_id][1] += 1
    return dict(made), dict(fields), table


def by_rule(gold_path: Path, warehouse: Path) -> str:
    """Per rule id: the predicted events it made that match a gold event and those that do
    not (lenient matching), so its precision; and for the rules that set a status, date or
    place, how often that field is right on matched events where gold gives it."""
    made, fields, _ = rule_counts(gold_path, warehouse)
    lines = [f"{'rule (made the event)':<38} {'events':>6} {'match':>6} {'no match':>8} {'precision':>9}"]
    for rule_id, (hit, miss) in sorted(made.items(), key=lambda item: (-sum(item[1]), item[0])):
        lines.append(f"{rule_id:<38} {hit + miss:>6} {hit:>6} {miss:>8} {hit / (hit + miss):>9.3f}")
    lines += ["", f"{'rule (set a field)':<38} {'right':>6} {'of':>6} {'share':>9}"]
    for rule_id, (right, of) in sorted(fields.items(), key=lambda item: (-item[1][1], item[0])):
        lines.append(f"{rule_id:<38} {right:>6} {of:>6} {right / of:>9.3f}")
    return "\n".join(lines)


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


PRIOR_STRENGTH = 4  # events' worth of the overall precision a rule's own count is weighed against


def calibration(gold_path: Path, warehouse: Path) -> dict:
    """The confidence of each rule's events: its precision on the gold, shrunk toward the
    precision of all events by PRIOR_STRENGTH events' worth, (match + k * p) / (events + k),
    so that a rule seen a few times is not given 0 or 1."""
    made, _, table = rule_counts(gold_path, warehouse)
    overall = table["all"]["precision"]
    rules = {rule_id: {"confidence": round((hit + PRIOR_STRENGTH * overall) / (hit + miss + PRIOR_STRENGTH), 3),
                       "events": hit + miss, "match": hit}
             for rule_id, (hit, miss) in sorted(made.items()) if rule_id != "(no rule id)"}
    return {"prior": {"precision": overall, "strength": PRIOR_STRENGTH}, "rules": rules}


def evaluate_warehouse(gold_path: Path, warehouse: Path, verbose: bool = False) -> str:
    result = scores(gold_path, warehouse)
    lenient, strict = result["lenient"], result["strict"]
    articles = sorted(load_gold(gold_path))
    lines = [f"{'type':<11} {'P':>6} {'R':>6} {'F1':>6} {'F1 95% CI':>13}   {'strict F1':>9} {'95% CI':>13}"
             f"   tp/fp/fn (lenient)"]
    for kind in (*TYPES, "all"):
        s, l = strict[kind], lenient[kind]
        low, high = f1_interval(lenient["by_article"], articles, kind)
        s_low, s_high = f1_interval(strict["by_article"], articles, kind)
        lines.append(f"{kind:<11} {l['precision']:>6} {l['recall']:>6} {l['f1']:>6} {f'{low:.3f}-{high:.3f}':>13}"
                     f"   {s['f1']:>9} {f'{s_low:.3f}-{s_high:.3f}':>13}   {l['tp']}/{l['fp']}/{l['fn']}")
    attrs = lenient["attributes"]
    lines.append("on matched events (lenient): " + ", ".join(f"{k} {v['right']}/{v['of']}" for k, v in attrs.items()))
    lines.append(f"95% CI: bootstrap over the {len(articles)} gold articles (1000 draws)")
    if verbose:
        describe = lambda e: (f"{e.type} actor={sorted(e.actor)} target={sorted(e.target)} "
                              f"participants={sorted(e.participants)}")
        lines += ["", "missed (gold events with no match):"] + [f"  {a}: {describe(e)}" for a, e in result["misses"]]
        lines += ["", "extra (predicted events with no match):"] + [f"  {a}: {describe(e)}" for a, e in result["extras"]]
    return "\n".join(lines)
