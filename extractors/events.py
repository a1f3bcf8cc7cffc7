"""Find meetings, invitations, refusals and acceptances in a parsed sentence.

Triggers come from ``data/triggers.yaml``; who did what to whom comes from the dependency
parse: the grammatical subject of "refused" is the refuser even inside reported speech,
the reporter of a statement is never the actor, passives take their agent, and
coordinated subjects give one event each.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from spacy.tokens import Span, Token

from extractors.actors import REPORTING_VERBS, Actor, ArticleActors, entities, entity_at, sentence_entities
from extractors.dates import SPAN_OF_TIME, resolve_date, time_named
from extractors.lexicon import Lexicon, load_words
from extractors.patterns import event_patterns
from extractors.rules import DROPPED, FIRED, NO_EVENT, confidence_of, note, rule

SUBJECTS = {"nsubj", "nsubjpass", "csubj"}
WORDS = load_words()
FUTURE_AUX = WORDS["future_auxiliaries"]
CONDITION_WORDS = WORDS["condition_words"]
NEWS_BRIEFINGS = WORDS["news_briefing_modifiers"]
PHONE_WORDS = WORDS["phone_words"]
OFF_VERBS = WORDS["cancelling_with_off"]
INTERNAL_BODIES = WORDS["internal_bodies"]
LEADING_WORDS = WORDS["leading_modifiers"]
SENDING_VERBS = WORDS["invitation_sending_verbs"]
ABOUT_PREPOSITIONS = WORDS["about_prepositions"]
RESUMING_VERBS = WORDS["going_ahead_verbs"]
MEETING_HOLDING_VERBS = WORDS["meeting_holding_verbs"]
ANSWERING_WORDS = WORDS["answer_reader_triggers"] | MEETING_HOLDING_VERBS
LEAVING_VERBS = WORDS["leaving_verbs"]
PROPOSING_NOUNS = WORDS["proposing_nouns"]
INTENTION_NOUNS = WORDS["intention_nouns"]
HEARSAY_NOUNS = WORDS["hearsay_nouns"]
HOSTING_VERBS = WORDS["hosting_verbs"]
MEETING_OFFERS = WORDS["meeting_offers"]
ANSWER_WORDS = WORDS["answered_meeting_words"]


@dataclass
class Mention:
    """One sentence's statement of an event; an article's mentions are merged into events."""
    type: str
    sentence: Span
    trigger: Token
    confidence: float = 0.0  # the precision of the rule that made it (rules.confidence_of)
    actor: str | None = None
    target: str | None = None
    participants: list[str] = field(default_factory=list)
    host: str | None = None
    convener: str | None = None  # whose meeting it is ("a US conference hosted by Poland"): who invites to it
    location: str | None = None
    name: str | None = None
    round_number: int | None = None  # "the 4th round of talks"
    status: str | None = None
    status_guessed: bool = False  # from a tense alone ("said", "received"), not a word about the meeting
    conditional: bool | None = None
    event_date: date | None = None
    date_precision: str | None = None
    date_attached: bool = False  # said of the meeting itself, not only somewhere in its sentence
    # "met on Tuesday", "in November" in an article with no date to resolve them by: they still
    # tell two occasions apart (extractors.dates.time_named)
    named_time: tuple[str, int] | None = None
    meeting: "Mention | None" = None
    inferred_parties: list[str] = field(default_factory=list)  # guessed from the sentence, not the parse
    # who answers (or, of an invitation, is invited) where the sentence names two parties of
    # one code: "the HNC and the National Coalition declined" is two refusals
    party_name: str | None = None
    # the gathering a meeting is held at or beside ("on the sidelines of the Andean summit"): a
    # place the article gives that gathering elsewhere is this meeting's place too
    held_during: str | None = None
    # The rules (extractors/data/rules.yaml) that made the mention and set its status, date and place
    rule_id: str | None = None
    status_rule_id: str | None = None
    date_rule_id: str | None = None
    place_rule_id: str | None = None


class SentenceReader:
    """Reads events out of the sentences of one article."""

    def __init__(self, actors: ArticleActors, lexicon: Lexicon, article_date: date | None):
        self.actors = actors
        self.lex = lexicon
        self.article_date = article_date
        t = lexicon.triggers
        self.meeting_nouns = set(t["meeting"]["nouns"])
        self.weak_meeting_nouns = set(t["meeting"]["weak_nouns"])
        self.meeting_verbs = set(t["meeting"]["verbs"])
        self.attendance_verbs = set(t["attendance_verbs"])
        self.companions = {lemma: set(words) for lemma, words in t["companions"].items()}
        # a refusal verb, or one that refuses only in a pattern of patterns.yaml ("turned down")
        self.refusal_verbs = set(t["refusal"]["verbs"]) | lexicon.pattern_lemmas["refusal"]
        self.commitment_verbs = set(t["acceptance"]["commitment_verbs"])
        self.refusal_nouns = set(t["refusal"]["nouns"])
        self.acceptance_verbs = set(t["acceptance"]["verbs"])
        self.readiness_words = set(t["acceptance"]["adjectives"])
        self.invitation_verbs = set(t["invitation"]["verbs"])
        self.invitation_nouns = set(t["invitation"]["nouns"])
        self.list_nouns, self.list_words = set(t["invitation"]["list_nouns"]), set(t["invitation"]["list_words"])
        self.off_list = set(t["invitation"]["off_list"])
        self.status_words = {status: set(words) for status, words in t["status"].items()}
        self.trigger_lemmas = self.trigger_lemmas_of(lexicon)
        self.meetings: list[Mention] = []
        self.patterns = event_patterns(actors.doc.vocab, lexicon)
        self._phrases: dict[int, dict[int, set[int]]] = {}  # by sentence start

    @staticmethod
    def trigger_lemmas_of(lexicon: Lexicon) -> set[str]:
        """Every lemma a reader below can start from; the others are not looked at twice."""
        return lexicon.trigger_lemmas | INTENTION_NOUNS | ANSWERING_WORDS

    # -- the sentence ------------------------------------------------------------
    def read(self, sentence: Span, triggers: list[Token] | None = None) -> list[Mention]:
        """The sentence's mentions, read from its trigger words (found here if not given)."""
        if triggers is None:
            triggers = [token for token in sentence if token.lemma_.lower() in self.trigger_lemmas]
        found: list[Mention] = []
        for token in triggers:
            found.extend(self._meeting(token, sentence))
        self.meetings.extend(m for m in found if m.type == "meeting")
        for token in triggers:
            for reader in (self._refusal, self._acceptance, self._invitation):
                found.extend(reader(token, sentence))
        return found

    def _anchored(self, token: Token, kind: str) -> str | None:
        """The rule id of a pattern of patterns.yaml for this event type anchored on the token,
        if one is (a pattern hangs from its anchor, so the anchor's phrase is all the matcher
        need read)."""
        phrase = token.doc[token.left_edge.i:token.right_edge.i + 1]
        return self.patterns.anchors(phrase)[kind].get(token.i)

    # -- meetings ------------------------------------------------------------------
    def is_meeting_noun(self, token: Token) -> bool:
        return self._meeting_word(token) and self._meeting_noun_veto(token) is None

    def _meeting_word(self, token: Token) -> bool:
        return token.pos_ in ("NOUN", "PROPN") and token.lemma_.lower() in self.meeting_nouns

    def _meeting_noun_veto(self, token: Token) -> str | None:
        """The rule by which a meeting word names no meeting here, if one applies."""
        lemma = token.lemma_.lower()
        modifiers = {c.lemma_.lower() for c in token.children if c.dep_ in ("compound", "amod")}
        if modifiers & NEWS_BRIEFINGS:
            return "meeting.not_news_briefing"
        if any(c.dep_ in ("compound", "amod") and c.text in INTERNAL_BODIES for c in token.children):
            return "meeting.not_internal_body"
        if lemma in ("call", "conversation") and not (modifiers & PHONE_WORDS or lemma == "conversation"):
            return "meeting.call_needs_phone"
        if lemma == "discussion" and token.tag_ != "NNS":
            # "more discussions with Pyongyang" are talks; "the discussion" is most often a topic
            return "meeting.discussion_needs_plural"
        if lemma == "congress" and not any(c.dep_ in ("compound", "amod") and c.i not in self.actors.names
                                           for c in token.children):
            # "Congress", "the US Congress": a legislature; "the Dialogue Congress" meets
            return "meeting.not_legislature"
        if token.dep_ == "compound" and token.head.pos_ in ("NOUN", "PROPN"):
            return "meeting.not_noun_modifier"
        return None

    def _meeting(self, token: Token, sentence: Span) -> list[Mention]:
        noun = self._meeting_word(token)
        if not (noun or token.pos_ == "VERB" and token.lemma_.lower() in self.meeting_verbs):
            return []
        if _hearsay(token):
            return _dropped("meeting.not_hearsay", token)
        if noun:
            veto = self._meeting_noun_veto(token)
            return _dropped(veto, token) if veto else self._meeting_from_noun(token, sentence)
        if _negated(token):
            return _dropped("meeting.not_negated", token)
        if token.dep_ == "xcomp" and _compared(token.head):
            return _dropped("meeting.not_compared", token)
        return self._meeting_from_verb(token, sentence)

    def _meeting_from_noun(self, noun: Token, sentence: Span) -> list[Mention]:
        lemma = noun.lemma_.lower()
        mention = Mention("meeting", sentence, noun)
        parties: list[Actor] = []
        owners: list[str] = []
        held = [c for c in noun.children if c.dep_ == "acl" and c.lemma_.lower() in TAKING_PLACE_VERBS]
        for child in [*noun.children, *(c for verb in held for c in verb.children)]:  # "talks held between"
            if child.dep_ == "prep" and child.lower_ in ("between", "with", "among", "of", "by"):
                for obj in _objects_of(child):
                    if lemma == "conversation" or not self.is_meeting_noun(obj):
                        parties.extend(self.actors.resolve_all(obj))
            elif child.dep_ in ("poss", "compound", "amod", "nmod"):
                named, partners = self._named_modifier(child, mention), self._hyphenated_with(child)
                parties.extend(named + partners)
                owners += [named[0].code] if len(named) == 1 and not partners else []
        if _done_at(noun) and noun.head.head.dep_ == "acl":  # "their proposal presented at talks": theirs
            parties.extend(a for c in noun.head.head.head.children if c.dep_ == "poss"
                           for a in self.actors.resolve_all(c))
        mention.convener = owners[0] if len(owners) == 1 else None
        sides = self._sides_of_offer(noun)
        if sides:
            parties.extend(sides)
            note("actor.sides_of_offer", noun)
        self._placed_by("place.trigger_prep", self._place_of, noun, mention)
        for child in noun.children:  # "a conference hosted by Poland"
            if child.dep_ == "acl" and child.lemma_.lower() in HOSTING_VERBS:
                mention.host = self._agent(child) or mention.host
        verb = _governing_verb(noun)
        # Who refuses a meeting ("declined to attend the meeting"), or is not invited to it, is no party to it.
        refused = verb is not None and verb.dep_ == "xcomp" and \
            (verb.head.lemma_.lower() in self.refusal_verbs or _negated(verb.head))
        if verb is not None and verb.lemma_.lower() not in REPORTING_VERBS | self.refusal_verbs \
                and not _negated(verb) and not refused:
            subject = _subject(verb)
            passive = noun.dep_ == "nsubjpass"
            if subject is not None and not passive and noun.dep_ in ("dobj", "pobj", "attr"):
                found = self.actors.resolve_all(subject)
                parties.extend(found)
                if verb.lemma_.lower() in HOSTING_VERBS and found:
                    mention.host = found[0].code
                    if found[0].kind == "place" and verb.lemma_.lower() == "host" and not mention.location:
                        mention.location = found[0].name  # "Moscow is set to host"
                        mention.place_rule_id = rule("place.hosting_city")
                        note("place.hosting_city", noun)
            if passive and verb.lemma_.lower() in HOSTING_VERBS:
                mention.host = self._agent(verb) or mention.host
            for child in verb.children:
                if child.dep_ == "prep" and child.lower_ in ("with", "between"):
                    for obj in _objects_of(child):
                        parties.extend(self.actors.resolve_all(obj))
                if child.dep_ == "prep" and child.lower_ in ("in", "to", "at"):
                    self._placed_by("place.verb_prep", self._place_from_prep, child, mention)
        speaker = _subject(verb) if verb is not None and verb.lemma_.lower() in REPORTING_VERBS else None
        if speaker is not None and _at_meeting(noun):  # "Chile, Peru and Bolivia announced at a meeting in Arica"
            parties.extend(self.actors.resolve_all(speaker))
        if lemma in self.weak_meeting_nouns and not parties and not mention.location:
            return _dropped("meeting.weak_noun_needs_party", noun)
        # ("that" before it is most often the conjunction the parser reads as a determiner)
        if lemma in self.weak_meeting_nouns and _described(noun) and \
                not any(c.dep_ in ("det", "poss") and c.lower_ != "that" for c in noun.children):
            return _dropped("meeting.weak_noun_described", noun)  # "dialogue with both parties is necessary"
        if not mention.location:
            self._placed_by("place.nearest_prep", self._nearest_place, noun, mention)
        if _negated(noun) or any(c.lower_ == "no" for c in noun.children):
            return _dropped("meeting.not_negated", noun)
        mention.participants = _codes(parties)
        mention.name = _meeting_name(noun)
        mention.round_number = _round_number(noun)
        if not mention.location:
            self._placed_by("place.in_name", self._place_in_name, noun, mention)
        mention.held_during = _gathering_of(noun)
        if mention.host is None and mention.location:
            mention.host = self._host_of_place(noun, mention)
        self._fill_parties(noun, mention)
        mention.status, mention.status_guessed, mention.status_rule_id = self._status(noun)
        self._date(noun, mention, prefer="future" if mention.status in ("planned", "proposed") else "past")
        self._not_yet_held(mention)
        return _made("meeting.noun", noun, [mention])

    def _meeting_from_verb(self, verb: Token, sentence: Span) -> list[Mention]:
        lemma = verb.lemma_.lower()
        children = list(verb.children)
        if lemma in ("speak", "talk"):
            phone = any(t.lower_ in PHONE_WORDS for c in children if c.dep_ == "prep" for t in c.subtree)
            if not phone:
                return _dropped("meeting.speaking_needs_phone", verb)
        if lemma in ("hold", "host", "convene"):
            return _dropped("meeting.holding_verb_reads_noun", verb)  # their object is the meeting noun, read there
        mention = Mention("meeting", sentence, verb)
        parties = []
        subject = _subject(verb)
        if subject is not None:
            parties.extend(self.actors.resolve_all(subject))
        for child in children:
            if child.dep_ == "dobj":
                parties.extend(self.actors.resolve_all(child))
                if lemma == "visit":
                    self._placed_by("place.visited", self._place_from_object, child, mention)
            if child.dep_ == "prep" and child.lower_ in ("with", "to", "between"):
                for obj in _objects_of(child):
                    parties.extend(self.actors.resolve_all(obj))
            if child.dep_ == "prep" and child.lower_ in ("in", "at"):
                self._placed_by("place.verb_prep", self._place_from_prep, child, mention)
        if lemma == "meet" and not _codes(parties) and not mention.location:
            return _dropped("meeting.meet_needs_party", verb)
        if not mention.location:
            self._placed_by("place.nearest_prep", self._nearest_place, verb, mention)
        mention.participants = _codes(parties)
        mention.held_during = _gathering_of(verb)
        if mention.location:
            mention.host = self._host_of_place(verb, mention)
        self._fill_parties(verb, mention)
        mention.status, mention.status_guessed, mention.status_rule_id = self._status(verb)
        self._date(verb, mention, prefer="future" if mention.status == "planned" else "past")
        self._not_yet_held(mention)
        made_by = {"speak": "meeting.phone_call", "talk": "meeting.phone_call", "visit": "meeting.visit"}
        return _made(made_by.get(lemma, "meeting.verb"), verb, [mention])

    def _sides_of_offer(self, noun: Token) -> list[Actor]:
        """"Armenia welcomed Azerbaijan's proposal for talks", "accepted Hungary's offer to host
        the talks": an answered offer of a meeting names both its sides, who offers and who
        answers. (An offer no one answers is most often the meeting the article names elsewhere.)"""
        while noun.dep_ == "conj":  # "offers of aid and talks"
            noun = noun.head
        head = noun.head
        if noun.dep_ == "pobj" and head.lower_ in ("for", "of"):
            proposal = head.head
        elif noun.dep_ == "dobj" and head.dep_ == "acl" and _infinitive(head):
            proposal = head.head
        else:
            return []
        answer = _governing_verb(proposal)
        answered = proposal.dep_ in ("dobj", "pobj") and answer is not None
        if proposal.lemma_.lower() not in PROPOSING_NOUNS or not answered:
            return []
        proposers = [a for c in proposal.children if c.dep_ == "poss" for a in self.actors.resolve_all(c)]
        answerer = _subject(answer) if proposers else None
        return proposers + (self.actors.resolve_all(answerer) if answerer is not None else [])

    def _fill_parties(self, trigger: Token, mention: Mention) -> None:
        """A meeting the parse gives one party: the other is most often another actor the
        same sentence names ("Rouhani ... after his talks in New York with Trump"). The
        nearest such actor is taken, never one who only reports the news."""
        known = set(mention.participants) | ({mention.host} if mention.host else set())
        if len(known) != 1:
            return
        sentence = trigger.sent
        candidates = [(abs(index - trigger.i), actor) for index, actor in self.actors.history
                      if sentence.start <= index < sentence.end and actor.code not in known
                      and not _reports(trigger.doc[index]) and not _topic(trigger.doc[index])
                      and len(actor.code) != 3]  # a people ("the Iranians") is too vague a guess
        if candidates:
            mention.inferred_parties.append(min(candidates, key=lambda c: c[0])[1].code)
            note("actor.nearest_other_party", trigger)

    def _placed_by(self, rule_id: str, find, token: Token, mention: Mention) -> None:
        """Look for the mention's place with one of the place readers; a place it finds is
        set by the rule."""
        had = mention.location
        find(token, mention)
        if mention.location != had:
            mention.place_rule_id = rule(rule_id)
            note(rule_id, mention.trigger)

    def _agent(self, verb: Token) -> str | None:
        agent = next((c for c in verb.children if c.dep_ == "agent"), None)
        objects = _objects_of(agent) if agent is not None else []
        actor = self.actors.resolve(objects[0]) if objects else None
        return actor.code if actor else None

    def _named_modifier(self, token: Token, mention: Mention) -> list[Actor]:
        """"Moscow talks" name a place; "U.S.-Russian talks" name parties; "US-led" and
        "Moscow-mediated" talks name their host."""
        if token.lemma_.lower() in LEADING_WORDS:
            for child in token.children:
                if child.dep_ in ("npadvmod", "compound", "nmod", "amod"):
                    if child.text in self.lex.capital_iso:
                        self._placed_by("place.leading_capital", self._place_from_object, child, mention)
                    actor = self.actors.resolve(child)
                    if actor:
                        mention.host = mention.host or actor.code
                        return [actor]
            return []
        match = self.actors.names.get(token.i)
        if match and match.kind == "place" and match.value in self.lex.capital_iso.values() and \
                match.span.text in self.lex.capital_iso:
            mention.location = match.span.text
            mention.place_rule_id = rule("place.capital_modifier")
            note("place.capital_modifier", mention.trigger)
            return []
        if match and match.kind == "place" and _before_a_topic(token):
            # "Syria peace talks", "Iran nuclear talks": what the talks are about, and often a party
            actor = self.actors.resolve(token)
            mention.inferred_parties += [actor.code] if actor else []
            return []
        actor = self.actors.resolve(token)
        return [actor] if actor else []

    def _hyphenated_with(self, modifier: Token) -> list[Actor]:
        """"future North Korea-U.S. talks": the party joined to the modifier by a hyphen."""
        if not any(c.dep_ == "punct" and c.text == "-" for c in modifier.children):
            return []
        partners = [self.actors.resolve(c) for c in modifier.children if c.dep_ == "compound" and c.i < modifier.i]
        return [actor for actor in partners if actor is not None]

    def _place_in_name(self, noun: Token, mention: Mention) -> None:
        """"the Geneva II conference", "the Astana talks", "the Sochi congress": a city in the
        meeting's name is its place (a country there, "Syria talks", is its subject)."""
        modifiers = [t for t in noun.subtree if t.i < noun.i and t.dep_ in ("compound", "nmod", "npadvmod")]
        # NER often tags "Geneva II" as an event, not "Geneva" as a place: a word the article
        # uses as a place elsewhere counts too
        places = {e.text for e in entities(noun.doc) if e.label_ in ("GPE", "LOC")}
        for token in modifiers:
            match = self.actors.names.get(token.i)
            is_country = match is not None and match.kind == "place" and match.span.text not in self.lex.capital_iso
            if (token.ent_type_ in ("GPE", "LOC", "FAC") or token.text in places) and token.pos_ == "PROPN" \
                    and not is_country:
                span = entity_at(token)
                mention.location = self._place_name(span) if span is not None and span.label_ != "EVENT" \
                    else token.text
                return

    def _place_of(self, noun: Token, mention: Mention) -> None:
        for child in noun.children:
            if child.dep_ == "prep" and child.lower_ in ("in", "at", "to"):
                self._place_from_prep(child, mention)
            if child.dep_ == "acl":  # "a meeting slated to take place in Tunisia", "invitation to visit Moscow"
                for grandchild in child.children:
                    if grandchild.dep_ == "prep" and grandchild.lower_ in ("in", "at", "to"):
                        self._place_from_prep(grandchild, mention)
                    if grandchild.dep_ == "dobj":
                        self._place_from_object(grandchild, mention)

    def _place_from_prep(self, prep: Token, mention: Mention) -> None:
        for obj in _objects_of(prep):
            self._place_from_object(obj, mention)

    def _place_from_object(self, obj: Token, mention: Mention) -> None:
        if mention.location:
            return
        # "its capital Astana"; but "Helsinki, Finland" is Helsinki
        named = [c for c in obj.children if c.dep_ == "appos" and obj.ent_type_ not in ("GPE", "LOC", "FAC")]
        # "the Palais Coburg in Vienna", "at the G20 summit in Buenos Aires": the city
        within = [o for c in obj.children if c.dep_ == "prep" and c.lower_ == "in"
                  and (obj.ent_type_ in ("FAC", "EVENT", "LOC") or self.is_meeting_noun(obj)) for o in _objects_of(c)]
        named += [o for o in within if o.ent_type_ == "GPE"]
        for place in (obj, *within):
            settlement = _settlement_name(place)
            if settlement:
                mention.location = settlement
                return
        region = _region_name(obj)
        if region:
            mention.location = region
            return
        for token in (*named, obj):
            if token.ent_type_ in ("GPE", "LOC", "FAC") or self.actors.place_code(token):
                span = entity_at(token)
                mention.location = self._place_name(span) if span is not None else token.text
                return
            name = " ".join(t.text for t in token.subtree if t.dep_ == "compound" or t.i == token.i)
            if name in self.lex.world_capitals:  # a capital the parser tagged as no place
                mention.location = name
                return
            mention.location = self.actors.country_meant(token, not_of=self._visitor_country(token))
            if mention.location:
                return

    def _visitor_country(self, destination: Token) -> str | None:
        """Whose visit goes to the place: "Lavrov is paying a visit to the country" -> RUS."""
        visit = destination.head.head if destination.head.dep_ == "prep" else destination.head
        verb = _governing_verb(visit) if visit.pos_ == "NOUN" else visit
        subject = _subject(verb) if verb is not None else None
        visitor = self.actors.resolve(subject) if subject is not None else None
        return visitor.code[:3] if visitor is not None else None

    def _place_name(self, span: Span) -> str:
        """The place an entity names: "Berlin" of "the Berlin Conference", "Geneva" of "the
        Geneva II"; else the entity without its article."""
        for token in span:
            name = self.actors.names.get(token.i)
            if name is not None and name.kind == "place":
                return name.span.text
            if token.text in self.lex.world_capitals:
                return token.text
        words = [t for t in span if t.lower_ != "the" and t.text not in ROMAN_NUMERALS]  # "the Geneva II"
        return "".join(t.text_with_ws for t in words).strip()

    def _nearest_place(self, trigger: Token, mention: Mention) -> None:
        """"talks ... to be held next week in Astana": a place after "in" or "at" in the
        same sentence, nearest the trigger, when the parse does not attach it to it."""
        # "on February 24 in Vienna", "with Trump in New York", "meet officials in Moscow";
        # not "violence in Syria"
        preps = [t for t in trigger.sent if t.dep_ == "prep" and t.lower_ in ("in", "at")
                 and (t.head.pos_ in ("VERB", "AUX") or t.head == trigger or t.head.ent_type_ in PLACE_HOLDERS
                      or _venue(t.head) or t.head.lemma_.lower() in self.lex.role_of_word
                      or (_topic(t.head) and t.head.head.head == trigger and self._names_a_city(t)))
                 # "told reporters in Cairo" is the briefing's place, "the coalition, based in Turkey" its home
                 and t.head.lemma_.lower() not in REPORTING_VERBS | RESIDING_VERBS]
        for prep in sorted(preps, key=lambda t: (t.i < trigger.i, abs(t.i - trigger.i))):
            self._place_from_prep(prep, mention)
            if mention.location:
                return

    def _names_a_city(self, prep: Token) -> bool:
        """"(talks over the crisis) in Istanbul": a city is where talks are, where a country
        ("the violence in Syria") is where their subject is."""
        objects = _objects_of(prep)
        return bool(objects) and objects[0].ent_type_ == "GPE" and \
            (objects[0].text in self.lex.world_capitals or self.actors.place_code(objects[0]) is None)

    def _host_of_place(self, trigger: Token, mention: Mention) -> str | None:
        """Talks in a capital are hosted by that country's government (Moscow -> RUSGOV)."""
        iso3 = self.lex.capital_iso.get(mention.location or "")
        if iso3:
            note("actor.host_of_capital", trigger)
        return iso3 + "GOV" if iso3 else None

    def _status(self, trigger: Token) -> tuple[str, bool, str]:
        """The status, whether it is only guessed, and the rule that set it. Guessed: from
        the tense of a verb that is not about the meeting ("said", "received"), from nothing
        at all, or from a sentence that describes the meeting rather than says whether it
        happens ("our meeting will be productive")."""
        status, guessed, rule_id = self._status_cue(trigger)
        note(rule_id, trigger)
        return status, guessed or _described(trigger), rule(rule_id)

    def _status_cue(self, trigger: Token) -> tuple[str, bool, str]:
        chain = [trigger, *list(trigger.ancestors)[:3]]
        words = {t.lemma_.lower() for t in chain} | {c.lemma_.lower() for t in chain for c in t.children
                                                     if c.dep_ in ("amod", "aux", "prt", "advmod", "compound")}
        # "the conference to be held next Sunday", "talks that will open on Monday"
        if any(a.dep_ == "aux" and a.lower_ in ("to", "will") for c in trigger.children
               if c.dep_ in ("acl", "relcl") and c.lemma_.lower() in TAKING_PLACE_VERBS for a in c.children):
            words.add("will")
        if _did_not_happen(trigger):
            return "cancelled", False, "status.did_not_take_place"
        if _done_at(trigger):
            return "held", False, "status.done_at_meeting"
        if words & self.status_words["cancelled"] and not (OFF_VERBS & words and "off" not in words and
                                                           not words & (self.status_words["cancelled"] - OFF_VERBS)):
            if _put_off_to_a_date(chain) or words & FUTURE_AUX and words & TAKING_PLACE_VERBS:
                # "postponed until March 3", "postponed last week, will be held on Monday"
                return "planned", False, "status.postponed_to_date"
            return "cancelled", False, "status.called_off"
        if any(t.pos_ == "ADJ" and t.lemma_.lower() in OPENNESS_WORDS for t in chain) or \
                any(c.lemma_.lower() == "door" for t in chain for c in t.children):
            return "proposed", False, "status.open_to_meeting"  # "open to meeting Moon", "left the door open for talks"
        own = {c.lemma_.lower() for c in trigger.children if c.dep_ == "amod"}
        if own & self.status_words["planned"] and not own & self.status_words["proposed"]:
            # "wanting to freeride on future talks": the talks are to come, whoever wants what
            return "planned", False, "status.planned_modifier"
        if words & self.status_words["proposed"]:
            return "proposed", False, "status.proposal_word"
        # "Sisi had arranged the meeting", "Italy organized the conference": arranged, and
        # by now most often held; the tense says which
        arranged_before = {t.lemma_.lower() for t in chain if t.tag_ == "VBD" or t.tag_ == "VBN" and
                           any(c.dep_ == "aux" and c.lower_ == "had" for c in t.children)}
        if (words - arranged_before) & self.status_words["planned"] or words & FUTURE_AUX:
            return "planned", False, "status.planning_word"
        # "Trump could meet Rouhani", "talks should be held soon": possible, or wished, not arranged
        if any(c.dep_ == "aux" and c.lower_ in TENTATIVE_MODALS for c in trigger.children) or \
                any(c.dep_ == "aux" and c.lower_ == "should" for c in _verb_of(trigger).children):
            return "proposed", False, "status.tentative_modal"
        if any(c.lower_ in ("after", "during", "following") and c.dep_ in ("prep", "acl", "advcl")
               for c in trigger.ancestors):
            # "agreed to restore ties after talks in Beijing": what came before
            return "held", False, "status.before_what_followed"
        if trigger.dep_ == "dobj" and trigger.head.lemma_.lower() == "follow":
            # "the Paris talks follow a first contact in Abu Dhabi": what came before
            return "held", False, "status.followed_by"
        past_meeting_verbs = {"hold", "meet", "attend", "end", "begin", "open", "conclude", "close", "resume", "host"}
        answered = words & (ANSWER_WORDS | self.refusal_verbs - LEAVING_VERBS)  # refused, unless walked out of
        if any(t.lemma_.lower() in self.acceptance_verbs and _on_condition(t) for t in chain):
            # "accepted the invitation on condition that ...": not yet agreed
            return "proposed", False, "status.accepted_on_condition"
        if answered and not any(t.lemma_ in past_meeting_verbs and t.tag_ == "VBD" for t in chain):
            # a meeting someone is invited to, refuses or agrees to is still to come
            return "planned", False, "status.answered_meeting"
        if any((c.dep_ == "relcl" and c.tag_ == "VBD" or c.dep_ == "acl" and c.tag_ == "VBN")
               and c.lemma_.lower() in past_meeting_verbs | TAKING_PLACE_VERBS for c in trigger.children):
            # "a summit in Arica last week that ended ...", "the talks held in Oman"
            return "held", False, "status.held_clause"
        if _purpose(trigger):
            # "Trump arrived in Helsinki to hold a summit": what he came for, held or not
            return "planned", True, "status.purpose_of_trip"
        past = [t for t in chain if t.tag_ in ("VBD", "VBN") and t.pos_ in ("VERB", "AUX")]
        if past:
            guessed = not any(t.lemma_ in past_meeting_verbs | TAKING_PLACE_VERBS for t in past)
            return "held", guessed, "status.past_tense"
        if any(t.tag_ in ("VBG", "VBZ", "VBP") and t.lemma_ in ("hold", "meet", "attend", "take", "pay")
               for t in chain):  # "is paying a working visit"
            return "held", False, "status.meeting_verb_present"
        return "planned", True, "status.default_planned"

    def _not_yet_held(self, mention: Mention) -> None:
        """A meeting dated after the article's date has not been held yet; one dated before
        it, by its tense, was: a date makes a guessed status a stated one."""
        if mention.event_date is None or self.article_date is None:
            return
        if mention.status == "held" and mention.event_date > self.article_date:
            mention.status, mention.status_rule_id = "planned", rule("status.dated_after_article")
            note("status.dated_after_article", mention.trigger)
        mention.status_guessed = _described(mention.trigger)

    def _date(self, trigger: Token, mention: Mention, prefer: str) -> None:
        """The date expression attached to the trigger or the verb that governs it."""
        scope = {trigger.i} | {t.i for t in trigger.subtree}
        verb = _governing_verb(trigger)
        if verb is not None:
            scope |= {c.i for c in verb.children if c.dep_ in ("npadvmod", "prep", "advmod", "tmod")
                      for c in c.subtree}
        # "after meeting the Lao minister ... to resume the GBC meeting on 21-25 December": a date
        # in another meeting's own phrase is that meeting's
        dates = [ent for ent in sentence_entities(trigger.sent) if ent.label_ in ("DATE", "TIME")]  # "Tuesday night"
        if any(ent.start not in scope for ent in dates):
            others = set().union(*(phrase for noun, phrase in self._meeting_phrases(trigger.sent).items()
                                   if noun not in scope))
            dates = [ent for ent in dates if ent.start in scope or ent.start not in others]
        # Attached to the trigger first; else the sentence's nearest date, which the parse
        # often hangs on the reporting verb instead ("talks ... , officials said on Monday").
        for ent in sorted(dates, key=lambda e: (e.start not in scope, abs(e.start - trigger.i))):
            if ent.root.head.lower_ == "since":
                continue  # "the first meeting since March": when something else was, not this meeting
            if prefer == "future" and ent.start not in scope and (_said_when(ent) or _purpose(trigger)):
                continue  # "said on Sunday it would not attend the talks", "arrived on Sunday to hold talks"
            if self.article_date is None and ent.start in scope and mention.named_time is None:
                mention.named_time = time_named(ent.text)
            found, precision = resolve_date(_date_phrase(ent), self.article_date, prefer)
            if precision == "year" and self.article_date is None:
                continue  # "since the conflict erupted in 2011": with no article date, a year is background
            # A full date the meeting's own words give ("was held on June 30, 2012") is its date
            # however long ago; a looser one, or one elsewhere in the sentence, must lie near the news.
            near = 3660 if ent.start in scope and precision == "day" else 400 if ent.start in scope else 60
            if found and self._near_article_date(found, days=near):
                mention.event_date, mention.date_precision = found, precision
                mention.date_attached = ent.start in scope
                mention.date_rule_id = rule("date.attached" if mention.date_attached else "date.nearest_in_sentence")
                note(mention.date_rule_id, trigger)
                return
        if self.article_date is not None and _reported_after(trigger):
            mention.event_date, mention.date_precision = self.article_date, "day"
            mention.date_rule_id = rule("date.reported_after")
            note(mention.date_rule_id, trigger)

    def _meeting_phrases(self, sentence: Span) -> dict[int, set[int]]:
        """Each meeting noun of the sentence, with the tokens of its phrase (read once a sentence)."""
        if sentence.start not in self._phrases:
            self._phrases[sentence.start] = {t.i: {d.i for d in t.subtree} for t in sentence if self.is_meeting_noun(t)}
        return self._phrases[sentence.start]

    def _near_article_date(self, found: date, days: int) -> bool:
        """A meeting's date lies near the news: "the 2015 nuclear deal" in a 2021 story, or
        "since March 2011" elsewhere in the sentence, is background, not the meeting's date."""
        return self.article_date is None or abs((found - self.article_date).days) <= days

    # -- refusals ------------------------------------------------------------------
    def _refusal(self, token: Token, sentence: Span) -> list[Mention]:
        lemma = token.lemma_.lower()
        if _predicted(token):
            return []
        if token.pos_ == "VERB" and lemma in self.refusal_verbs and not _negated(token):
            # "turned down", "pulled out", "withdrew from": a phrasal verb needs its pattern
            phrasal = lemma in self.patterns.anchored_lemmas["refusal"]
            pattern = self._anchored(token, "refusal") if phrasal else None
            if phrasal and pattern is None:
                return _dropped("refusal.phrasal_needs_pattern", token)
            if self._about_meeting(token):
                made_by = pattern or "refusal.refusal_verb"
                return _made(made_by, token, self._answer("refusal", token, sentence))
            if phrasal and self.meetings and _intransitive(token):
                # "pulled out before it ended", in a story about a meeting: a refusal, though
                # which of the story's meetings it leaves, and so whom it answers, is not said
                refusals = self._answer("refusal", token, sentence)
                for refusal in refusals:
                    refusal.meeting, refusal.target, refusal.location = None, None, None
                note(pattern, token)
                return _made("refusal.left_the_meeting", token, refusals)
            return _dropped("refusal.needs_a_meeting", token)
        if token.pos_ in ("VERB", "AUX") and self._is_attendance(token) and _negated(token):
            if not self._about_meeting(token, allow_place=True) and not self.meetings:
                return _dropped("refusal.needs_a_meeting", token)
            return _made("refusal.negated_attendance", token,
                         self._answer("refusal", token, sentence))
        meeting_object = lemma in MEETING_HOLDING_VERBS and bool(self._meeting_objects(token))
        if token.pos_ == "VERB" and (lemma in ("meet", "negotiate", "talk") or meeting_object) and \
                _negated(token) and any(c.dep_ == "aux" and c.lower_ in ("will", "would", "wo", "'ll")
                                        for c in token.children):
            # "will not meet Trump", "will never have any dialogue with", "will not resume talks unless"
            return _made("refusal.will_not_meet", token, self._answer("refusal", token, sentence))
        if token.pos_ == "ADJ" and lemma in self.readiness_words and _negated(token) and self._attendance_xcomp(token):
            return _made("refusal.not_ready", token, self._answer("refusal", token, sentence))
        if token.pos_ == "NOUN" and lemma in self.refusal_nouns:
            return _made("refusal.refusal_noun", token, self._answer_from_noun("refusal", token, sentence))
        if token.pos_ == "NOUN" and lemma in INTENTION_NOUNS and any(c.lower_ == "no" for c in token.children) \
                and (self._attendance_xcomp(token) or self._meeting_complement(token)):
            # "has no intention to talk"
            return _made("refusal.no_intention", token, self._answer("refusal", token, sentence))
        if self.is_meeting_noun(token) and _ruled_out_until(token):
            return _made("refusal.ruled_out_until", token, self._refused_by_speaker(token, sentence))
        return []

    def _refused_by_speaker(self, noun: Token, sentence: Span) -> list[Mention]:
        """"talks won't resume unless Seoul ...", "there will be no negotiations until Assad
        goes": a conditional refusal by whoever says so."""
        counterpart = self._counterpart(noun)
        mentions = []
        speakers = self._speakers(noun)
        for actor in speakers:
            mention = Mention("refusal", sentence, noun, actor=actor.code, conditional=True,
                              party_name=_name_if_shared(actor, speakers))
            if counterpart is not None and counterpart.code != actor.code:
                mention.target = counterpart.code
            self._attach_meeting(mention, self._referenced_meeting(noun, sentence), noun)
            mentions.append(mention)
        return mentions

    # -- acceptances ------------------------------------------------------------------
    def _acceptance(self, token: Token, sentence: Span) -> list[Mention]:
        lemma = token.lemma_.lower()
        if _negated(token) or _hearsay(token):
            return []
        if token.pos_ == "VERB" and self._is_attendance(token) and self._committed(token) and \
                (self._about_meeting(token, allow_place=True) or self.meetings and _objectless(token)) \
                and not _hypothetical(token) and not any(_negated(a) for a in token.ancestors):
            return _made("acceptance.committed_attendance", token,
                         self._answer("acceptance", token, sentence))
        if token.pos_ == "VERB" and lemma in ("agree", "accept", "confirm"):
            if _hypothetical(token) or any(c.dep_ == "auxpass" for c in token.children):
                # "what may have been agreed", "it was agreed to convene": no one accepting
                return _dropped("acceptance.not_hypothetical", token)
            if lemma == "agree" and not self._about_meeting(token):
                return _dropped("acceptance.agreed_to_something_else", token)
            if lemma == "accept" and not self._about_meeting(token):
                return _dropped("acceptance.accepted_something_else", token)
            if lemma == "confirm" and self._confirms_agreed_meeting(token):
                return _made("acceptance.confirmed_agreement", token, self._answer("acceptance", token, sentence))
            if lemma == "confirm" and not any(t.lemma_.lower() in ("participation", "attendance", "presence")
                                              for c in token.children if c.dep_ == "dobj" for t in _phrase(c)):
                # confirming that talks will happen is not agreeing to join them
                return _dropped("acceptance.confirmed_something_else", token)
            made_by = {"agree": "acceptance.agreed_to_meet", "accept": "acceptance.accepted_meeting",
                       "confirm": "acceptance.confirmed_participation"}[lemma]
            return _made(made_by, token, self._answer("acceptance", token, sentence))
        if token.pos_ == "VERB" and lemma == "respond" and any(c.lower_ == "positively" for c in token.children):
            return _made("acceptance.responded_positively", token,
                         self._answer("acceptance", token, sentence))
        if token.pos_ == "NOUN" and lemma in INTENTION_NOUNS and not any(c.lower_ == "no" for c in token.children) \
                and any(a.lemma_.lower() in ("announce", "confirm", "express", "declare") for a in token.ancestors) \
                and self._meeting_complement(token, organising=False):  # a plan to restart talks accepts nothing
            # "announced his intention to take part"
            return _made("acceptance.announced_intention", token,
                         self._answer("acceptance", token, sentence))
        if token.pos_ == "NOUN" and lemma in ("response", "readiness", "acceptance", "participation"):
            if lemma == "response" and not any(c.lower_ in self.companions["response"] for c in token.children):
                return []
            if any(a.lemma_.lower() in HOPING_VERBS for a in list(token.ancestors)[:2]):
                # "hoped for a quick response from the Peruvians": none given yet
                return _dropped("acceptance.not_hoped_for", token)
            if lemma == "participation" and not any(c.lemma_ in ("confirm", "announce") for c in token.ancestors):
                return []
            return _made("acceptance.answer_noun", token, self._answer_from_noun("acceptance", token, sentence))
        return []

    # -- invitations ------------------------------------------------------------------
    def _invitation(self, token: Token, sentence: Span) -> list[Mention]:
        lemma = token.lemma_.lower()
        if token.pos_ == "VERB" and lemma in self.invitation_verbs:
            return self._invitation_from_verb(token, sentence)
        if token.pos_ == "NOUN" and lemma in self.invitation_nouns:
            found = self._invitation_from_noun(token, sentence)  # or only who invites: no event
            events = [m for m in found if m.target is not None]
            return _made("invitation.invitation_noun", token, events) + [m for m in found if m.target is None]
        if token.pos_ == "NOUN" and lemma in self.list_nouns and self._guest_list(token):
            return _made("invitation.guest_list", token, self._invitation_from_list(token, sentence))
        return []

    def _guest_list(self, noun: Token) -> bool:
        """"the guest list", "the list of invitees"."""
        words = [c for c in noun.children if c.dep_ == "compound"]
        words += [o for c in noun.children if c.dep_ == "prep" and c.lower_ == "of" for o in _objects_of(c)]
        return any(w.lemma_.lower() in self.list_words for w in words)

    def _invitation_from_list(self, noun: Token, sentence: Span) -> list[Mention]:
        """"Iran was not on the guest list" (not extended), "Qatar was added to the list of
        guests" (extended), "Turkey was left off the guest list" (not extended)."""
        prep = noun.head
        if noun.dep_ != "pobj" or prep.dep_ != "prep" or prep.head.pos_ not in ("VERB", "AUX"):
            return []
        verb = prep.head
        subject = _subject(verb)
        invitees = self.actors.resolve_all(subject) if subject is not None else []
        off = prep.lower_ in self.off_list
        status = "not_extended" if off != _negated(verb) else "extended"
        status_rule = rule("status.off_the_list" if status == "not_extended" else "status.on_the_list")
        meeting = self._referenced_meeting(noun, sentence)
        mentions = []
        for invitee in invitees:
            mention = Mention("invitation", sentence, noun, target=invitee.code, status=status,
                              status_rule_id=status_rule)
            self._attach_meeting(mention, meeting, noun)
            if mention.actor is None and meeting is not None and _inviter_of(meeting) != invitee.code:
                mention.actor = _inviter_of(meeting)
            mentions.append(mention)
        return mentions

    def _invitation_from_verb(self, verb: Token, sentence: Span) -> list[Mention]:
        lemma = verb.lemma_.lower()
        if _hypothetical(verb) and not _negated(verb):
            return _dropped("invitation.not_hypothetical", verb)
        # "Israel is yet to be invited": passive, its subject on the verb it completes
        passive = _passive(verb)
        inviters: list[Actor] = []
        invitees: list[Actor] = []
        listing = _listing_verb(verb)
        made_by = "invitation.invited"
        if listing is not None:  # "those invited include the government and the opposition"
            made_by = "invitation.listed_invitees"
            invitees = [a for t in _listed(listing) for a in self.actors.resolve_each(t)]
            # "the trade unions invited are those not banned": the unions
            invitees = invitees or self.actors.resolve_each(verb.head)
            inviters = self._sender_in(sentence, verb)
        elif passive:
            made_by = "invitation.passive_invited"
            invitee = next((c for c in verb.children if c.dep_ == "nsubjpass"), None) or _subject(verb)
            invitees = self.actors.resolve_each(invitee) if invitee is not None else []
            agent = next((c for c in verb.children if c.dep_ == "agent"), None)
            if agent is not None:
                inviters = [a for obj in _objects_of(agent) for a in self.actors.resolve_all(obj)]
            else:
                inviters = self._sender_in(sentence, verb)
        else:
            subject = _subject(verb)
            inviters = self.actors.resolve_all(subject) if subject is not None else []
            for child in verb.children:
                if child.dep_ == "dobj" or (child.dep_ == "prep" and child.lower_ in ("on", "upon") and lemma == "call"):
                    targets = _objects_of(child) if child.dep_ == "prep" else [child]
                    invitees = [a for t in targets for a in self.actors.resolve_each(t)]
        if lemma != "invite":
            # "called on the opposition to join the talks", "have been called to Tunisia";
            # not "urged the UN to send an envoy to Syria"
            joining = [c for c in verb.children if c.dep_ == "xcomp" and self._is_attendance(c)
                       and self._about_meeting(c)]
            if not (joining or (passive and self._about_meeting(verb, allow_place=True))):
                return _dropped("invitation.call_needs_a_meeting", verb)
            made_by = "invitation.called_to_join"
        if not invitees:
            # who invites someone: an agent, or a subject with an object ("leaders invited to the
            # talks", objectless, is a reduced relative: the leaders are the invitees)
            said = not _negated(verb) and any(c.dep_ in ("dobj", "agent") for c in verb.children)
            return _made(made_by, verb, []) + _inviter_only(inviters[:1] if said else [], sentence, verb)
        status = "not_extended" if _negated(verb) else "extended"
        status_rule = rule("status.not_invited" if _negated(verb) else "status.invited")
        meeting = self._referenced_meeting(verb, sentence)
        mentions = []
        for invitee in invitees:
            mention = Mention("invitation", sentence, verb,
                              actor=inviters[0].code if inviters else None, target=invitee.code, status=status,
                              party_name=_name_if_shared(invitee, invitees), status_rule_id=status_rule)
            self._attach_meeting(mention, meeting, verb)
            if mention.actor is None and meeting is not None:
                mention.actor = _inviter_of(meeting)
            if mention.actor != mention.target:
                mentions.append(mention)
        return _made(made_by, verb, mentions)

    def _sender_in(self, sentence: Span, verb: Token) -> list[Actor]:
        """"The US sent invitations to ..., but Israel is yet to be invited": who invites
        in the sentence's other clause."""
        for token in sentence:
            if token.i != verb.i and token.pos_ == "VERB" and (token.lemma_.lower() == "invite" or (
                    token.lemma_.lower() in SENDING_VERBS and any(
                        c.lemma_.lower() in self.invitation_nouns for c in token.children if c.dep_ == "dobj"))):
                subject = _subject(token)
                if subject is not None and not _passive(token):
                    return self.actors.resolve_all(subject)
        return []

    def _invitation_from_noun(self, noun: Token, sentence: Span) -> list[Mention]:
        inviter, invitees = self._named_inviter(noun), []  # one invitation per named party
        # "sent an invitation letter to the Thai minister": the letter is the invitation
        holder = noun.head if noun.dep_ == "compound" else noun
        for child in [*noun.children, *(holder.children if holder is not noun else [])]:
            if child.dep_ == "prep" and child.lower_ == "to":
                objects = _objects_of(child)
                if objects and not self.actors.place_code(objects[0]) and not self.is_meeting_noun(objects[0]):
                    invitees = self.actors.resolve_each(objects[0])
            if child.dep_ == "acl" and child.lemma_.lower() in SENDING_VERBS:  # "invitation, extended by the UN"
                agent = self._agent(child)
                inviter = inviter or (Actor(agent, "group", agent) if agent else None)
            if child.dep_ in ("acl", "advcl") and self._is_attendance(child) and \
                    any(c.dep_ == "mark" and c.lower_ == "for" for c in child.children):
                subject = _subject(child)  # "an invitation for Iran to join the talks"
                invitees = invitees or (self.actors.resolve_each(subject) if subject is not None else [])
        verb = _governing_verb(noun)
        if verb is not None and (_negated(verb) or any(t.lemma_ == "deny" for t in noun.ancestors)):
            return _dropped("invitation.not_denied", noun)
        if verb is not None:
            subject = _subject(verb)
            subject = None if subject == noun else subject  # the invitation itself did it
            sending = verb.lemma_.lower() in SENDING_VERBS
            if subject is not None and sending:
                inviter = inviter or self.actors.resolve(subject)
            elif subject is not None and not invitees:
                invitees = self.actors.resolve_each(subject)
            if not invitees and verb.lemma_.lower() in self.refusal_verbs | self.acceptance_verbs:
                answering = self._answering_actors(verb)  # "In rejecting the invitation, the coalition said"
                invitees = answering
            if sending and not invitees:  # "sent invitations to finance ministers"
                for prep in (c for c in verb.children if c.dep_ in ("prep", "dative") and c.lower_ == "to"):
                    objects = _objects_of(prep)
                    invitees = self.actors.resolve_each(objects[0]) if objects else []
        meeting = self._referenced_meeting(noun, sentence)
        if inviter is None and meeting is not None:
            inviter_code = _inviter_of(meeting)
        else:
            inviter_code = inviter.code if inviter else None
        if not invitees:  # "the President's invitation to the dialogue"
            return _inviter_only([inviter] if inviter else [], sentence, noun)
        mentions = []
        for invitee in (i for i in invitees if i.code != inviter_code):
            mention = Mention("invitation", sentence, noun, actor=inviter_code, target=invitee.code,
                              status="extended", status_rule_id=rule("status.invited"),
                              party_name=_name_if_shared(invitee, invitees))
            self._attach_meeting(mention, meeting, noun)
            mentions.append(mention)
        return mentions

    # -- shared by refusals and acceptances -------------------------------------------
    def _answer(self, kind: str, trigger: Token, sentence: Span) -> list[Mention]:
        actors = self._answering_actors(trigger)
        if not actors:
            return []
        meeting = self._referenced_meeting(trigger, sentence)
        inviter = self._inviter_in(trigger)
        counterpart = self._counterpart(trigger)
        mentions = []
        for actor in actors:
            mention = Mention(kind, sentence, trigger, actor=actor.code,
                              party_name=_name_if_shared(actor, actors))
            if inviter is not None and inviter.code != actor.code:
                mention.target = inviter.code
            elif counterpart is not None and counterpart.code != actor.code:
                mention.target = counterpart.code
            if kind == "refusal":
                mention.conditional = _conditional(trigger, sentence)
            self._attach_meeting(mention, meeting, trigger)
            mentions.append(mention)
        return mentions

    def _counterpart(self, trigger: Token) -> Actor | None:
        """The other side of refused or accepted talks: "talks with the United States",
        "will not meet Trump"."""
        clauses = [c for c in trigger.children if c.dep_ in ("xcomp", "acl")]
        # "continue negotiations with", "will never have any dialogue with"
        objects = [o for c in [trigger, *clauses] for o in self._meeting_objects(c)]
        for token in _phrase(trigger) + clauses + objects:
            for child in token.children:
                if child.dep_ == "prep" and child.lower_ == "with":
                    objects = _objects_of(child)
                    if objects:
                        return self.actors.resolve(objects[0])
                if child.dep_ == "dobj" and token.lemma_.lower() == "meet":
                    return self.actors.resolve(child)
        return None

    def _inviter_in(self, trigger: Token) -> Actor | None:
        """"an invitation from Moscow would be refused", "May's demand ... was rejected by the EU":
        the answer is aimed at who invited or proposed."""
        for token in trigger.subtree:
            if token.lemma_.lower() in self.invitation_nouns | PROPOSING_NOUNS and token.pos_ == "NOUN":
                inviter = self._named_inviter(token)
                if inviter is not None:
                    return inviter
        return None

    def _named_inviter(self, noun: Token) -> Actor | None:
        """The inviter an invitation (or offer) names: "Moscow's invitation", "an invitation
        from the UN", and "the invitation to Moscow", where the host capital's government invites."""
        for child in noun.children:
            if child.dep_ == "poss" or (child.dep_ in ("compound", "amod") and child.i in self.actors.names):
                found = self.actors.resolve(child)  # "Moscow's invitation", "a U.N. invitation"
                if found is not None or child.dep_ == "poss":
                    return found
            if child.dep_ == "prep" and child.lower_ in ("from", "by"):
                objects = _objects_of(child)
                return self.actors.resolve(objects[0]) if objects else None
        for child in noun.children:
            if child.dep_ == "prep" and child.lower_ == "to":
                capital = next((self.lex.capital_iso.get(o.text) for o in _objects_of(child)), None)
                if capital:
                    return Actor(capital + "GOV", "place", child.text)
        return None

    def _answer_from_noun(self, kind: str, noun: Token, sentence: Span) -> list[Mention]:
        if any(self._not_about_meeting(clause) for clause in noun.children if clause.dep_ == "acl"):
            return []  # "Haftar's refusal to sign the agreement": not a meeting's
        actors: list[Actor] = []
        for child in noun.children:
            if child.dep_ == "poss" or (child.dep_ == "prep" and child.lower_ in ("by", "from", "of")):
                objects = [child] if child.dep_ == "poss" else _objects_of(child)
                for obj in objects:
                    # "Japan's rejection of a South Korean proposal": what is answered, not who answers
                    answered = obj.lemma_.lower() in PROPOSING_NOUNS | self.invitation_nouns
                    if not (self.is_meeting_noun(obj) or answered):
                        actors.extend(self.actors.resolve_all(obj))
        if not actors:
            verb = _governing_verb(noun)
            subject = _subject(verb) if verb is not None and verb.lemma_ not in REPORTING_VERBS else None
            if subject is not None and verb.lemma_.lower() in ("have", "give", "send", "announce", "express", "confirm"):
                actors = self.actors.resolve_all(subject)
        if not actors:
            return []
        meeting = self._referenced_meeting(noun, sentence)
        mentions = []
        for actor in actors:
            mention = Mention(kind, sentence, noun, actor=actor.code)
            if kind == "refusal":
                mention.conditional = _conditional(noun, sentence)
            self._attach_meeting(mention, meeting, noun)
            mentions.append(mention)
        return mentions

    def _not_about_meeting(self, clause: Token) -> bool:
        """An infinitive that does something other than meet: "(refusal) to sign the agreement",
        not "to attend the talks" or "to meet the envoy"."""
        return _infinitive(clause) and not (self._takes_part(clause) or self._about_meeting(clause))

    def _answering_actors(self, trigger: Token) -> list[Actor]:
        """Who refuses or accepts: the subject, through xcomp chains ("aren't ready to take part");
        for a passive ("would be refused anyway"), the speaker whose words report it."""
        subject = _subject(trigger)
        if subject is None and trigger.pos_ == "NOUN" and trigger.dep_ in ("dobj", "attr"):
            subject = _subject(trigger.head)  # "Pyongyang has no intention to talk"
        passive = any(c.dep_ == "nsubjpass" for c in trigger.children)
        if subject is not None and not passive:
            return self.actors.resolve_each(subject)
        agent = next((c for c in trigger.children if c.dep_ == "agent"), None)
        if agent is not None:
            return [a for obj in _objects_of(agent) for a in self.actors.resolve_each(obj)]
        return self._speakers(trigger)

    def _speakers(self, token: Token) -> list[Actor]:
        """Who says what a word stands in: the subject of the nearest reporting verb above it."""
        reporting = next((a for a in token.ancestors if a.lemma_.lower() in REPORTING_VERBS), None)
        speaker = _subject(reporting) if reporting is not None else None
        return self.actors.resolve_each(speaker) if speaker is not None else []

    def _is_attendance(self, token: Token) -> bool:
        lemma = token.lemma_.lower()
        if lemma not in self.attendance_verbs:
            return False
        if lemma == "be":
            return False
        companions = self.companions.get(lemma)
        if companions is None:
            return True
        if lemma in ("go", "return"):  # "go to Moscow", "return to the talks"; not "going to be"
            return any(c.dep_ == "prep" and c.lower_ in companions for c in token.children)
        return any(c.lower_ in companions or c.lemma_.lower() in companions for c in token.children)

    def _committed(self, verb: Token) -> bool:
        """"will attend", "said it would take part", "decided to attend": a stated intention
        to attend (an acceptance), as opposed to attending or being asked to."""
        if any(c.dep_ == "aux" and c.lower_ in ("will", "would", "'ll", "shall") for c in verb.children):
            return True
        return verb.dep_ == "xcomp" and verb.head.lemma_.lower() in self.commitment_verbs

    def _attendance_xcomp(self, token: Token) -> bool:
        """"ready to meet", "no intention to continue talks": a complement that takes part in a
        meeting (organising one, "ready to hold the meeting", is not taking part)."""
        return any(self._is_attendance(c) or c.lemma_.lower() in self.meeting_verbs - HOSTING_VERBS - {"hold"}
                   or c.lemma_.lower() in ("continue", "resume") and bool(self._meeting_objects(c))
                   for c in _complement_clauses(token, ("xcomp", "ccomp", "advcl")))

    def _meeting_objects(self, verb: Token) -> list[Token]:
        """The verb's objects that are meetings: "have any dialogue", "continue negotiations"."""
        return [c for c in verb.children if c.dep_ == "dobj" and self.is_meeting_noun(c)]

    def _meeting_complement(self, noun: Token, organising: bool = True) -> bool:
        """"no intention to talk with Seoul", "no desire to continue negotiations": the noun's
        clause takes part in a meeting, or (organising) continues or holds one."""
        return any(self._meeting_clause(clause) if organising else self._takes_part(clause)
                   for clause in _complement_clauses(noun, ("acl", "xcomp")))

    def _about_meeting(self, token: Token, allow_place: bool = False) -> bool:
        """Whether the verb's complements name a meeting, an invitation or an offer of one:
        its object or prepositional phrases, or a clause (any of its conjuncts) that meets
        ("declined to attend", "agreed to a ceasefire and to attend the talks"), but not a
        clause about something else ("declined to comment on the visit")."""
        if any(self._meeting_clause(c) for c in _complement_clauses(token, ("xcomp",))):
            return True
        for child in token.children:
            if child.dep_ not in ("dobj", "prep", "nsubjpass", "attr", "dative", "pobj", "prt"):
                continue
            if child.dep_ == "prep" and child.lower_ not in ABOUT_PREPOSITIONS:
                continue  # "agreed ... following talks": the talks are the occasion, not the object
            for t in _phrase(child):
                lemma = t.lemma_.lower()
                if self.is_meeting_noun(t) or lemma in self.invitation_nouns or lemma in MEETING_OFFERS:
                    return True
                if allow_place and self.actors.place_code(t) and t.head.dep_ == "prep":
                    return True
        passive_subject = next((c for c in token.children if c.dep_ == "nsubjpass"), None)
        return passive_subject is not None and passive_subject.pos_ == "PRON" and bool(self.meetings)

    def _confirms_agreed_meeting(self, verb: Token) -> bool:
        """"confirmed that a date for the talks had been agreed", "that an agreement on talks
        has been reached": what was agreed, in its subject or an "on" phrase, names a meeting."""
        for clause in verb.children:
            if clause.dep_ != "ccomp" or not _passive(clause) or clause.lemma_.lower() not in ("agree", "reach"):
                continue
            agreed = [t for c in clause.children if c.dep_ == "nsubjpass" or c.dep_ == "prep" and c.lower_ == "on"
                      for t in c.subtree]
            if any(self.is_meeting_noun(t) for t in agreed):
                return True
        return False

    def _takes_part(self, clause: Token) -> bool:
        """"to attend", "to meet", "to hold talks": the clause attends or is a meeting verb."""
        return self._is_attendance(clause) or clause.lemma_.lower() in self.meeting_verbs

    def _meeting_clause(self, clause: Token) -> bool:
        """"to attend", "to hold talks", "to broker the talks"; not "to postpone the talks"."""
        return self._takes_part(clause) or \
            bool(self._meeting_objects(clause)) and clause.lemma_.lower() not in self.status_words["cancelled"]

    def _referenced_meeting(self, trigger: Token, sentence: Span) -> Mention | None:
        """The meeting an answer or invitation is about: one named in its own phrase,
        else one in the same sentence, else the last one the article spoke of."""
        scope = {t.i for t in trigger.subtree}
        in_sentence = [m for m in self.meetings if m.sentence.start == sentence.start]
        for meeting in in_sentence:
            if meeting.trigger.i in scope:
                return meeting
        if in_sentence:
            return in_sentence[0]
        earlier = [m for m in self.meetings if m.sentence.start < sentence.start]
        return earlier[-1] if earlier else None

    def _attach_meeting(self, mention: Mention, meeting: Mention | None, trigger: Token) -> None:
        own = Mention("meeting", mention.sentence, trigger)
        self._placed_by("place.answer_phrase", self._place_of, trigger, own)
        for child in trigger.children:
            if child.dep_ in ("xcomp", "prep"):
                for grandchild in [child, *child.children]:
                    if grandchild.dep_ == "prep" and grandchild.lower_ in ("in", "to", "at"):
                        self._placed_by("place.answer_phrase", self._place_from_prep, grandchild, own)
                    if grandchild.dep_ == "dobj" and grandchild.head.lemma_ in ("visit",):
                        self._placed_by("place.visited", self._place_from_object, grandchild, own)
        if not own.location and (meeting is None or not meeting.location):
            # "will not meet with Trump in New York"
            self._placed_by("place.nearest_prep", self._nearest_place, trigger, own)
        mention.meeting = meeting
        mention.location, mention.place_rule_id = own.location, own.place_rule_id
        host = self._host_of_place(trigger, own) if own.location else None
        if host and host != mention.actor:
            if mention.type == "invitation":
                mention.actor = mention.actor or host
            else:
                mention.target = mention.target or host


