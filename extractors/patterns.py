"""Dependency patterns kept as data (data/patterns.yaml), run with spaCy's DependencyMatcher."""
from __future__ import annotations

from functools import cache

from spacy.matcher import DependencyMatcher
from spacy.tokens import Span
from spacy.vocab import Vocab

from extractors.lexicon import Lexicon, load_lexicon


class EventPatterns:
    """Which tokens anchor a pattern, by event type, and which lemmas need one to."""

    def __init__(self, vocab: Vocab, patterns: dict[str, dict[str, list[dict]]]):
        self.matcher = DependencyMatcher(vocab)
        self.kind_of: dict[str, str] = {}
        self.anchored_lemmas: dict[str, set[str]] = {kind: set() for kind in patterns}
        for kind, named in patterns.items():
            for name, pattern in named.items():
                self.matcher.add(name, [pattern])
                self.kind_of[name] = kind
                self.anchored_lemmas[kind].add(pattern[0]["RIGHT_ATTRS"]["LEMMA"])

    def anchors(self, span: Span) -> dict[str, dict[int, str]]:
        """The doc index of each match's anchor in the span, with the rule id of its
        pattern ("refusal.turn_down": the event type and the pattern's name), by event type."""
        found: dict[str, dict[int, str]] = {kind: {} for kind in self.anchored_lemmas}
        for match_id, token_ids in self.matcher(span):
            name = span.doc.vocab.strings[match_id]
            kind = self.kind_of[name]
            found[kind].setdefault(span.start + token_ids[0], f"{kind}.{name}")
        return found


def event_patterns(vocab: Vocab, lexicon: Lexicon | None = None) -> EventPatterns:
    """The patterns of the lexicon (by default the one of extractors/data, read once)."""
    if lexicon is None or lexicon is load_lexicon():
        return _data_patterns(vocab)
    return EventPatterns(vocab, lexicon.patterns)


@cache
def _data_patterns(vocab: Vocab) -> EventPatterns:
    return EventPatterns(vocab, load_lexicon().patterns)
