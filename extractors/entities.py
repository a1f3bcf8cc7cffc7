"""Named entities without the model's statistical NER (PARLEY_NER=rules): about half of
en_core_web_sm's time goes to NER, and the rules read only a few of its labels.

What the rules read (extractors/actors.py, events.py):
  PERSON  a name's head is a person (resolved by surname, remembered for later bare names)
  ORG     an organisation's whole name goes to the knowledge base
  GPE/LOC a meeting's place ("in Vienna", "the Astana talks"); GPE/FAC/LOC stop an apposition
  NORP    a people or region qualifying a role ("Western governments": no country's)
  DATE/TIME  the date phrases of a sentence, resolved against the article's date
  EVENT   a meeting's proper name ("Geneva II")
  and, for any label, that a word is part of a name.

Here they come from knowledge and the parse: runs of proper nouns labelled by the lexicon's
names, the actor knowledge base, the world's capitals, a title before a name and the word
that ends an organisation's name; capitalised demonyms; and date patterns (spaCy Matcher).
"""
from __future__ import annotations

from spacy.language import Language
from spacy.matcher import Matcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from extractors.actors import NameFinder
from extractors.dates import MONTH_NAMES, MONTH_NUMBERS, WEEKDAYS
from extractors.kb import fold, load_kb
from extractors.lexicon import Lexicon, load_lexicon

NAME_LABELS = {"org": "ORG", "person": "PERSON", "place": "GPE", "demonym": "NORP"}
KB_LABELS = {"person": "PERSON", "organisation": "ORG", "group": "ORG", "place": "GPE"}
ORG_HEADS = {"party", "front", "movement", "council", "army", "forces", "ministry", "union", "organisation",
             "organization", "committee", "commission", "assembly", "parliament", "congress", "alliance",
             "coalition", "bank", "fund", "agency", "court", "league", "group", "brigade", "brigades",
             "office", "department", "government", "cabinet", "senate", "institute", "association",
             "federation", "community", "authority", "state", "command", "guard", "police", "network"}
EVENT_HEADS = {"summit", "conference", "forum", "dialogue", "talks", "process", "meeting", "congress"}
HONORIFICS = {"mr", "mrs", "ms", "miss", "dr", "sir", "dame", "lord", "lady", "sheikh", "mr.", "mrs.", "ms.", "dr."}
TITLES = {"president", "minister", "prime", "foreign", "secretary", "general", "king", "emir", "sheikh",
          "envoy", "vice", "deputy", "chancellor", "premier", "ambassador", "spokesman", "chief"}
# words of a title that the tagger makes proper nouns: they stay outside the name they precede
TITLE_WORDS = TITLES | {"of", "state", "assistant", "affairs", "foreign", "defence", "defense", "interior",
                        "special", "senior", "former", "acting", "under", "undersecretary", "first", "lady"}
ROMAN = {"II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X"}
CONNECTORS = {"of", "for", "de", "des", "du", "del"}
# a building's name: "the Hofburg Palace", "the Palais Coburg", "the Serena Hotel"
VENUE_WORDS = {"palace", "palais", "hotel", "house", "centre", "center", "hall", "castle", "villa", "chateau",
               "château", "residence", "lodge", "resort", "schloss"}
LAW_HEADS = {"accord", "accords", "agreement", "treaty", "declaration", "plan", "deal", "resolution", "charter"}