# -- rule provenance ---------------------------------------------------------------
def _made(rule_id: str, trigger: Token, mentions: list[Mention]) -> list[Mention]:
    """The mentions a rule made from the trigger, each marked with the rule's id and its
    measured precision as confidence."""
    for mention in mentions:
        mention.rule_id, mention.confidence = rule(rule_id), confidence_of(rule_id)
    note(rule_id, trigger, FIRED if mentions else NO_EVENT)
    return mentions


def _inviter_only(inviters: list[Actor], sentence: Span, trigger: Token) -> list[Mention]:
    """"The government has invited more than 1,000 people": an invitation whose invitee the
    text does not name makes no event, but says who invites (article.merge_mentions)."""
    return [Mention("invitation", sentence, trigger, actor=inviter.code, status="extended") for inviter in inviters]


def _dropped(rule_id: str, trigger: Token) -> list[Mention]:
    """No mention: the rule says the trigger makes none here."""
    note(rule_id, trigger, DROPPED)
    return []


# -- syntax helpers ----------------------------------------------------------------
def _verb_of(trigger: Token) -> Token:
    """The trigger, or the verb whose subject it is ("talks should be held")."""
    return trigger.head if trigger.dep_ in ("nsubj", "nsubjpass") else trigger


def _before_a_topic(name: Token) -> bool:
    """A name that stands before a common word naming the subject of its meeting ("Syria
    peace talks", "Iran nuclear talks"), where a party stands beside the meeting word."""
    meeting = name.head
    return any(t.dep_ in ("compound", "amod") and t.head == meeting and t.pos_ in ("NOUN", "ADJ")
               and t.ent_type_ not in ("NORP", "GPE", "ORG")
               for t in meeting.doc[name.i + 1:meeting.i])


