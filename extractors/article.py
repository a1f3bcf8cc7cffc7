"""One article's mentions into events: merge the mentions of one real-world event
(headline and body alike) into one event, and give each of its sentences a row.
The pipeline that reads them is in extractors/components.py."""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, replace
from datetime import date

from spacy.tokens import Span

from extractors.events import Mention
from extractors.lexicon import load_lexicon
from extractors.rules import DROPPED, note, rule
from parley.clean import is_dateline
from parley.contract import EVENT_TYPES
from parley.fusion import parties_agree
from parley.places import resolve as resolve_place


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
    rule_id: str              # the rule that made the event in this sentence
    status_rule_id: str | None
    date_rule_id: str | None
    place_rule_id: str | None


def merge_mentions(mentions: list[Mention]) -> list[list[Mention]]:
    """Group the mentions of one real-world event within an article.

    Meetings merge when nothing tells them apart (place, name, date) and their parties
    agree (parley.fusion.parties_agree, as across articles); a bare "the talks" joins the
    meeting spoken of last. Answers and invitations merge on type, actor and target (a
    missing target joins the one that has it), and take the place, date, name and host
    of the meeting they answer; those that name no meeting's place are about the meeting
    the article places most often.
    """
    meetings: list[list[Mention]] = []
    for mention in (m for m in mentions if m.type == "meeting"):
        group = _matching_meeting(mention, meetings)
        if group is None:
            group = []
            meetings.append(group)
        group.append(mention)
    _place_by_gathering(meetings, mentions)
    _place_by_dateline(meetings, [m for m in mentions if m.type != "meeting"])
    _place_by_same_parties(meetings)
    _parties_of_the_article_meeting(meetings, {id(m.meeting) for m in mentions if m.meeting is not None})
    cluster_of = {id(m): group for group in meetings for m in group}
    # an invitation whose invitee the text leaves unnamed is no event: it only says who invites
    inviter_notes = [m for m in mentions if m.type == "invitation" and m.target is None]
    noted = {id(m) for m in inviter_notes}
    answers: list[list[Mention]] = []
    for mention in (m for m in mentions if m.type != "meeting" and id(m) not in noted):
        meeting = cluster_of.get(id(mention.meeting)) if mention.meeting is not None else None
        if meeting is not None:
            _inherit(mention, meeting)
        if not (mention.actor or (mention.type == "invitation" and mention.target)):
            continue  # an invitation may lack a named inviter ("Iran was not invited"), not an invitee
        group = next((g for g in answers if g[0].type == mention.type and _same_parties(g[0], mention)
                      and _same_named_party(g, mention) and _same_status(g[0], mention)
                      and _same_meeting(g[0], mention, cluster_of)), None)
        if group is None:
            group = []
            answers.append(group)
        group.append(mention)
        if meeting is not None and mention.type != "refusal" and mention.status != "not_extended":
            _add_parties(meeting, mention)
    _answer_the_invitation(answers)
    answers = [g for g in answers if not _dropped_by("merge.own_invitation", g, _accepts_own_invitation(g, answers))]
    # A meeting needs two parties, or one and a place: other one-sided mentions ("the talks",
    # "Iran's negotiations") are almost always a meeting the article names better elsewhere,
    # or no meeting at all; "Iranian negotiators held talks in Geneva" (or "Iran nuclear talks
    # resumed in Vienna") is a meeting whose other parties the text leaves unsaid; "the Lisbon II
    # conference was held on May 4, 2011" is one whose parties it left to the reader.
    kept_meetings = [g for g in meetings if not _dropped_by("merge.one_sided_meeting", g, not (
                     len(_parties(g) | _inferred(g)) >= 2
                     or ((_parties(g) or _inferred(g)) and _first(g, "location"))
                     or all(_first(g, attribute) for attribute in ("name", "location", "event_date"))))]
    _answer_the_main_meeting(answers, kept_meetings)
    _answer_the_article_inviter(answers, inviter_notes)
    return kept_meetings + answers


def _dropped_by(rule_id: str, group: list[Mention], dropped: bool) -> bool:
    if dropped:
        note(rule_id, group[0].trigger, DROPPED)
    return dropped


