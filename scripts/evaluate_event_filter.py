"""Would a learned filter of false events beat the rules on articles it was not trained on?
(issue 23, "learned help where rules keep failing").

    .venv/bin/parley run --input ../shared/corpus/articles --warehouse /tmp/base.duckdb
    .venv/bin/python scripts/evaluate_event_filter.py ../shared/corpus/gold.jsonl --warehouse /tmp/base.duckdb

Each row of `raw.event_mentions` (one sentence of an event, as extraction makes it) is
labelled true when its event matches a gold event of its article the way the shared scorer
(../shared/tools/score_events.py, imported, not copied) matches leniently. A logistic
regression over general features (`features`) gives each row P(true); an event is dropped
when none of its sentences reaches the threshold.

What decides is lenient F1 on articles the model was not trained on, against the rules alone
on the same articles: 10-fold cross-validation by article, and training on the 60 older
articles to test on the 20 newer ones (d056-d075), the closest to unseen news. The
regularisation and the threshold (0 = keep everything) are chosen inside the training
articles only, by an inner 5-fold cross-validation by article. A perfect filter (dropping
exactly the unmatched events) is printed as the ceiling. Deterministic: the same warehouse
gives the same figures.

`--structural` leaves the sentence's words out (rule ids, type, status, parties, cue words,
position only).
"""
from __future__ import annotations

import argparse
import importlib.util
import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from pathlib import Path

import duckdb
import numpy as np
from sklearn.feature_extraction import DictVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import KFold

NEWER = {f"d{n:03d}.txt" for n in range(56, 76)}
STRENGTHS = (0.1, 0.3, 1.0)  # LogisticRegression's C
THRESHOLDS = tuple(round(t, 2) for t in np.arange(0.0, 0.71, 0.05))
WORD = re.compile(r"[a-z]+(?:'[a-z]+)?|n't")
# Cue words of the error classes issue 23 names: negation and modality scope, other senses
# of a trigger (boycotts of goods, openness to talks, speculation), parties only commenting
# or excluded.
CUES = {
    "negation": {"not", "n't", "no", "never", "neither", "nor"},
    "modal": {"may", "might", "could", "would", "should", "can", "possible", "possibly", "perhaps"},
    "hedge": {"if", "whether", "unless", "speculation", "rumour", "rumor", "reportedly", "expected", "likely"},
    "openness": {"open", "ready", "willing", "willingness", "readiness", "prepared"},
    "goods": {"goods", "products", "imports", "exports", "trade", "brands", "sanctions"},
    "comment": {"welcomed", "criticised", "criticized", "condemned", "urged", "praised"},
    "exclusion": {"excluded", "exclude", "barred", "without", "except"},
}


def features(row: Mapping, words_too: bool = True) -> dict[str, float]:
    """The features of one event sentence: nothing that names an article."""
    words = WORD.findall((row.get("evidence") or "").lower())
    found = {
        f"type={row.get('event_type')}": 1.0,
        f"rule={row.get('rule_id')}": 1.0,
        f"status={row.get('status')}": 1.0,
        f"status_rule={row.get('status_rule_id')}": 1.0,
        f"date_rule={row.get('date_rule_id')}": 1.0,
        f"place_rule={row.get('place_rule_id')}": 1.0,
        f"has_actor={row.get('actor_code') is not None}": 1.0,
        f"has_target={row.get('target_code') is not None}": 1.0,
        f"parties={min(len(row.get('participant_codes') or []), 3)}": 1.0,
        f"conditional={row.get('conditional')}": 1.0,
        f"early={int(row.get('char_start') or 0) < 400}": 1.0,
        f"long={len(words) > 40}": 1.0,
    }
    for cue, cue_words in CUES.items():
        if cue_words.intersection(words):
            found[f"cue={cue}"] = 1.0
            found[f"cue_type={cue}|{row.get('event_type')}"] = 1.0
    if words_too:
        found.update({f"w={word}": 1.0 for word in words})
        found.update({f"ww={a}_{b}": 1.0 for a, b in zip(words, words[1:])})
    return found