def _listing_verb(participle: Token) -> Token | None:
    """"Those invited include ...", "the parties invited are ...": the verb that lists whom
    a participle names."""
    head = participle.head
    if participle.dep_ not in ("acl", "amod") or head.dep_ not in ("nsubj", "nsubjpass"):
        return None
    return head.head if head.head.lemma_.lower() in ("include", "be") else None


def _listed(verb: Token) -> list[Token]:
    """The objects a listing verb lists, "as well as" ones included."""
    return [c for c in verb.children if c.dep_ in ("dobj", "attr") or (c.dep_ == "conj" and c.pos_ in ("NOUN", "PROPN"))]


def _put_off_to_a_date(chain: list[Token]) -> bool:
    """"postponed until March 3", "delayed to next week": put off, not called off (the
    guidelines' cancelled is "called off or postponed indefinitely")."""
    return any(t.lemma_.lower() in ("postpone", "delay", "reschedule") and
               any(c.dep_ == "prep" and c.lower_ in ("until", "till", "to", "for") and
                   any(o.ent_type_ in ("DATE", "TIME") for o in c.subtree) for c in t.children)
               for t in chain)


def _at_meeting(meeting: Token) -> bool:
    """The meeting is where a verb's deed was done or words said: "announced at a meeting",
    "the deal reached during the talks"."""
    return meeting.dep_ == "pobj" and meeting.head.lower_ in ("at", "during") and meeting.head.head.pos_ == "VERB"


