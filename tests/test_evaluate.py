"""`parley evaluate`: precision per rule (--by-rule) and a bootstrap interval for each F1,
over a DuckDB warehouse file holding event_mentions rows we write, and gold of our own."""
import json
from collections import Counter

import duckdb
import pytest

from parley.evaluate import by_rule, calibration, evaluate_warehouse, f1_interval

# (article, event_id, type, actor, target, participants, status, rule_id, status_rule_id, place, place_rule_id)
ROWS = [
    ("a.txt", "e1", "refusal", "IRNGOV", None, [], None, "refusal.refusal_verb", None, "Geneva",
     "place.of_answered_meeting"),
    ("a.txt", "e2", "meeting", None, None, ["IRNGOV", "TURGOV"], "held", "meeting.noun", "status.past_tense",
     "Ankara", "place.trigger_prep"),
    ("b.txt", "e3", "meeting", None, None, ["RUSGOV", "CHNGOV"], "planned", "meeting.noun", "status.planning_word",
     None, None),
    ("b.txt", "e3", "meeting", None, None, ["RUSGOV", "CHNGOV"], "planned", "meeting.verb", "status.planning_word",
     None, None),
    ("b.txt", "e4", "acceptance", "QATGOV", None, [], None, "acceptance.ready_to_meet", None, None, None),
]
GOLD = [
    {"article": "a.txt", "events": [{"type": "refusal", "actor": "IRNGOV", "location": "Geneva"},
                                    {"type": "meeting", "participants": ["IRNGOV", "TURGOV"], "status": "planned",
                                     "location": "Ankara"}]},
    {"article": "b.txt", "events": [{"type": "meeting", "participants": ["RUSGOV", "CHNGOV"], "status": "planned"},
                                    {"type": "invitation", "actor": "QATGOV", "target": "OMNGOV"}]},
]


@pytest.fixture
def files(tmp_path):
    warehouse, gold = tmp_path / "w.duckdb", tmp_path / "gold.jsonl"
    with duckdb.connect(str(warehouse)) as con:
        con.execute("""create table event_mentions (source_uri varchar, event_id varchar, event_type varchar,
            actor_code varchar, target_code varchar, participant_codes varchar[], host_code varchar, status varchar,
            event_date date, location varchar, confidence double, rule_id varchar, status_rule_id varchar,
            date_rule_id varchar, place_rule_id varchar)""")
        for (article, event, kind, actor, target, parties, status, rule_id, status_rule, place, place_rule) in ROWS:
            con.execute("insert into event_mentions values (?, ?, ?, ?, ?, ?, null, ?, null, ?, 0.8, ?, ?, null, ?)",
                        [f"file:///in/{article}", event, kind, actor, target, parties, status, place, rule_id,
                         status_rule, place_rule])
    gold.write_text("".join(json.dumps(line) + "\n" for line in GOLD))
    return gold, warehouse


def test_by_rule_counts_the_events_each_rule_made_that_match_gold_and_not(files):
    lines = by_rule(*files).splitlines()
    made = lines[1:lines.index("")]
    assert [line.split() for line in made] == [
        ["meeting.noun", "2", "2", "0", "1.000"],
        ["acceptance.ready_to_meet", "1", "0", "1", "0.000"],
        ["meeting.verb", "1", "1", "0", "1.000"],
        ["refusal.refusal_verb", "1", "1", "0", "1.000"],
    ]
    fields = lines[lines.index("") + 2:]
    assert [line.split() for line in fields] == [
        ["place.of_answered_meeting", "1", "1", "1.000"],
        ["place.trigger_prep", "1", "1", "1.000"],
        ["status.past_tense", "0", "1", "0.000"],   # held, where gold says planned
        ["status.planning_word", "1", "1", "1.000"],
    ]


def test_evaluate_prints_a_bootstrap_interval_around_each_f1(files):
    lines = evaluate_warehouse(*files).splitlines()
    assert lines[0].split()[:6] == ["type", "P", "R", "F1", "F1", "95%"]
    meeting = lines[1].split()
    assert meeting[:5] == ["meeting", "1.0", "1.0", "1.0", "1.000-1.000"]
    everything = next(line.split() for line in lines if line.startswith("all "))
    # draws of two articles: both a (F1 1), a and b (F1 0.75), both b (F1 0.5)
    assert everything[3:5] == ["0.75", "0.500-1.000"]
    assert lines[-1] == "95% CI: bootstrap over the 2 gold articles (1000 draws)"


def test_the_interval_is_the_spread_of_f1_over_articles_drawn_again():
    perfect = {"a": Counter({("meeting", "tp"): 3}), "b": Counter({("meeting", "tp"): 1})}
    assert f1_interval(perfect, ["a", "b"], "meeting") == (1.0, 1.0)
    mixed = {"a": Counter({("meeting", "tp"): 4}), "b": Counter({("meeting", "fp"): 2, ("meeting", "fn"): 2})}
    # draws of two articles: both a (F1 1), a and b (F1 8/12), both b (F1 0)
    assert f1_interval(mixed, ["a", "b"], "meeting") == (0.0, 1.0)
    assert f1_interval(mixed, ["a", "b"], "all") == (0.0, 1.0)
    assert f1_interval(mixed, ["a", "b"], "refusal") == (0.0, 0.0)


def test_calibration_is_each_rules_precision_shrunk_toward_the_overall_one(files):
    table = calibration(*files)
    assert table["prior"] == {"precision": 0.75, "strength": 4}  # 3 of the 4 predicted events match
    assert table["rules"] == {
        "acceptance.ready_to_meet": {"confidence": 0.6, "events": 1, "match": 0},   # (0 + 4 * 0.75) / (1 + 4)
        "meeting.noun": {"confidence": 0.833, "events": 2, "match": 2},            # (2 + 3) / (2 + 4)
        "meeting.verb": {"confidence": 0.8, "events": 1, "match": 1},
        "refusal.refusal_verb": {"confidence": 0.8, "events": 1, "match": 1},
    }