# the names and abbreviations extractors.dates resolves, an abbreviation also with its dot ("Nov.")
MONTHS = list(MONTH_NUMBERS) + [name + "." for name in MONTH_NUMBERS if name not in MONTH_NAMES]
PERIODS = ["week", "month", "year", "weekend", "decade", "spring", "summer", "autumn", "fall", "winter"]
PARTS_OF_DAY = ["morning", "afternoon", "evening", "night"]
DAY_NUMBER = {"SHAPE": {"IN": ["d", "dd", "d-dd", "dd-dd", "d-d"]}}
YEAR = {"SHAPE": "dddd", "TEXT": {"REGEX": "^(19|20)\\d\\d$"}}
MONTH = {"LOWER": {"IN": MONTHS}, "IS_TITLE": True}
DATE_PATTERNS = [
    [{"LOWER": {"IN": ["today", "yesterday", "tomorrow"]}}],
    [{"LOWER": {"IN": ["last", "next", "this", "coming", "past", "previous"]}}, {"LOWER": {"IN": PERIODS + WEEKDAYS}}],
    [{"LOWER": {"IN": ["earlier", "later", "early", "late"]}}, {"LOWER": {"IN": ["this", "next", "last"]}},
     {"LOWER": {"IN": PERIODS}}],
    [{"LOWER": "the"}, {"LOWER": {"IN": ["weekend", "week"]}}],
    [{"LOWER": {"IN": WEEKDAYS}}],
    [{"LOWER": {"IN": WEEKDAYS}}, {"LOWER": {"IN": PARTS_OF_DAY}}],
    [{"LOWER": {"IN": ["early", "mid", "late", "mid-"]}, "OP": "?"}, MONTH],
    [MONTH, DAY_NUMBER],
    [MONTH, DAY_NUMBER, {"ORTH": ",", "OP": "?"}, YEAR],
    [MONTH, {"ORTH": ",", "OP": "?"}, YEAR],
    [DAY_NUMBER, MONTH],
    [DAY_NUMBER, MONTH, YEAR],
    [{"LOWER": {"IN": ["early", "mid", "late"]}, "OP": "?"}, YEAR],
    [MONTH, DAY_NUMBER, {"ORTH": {"IN": ["-", "and", "to"]}}, DAY_NUMBER],
    # "between April and June of this year": one span, as the model's NER has it
    [{"LOWER": {"IN": ["between", "from"]}, "OP": "?"}, MONTH, {"LOWER": {"IN": ["and", "to"]}}, MONTH],
    [{"LOWER": {"IN": ["between", "from"]}, "OP": "?"}, MONTH, {"LOWER": {"IN": ["and", "to"]}}, MONTH,
     {"LOWER": "of"}, {"LOWER": {"IN": ["this", "last", "next"]}}, {"LOWER": "year"}],
    [DAY_NUMBER, {"ORTH": {"IN": ["-", "and", "to"]}}, DAY_NUMBER, MONTH],
    [{"LOWER": {"IN": WEEKDAYS}}, {"ORTH": ","}, MONTH, DAY_NUMBER, {"ORTH": ",", "OP": "?"}, YEAR],
    [{"LOWER": {"IN": ["early", "earlier", "late", "later"]}}, {"LOWER": {"IN": WEEKDAYS}}],
    [{"LOWER": {"IN": ["the", "a"]}, "OP": "?"}, {"LIKE_NUM": True, "OP": "?"},
     {"LOWER": {"IN": ["recent", "past", "next", "coming", "last", "few", "several"]}, "OP": "?"},
     {"LOWER": {"IN": [p + "s" for p in PERIODS] + ["days"]}}],
    [{"LOWER": {"IN": ["a", "one", "two", "three", "four", "five", "six", "seven", "several", "few"]}},
     {"LOWER": {"IN": [p + "s" for p in PERIODS] + PERIODS + ["days", "day"]}}, {"LOWER": {"IN": ["ago", "later"]}, "OP": "?"}],
    [{"LIKE_NUM": True}, {"ORTH": "-"}, {"LOWER": {"IN": PERIODS + ["day"]}}],
]
TIME_PATTERNS = [
    [{"LOWER": {"IN": ["this", "late", "early", "later"]}, "OP": "?"}, {"LOWER": {"IN": PARTS_OF_DAY}}],
    [{"SHAPE": {"IN": ["d:dd", "dd:dd"]}}, {"LOWER": {"IN": ["am", "pm", "a.m.", "p.m."]}, "OP": "?"}],
]


