"""Would a learned filter of false events beat the rules on articles it was not trained on?
(issue 23, "learned help where rules keep failing").

    .venv/bin/parley run --input ../shared/corpus/articles --warehouse /tmp/base.duckdb
    .venv/bin/python scripts/evaluate_event_filter.py ../shared/corpus/gold.jsonl --warehouse /tmp/base.duckdb

Each row of `raw.event_mentions` (one sentence of an event, as extraction makes it) is
labelled true when its event matches a gold event of its article the way the shared scorer
(../shared/tools/score_events.py, imported, not copied) matches leniently. A logistic
regression over general features (`features`) gives each row P(true); an event is dropped
when none of its sentences reaches the threshold.

What decides is F1 (lenient and strict) on articles the model was not trained on, against
the rules alone on the same articles: K-fold cross-validation by topic (`index.jsonl` beside
the gold; no topic in both training and test), and training on the 60 older articles to test
on the 20 newer ones (d056-d075, topics the older never cover), the closest to unseen news.
The regularisation and the threshold (0 = keep everything) are chosen inside the training
articles only, by an inner 5-fold cross-validation by topic. A perfect filter (dropping
exactly the unmatched events) is printed as the ceiling. Deterministic: the same warehouse
gives the same figures.

Features (`features`, `parse_features`): rule ids, type, status, the kind of actor codes
(none, country only, country and role, IGO, group), number of parties, how many sentences
the event has, position, cue words, and from a spaCy parse of the sentence the trigger's
lemma, dependency, negation, modal, conditional, reported speech and quotation.
`--structural` leaves the sentence's other words out.
"""
from __future__ import annotations

import argparse
import importlib.util
import json
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from functools import cache
from pathlib import Path

import duckdb
import numpy as np
from sklearn.feature_extraction import DictVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score
from sklearn.model_selection import GroupKFold

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
        f"actor={code_kind(row.get('actor_code'))}": 1.0,
        f"target={code_kind(row.get('target_code'))}": 1.0,
        f"host={code_kind(row.get('host_code'))}": 1.0,
        f"parties={min(len(row.get('participant_codes') or []), 3)}": 1.0,
        f"conditional={row.get('conditional')}": 1.0,
        f"early={int(row.get('char_start') or 0) < 400}": 1.0,
        f"late={int(row.get('char_start') or 0) > 2500}": 1.0,
        f"long={len(words) > 40}": 1.0,
    }
    for code in row.get("participant_codes") or []:
        found[f"party={code_kind(code)}"] = 1.0
    for cue, cue_words in CUES.items():
        if cue_words.intersection(words):
            found[f"cue={cue}"] = 1.0
            found[f"cue_type={cue}|{row.get('event_type')}"] = 1.0
    if words_too:
        found.update({f"w={word}": 1.0 for word in words})
        found.update({f"ww={a}_{b}": 1.0 for a, b in zip(words, words[1:])})
    return found


def code_kind(code: str | None) -> str:
    """What an actor code says without naming anyone: none, a country alone, a country with
    a role, an international organisation, a group."""
    if not code:
        return "none"
    if code.upper().startswith("GRP:"):
        return "group"
    if code.startswith("IGO"):
        return "igo"
    return "country" if len(code) == 3 else "country_role"


@cache
def trigger_lemmas(kind: str) -> frozenset[str]:
    """The lemmas that can start an event of this type (triggers.yaml, patterns.yaml)."""
    from extractors.lexicon import load_lexicon

    lexicon = load_lexicon()
    lemmas = set(lexicon.triggers["attendance_verbs"]) | lexicon.pattern_lemmas.get(kind, set())
    for part, words in lexicon.triggers.get(kind, {}).items():
        if part in ("nouns", "weak_nouns", "verbs", "commitment_verbs", "adjectives", "list_nouns"):
            lemmas |= set(words)
    return frozenset(lemmas)


def is_condition(token) -> bool:
    return token.dep_ == "mark" and token.lower_ in ("if", "whether", "unless")


def parse_features(sentence, kind: str) -> dict[str, float]:
    """From a spaCy parse: the trigger (the word of this event type nearest the root), its
    dependency and part of speech, and whether it is negated, under a modal, a condition,
    a reporting verb or inside a quotation."""
    from extractors.actors import REPORTING_VERBS

    candidates = [t for t in sentence if t.lemma_.lower() in trigger_lemmas(kind)]
    found = {"question": 1.0} if sentence.text.rstrip().endswith("?") else {}
    if not candidates:
        return {**found, "trigger=none": 1.0}
    trigger = min(candidates, key=lambda t: (len(list(t.ancestors)), t.i))
    chain = [trigger, *trigger.ancestors][:3]
    quotes_before = sum(t.text in ('"', "\u201c", "\u201d") for t in sentence if t.i < trigger.i)
    found.update({f"trigger={trigger.lemma_.lower()}": 1.0, f"trigger_dep={trigger.dep_}": 1.0,
                  f"trigger_pos={trigger.pos_}": 1.0, f"trigger_depth={min(len(chain) - 1, 2)}": 1.0})
    for token in chain:
        for child in token.children:
            if child.dep_ == "neg":
                found["trigger_negated"] = 1.0
            if child.tag_ == "MD":
                found[f"trigger_modal={child.lemma_.lower()}"] = 1.0
            if is_condition(child) or (child.dep_ == "advcl" and any(map(is_condition, child.children))):
                found["trigger_conditional"] = 1.0  # "would attend if ...", "if it attends"
    if any(a.lemma_.lower() in REPORTING_VERBS for a in trigger.ancestors):
        found["trigger_reported"] = 1.0
    if quotes_before % 2:
        found["trigger_quoted"] = 1.0
    return found