def _answer_the_main_meeting(answers: list[list[Mention]], meetings: list[list[Mention]]) -> None:
    """An answer or invitation that names no place ("declined to attend the conference") is
    about the meeting the article places most often: it takes that place; the meeting's host
    is whom an answer answers and who invites, where the text names no one, and the
    meeting's date its date, where the text gives none."""
    places = Counter(m.location for group in meetings for m in group if m.location)
    if not places:
        return
    main_place = places.most_common(1)[0][0]
    main_meeting = max((g for g in meetings if any(m.location == main_place for m in g)), key=len)
    host = _first(main_meeting, "host") or _convening_organisation(main_meeting)
    for group in answers:
        if not _first(group, "location"):
            group[0].location, group[0].place_rule_id = main_place, rule("place.main_meeting")
            note("place.main_meeting", group[0].trigger)
        if _first(group, "location") != main_place:
            continue
        dated = _best_dated(main_meeting)
        if dated is not None and _best_dated(group) is None:
            group[0].event_date, group[0].date_precision = dated.event_date, dated.date_precision
            group[0].date_rule_id = rule("date.main_meeting")
            note("date.main_meeting", group[0].trigger)
        if group[0].type == "invitation" and not _first(group, "actor") and host != group[0].target:
            group[0].actor = host
            note("actor.main_meeting_host", group[0].trigger)
        elif group[0].type != "invitation" and not _first(group, "target") and host != group[0].actor:
            group[0].target = host
            note("actor.main_meeting_host", group[0].trigger)


def _convening_organisation(meeting: list[Mention]) -> str | None:
    """The one international organisation among a meeting's parties: it convenes what states attend."""
    organisations = {p for p in _parties(meeting) if p.startswith("IGO")}
    return organisations.pop() if len(organisations) == 1 else None


def _parties_of_the_article_meeting(meetings: list[list[Mention]], answered: set[int]) -> None:
    """A meeting that its sentences speak of as one the reader knows ("the talks resumed",
    "the two sides met") without naming a party, in an article that names one set of parties
    only, is a meeting of those parties: a report names the parties of the talks it follows
    once. "A meeting" may be anyone's; a named one ("the Paris conference") and the summit
    they met beside are gatherings of their own; one in a place their meetings cannot be in
    is another; an article naming two sets of parties leaves it unsaid. It joins their meeting
    that nothing tells apart from it, or else is another occasion of theirs. A meeting someone
    answers ("will not attend the meeting") is left to the answers' rules (_answer_the_main_meeting)."""
    named = [g for g in meetings if _parties(g)]
    if len({frozenset(_parties(g)) for g in named}) != 1:
        return
    parties = [p for m in named[0] for p in m.participants]
    guessed = [p for m in named[0] for p in m.inferred_parties]
    beside = {m.held_during for g in named for m in g if m.held_during}
    for group in list(meetings):
        if not _unnamed_talks_of(named, group, beside, answered):
            continue
        same = next((g for g in named if _one_occasion(group, g)), None)
        if same is not None:
            same.extend(group)
            meetings.remove(group)
        else:
            group[0].participants.extend(dict.fromkeys(parties))
            group[0].inferred_parties.extend(dict.fromkeys(guessed))
        note("actor.the_article_meeting_parties", group[0].trigger)


def _unnamed_talks_of(named: list[list[Mention]], group: list[Mention], beside: set[str], answered: set[int]) -> bool:
    if _parties(group) or _inferred(group) or _first(group, "name"):
        return False
    if any(m.trigger.lemma_.lower() in beside or id(m) in answered for m in group):
        return False
    return all(_known_to_the_reader(m) for m in group) \
        and not any(_other_place(_first(group, "location"), _first(g, "location")) for g in named)


def _one_occasion(group: list[Mention], named: list[Mention]) -> bool:
    """Nothing tells the two apart, and the party-less one gives no place the other lacks."""
    if _first(group, "location") and not _first(named, "location"):
        return False
    return not any(_other_place(a.location, b.location) or _different_days(a, b) or _statuses_differ(a, b, named)
                   for a in group for b in named)


def _known_to_the_reader(mention: Mention) -> bool:
    """"the talks", or "the two sides met" ("the two sides, who met"): a meeting, or parties,
    the article spoke of before."""
    trigger = mention.trigger
    subjects = [c for c in trigger.children if c.dep_ in ("nsubj", "nsubjpass")]
    if trigger.dep_ == "relcl":
        subjects.append(trigger.head)
    return _definite(mention) or any(_definite_phrase(s) for s in subjects)


def _definite_phrase(token) -> bool:
    return any(c.dep_ == "det" and c.lower_ in ("the", "these", "those") for c in token.children)