def load_scorer(path: Path):
    spec = importlib.util.spec_from_file_location("score_events", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class Corpus:
    """The warehouse's event sentences with their article, label and features, and the gold."""

    def __init__(self, scorer, gold_path: Path, warehouse: Path, words_too: bool = True):
        self.scorer = scorer
        self.gold = scorer.load_gold(gold_path)
        con = duckdb.connect(str(warehouse), read_only=True)
        cursor = con.execute("select m.*, m.event_key as event_id, a.source_uri from raw.event_mentions m "
                             "join raw.articles a using (article_id) order by a.source_uri, m.char_start, m.event_key")
        columns = [d[0] for d in cursor.description]
        rows = [dict(zip(columns, r)) for r in cursor.fetchall()]
        con.close()
        self.rows = [r for r in rows if scorer.article_key(r["source_uri"]) in self.gold]
        self.article = [scorer.article_key(r["source_uri"]) for r in self.rows]
        self.labels = np.array(self._labels(), dtype=int)
        self.features = [features(r, words_too) for r in self.rows]

    def event(self, i: int) -> tuple[str, str]:
        return self.article[i], self.rows[i]["event_id"]

    def _labels(self) -> list[int]:
        """1 for a sentence whose event the lenient scorer matches to a gold event."""
        predicted = self.scorer.predicted_events(self.rows)
        event_ids = {}  # per article, in the order predicted_events made its events
        for i in range(len(self.rows)):
            event_ids.setdefault(self.article[i], {}).setdefault(self.rows[i]["event_id"], None)
        event_of = {id(ev): (article, eid) for article, events in predicted.items()
                    for ev, eid in zip(events, event_ids[article])}
        _, _, extras = self.scorer.score(self.gold, predicted, strict=False)
        unmatched = {event_of[id(p)] for _, p in extras}
        return [int(self.event(i) not in unmatched) for i in range(len(self.rows))]

    def rows_of(self, articles: Iterable[str]) -> np.ndarray:
        chosen = set(articles)
        return np.array([i for i, a in enumerate(self.article) if a in chosen], dtype=int)

    def score(self, articles: Iterable[str], dropped: set = frozenset()) -> Counter:
        """Lenient tp/fp/fn on these articles, without the dropped events."""
        articles = set(articles)
        rows = [r for i, r in enumerate(self.rows) if self.article[i] in articles and self.event(i) not in dropped]
        gold = {a: events for a, events in self.gold.items() if a in articles}
        table, _, _ = self.scorer.score(gold, self.scorer.predicted_events(rows), strict=False)
        return Counter({k: table["all"][k] for k in ("tp", "fp", "fn")})


def f1(counts: Counter) -> float:
    return 2 * counts["tp"] / (2 * counts["tp"] + counts["fp"] + counts["fn"]) if counts["tp"] else 0.0


def figures(counts: Counter) -> str:
    tp, fp, fn = counts["tp"], counts["fp"], counts["fn"]
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return f"F1 {f1(counts):.3f} (P {p:.3f}, R {r:.3f}; tp/fp/fn {tp}/{fp}/{fn})"


def article_folds(articles: Iterable[str], folds: int) -> list[tuple[list[str], list[str]]]:
    """Cross-validation by article: an article's sentences are all in training or all in test."""
    articles = sorted(articles)
    splits = KFold(n_splits=folds, shuffle=True, random_state=0).split(articles)
    return [([articles[i] for i in train], [articles[i] for i in test]) for train, test in splits]


def probabilities(corpus: Corpus, train: Iterable[str], test: Iterable[str], strength: float) -> dict[int, float]:
    """P(true) of each test sentence, by a model fitted on the training articles' sentences."""
    fit_rows, test_rows = corpus.rows_of(train), corpus.rows_of(test)
    vectorizer = DictVectorizer()
    x = vectorizer.fit_transform([corpus.features[i] for i in fit_rows])
    model = LogisticRegression(C=strength, max_iter=2000).fit(x, corpus.labels[fit_rows])
    if not len(test_rows):
        return {}
    p = model.predict_proba(vectorizer.transform([corpus.features[i] for i in test_rows]))[:, 1]
    return dict(zip(test_rows.tolist(), p.tolist()))


def dropped_events(corpus: Corpus, probability: dict[int, float], threshold: float) -> set:
    """The events none of whose sentences reaches the threshold."""
    best: dict = {}
    for i, p in probability.items():
        best[corpus.event(i)] = max(best.get(corpus.event(i), 0.0), p)
    return {event for event, p in best.items() if p < threshold}


def choose(corpus: Corpus, train: list[str]) -> tuple[float, float, float]:
    """(inner F1, strength, threshold) best out of fold within the training articles."""
    best = (-1.0, 0.0, 0.0)
    for strength in STRENGTHS:
        probability: dict[int, float] = {}
        for inner_train, inner_test in article_folds(train, 5):
            probability.update(probabilities(corpus, inner_train, inner_test, strength))
        for threshold in THRESHOLDS:
            score = f1(corpus.score(train, dropped_events(corpus, probability, threshold)))
            if score > best[0] + 1e-9:
                best = (score, strength, threshold)
    return best


def held_out(corpus: Corpus, train: list[str], test: list[str]) -> tuple[Counter, Counter, Counter, tuple]:
    """On the test articles: the rules alone, with the filter chosen on the train articles,
    and with a perfect filter."""
    inner_f1, strength, threshold = choose(corpus, train)
    dropped = dropped_events(corpus, probabilities(corpus, train, test, strength), threshold)
    unmatched = {corpus.event(i) for i in corpus.rows_of(test) if not corpus.labels[i]}
    return (corpus.score(test), corpus.score(test, dropped), corpus.score(test, unmatched),
            (strength, threshold, inner_f1))


def evaluate(corpus: Corpus, folds: int) -> None:
    articles = sorted(corpus.gold)
    print(f"{len(corpus.rows)} event sentences in {len(set(corpus.article))} of {len(articles)} articles, "
          f"{int(corpus.labels.sum())} of a matched event")
    totals = [Counter(), Counter(), Counter()]
    for n, (train, test) in enumerate(article_folds(articles, folds)):
        *counts, (strength, threshold, inner_f1) = held_out(corpus, train, test)
        totals = [total + c for total, c in zip(totals, counts)]
        print(f"  fold {n}: C={strength} threshold={threshold} (inner F1 {inner_f1:.3f}): "
              f"rules {f1(counts[0]):.3f} -> filtered {f1(counts[1]):.3f}")
    report(f"{folds}-fold cross-validation by article", totals)
    older = [a for a in articles if a not in NEWER]
    *counts, (strength, threshold, _) = held_out(corpus, older, sorted(NEWER & set(articles)))
    report(f"trained on the 60 older, tested on the 20 newer (C={strength}, threshold={threshold})", counts)


def report(title: str, counts: list[Counter]) -> None:
    print(title)
    for name, c in zip(("rules alone", "with the filter", "perfect filter"), counts):
        print(f"  {name:<16} {figures(c)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("gold", type=Path)
    parser.add_argument("--warehouse", type=Path, required=True)
    parser.add_argument("--scorer", type=Path, help="default: tools/score_events.py beside the gold's folder")
    parser.add_argument("--folds", type=int, default=10)
    parser.add_argument("--structural", action="store_true", help="leave the sentence's words out")
    args = parser.parse_args()
    scorer = load_scorer(args.scorer or args.gold.resolve().parent.parent / "tools" / "score_events.py")
    evaluate(Corpus(scorer, args.gold, args.warehouse, words_too=not args.structural), args.folds)


if __name__ == "__main__":
    main()
