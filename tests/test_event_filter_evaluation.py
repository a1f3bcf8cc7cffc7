"""scripts/evaluate_event_filter.py: labels from the shared scorer's lenient matching,
cross-validation by topic, features from a real spaCy parse, and a filter that must beat the
rules where a signal exists. A real DuckDB file holds our own sentences as extraction stores
them."""
from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import duckdb
import pytest
import spacy

from extractors.components import DEFAULT_MODEL
from conftest import REPO, SHARED_CORPUS

SCORER = SHARED_CORPUS.parent / "tools" / "score_events.py"
pytestmark = pytest.mark.skipif(not SCORER.is_file(), reason=f"no shared scorer at {SCORER}")


def _script():
    spec = importlib.util.spec_from_file_location("evaluate_event_filter", REPO / "scripts" / "evaluate_event_filter.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


ev = _script()

TRUE_MEETING = "Ruritania and Freedonia held talks in Strelsau on Tuesday."
FALSE_REFUSAL = "Freedonia refused to buy Ruritanian goods and urged a boycott of its products."


def _row(article: str, key: str, kind: str, evidence: str, start: int, actor=None, parties=(), rule="meeting.noun"):
    return dict(article_id=article, event_key=key, event_type=kind, actor_code=actor, target_code=None,
                participant_codes=list(parties), host_code=None, location=None, event_date=None,
                status="held" if kind == "meeting" else None, evidence=evidence, char_start=start,
                rule_id=rule, status_rule_id=None, date_rule_id=None, place_rule_id=None, conditional=False)


def _warehouse(path: Path, rows: list[dict], articles: list[str]) -> Path:
    con = duckdb.connect(str(path))
    con.execute("create schema raw")
    con.execute("create table raw.articles (article_id varchar, source_uri varchar)")
    con.executemany("insert into raw.articles values (?, ?)", [(a, f"/in/{a}") for a in articles])
    con.execute("""create table raw.event_mentions (article_id varchar, event_key varchar, event_type varchar,
        actor_code varchar, target_code varchar, participant_codes varchar[], host_code varchar, location varchar,
        event_date date, status varchar, evidence varchar, char_start integer, rule_id varchar,
        status_rule_id varchar, date_rule_id varchar, place_rule_id varchar, conditional boolean)""")
    columns = list(rows[0])
    con.executemany(f"insert into raw.event_mentions ({', '.join(columns)}) values ({', '.join('?' * len(columns))})",
                    [[r[c] for c in columns] for r in rows])
    con.close()
    return path


def _corpus(tmp_path: Path, articles: list[str], topics=None, nlp=None) -> ev.Corpus:
    """Each article: a true meeting in two sentences, and a false refusal (a boycott of goods)."""
    rows, gold = [], []
    for article in articles:
        rows += [_row(article, "m", "meeting", TRUE_MEETING, 0, parties=("RUR", "FRE")),
                 _row(article, "m", "meeting", "The talks in Strelsau ended without a deal.", 80, parties=("RUR", "FRE")),
                 _row(article, "r", "refusal", FALSE_REFUSAL, 160, actor="FRE", rule="refusal.refused_to")]
        gold.append({"article": article, "events": [{"type": "meeting", "participants": ["RUR", "FRE"]},
                                                    {"type": "refusal", "actor": "RUR", "target": "FRE"}]})
    (tmp_path / "gold.jsonl").write_text("".join(json.dumps(g) + "\n" for g in gold))
    warehouse = _warehouse(tmp_path / "w.duckdb", rows, articles)
    return ev.Corpus(ev.load_scorer(SCORER), tmp_path / "gold.jsonl", warehouse, topics=topics, nlp=nlp)


@pytest.fixture(scope="module")
def nlp():
    return spacy.load(DEFAULT_MODEL)


ARTICLES = [f"d{n:03d}.txt" for n in (*range(1, 6), *range(56, 61))]


def test_a_sentence_is_labelled_by_whether_its_event_matches_gold(tmp_path):
    corpus = _corpus(tmp_path, ARTICLES[:2])
    labels = {(corpus.article[i], corpus.rows[i]["event_key"]): int(corpus.labels[i]) for i in range(len(corpus.rows))}
    assert labels == {("d001.txt", "m"): 1, ("d001.txt", "r"): 0, ("d002.txt", "m"): 1, ("d002.txt", "r"): 0}
    assert dict(corpus.score(ARTICLES[:2])) == {"tp": 2, "fp": 2, "fn": 2}
    dropped = {(a, "r") for a in ARTICLES[:2]}
    assert dict(corpus.score(ARTICLES[:2], dropped)) == {"tp": 2, "fp": 0, "fn": 2}
    assert corpus.false_event_kinds() == {"its type, other parties": 2}


def test_strict_scoring_also_asks_for_the_gold_target(tmp_path):
    corpus = _corpus(tmp_path, ARTICLES[:1])
    corpus.gold["d001.txt"].append({"type": "refusal", "actor": "FRE", "target": "RUR"})
    assert dict(corpus.score(ARTICLES[:1])) == {"tp": 2, "fp": 0, "fn": 1}
    assert dict(corpus.score(ARTICLES[:1], strict=True)) == {"tp": 1, "fp": 1, "fn": 2}


def test_an_event_stays_while_any_of_its_sentences_reaches_the_threshold(tmp_path):
    corpus = _corpus(tmp_path, ARTICLES[:1])
    meeting = [i for i in range(len(corpus.rows)) if corpus.rows[i]["event_key"] == "m"]
    refusal = [i for i in range(len(corpus.rows)) if corpus.rows[i]["event_key"] == "r"]
    probability = {meeting[0]: 0.2, meeting[1]: 0.8, refusal[0]: 0.4}
    assert ev.dropped_events(corpus, probability, 0.5) == {("d001.txt", "r")}
    assert ev.dropped_events(corpus, probability, 0.0) == set()


def test_folds_keep_each_topic_whole(tmp_path):
    topics = {a: "north" if n % 2 else "south" for n, a in enumerate(ARTICLES)}
    topics["d001.txt"] = "east"
    folds = _corpus(tmp_path, ARTICLES, topics=topics).folds(ARTICLES, 5)
    assert len(folds) == 3  # no more folds than topics
    assert sorted(a for _, test in folds for a in test) == sorted(ARTICLES)
    for train, test in folds:
        assert not {topics[a] for a in train} & {topics[a] for a in test}
        assert len(train) + len(test) == len(ARTICLES)


def test_features_name_cues_and_words_not_articles():
    found = ev.features(_row("d001.txt", "r", "refusal", "Ruritania would not attend if invited.", 0, actor="RUR"))
    assert {"cue=negation", "cue=modal", "cue=hedge", "w=attend", "ww=not_attend", "actor=country"} <= set(found)
    assert not any("d001" in name for name in found)
    assert [ev.code_kind(c) for c in (None, "RUR", "RURGOV", "IGOUNO", "GRP:Contact Group")] == [
        "none", "country", "country_role", "igo", "group"]
    structural = ev.features(_row("d001.txt", "r", "refusal", "Ruritania would not attend.", 0), words_too=False)
    assert "cue=negation" in structural and not any(name.startswith(("w=", "ww=")) for name in structural)


def test_parse_features_find_the_trigger_and_what_governs_it(nlp):
    found = ev.parse_features(nlp("Ruritania said it would not attend the summit if invited.")[:], "refusal")
    assert {"trigger=attend", "trigger_pos=VERB", "trigger_negated", "trigger_modal=would",
            "trigger_reported"} <= set(found)
    found = ev.parse_features(nlp('The envoy described it as "a meeting of friends", officials said.')[:], "meeting")
    assert {"trigger=meeting", "trigger_quoted", "trigger_reported"} <= set(found)
    assert "trigger_negated" not in found
    found = ev.parse_features(nlp("Freedonia will attend the summit if Ruritania does.")[:], "acceptance")
    assert {"trigger_conditional", "trigger_modal=will"} <= set(found)
    assert ev.parse_features(nlp("Prices rose sharply?")[:], "meeting") == {"question": 1.0, "trigger=none": 1.0}


def test_on_held_out_articles_the_filter_learns_to_drop_false_events_of_another_sense(tmp_path, capsys, nlp):
    corpus = _corpus(tmp_path, ARTICLES, nlp=nlp, topics={a: str(int(a[1:4]) // 2) for a in ARTICLES})
    (rules, filtered, perfect, strict_rules, strict_filtered), (_, threshold, _) = ev.held_out(
        corpus, ARTICLES[:5], ARTICLES[5:])
    assert dict(rules) == {"tp": 5, "fp": 5, "fn": 5}
    assert threshold > 0 and dict(filtered) == dict(perfect) == {"tp": 5, "fp": 0, "fn": 5}
    assert dict(strict_filtered) == {"tp": 5, "fp": 0, "fn": 5}
    ev.evaluate(corpus, folds=2)
    out = capsys.readouterr().out
    assert "trained on the 60 older, tested on the 20 newer" in out
    assert "lenient  with the filter  F1 0.667 (P 1.000, R 0.500; tp/fp/fn 5/0/5)" in out
    assert "lenient 0.500 -> 0.667 (fp removed 5, tp lost 0)" in out
    assert "events ranked with AUC 1.000" in out