def _answer_the_invitation(events: list[list[Mention]]) -> None:
    """A refusal or acceptance with no one it answers answers the invitation the article
    says its actor received ("Kenya invited Somalia ... Somalia declined")."""
    inviter_of = {}
    for group in events:
        if group[0].type == "invitation" and group[0].status == "extended" and group[0].actor:
            inviter_of.setdefault(group[0].target, group[0].actor)
    for group in events:
        if group[0].type in ("refusal", "acceptance") and not _first(group, "target"):
            inviter = inviter_of.get(group[0].actor)
            if inviter and inviter != group[0].actor:
                group[0].target = inviter
                note("actor.answers_the_invitation", group[0].trigger)


def _answer_the_article_inviter(events: list[list[Mention]], inviter_notes: list[Mention]) -> None:
    """A refusal or acceptance that still names no one it answers answers the one party the
    article says invites ("the government has invited hundreds ... the rebels will not take
    part"); an article with inviters of two codes leaves it unsaid."""
    inviters = {m.actor for m in inviter_notes} | {
        g[0].actor for g in events if g[0].type == "invitation" and g[0].status == "extended" and g[0].actor}
    if len(inviters) != 1:
        return
    inviter = inviters.pop()
    for group in events:
        if group[0].type in ("refusal", "acceptance") and not _first(group, "target") and group[0].actor != inviter:
            group[0].target = inviter
            note("actor.the_article_inviter", group[0].trigger)


def _accepts_own_invitation(group: list[Mention], events: list[list[Mention]]) -> bool:
    """"Cambodia, Thailand agree to resume talks" after Cambodia invited Thailand: an inviter
    agreeing to the talks it invited to accepts nothing."""
    if group[0].type != "acceptance" or _first(group, "target"):
        return False
    return any(g[0].type == "invitation" and g[0].status == "extended" and g[0].actor == group[0].actor
               for g in events)


def _place_by_gathering(meetings: list[list[Mention]], mentions: list[Mention]) -> None:
    """"A meeting on the sidelines of the Andean summit", where another sentence says "the summit
    in Quito": the meeting is in Quito, when the article places its summits in one place only.
    (After merging: a meeting beside a summit is not the summit.)"""
    for group in meetings:
        during = next((m for m in group if m.held_during), None)
        if during is None or _first(group, "location"):
            continue
        places = {m.location for m in mentions if m.type == "meeting" and m.location
                  and m.trigger.lemma_.lower() == during.held_during}
        if len(places) == 1:
            during.location, during.place_rule_id = places.pop(), rule("place.by_gathering")
            note("place.by_gathering", during.trigger)


def _place_by_same_parties(meetings: list[list[Mention]]) -> None:
    """"The talks in Havana were called off ... the talks had begun in 2012": a meeting the
    article places nowhere is where the article places the other meetings of two of its
    parties, when it places them all in one place (two meetings apart for their status or
    date are most often rounds of one process). Not a meeting held from another held (two
    occasions the article tells apart, each with its own place), nor where parties met from
    where they will meet, or the reverse; a cancelled meeting was to be held where the others are."""
    placed = [(_parties(group), _status(group), _place(group)) for group in meetings if _first(group, "location")]
    for group in meetings:
        if _first(group, "location"):
            continue
        status = _status(group)
        places = {place for parties, other_status, place in placed if len(parties & _parties(group)) >= 2
                  and _may_share_place(status, other_status)}
        if len(places) == 1:
            group[0].location, group[0].place_rule_id = places.pop(), rule("place.same_parties")
            note("place.same_parties", group[0].trigger)


def _may_share_place(status: str | None, other: str | None) -> bool:
    return "cancelled" in (status, other) or "held" not in (status, other)


def _place_by_dateline(meetings: list[list[Mention]], answers: list[Mention]) -> None:
    """"TROMSO, Norway (AP) — Norway's premier on Friday hosted a meeting": what the lede
    places nowhere, or only in the dateline's country ("ASTANA — rebels stayed away from
    the talks in Kazakhstan"), is in the dateline's city: a meeting placed nowhere only when
    the lede says it was held (one planned, refused or called off is often far from where
    that is said)."""
    unplaced_held = {id(m) for group in meetings if not _first(group, "location")
                     for m in group if m.status == "held" and not _status_weak(m)}
    for mention in [m for group in meetings for m in group] + answers:
        city = _dateline_city(mention.sentence)
        if city is None:
            continue
        if id(mention) in unplaced_held or _is_country(mention.location) \
                and _country_of(mention.location) == _country_of(city):
            mention.location, mention.place_rule_id = city, rule("place.dateline")
            note("place.dateline", mention.trigger)