def load_scorer(path: Path):
    spec = importlib.util.spec_from_file_location("score_events", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class Corpus:
    """The warehouse's event sentences with their article, label and features, and the gold."""

    def __init__(self, scorer, gold_path: Path, warehouse: Path, words_too: bool = True,
                 topics: Mapping[str, str] | None = None, nlp=None):
        self.scorer = scorer
        self.gold = scorer.load_gold(gold_path)
        self.topic = {a: (topics or {}).get(a, a) for a in self.gold}  # no topic: its own
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
        sentences = Counter(self.event(i) for i in range(len(self.rows)))
        for i, found in enumerate(self.features):
            found[f"sentences={min(sentences[self.event(i)], 3)}"] = 1.0
        if nlp is not None:
            texts = sorted({r["evidence"] or "" for r in self.rows})
            parsed = dict(zip(texts, nlp.pipe(texts)))
            for row, found in zip(self.rows, self.features):
                found.update(parse_features(parsed[row["evidence"] or ""][:], row["event_type"]))

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

    def score(self, articles: Iterable[str], dropped: set = frozenset(), strict: bool = False) -> Counter:
        """Lenient (or strict) tp/fp/fn on these articles, without the dropped events."""
        articles = set(articles)
        rows = [r for i, r in enumerate(self.rows) if self.article[i] in articles and self.event(i) not in dropped]
        gold = {a: events for a, events in self.gold.items() if a in articles}
        table, _, _ = self.scorer.score(gold, self.scorer.predicted_events(rows), strict=strict)
        return Counter({k: table["all"][k] for k in ("tp", "fp", "fn")})

    def false_event_kinds(self) -> Counter:
        """Why each unmatched event is unmatched: a second event for a gold event another
        one already matched (grouping; its sentence may well be right), an event of a type the
        article has but with other parties, or of a type the article has none of."""
        predicted = self.scorer.predicted_events(self.rows)
        _, _, extras = self.scorer.score(self.gold, predicted, strict=False)
        kinds = Counter()
        for article, event in extras:
            golds = [self.scorer.gold_view(g) for g in self.gold[article]]
            if any(self.scorer.matches(g, event, False) for g in golds):
                kinds["duplicate of a matched gold event"] += 1
            elif any(g["type"] == event["type"] for g in golds):
                kinds["its type, other parties"] += 1
            else:
                kinds["a type the article has none of"] += 1
        return kinds

    def folds(self, articles: Iterable[str], folds: int) -> list[tuple[list[str], list[str]]]:
        """Cross-validation by topic: a topic's articles are all in training or all in test."""
        articles = sorted(articles)
        groups = [self.topic[a] for a in articles]
        folds = min(folds, len(set(groups)))
        splits = GroupKFold(n_splits=folds, shuffle=True, random_state=0).split(articles, groups=groups)
        return [([articles[i] for i in train], [articles[i] for i in test]) for train, test in splits]


def f1(counts: Counter) -> float:
    return 2 * counts["tp"] / (2 * counts["tp"] + counts["fp"] + counts["fn"]) if counts["tp"] else 0.0


def figures(counts: Counter) -> str:
    tp, fp, fn = counts["tp"], counts["fp"], counts["fn"]
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return f"F1 {f1(counts):.3f} (P {p:.3f}, R {r:.3f}; tp/fp/fn {tp}/{fp}/{fn})"


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
        for inner_train, inner_test in corpus.folds(train, 5):
            probability.update(probabilities(corpus, inner_train, inner_test, strength))
        for threshold in THRESHOLDS:
            score = f1(corpus.score(train, dropped_events(corpus, probability, threshold)))
            if score > best[0] + 1e-9:
                best = (score, strength, threshold)
    return best


SETTINGS = (("rules alone", "lenient"), ("with the filter", "lenient"), ("perfect filter", "lenient"),
            ("rules alone", "strict"), ("with the filter", "strict"))


def held_out(corpus: Corpus, train: list[str], test: list[str]) -> tuple[list[Counter], tuple]:
    """On the test articles, lenient: the rules alone, with the filter chosen on the train
    articles, with a perfect filter; strict: the rules alone, with the filter."""
    inner_f1, strength, threshold = choose(corpus, train)
    dropped = dropped_events(corpus, probabilities(corpus, train, test, strength), threshold)
    unmatched = {corpus.event(i) for i in corpus.rows_of(test) if not corpus.labels[i]}
    counts = [corpus.score(test), corpus.score(test, dropped), corpus.score(test, unmatched),
              corpus.score(test, strict=True), corpus.score(test, dropped, strict=True)]
    return counts, (strength, threshold, inner_f1)


def change(before: Counter, after: Counter) -> str:
    return (f"{f1(before):.3f} -> {f1(after):.3f} "
            f"(fp removed {before['fp'] - after['fp']}, tp lost {before['tp'] - after['tp']})")


def trade_off(corpus: Corpus, folds: int, strength: float = STRENGTHS[0]) -> None:
    """Out of fold by topic, at fixed thresholds: how well P(true) ranks the events (AUC), and
    how many false events each threshold removes for how many true ones."""
    articles = sorted(corpus.gold)
    probability: dict[int, float] = {}
    for train, test in corpus.folds(articles, folds):
        probability.update(probabilities(corpus, train, test, strength))
    best: dict = {}
    for i, p in probability.items():
        best[corpus.event(i)] = max(best.get(corpus.event(i), 0.0), p)
    label = {corpus.event(i): corpus.labels[i] for i in probability}
    events = sorted(best)
    auc = roc_auc_score([label[e] for e in events], [best[e] for e in events])
    print(f"out of fold by topic (C={strength}): events ranked with AUC {auc:.3f}")
    rules = corpus.score(articles)
    for threshold in (0.6, 0.7, 0.8, 0.85, 0.9):
        filtered = corpus.score(articles, dropped_events(corpus, probability, threshold))
        print(f"  threshold {threshold}: lenient {change(rules, filtered)}")


def evaluate(corpus: Corpus, folds: int) -> None:
    articles = sorted(corpus.gold)
    print(f"{len(corpus.rows)} event sentences in {len(set(corpus.article))} of {len(articles)} articles, "
          f"{int(corpus.labels.sum())} of a matched event; {len(set(corpus.topic.values()))} topics")
    print("unmatched events: " + ", ".join(f"{n} {kind}" for kind, n in corpus.false_event_kinds().most_common()))
    totals = [Counter() for _ in SETTINGS]
    for n, (train, test) in enumerate(corpus.folds(articles, folds)):
        counts, (strength, threshold, inner_f1) = held_out(corpus, train, test)
        totals = [total + c for total, c in zip(totals, counts)]
        print(f"  fold {n} ({len(test)} articles, {len({corpus.topic[a] for a in test})} topics): "
              f"C={strength} threshold={threshold} (inner F1 {inner_f1:.3f})\n"
              f"    lenient {change(counts[0], counts[1])}; strict {change(counts[3], counts[4])}")
    report(f"{folds}-fold cross-validation by topic", totals)
    older = [a for a in articles if a not in NEWER]
    counts, (strength, threshold, _) = held_out(corpus, older, sorted(NEWER & set(articles)))
    report(f"trained on the 60 older, tested on the 20 newer (C={strength}, threshold={threshold})", counts)
    trade_off(corpus, folds)


def report(title: str, counts: list[Counter]) -> None:
    print(title)
    for (name, scoring), c in zip(SETTINGS, counts):
        print(f"  {scoring:<8} {name:<16} {figures(c)}")
    print(f"  lenient {change(counts[0], counts[1])}; strict {change(counts[3], counts[4])}")


def load_topics(path: Path) -> dict[str, str]:
    """article -> topic, from the corpus's index.jsonl."""
    if not path.is_file():
        return {}
    rows = (json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip())
    return {row["article"]: row["topic"] for row in rows}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("gold", type=Path)
    parser.add_argument("--warehouse", type=Path, required=True)
    parser.add_argument("--scorer", type=Path, help="default: tools/score_events.py beside the gold's folder")
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--structural", action="store_true", help="leave the sentence's other words out")
    parser.add_argument("--no-parse", action="store_true", help="leave the spaCy parse features out")
    parser.add_argument("--index", type=Path, help="article topics; default: index.jsonl beside the gold")
    args = parser.parse_args()
    scorer = load_scorer(args.scorer or args.gold.resolve().parent.parent / "tools" / "score_events.py")
    topics = load_topics(args.index or args.gold.resolve().parent / "index.jsonl")
    nlp = None
    if not args.no_parse:
        import spacy

        from extractors.components import DEFAULT_MODEL
        nlp = spacy.load(DEFAULT_MODEL)
    corpus = Corpus(scorer, args.gold, args.warehouse, words_too=not args.structural, topics=topics, nlp=nlp)
    evaluate(corpus, args.folds)


if __name__ == "__main__":
    main()