def _purpose(trigger: Token) -> bool:
    """A meeting someone did something for: "arrived in Helsinki to hold a summit"."""
    verb = _governing_verb(trigger)
    return verb is not None and verb.dep_ == "advcl" and _infinitive(verb) and verb.head.tag_ == "VBD"


def _done_at(meeting: Token) -> bool:
    """"their proposal presented at talks in Almaty", "the deal reached at the summit": what
    was done at a meeting says it was held, whatever is hoped of it now."""
    verb = meeting.head.head
    return _at_meeting(meeting) and verb.tag_ in ("VBD", "VBN") and verb.lemma_.lower() not in REPORTING_VERBS \
        and not any(c.dep_ == "aux" and c.lower_ in FUTURE_AUX | TENTATIVE_MODALS | {"to", "should", "must"}
                    for c in verb.children)


def _date_phrase(date: Span) -> str:
    """"(talks) in two weeks": from the article's day; but "the first talks in two years" and
    "talks lasting two weeks" say how long, not when."""
    prep = date.root.head
    if prep.lower_ == "in" and prep.dep_ == "prep" and SPAN_OF_TIME.fullmatch(date.text) and \
            not any(t.lower_ in ("first", "last") for t in date.sent if t.i < date.start):
        return f"in {date.text}"
    return date.text