def _dateline_city(sentence: Span) -> str | None:
    """The city of the dateline just before a sentence ("PALERMO, Sicily (AP)", a line of its
    own once the article is cleaned), when the sentence is the lede that follows it."""
    if sentence.start == 0:
        return None
    before = sentence.doc[sentence.start - 1].sent.text.strip()
    if not is_dateline(before):
        return None
    city = re.split(r"[,(]", before)[0].strip().title()
    return city if resolve_place(city).kind == "city" else None


def _inferred(group: list[Mention]) -> set[str]:
    """Parties guessed from a mention's sentence: they complete a meeting, never merge one."""
    return {p for m in group for p in m.inferred_parties}


def _parties(group: list[Mention]) -> set[str]:
    return {p for m in group for p in m.participants} | {m.host for m in group if m.host}


def _first(group: list[Mention], attribute: str):
    return next((getattr(m, attribute) for m in group if getattr(m, attribute)), None)


def _place(group: list[Mention]) -> str | None:
    """Where an event is: for a meeting said to be in a country and, elsewhere, in one of its
    cities ("talks in Sweden", "the talks in Stockholm"), the city."""
    place = _first(group, "location")
    if group[0].type != "meeting" or not _is_country(place):
        return place
    return next((m.location for m in group if m.location and not _is_country(m.location)
                 and _country_of(m.location) == _country_of(place)), place)


def _place_rule(group: list[Mention], place: str | None) -> str | None:
    """The rule that placed the event: that of the mention whose place it took."""
    if place is None:
        return None
    first = next(m for m in group if m.location)
    return first.place_rule_id if first.location == place else rule("place.city_over_country")


def _country_of(place: str | None) -> str | None:
    """The country a place is in: a country or capital the lexicon knows, else any city
    or region of the gazetteer ("Arusha" is in Tanzania, "Nur-Sultan" in Kazakhstan)."""
    if not place:
        return None
    lexicon = load_lexicon()
    return lexicon.place_iso.get(place) or lexicon.world_capitals.get(place) or resolve_place(place).country_code


def _is_country(place: str | None) -> bool:
    lexicon = load_lexicon()
    return place in lexicon.place_iso and place not in lexicon.capital_iso and place not in lexicon.world_capitals


PRECISION_RANK = {"day": 0, "week": 1, "month": 2, "year": 3}


def _best_dated(group: list[Mention]) -> Mention | None:
    """The mention that dates the event most precisely ("on December 8" over "next week"),
    a date said of the meeting itself before one its sentence gives elsewhere ("met on Monday"
    over "Cuba said on Tuesday"), the first of those alike."""
    dated = [m for m in group if m.event_date]
    return min(dated, key=lambda m: (PRECISION_RANK.get(m.date_precision or "day", 0), not m.date_attached),
               default=None)


def _inherit(mention: Mention, meeting: list[Mention]) -> None:
    if not mention.location and _first(meeting, "location"):
        mention.location, mention.place_rule_id = _first(meeting, "location"), rule("place.of_answered_meeting")
        note("place.of_answered_meeting", mention.trigger)
    mention.name = mention.name or _first(meeting, "name")
    if mention.event_date is None:
        dated = _best_dated(meeting)
        if dated is not None:
            mention.event_date, mention.date_precision = dated.event_date, dated.date_precision
            mention.date_rule_id = rule("date.of_answered_meeting")
            note("date.of_answered_meeting", mention.trigger)
    host = _first(meeting, "host")
    if host and host != mention.actor and host != mention.target:
        if mention.type == "invitation":
            mention.actor = mention.actor or host
        else:
            mention.target = mention.target or host


def _add_parties(meeting: list[Mention], mention: Mention) -> None:
    """Invitees, inviters and those who accept take part in the meeting they answer."""
    for code in (mention.actor, mention.target):
        if code and code not in meeting[0].participants:
            meeting[0].participants.append(code)


def _same_parties(a: Mention, b: Mention) -> bool:
    if a.type == "invitation":
        return a.target == b.target and (a.actor == b.actor or None in (a.actor, b.actor))
    return a.actor == b.actor and (a.target == b.target or None in (a.target, b.target))


def _same_named_party(group: list[Mention], mention: Mention) -> bool:
    """Two parties of one code a sentence names apart ("Komsic and Dzaferovic refused") answer
    apart; a mention that names neither joins the first."""
    names = {m.party_name for m in group if m.party_name}
    return not (names and mention.party_name) or mention.party_name in names