class RuleEntities:
    """Sets doc.ents from names the project knows, the parse and date patterns."""

    def __init__(self, nlp: Language, lexicon: Lexicon):
        self.names = NameFinder(nlp, lexicon)
        self.lexicon = lexicon
        self.kb = load_kb()
        self.titles = set(lexicon.person_titles) | {"prime", "foreign", "vice", "deputy", "defence",
                                                    "defense", "interior", "special", "un"}
        self.dates = Matcher(nlp.vocab)
        self.dates.add("DATE", DATE_PATTERNS)
        self.dates.add("TIME", TIME_PATTERNS)

    def __call__(self, doc: Doc) -> Doc:
        names = self.names.find(doc)
        spans = [Span(doc, start, end, label=doc.vocab.strings[label]) for label, start, end in self.dates(doc)]
        dated = {i for span in spans for i in range(span.start, span.end)}
        spans += self._proper_names(doc, names, dated)
        spans += self._demonyms(doc, names)
        doc.set_ents(filter_spans(spans))
        return doc

    def _proper_names(self, doc: Doc, names: dict, dated: set[int]) -> list[Span]:
        found = []
        runs = self._join_known(doc, _proper_runs(doc, dated))
        for start, end in (part for run in runs for part in self._split_at_known(doc, *run)):
            label = self._label(doc, start, end, names) if doc[start].text[:1].isupper() else None
            if label in ("GPE", "ORG") and end - start > 1 and start > 0 and doc[start - 1].lower_ == "the":
                start -= 1  # "the United States", as the model's NER has it
            if label:
                found.append(Span(doc, start, end, label=label))
        return found

    def _join_known(self, doc: Doc, runs: list[tuple[int, int]]) -> list[tuple[int, int]]:
        """"Justice | and | Equality Movement": two runs joined by "and" that the knowledge base
        knows as one name are one."""
        joined = []
        for start, end in runs:
            if joined and joined[-1][1] + 1 == start and doc[start - 1].lower_ == "and" \
                    and fold(doc[joined[-1][0]:end].text) in self.kb.names:
                start = joined.pop()[0]
            joined.append((start, end))
        return joined

    def _split_at_known(self, doc: Doc, start: int, end: int) -> list[tuple[int, int]]:
        """"Forum Chairman Ana Tavares": a run the tagger joined that ends in a person the
        knowledge base knows is two names."""
        if fold(doc[start:end].text) in self.kb.names:
            return [(start, end)]
        for i in range(start + 1, end - 1):
            key = fold(doc[i:end].text)
            if key in self.kb.names and self.kb.span_on(key, None).kind == "person" and doc[i - 1].text != "-":
                return [(start, i), (i, end)]
        return [(start, end)]

    def _label(self, doc: Doc, start: int, end: int, names: dict) -> str | None:
        run = doc[start:end]
        words = [t.lower_ for t in run]
        match = names.get(start)
        if match is not None and match.span.start == start and match.span.end == end:
            return NAME_LABELS[match.kind]
        if any(t.text in ROMAN for t in run[1:]) or words[-1] in EVENT_HEADS and len(run) > 1:
            return "EVENT"
        if words[-1] in ORG_HEADS:
            return "ORG"
        if words[-1] in LAW_HEADS and len(run) > 1:
            return "LAW"
        if run.text in self.lexicon.world_capitals:
            return "GPE"  # before the knowledge base, whose dictionaries file a few capitals as people
        key = fold(run.text)
        if key in self.kb.names:
            return KB_LABELS.get(self.kb.span_on(key, None).kind)
        if len(run) > 1 and any(word in VENUE_WORDS for word in words):
            return "FAC"
        before = doc[start - 1] if start > 0 else None
        if before is not None and (before.lower_ in HONORIFICS or before.lower_ in self.titles):
            return "PERSON"
        if match is not None:
            return NAME_LABELS[match.kind] if len(run) == 1 or match.kind != "person" else "PERSON"
        if len(run) == 1 and key in self.kb.surnames:
            return "PERSON"
        if 2 <= len(run) <= 4 and all(t.is_title and t.i not in names for t in run):
            return "PERSON"
        if _names_a_place(run):
            return "GPE"
        return None

    def _demonyms(self, doc: Doc, names: dict) -> list[Span]:
        """"Russian", "Palestinians", "Western": a capitalised people or region word."""
        found = []
        for token in doc:
            match = names.get(token.i)
            if match is not None and match.kind == "demonym" and match.span.text[:1].isupper():
                if match.span.start == token.i:
                    found.append(match.span)
            elif token.is_title and token.pos_ == "ADJ" and not token.is_sent_start and match is None:
                found.append(doc[token.i:token.i + 1])
        return [Span(doc, s.start, s.end, label="NORP") for s in found]