def _objectless(verb: Token) -> bool:
    """"voted to attend after months of debate": attending, in a story about a meeting, that
    one; not "decided to take part in the elections"."""
    return not any(c.dep_ == "dobj" or c.dep_ == "prep" and c.lower_ in ("in", "at", "to", "into")
                   for c in verb.children)


def _complement_clauses(word: Token, deps: tuple[str, ...]) -> list[Token]:
    """The clauses the word governs as its complement (its children of the given deps; a
    ccomp or advcl only as an infinitive), each conjunct its own: "agreed to stop the fighting
    and to hold talks" is two, though the parse may hang "to hold" on a clause inside the
    first, or, after "agreed to a ceasefire", on "agreed" itself."""
    clauses = [c for c in word.children if c.dep_ in deps and (c.dep_ in ("xcomp", "acl") or _infinitive(c))]
    clauses += [c for c in word.children if c.dep_ == "conj" and c.pos_ == "VERB" and _infinitive(c)]
    for clause in list(clauses):
        clauses += _coordinated_infinitives(clause)
    return clauses


def _coordinated_infinitives(clause: Token) -> list[Token]:
    """The verbs coordinated with the clause: its own conjuncts, and a "to" infinitive
    conjoined to a clause it governs ("stop sending troops and to hold talks")."""
    found, stack = [], [clause]
    while stack:
        head = stack.pop()
        for child in head.children:
            if child.dep_ == "conj" and child.pos_ == "VERB" and (head.i == clause.i or _infinitive(child)):
                found.append(child)
                stack.append(child)
            elif child.dep_ == "xcomp":
                stack.append(child)
    return found


