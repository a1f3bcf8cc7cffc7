"""Which sentences of an article are worth the parser: a cheap look before spaCy runs.

An event needs a trigger word (a meeting, refusal, acceptance or invitation noun or verb,
or a verb of attendance), and the actors of an article's events are introduced by role
words beside a name ("Foreign Minister Lavrov", "a spokesman for the Russian ministry"). A
paragraph with neither, such as market news, the weather or "official figures", can hold no
event and introduce no actor, so it is not parsed. The look is a word match, with no model
(WordSet). Headlines, ledes and short paragraphs are always kept.

On real news nearly every paragraph has such a word, so the look is made sentence by
sentence (SentenceFilter): spaCy's tokenizer and its rule-based sentencizer, no model, then
the same word match on each sentence. A sentence with no trigger word starts no event, and
the actors later sentences point back to ("he", "the ministry") are introduced by role
words beside a name, or in the first two paragraphs (headline, dateline or lede), which are
kept whole, as short paragraphs are. A sentence that only introduces an actor is kept where
a sentence kept after it names one of its names again.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

import spacy

from extractors.lexicon import Lexicon

WORD = re.compile(r"[a-z]+")
# A capitalised word that does not begin a sentence: a name, or a demonym like "Russian".
NAME = re.compile(r"(?:(?<![.!?\n\"\u201c])|(?<=Mr\.)|(?<=Ms\.)|(?<=Mrs\.)|(?<=Dr\.)) (?!I\b)[A-Z][a-z]+")
NAMED = re.compile(r"\w+")  # the words a later sentence names: NAME's words match them whole
PARAGRAPH_BREAK = re.compile(r"\n\s*\n")
SEPARATOR = "\n\n"  # between kept runs of text
LEADING_PARAGRAPHS = 2  # the headline and the lede are always read
SHORT_PARAGRAPH = 60  # nor is a dateline ("GENEVA") or a subheading cut out: they cost little
SUFFIXES = ("", "s", "es", "d", "ed", "ing")
# Verbs whose object, the meeting noun, is the trigger the rules read ("held talks").
HOLDING_VERBS = {"hold", "host", "convene"}


@dataclass(frozen=True)
class Piece:
    """A kept run of text: where it starts in the original text and in the text that is parsed."""
    original_start: int
    parsed_start: int
    length: int


class WordSet:
    """Lemmas matched against lower-cased words without a model: their regular inflections
    (a doubled last consonant too: "snubbed") and the given irregular forms ("met"). A lemma
    with companions counts only where one of them is among the words too ("took part")."""

    def __init__(self, lemmas: set[str], irregular_forms: dict[str, str] | None = None,
                 companions: dict[str, set[str]] | None = None):
        self.lemma_of = {form: lemma for lemma in lemmas for form in _inflections(lemma)}
        self.lemma_of |= {form: lemma for form, lemma in (irregular_forms or {}).items() if lemma in lemmas}
        self.companions = {lemma: {form for word in words for form in _inflections(word)}
                           for lemma, words in (companions or {}).items()}

    def found_in(self, words: list[str]) -> bool:
        present = set(words)
        lemmas = {self.lemma_of[word] for word in present if word in self.lemma_of}
        return any(lemma not in self.companions or not self.companions[lemma].isdisjoint(present)
                   for lemma in lemmas)


def _inflections(lemma: str) -> set[str]:
    stem = lemma[:-1] if lemma.endswith("e") else lemma
    forms = {lemma + suffix for suffix in SUFFIXES} | {stem + suffix for suffix in ("ed", "ing", "es")}
    forms |= {lemma + lemma[-1] + suffix for suffix in ("ed", "ing")}  # snubbed
    if lemma.endswith("y"):
        forms |= {lemma[:-1] + "ies", lemma[:-1] + "ied"}  # ministries
    return forms


def selecting_lemmas(lexicon: Lexicon) -> set[str]:
    """The trigger lemmas that can start an event with no other trigger word in the sentence.
    Not "be", which attends ("will be in Geneva") only beside another trigger; nor the
    commitment verbs and readiness adjectives, which make an event of the attendance or
    meeting word they govern ("decided to attend", "ready for talks"); nor the verbs holding
    a meeting (HOLDING_VERBS)."""
    acceptance = lexicon.triggers["acceptance"]
    return lexicon.trigger_lemmas - {"be"} - HOLDING_VERBS - set(acceptance["commitment_verbs"]) \
        - set(acceptance["adjectives"])


class ParagraphFilter:
    def __init__(self, lexicon: Lexicon):
        # "took part", "a positive response", "the guest list": alone, such a word starts no event
        companions = lexicon.triggers["companions"] | {"list": lexicon.triggers["invitation"]["list_words"]}
        self.triggers = WordSet(selecting_lemmas(lexicon), lexicon.triggers["irregular_forms"], companions)
        self.roles = WordSet(set(lexicon.role_of_word))

    def worth_parsing(self, paragraph: str) -> bool:
        return self.has_trigger(paragraph) or self.introduces_actor(paragraph)

    def has_trigger(self, text: str) -> bool:
        return self.triggers.found_in(WORD.findall(text.lower()))

    def introduces_actor(self, text: str) -> bool:
        """A role word beside a name: only a named actor ("Foreign Minister Lavrov", "the
        Russian parliament") matters to the events of later text, while "according to
        official figures" introduces no one."""
        return self.roles.found_in(WORD.findall(text.lower())) and bool(NAME.search(text))

    def select(self, text: str) -> tuple[str, list[Piece]]:
        """The text to parse (kept paragraphs, blank lines between) and where each came from."""
        return _joined(text, [(start, end) for index, (start, end) in enumerate(_paragraphs(text))
                              if _always_kept(index, end - start) or self.worth_parsing(text[start:end])])


class SentenceFilter:
    """Keeps the first two paragraphs and short ones whole and, of the other paragraphs, the
    sentences with a trigger word, and the sentences introducing an actor that a sentence kept
    after them names again ("Ghanaian Foreign Minister Kwame Mensah flew home. ... Mensah will
    not attend"): a later bare surname is resolved through them. On the shared corpus keeping
    every sentence that introduces an actor changes no extracted row, while dropping them all
    changes three articles (README, "Parsing less")."""

    def __init__(self, lexicon: Lexicon):
        self.words = ParagraphFilter(lexicon)
        # spaCy's tokenizer knows abbreviations ("Mr.", "U.S.", "Jan."), which a regex would cut at.
        self.splitter = spacy.blank("en")
        self.splitter.add_pipe("sentencizer")
        self.splitter.max_length = 10_000_000  # only tokenized: longer texts are quarantined before

    def select(self, text: str) -> tuple[str, list[Piece]]:
        """The text to parse (kept runs of sentences) and where each run came from."""
        return _joined(text, self.kept_spans(text))

    def kept_spans(self, text: str) -> list[tuple[int, int]]:
        """(start, end) in the text of each kept sentence or whole paragraph, in order."""
        kept, names_later = [], set()
        for start, end, introduces_actor in reversed(self.candidates(text)):
            if introduces_actor:
                if names_later.isdisjoint(name.strip() for name in NAME.findall(text[start:end])):
                    continue
            else:
                names_later.update(NAMED.findall(text[start:end]))
            kept.append((start, end))
        return kept[::-1]

    def candidates(self, text: str) -> list[tuple[int, int, bool]]:
        """(start, end, introduces_actor) of each whole paragraph and each sentence with a
        trigger word (False) or introducing an actor (True), in order."""
        found = []
        for index, (start, end) in enumerate(_paragraphs(text)):
            if _always_kept(index, end - start):
                found.append((start, end, False))
                continue
            for s, e in self.sentences(text[start:end]):
                sentence = text[start + s:start + e]
                if self.words.has_trigger(sentence):
                    found.append((start + s, start + e, False))
                elif self.words.introduces_actor(sentence):
                    found.append((start + s, start + e, True))
        return found

    def sentences(self, paragraph: str) -> list[tuple[int, int]]:
        """(start, end) of each sentence of a paragraph, without the whitespace between them.
        The sentencizer ends a sentence after the punctuation that follows its full stop, so an
        opening quote or bracket there is given to the sentence it opens."""
        doc = self.splitter(paragraph)
        starts = [sentence.start for sentence in doc.sents]
        for n in range(1, len(starts)):
            while starts[n] - 1 > starts[n - 1] and _opens(doc, starts[n] - 1):
                starts[n] -= 1
        spans = []
        for start, end in zip(starts, starts[1:] + [len(doc)]):
            words = [token for token in doc[start:end] if not token.is_space]
            if words:
                spans.append((words[0].idx, words[-1].idx + len(words[-1].text)))
        return spans


def _opens(doc, i: int) -> bool:
    """An opening bracket, or a quote after a space and against the next word (spaCy takes a
    straight quote for an opening one wherever it stands)."""
    token = doc[i]
    if token.is_quote:
        return not token.whitespace_ and i + 1 < len(doc) and bool(doc[i - 1].whitespace_)
    return token.is_left_punct


def _always_kept(index: int, length: int) -> bool:
    return index < LEADING_PARAGRAPHS or length <= SHORT_PARAGRAPH


def _paragraphs(text: str) -> list[tuple[int, int]]:
    breaks = list(PARAGRAPH_BREAK.finditer(text))
    return list(zip([0] + [m.end() for m in breaks], [m.start() for m in breaks] + [len(text)]))


def _joined(text: str, spans: list[tuple[int, int]]) -> tuple[str, list[Piece]]:
    """The spans' text, and its Pieces. Spans with only whitespace between them stay one run, as
    written; others are joined by a blank line, where the pipeline starts a sentence
    (paragraph_sentences), so that no parsed sentence, and no evidence, spans two runs."""
    pieces, parts, parsed_length = [], [], 0
    for start, end in spans:
        if pieces:
            last = pieces[-1]
            gap = text[last.original_start + last.length:start]
            if not gap.strip():  # adjacent: extend the run with the original whitespace
                parts.append(text[last.original_start + last.length:end])
                pieces[-1] = Piece(last.original_start, last.parsed_start, end - last.original_start)
                parsed_length += len(parts[-1])
                continue
            parts.append(SEPARATOR)
            parsed_length += len(SEPARATOR)
        pieces.append(Piece(start, parsed_length, end - start))
        parts.append(text[start:end])
        parsed_length += end - start
    return "".join(parts), pieces


def whole_text(text: str) -> tuple[str, list[Piece]]:
    """The text unfiltered, in the shape ParagraphFilter.select returns."""
    return text, [Piece(0, 0, len(text))]


def original_offset(pieces: list[Piece], parsed_offset: int) -> int:
    """Where a character of the parsed text sits in the original text."""
    piece = next(p for p in reversed(pieces) if p.parsed_start <= parsed_offset)
    return piece.original_start + parsed_offset - piece.parsed_start