def _same_meeting(a: Mention, b: Mention, cluster_of: dict[int, list[Mention]]) -> bool:
    """Answers to two different meetings are two answers, even by the same party; but a
    headline restates the story ("rejects talks with US" over the lede's "rejected proposals
    for talks"), meetings in one place are most often one meeting the article names in
    two ways, and one inviter's invitations to one invitee are one invitation however the
    sentences name its meeting ("the invitation", "its invitation for Tehran to take part"),
    so those are one unless their places, names or dates differ."""
    first, second = cluster_of.get(id(a.meeting)), cluster_of.get(id(b.meeting))
    if first is None or second is None or first is second or a.sentence.text == b.sentence.text:
        return True  # a sentence the page repeats (a standfirst over the lede) says one thing
    place_a, place_b = a.location or _first(first, "location"), b.location or _first(second, "location")
    same_place = place_a is not None and place_a == place_b
    if not (_in_headline(a) or _in_headline(b) or same_place or a.type == "invitation"):
        return False
    return not any(_other_place(x.location, y.location) or _conflict(x.name, y.name) or _different_days(x, y)
                   for x in first for y in second)


def _same_status(a: Mention, b: Mention) -> bool:
    return a.type != "invitation" or a.status == b.status


def _other_place(a: str | None, b: str | None) -> bool:
    """Two places that cannot be one: not "Helsinki" and "Finland", nor "Manama" and "Bahrain"."""
    if not _conflict(a, b):
        return False
    return _country_of(a) is None or _country_of(a) != _country_of(b)


def _status_weak(mention: Mention) -> bool:
    """A status guessed, or a headline's (headlines put everything in the present tense)."""
    return mention.status_guessed or _in_headline(mention)


def _in_headline(mention: Mention) -> bool:
    """The article's first line, when it is a title (no closing punctuation), not a sentence."""
    return mention.sentence.start == 0 and not mention.sentence.text.rstrip().endswith((".", "!", "?", '"', "”"))


def _conflict(a, b) -> bool:
    return bool(a) and bool(b) and a != b


def _different_days(a: Mention, b: Mention) -> bool:
    """Two dates too far apart for one meeting: a day apart when both name the day."""
    if a.named_time and b.named_time:
        differ = _named_times_differ(a.named_time, b.named_time)
        if differ:
            note("merge.named_times", a.trigger)
        return differ
    if not (a.event_date and b.event_date):
        return False
    tolerance = 1 if a.date_precision == b.date_precision == "day" else 7
    return abs((a.event_date - b.event_date).days) > tolerance


def _named_times_differ(a: tuple[str, int], b: tuple[str, int]) -> bool:
    """Times an article with no date of its own names (extractors.dates.time_named): two
    weekdays more than a day apart ("may meet on Tuesday", "spoke by telephone Thursday"),
    two months, or a weekday and a month alone: news names the day of the week within a week
    of its own date, a month for what is further off ("on Friday", "in October")."""
    kinds = {a[0], b[0]}
    if kinds == {"weekday"}:
        apart = abs(a[1] - b[1])
        return min(apart, 7 - apart) > 1
    if kinds <= {"month", "day"}:
        return a[1] != b[1]
    return kinds == {"weekday", "month"}


def _matching_meeting(mention: Mention, meetings: list[list[Mention]]) -> list[Mention] | None:
    parties = set(mention.participants)
    for group in reversed(meetings):
        rounds = {m.round_number for m in group if m.round_number}
        if mention.round_number and rounds:  # "would hold the 4th round", "held the 4th round": one round
            if mention.round_number in rounds and (not parties or parties & _parties(group)):
                return group
            continue
        if any(_other_place(mention.location, m.location) or _conflict(mention.name, m.name) for m in group):
            continue
        if any(_different_days(mention, m) for m in group):
            continue
        if any(_statuses_differ(mention, m, group) for m in group):
            continue
        if (mention.location and _first(group, "location")) or (mention.name and _first(group, "name")):
            return group
        if not parties and _definite(mention):
            return group  # "the talks will be held in Naqoura": the talks the article spoke of last
        known = _parties(group)
        if parties_agree(parties, known):
            return group
        # "Seoul is ready for a summit" and "Tokyo's summit" in sentences naming the other side
        both_sides = parties | set(mention.inferred_parties)
        if len(both_sides) >= 2 and both_sides == known | _inferred(group):
            return group
    if not (parties or mention.location or mention.name):
        # "the meeting": the one spoken of last, but not one held when this one never was
        return next((group for group in reversed(meetings) if not _held_and_not(mention, group)), None)
    return None