def _infinitive(verb: Token) -> bool:
    """"ready to meet" read as a clause still has its "to"; "Speaking at a briefing,
    officials set out" does not."""
    return any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)


def _passive(verb: Token) -> bool:
    return any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children)


def _intransitive(verb: Token) -> bool:
    return not any(c.dep_ in ("dobj", "prep", "xcomp", "ccomp") for c in verb.children)


def _did_not_happen(trigger: Token) -> bool:
    """"A third summit planned for April did not take place"."""
    verb = trigger.head
    return trigger.dep_ == "nsubj" and verb.lemma_.lower() in TAKING_PLACE_VERBS | {"happen", "occur"} and \
        _negated(verb) and any(t.tag_ in ("VBD", "VBN") for t in (verb, *verb.children) if t.pos_ in ("VERB", "AUX"))


def _described(trigger: Token) -> bool:
    """"Our meeting will be productive": the sentence describes the meeting; whether and
    when it happens is said elsewhere."""
    return trigger.dep_ == "nsubj" and trigger.head.lemma_ == "be" and \
        any(c.dep_ == "acomp" for c in trigger.head.children)


def _venue(token: Token) -> bool:
    """The object of "at" or "in", or a phrase inside it, is a venue: "at a plush villa in
    Geneva", "at the headquarters of the UN force in the border town of Naqoura"; so is an
    event a meeting is held during or beside ("during the G20 summit in Osaka", "on the
    sidelines of the OAS assembly in Panama")."""
    for _ in range(3):
        if token.dep_ != "pobj":
            return False
        if token.head.lower_ in ("at", "in", "during") or token.lemma_.lower() in SIDELINES:
            return True
        token = token.head.head
    return False