def _names_a_place(run: Span) -> bool:
    """Where a name stands says it is a place: "in Porto", "the Porto talks"; not "at G7"."""
    root = run.root
    if not all(t.is_alpha and t.is_title or t.text == "-" for t in run):  # "Saint-Cloud"
        return False
    if root.dep_ == "pobj" and root.head.lower_ in ("in", "at"):
        return True
    return len(run) == 1 and root.dep_ == "compound" and root.head.lemma_.lower() in EVENT_HEADS


def _proper_runs(doc: Doc, dated: set[int]) -> list[tuple[int, int]]:
    """Maximal runs of proper nouns, with "of"/"for" between two of them ("Ministry of
    Foreign Affairs") and hyphens inside a name; a title inside a run starts a new one
    and leading titles and honorifics stay outside ("Minister Lavrov"); a date ends a run."""
    runs, start = [], None
    for token in doc:
        proper = token.pos_ == "PROPN" and not token.is_punct and token.i not in dated  # "in Porto Friday"
        next_proper = token.i + 1 < len(doc) and doc[token.i + 1].pos_ == "PROPN"
        inner = start is not None and next_proper and token.lower_ in CONNECTORS
        inner = inner or (start is not None and token.text == "-" and not token.whitespace_ and _capitalised(doc[token.i - 1])
                          and not doc[token.i - 1].whitespace_ and token.i + 1 < len(doc) and doc[token.i + 1].is_alpha)
        proper = proper or (start is not None and doc[token.i - 1].text == "-" and token.is_alpha
                            and not doc[token.i - 1].whitespace_ and _capitalised(doc[token.i - 2]))  # "Kim Jong-un", "SPLM-N"
        if proper and start is not None and token.i > start and token.lower_ in TITLES \
                and doc[token.i - 1].lower_ not in TITLES:
            runs.append((start, token.i))  # "US | President Donald Trump"
            start = token.i
        if proper or inner:
            if start is None:
                start = token.i
            if proper and token.is_sent_start and token.i > start:
                runs.append((start, token.i))
                start = token.i
            continue
        if start is not None:
            runs.append((start, token.i))
            start = None
    if start is not None:
        runs.append((start, len(doc)))
    return [_without_titles(doc, s, e) for s, e in runs]


def _capitalised(token) -> bool:
    return token.is_title or (token.is_upper and token.is_alpha)


def _without_titles(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """The run without its leading titles and honorifics; its last word always stays."""
    if doc[end - 1].lower_ in ORG_HEADS:  # "Foreign Ministry", "State Department"
        return start, end
    while start < end - 1 and doc[start].lower_.rstrip(".") in HONORIFICS | TITLE_WORDS:
        start += 1
    return start, end


@Language.factory("parley_entities", default_config={})
def make_rule_entities(nlp: Language, name: str) -> RuleEntities:
    return RuleEntities(nlp, load_lexicon())