def _held_and_not(mention: Mention, group: list[Mention]) -> bool:
    """The group and the mention say, between them, that a meeting was held and that it was not."""
    said = {m.status for m in (*group, mention) if not _status_weak(m)}
    return {"held", "cancelled"} <= said


def _definite(mention: Mention) -> bool:
    """"the talks", "the U.S.-mediated talks": a meeting the reader already knows of."""
    return _definite_phrase(mention.trigger)


def _statuses_differ(mention: Mention, other: Mention, group: list[Mention]) -> bool:
    """Statuses that tell two meetings apart: neither guessed, and not an offered meeting and
    an arranged one in the same place ("proposed" and "planned" talks in Moscow are one; so
    are those in Montreux and in Geneva, which _other_place does not tell apart)."""
    if not _conflict(mention.status, other.status) or _status_weak(mention) or _status_weak(other):
        return False
    offered_and_arranged = {mention.status, other.status} == {"proposed", "planned"}
    place = _first(group, "location")
    return not (offered_and_arranged and mention.location and place and not _other_place(mention.location, place))


def _status(group: list[Mention]) -> str | None:
    """A meeting's status is what most of its mentions say (the first, on a tie); but a meeting
    planned and then called off is cancelled, however often it was said to be planned."""
    if group[0].type != "meeting":
        return group[0].status
    said = [m for m in group if not _status_weak(m)] or group
    statuses = {m.status for m in said}
    if "cancelled" in statuses and "held" not in statuses:
        return "cancelled"
    return Counter(m.status for m in said).most_common(1)[0][0]


def _status_rule(group: list[Mention], status: str | None) -> str | None:
    """The rule that set the event's status: that of its first mention that says it."""
    if status is None:
        return None
    if group[0].type != "meeting":
        return group[0].status_rule_id
    said = [m for m in group if not _status_weak(m)] or group
    return next(m.status_rule_id for m in said if m.status == status)


def event_rows(events: list[list[Mention]]) -> list[EventRow]:
    """One row per sentence of each event; the event's fields are computed once per event."""
    rows = []
    counters = {t: 0 for t in EVENT_TYPES}
    for group in events:
        first = group[0]
        counters[first.type] += 1
        participants = []
        for m in group:
            participants += [p for p in m.participants if p not in participants]
        # the measured precision of the most reliable rule that made it (data/confidence.yaml)
        confidence = max(m.confidence for m in group)
        # A host is often only the capital the meeting is in: it does not make a second party
        # that would leave out one the sentence names ("Trump lands in Helsinki for Putin summit").
        guessed = [p for m in group for p in m.inferred_parties if p not in participants]
        if guessed and len(set(participants)) < 2:
            participants += list(dict.fromkeys(guessed))
        host = _first(group, "host")
        if host and first.type == "meeting" and host not in participants:
            participants.append(host)
        dated = _best_dated(group)
        place, status = _place(group), _status(group)
        event = EventRow(
            event_key=f"{first.type}-{counters[first.type]}", event_type=first.type,
            actor_code=_first(group, "actor"), target_code=_first(group, "target"),
            participant_codes=participants, host_code=host, location=place,
            event_date=dated.event_date if dated else None, date_precision=dated.date_precision if dated else None,
            status=status, meeting_name=_first(group, "name"),
            conditional=any(m.conditional for m in group) if first.type == "refusal" else None,
            evidence="", char_start=0, char_end=0, confidence=round(confidence, 3),
            rule_id=first.rule_id, status_rule_id=_status_rule(group, status),
            date_rule_id=dated.date_rule_id if dated else None, place_rule_id=_place_rule(group, place))
        seen_sentences = set()
        for m in group:
            if m.sentence.start in seen_sentences:
                continue
            seen_sentences.add(m.sentence.start)
            sentence_text = m.sentence.text
            text = sentence_text.strip()
            start = m.sentence.start_char + (len(sentence_text) - len(sentence_text.lstrip()))
            rows.append(replace(event, evidence=text, char_start=start, char_end=start + len(text), rule_id=m.rule_id))
    return rows


MOVED_TO_COMPONENTS = {"load_nlp", "extract_article", "extract_doc", "extract_text", "Extraction", "DEFAULT_MODEL"}


def __getattr__(name: str):
    """The pipeline's entry points moved to extractors.components; code written against this
    module (other branches, notebooks) still finds them here."""
    if name in MOVED_TO_COMPONENTS:
        from extractors import components
        return getattr(components, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