def _gathering_of(trigger: Token) -> str | None:
    """The lemma of the gathering a meeting is held at, during or beside: "at the summit",
    "during the G20 summit", "on the sidelines of the General Assembly session"."""
    for prep in (c for c in trigger.children if c.dep_ == "prep" and c.lower_ in ("at", "during", "on")):
        for obj in _objects_of(prep):
            if obj.lemma_.lower() in SIDELINES:
                obj = next((o for c in obj.children if c.dep_ == "prep" and c.lower_ == "of"
                            for o in _objects_of(c)), obj)
            if obj.lemma_.lower() in GATHERINGS:
                return obj.lemma_.lower()
    return None


SIDELINES = WORDS["sidelines_nouns"]
GATHERINGS = WORDS["gatherings"]


def _region_name(place: Token) -> str | None:
    """"in eastern Ladakh sector": a region named with a proper noun, whatever the model took
    the name for (it read Ladakh as a person)."""
    if place.lemma_.lower() not in REGION_NOUNS or not any(c.dep_ == "compound" and c.pos_ == "PROPN"
                                                           for c in place.children):
        return None
    return "".join(t.text_with_ws for t in place.subtree if t.i <= place.i and t.dep_ != "det").strip()


REGION_NOUNS = WORDS["region_nouns"]


def _settlement_name(place: Token) -> str | None:
    """"the Kazakh city of Almaty", "the border town of Naqoura": the name that a city or town
    noun gives, whatever the entity recogniser took it for (it often knows no small town)."""
    if place.lemma_.lower() not in SETTLEMENT_NOUNS:
        return None
    name = next((o for c in place.children if c.dep_ == "prep" and c.lower_ == "of" for o in _objects_of(c)
                 if o.pos_ == "PROPN"), None)
    if name is None:
        return None
    return " ".join(t.text for t in name.subtree if t.i == name.i or t.dep_ == "compound" and t.i < name.i)


SETTLEMENT_NOUNS = WORDS["settlement_nouns"]


def _said_when(date: Span) -> bool:
    """A day that tells when words were said, or an answer or invitation given ("the SNC on
    Sunday said", "Moon accepted the invitation Saturday"), not when the meeting is. A
    calendar date there ("rejected participation ... on January 29-30") is most often the
    meeting's, hung on the verb by the parse."""
    verb = next((t for t in date.root.ancestors if t.pos_ == "VERB"), None)
    return verb is not None and verb.lemma_.lower() in REPORTING_VERBS | ANSWERING_VERBS and \
        any(t.lower_ in DAYS_OF_SAYING for t in date)


