"""Which paragraphs of an article are worth the parser: a cheap look before spaCy runs.

An event needs a trigger word (a meeting, refusal, acceptance or invitation noun or verb,
or a verb of attendance), and the actors of an article's events are introduced by role
words beside a name ("Foreign Minister Lavrov", "a spokesman for the Russian ministry"). A
paragraph with neither, such as market news, the weather or "official figures", can hold no
event and introduce no actor, so it is not parsed. The look is a word match, with no model
(WordSet). Headlines, ledes and short paragraphs are always kept.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from extractors.lexicon import Lexicon

WORD = re.compile(r"[a-z]+")
# A capitalised word that does not begin a sentence: a name, or a demonym like "Russian".
NAME = re.compile(r"(?:(?<![.!?\n\"\u201c])|(?<=Mr\.)|(?<=Ms\.)|(?<=Mrs\.)|(?<=Dr\.)) (?!I\b)[A-Z][a-z]+")
PARAGRAPH_BREAK = re.compile(r"\n\s*\n")
LEADING_PARAGRAPHS = 2  # the headline and the lede are always read
SHORT_PARAGRAPH = 60  # nor is a dateline ("GENEVA") or a subheading cut out: they cost little
SUFFIXES = ("", "s", "es", "d", "ed", "ing")


@dataclass(frozen=True)
class Piece:
    """A kept paragraph: where it starts in the original text and in the text that is parsed."""
    original_start: int
    parsed_start: int
    length: int


class WordSet:
    """Lemmas matched against a paragraph's lower-cased words without a model: lemmas of five
    letters or more match every word they begin ("invit" -> invited, invitation), shorter
    ones their regular inflections (a doubled last consonant too) and the given irregular
    forms."""

    def __init__(self, lemmas: set[str], irregular_forms: set[str] = frozenset()):
        self.stems = tuple(sorted({_stem(lemma) for lemma in lemmas if len(_stem(lemma)) >= 5}))
        self.forms = {lemma + suffix for lemma in lemmas if len(_stem(lemma)) < 5 for suffix in SUFFIXES}
        self.forms |= {_stem(lemma) + suffix for lemma in lemmas for suffix in ("ed", "ing", "es")}
        self.forms |= {lemma + lemma[-1] + suffix for lemma in lemmas for suffix in ("ed", "ing")}  # snubbed
        self.forms |= set(irregular_forms)

    def found_in(self, words: list[str]) -> bool:
        return any(word in self.forms or word.startswith(self.stems) for word in words)


def _stem(lemma: str) -> str:
    return lemma[:-1] if lemma.endswith("e") else lemma


class ParagraphFilter:
    def __init__(self, lexicon: Lexicon):
        # "be" attends ("will be in Geneva") only beside another trigger; alone it is every paragraph.
        self.triggers = WordSet(lexicon.trigger_lemmas - {"be"}, set(lexicon.triggers.get("irregular_forms", [])))
        self.roles = WordSet(set(lexicon.role_of_word))

    def worth_parsing(self, paragraph: str) -> bool:
        """A trigger word, or a role word beside a name: only a named actor ("Foreign Minister
        Lavrov", "the Russian parliament") matters to the events of later paragraphs, while
        "according to official figures" introduces no one."""
        words = WORD.findall(paragraph.lower())
        return self.triggers.found_in(words) or (self.roles.found_in(words) and bool(NAME.search(paragraph)))

    def select(self, text: str) -> tuple[str, list[Piece]]:
        """The text to parse (kept paragraphs, blank lines between) and where each came from."""
        pieces, parts, parsed_length = [], [], 0
        breaks = list(PARAGRAPH_BREAK.finditer(text))
        starts = [0] + [m.end() for m in breaks]
        ends = [m.start() for m in breaks] + [len(text)]
        for index, (start, end) in enumerate(zip(starts, ends)):
            paragraph = text[start:end]
            if index >= LEADING_PARAGRAPHS and len(paragraph) > SHORT_PARAGRAPH and not self.worth_parsing(paragraph):
                continue
            if parts:
                parts.append("\n\n")
                parsed_length += 2
            pieces.append(Piece(start, parsed_length, len(paragraph)))
            parts.append(paragraph)
            parsed_length += len(paragraph)
        return "".join(parts), pieces


def whole_text(text: str) -> tuple[str, list[Piece]]:
    """The text unfiltered, in the shape ParagraphFilter.select returns."""
    return text, [Piece(0, 0, len(text))]


def original_offset(pieces: list[Piece], parsed_offset: int) -> int:
    """Where a character of the parsed text sits in the original text."""
    piece = next(p for p in reversed(pieces) if p.parsed_start <= parsed_offset)
    return piece.original_start + parsed_offset - piece.parsed_start