DAYS_OF_SAYING = WORDS["days_of_saying"]
ANSWERING_VERBS = WORDS["answering_verbs"]


def _reports(token: Token) -> bool:
    """The subject of a reporting verb, or a word inside it ("a Russian diplomatic source said")."""
    for t in (token, *token.ancestors):
        if t.dep_ == "nsubj" and t.head.lemma_.lower() in REPORTING_VERBS | {"cite"}:
            return True
        if t.dep_ in ("ROOT", "ccomp", "advcl", "xcomp", "relcl"):
            break
    return False


def _phrase(token: Token) -> list[Token]:
    """The token's subtree without the clauses inside it (verbs start a new clause)."""
    out, stack = [], [token]
    while stack:
        current = stack.pop()
        out.append(current)
        stack.extend(c for c in current.children if c.pos_ not in ("VERB", "AUX") or c.dep_ == "amod")
    return out


def _negated(token: Token) -> bool:
    """"will not attend", "not to attend", "aren't ready to take part", "never agreed"."""
    for t in (token, *_xcomp_heads(token)):
        if any(c.dep_ == "neg" or c.lower_ in ("never", "no") and c.dep_ in ("advmod", "det") for c in t.children):
            return True
        if t.lemma_ in ("have", "be") and any(c.lower_ == "yet" for c in t.children) and t is not token:
            return True  # "have yet to be invited"
    return False


def _xcomp_heads(token: Token) -> list[Token]:
    """The verbs and adjectives an open complement hangs from ("ready" in "not ready to join")."""
    heads = []
    while token.dep_ in ("xcomp", "acomp") and token.head is not token:
        token = token.head
        heads.append(token)
    return heads


def _subject(token: Token) -> Token | None:
    """The subject of a verb, inherited through xcomp, conj and participial clauses."""
    seen = 0
    while token is not None and seen < 6:
        for child in token.children:
            if child.dep_ in SUBJECTS:
                # "the coalition, which had voted to attend": who the relative clause is about
                return token.head if token.dep_ == "relcl" and child.tag_ in ("WDT", "WP") else child
        if token.dep_ == "acl" and token.head.pos_ in ("NOUN", "PROPN"):
            return token.head  # "the group, slated to meet in Tunisia"
        if token.dep_ in ("xcomp", "conj", "acomp", "advcl", "pcomp") or (token.dep_ == "acl" and token.tag_ == "VBG"):
            if token.dep_ == "advcl" and token.tag_ != "VBG":
                return None
            # "(he) spoke to reporters after meeting Zannier": the clause's subject; but "thanked
            # Oman for hosting the talks": its object
            if token.dep_ == "pcomp" and token.head.dep_ == "prep":
                thanked = next((c for c in token.head.head.children if c.dep_ == "dobj"), None)
                if token.head.lower_ == "for" and thanked is not None:
                    return thanked
                token = token.head.head
            else:
                token = token.head
            seen += 1
            continue
        return None
    return None


def _reported_after(trigger: Token) -> bool:
    """"he told reporters after meeting the minister": met the day it was reported."""
    return trigger.dep_ == "pcomp" and trigger.head.lower_ == "after" and \
        trigger.head.head.lemma_.lower() in REPORTING_VERBS | {"speak", "talk"}


def _governing_verb(token: Token) -> Token | None:
    for ancestor in token.ancestors:
        if ancestor.pos_ in ("VERB", "AUX"):
            return ancestor
    return None


def _objects_of(prep: Token) -> list[Token]:
    objects = [c for c in prep.children if c.dep_ in ("pobj", "pcomp")]
    return objects + [c for o in objects for c in o.conjuncts if c.i > o.i]


RESIDING_VERBS = WORDS["residing_verbs"]
TOPIC_PREPOSITIONS = WORDS["topic_prepositions"]
# Entities a meeting's place may hang from in the parse ("on Monday in Vienna", "Putin in Helsinki")
PLACE_HOLDERS = {"DATE", "TIME", "PERSON"}
OPENNESS_WORDS = WORDS["openness_adjectives"]
TAKING_PLACE_VERBS = WORDS["taking_place_verbs"]
ASSERTING_MARKERS = WORDS["asserting_markers"]


def _topic(token: Token) -> bool:
    """"a meeting on Syria", "talks about Iran's programme": what is discussed, not who meets."""
    return token.dep_ == "pobj" and token.head.lower_ in TOPIC_PREPOSITIONS


TENTATIVE_MODALS = WORDS["tentative_modals"]
URGING_VERBS = WORDS["urging_verbs"]
EXPECTING_WORDS = WORDS["expecting_words"]
HOPING_VERBS = WORDS["hoping_verbs"]


def _predicted(token: Token) -> bool:
    """What others expect one to do: "China is expected to stay away"."""
    for t in token.ancestors:
        if t.lemma_.lower() in EXPECTING_WORDS:
            return True
        if t.dep_ not in ("xcomp", "ccomp", "conj"):
            return False
    return False


def _hypothetical(token: Token) -> bool:
    """"whether Iran should be invited", "if they attend", "should take part", "pressed
    Yerevan to accept", "is expected to stay away", "would sit down to talks only if ...":
    not a fact."""
    if any(any(m.lower_ == "only" for m in c.children) for c in _condition_clauses(token, ("if", "unless"))):
        return True
    if _predicted(token):
        return True
    for t in (token, *token.ancestors):
        if any(c.dep_ == "mark" and c.lower_ in ("whether", "if", "unless") for c in t.children):
            return True
        if any(c.dep_ == "aux" and c.lower_ in ("should", "could", "might", "may", "must") for c in t.children):
            return True
        if t is not token and t.lemma_.lower() in URGING_VERBS:
            return True
        if t.dep_ not in ("xcomp", "ccomp", "conj", "advcl") or _asserted_clause(t):
            break
    return False


def _asserted_clause(token: Token) -> bool:
    """"... could resume as Thailand had agreed": a clause of reason or time states a fact."""
    return token.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ in ASSERTING_MARKERS for c in token.children)


def _ruled_out_until(noun: Token) -> bool:
    """"talks won't resume unless ...", "there would be no negotiations until ...": no meeting
    until a condition is met."""
    verb = noun.head
    if noun.dep_ == "nsubj":
        ruled_out = verb.lemma_.lower() in RESUMING_VERBS and _negated(verb)
    elif noun.dep_ == "attr":
        ruled_out = verb.lemma_.lower() == "be" and any(c.dep_ == "expl" for c in verb.children) \
            and any(c.lower_ == "no" for c in noun.children)
    else:
        return False
    return ruled_out and bool(_condition_clauses(verb, ("unless", "until")))


def _condition_clauses(verb: Token, marks: tuple[str, ...]) -> list[Token]:
    """The verb's adverbial clauses opened by one of these words: "unless Seoul ...", "only if ..."."""
    return [c for c in verb.children if c.dep_ == "advcl"
            and any(m.dep_ == "mark" and m.lower_ in marks for m in c.children)]


def _on_condition(verb: Token) -> bool:
    """An acceptance with a condition: "accepted on condition that", "agreed, provided that"."""
    stated = any(c.dep_ == "prep" and c.lower_ in ("on", "under", "with")
                 and any(o.lemma_.lower() == "condition" for o in c.children) for c in verb.children)
    return stated or bool(_condition_clauses(verb, ("if", "provided", "providing", "unless")))


def _conditional(trigger: Token, sentence: Span) -> bool:
    words = {t.lower_ for t in sentence}
    aux = {c.lower_ for c in trigger.children if c.dep_ == "aux"}
    return bool(words & CONDITION_WORDS) or bool(aux & {"would", "could", "might"})


def _meeting_name(noun: Token) -> str | None:
    """A proper name for the meeting: "Geneva II", "the Friends of Syria meeting"."""
    for ent in sentence_entities(noun.sent):
        if ent.label_ in ("EVENT",) and (ent.start <= noun.i < ent.end or ent.root.head == noun):
            return ent.text.removeprefix("the ").removeprefix("The ")
    # "the Geneva II conference on Syria": the name is what comes before the noun
    before = [t for t in noun.subtree if t.i < noun.i]
    proper = [c for c in noun.children if c.dep_ == "compound" and c.pos_ == "PROPN"]
    if proper and any(t.text in ROMAN_NUMERALS for t in before):
        return " ".join(t.text for t in before if t.pos_ == "PROPN" or t.text in ROMAN_NUMERALS)
    return None


ROMAN_NUMERALS = WORDS["roman_numerals"]


ORDINAL_WORDS = {word: number for number, word in enumerate(
    ["first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth", "eleventh",
     "twelfth"], start=1)}


def _round_number(noun: Token) -> int | None:
    """Which round of talks a meeting is: "the 4th round of talks", "a seventh round of talks"."""
    if noun.dep_ != "pobj" or noun.head.lower_ != "of" or noun.head.head.lemma_.lower() != "round":
        return None
    for modifier in noun.head.head.children:
        numbered = re.fullmatch(r"(\d+)(?:st|nd|rd|th)", modifier.lower_)  # "4th"
        if numbered:
            return int(numbered.group(1))
        if modifier.lower_ in ORDINAL_WORDS:
            return ORDINAL_WORDS[modifier.lower_]
    return None


def _inviter_of(meeting: Mention) -> str | None:
    """Who invites to a meeting the text names no inviter of: whose it is, else its host."""
    return meeting.convener or meeting.host


def _compared(adjective: Token) -> bool:
    """"just as ready to meet on the battlefield as at the conference table": a
    comparison, not a readiness stated."""
    return any(c.dep_ == "advmod" and c.lower_ == "as" for c in adjective.children)


def _hearsay(token: Token) -> bool:
    """"repeating a false story that the two rivals are willing to meet": what a story or rumour
    says, not what the article reports."""
    for clause in [token, *token.ancestors]:
        if clause.dep_ in ("relcl", "acl") and clause.head.lemma_.lower() in HEARSAY_NOUNS \
                and clause.head.pos_ == "NOUN":
            return True
        if clause.dep_ not in ("xcomp", "acomp", "ccomp", "conj", "dobj", "pobj", "prep"):
            return False
    return False


def _name_if_shared(actor: Actor, actors: list[Actor]) -> str | None:
    """The actor's name, where another of the actors has its code; its last word, the name
    later sentences call a person by."""
    shared = sum(a.code == actor.code for a in actors) > 1
    return actor.name.split()[-1] if shared else None


def _codes(actors: list[Actor]) -> list[str]:
    seen: list[str] = []
    for actor in actors:
        if actor.code not in seen:
            seen.append(actor.code)
    return seen
