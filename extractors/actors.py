"""Code the actors of an article, CAMEO-style, the way a reader infers them.

A phrase's code comes from, in order: a named organisation or known figure; a person's
title or appositive ("Russian Foreign Minister Sergei Lavrov", "Seda, a member of the
Syrian council"), remembered for later mentions ("Lavrov said"); a country, demonym or
capital with a role word ("Russia's Foreign Ministry", "the Syrian opposition");
a bare country or capital used for its government ("Moscow says"); and pronouns or short
forms ("he", "the coalition") that point back to an actor named earlier.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span, Token

from extractors.kb import load_kb
from extractors.lexicon import Lexicon, load_lexicon

PHRASE_DEPS = {"compound", "amod", "poss", "nmod", "appos", "det", "flat", "prep", "pobj", "case", "npadvmod"}
PHRASE_PREPS = {"of", "for", "from", "at"}
BACKING_VERBS = {"back", "support", "sponsor", "fund", "finance", "arm"}
NAMING_VERBS = {"know", "call", "name", "dub", "style"}
# Names the knowledge base may code: places are the lexicon's; armed groups wait for the
# meeting reader to tell a party from a group that only comments on a meeting (issue 23).
KB_KINDS = frozenset({"person", "organisation", "group"})
NOT_ACTORS = {"people", "population", "civilian", "citizen", "resident", "refugee", "crisis", "war",
              "conflict", "violence", "city", "country", "territory", "region", "airport", "town"}


@dataclass(frozen=True)
class Actor:
    code: str
    kind: str   # organisation, person, place, group
    name: str


@dataclass(frozen=True)
class NameMatch:
    kind: str   # org, person, place, demonym
    value: str  # a code for org/person, an ISO3 for place/demonym
    span: Span


def entities(doc: Doc) -> tuple[Span, ...]:
    """The doc's entities, made once: `doc.ents` builds a Span per entity on every access,
    and the rules ask for them per trigger and per phrase."""
    if "parley_ents" not in doc.user_data:
        doc.user_data["parley_ents"] = tuple(doc.ents)
    return doc.user_data["parley_ents"]


def entity_at(token: Token) -> Span | None:
    """The entity a token is part of (entities do not overlap)."""
    if not token.ent_type_:
        return None
    return next(e for e in entities(token.doc) if e.start <= token.i < e.end)


def sentence_entities(sentence: Span) -> list[Span]:
    return [e for e in entities(sentence.doc) if sentence.start <= e.start and e.end <= sentence.end]


def _is_abbreviation(alias: str) -> bool:
    return len(alias) <= 3 or alias.upper() == alias


class NameFinder:
    """Finds the lexicon's names in a doc; abbreviations match case-sensitively ("US" not "us")."""

    def __init__(self, nlp, lexicon: Lexicon):
        self.lexicon = lexicon
        self.exact = PhraseMatcher(nlp.vocab, attr="ORTH")
        self.lower = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.values: dict[int, tuple[str, str]] = {}   # match id (a string hash) -> (kind, value)
        self._add(nlp, "org", lexicon.org_code)
        self._add(nlp, "person", lexicon.person_code)
        self._add(nlp, "place", lexicon.place_iso)
        self._add(nlp, "demonym", lexicon.demonym_iso)

    def _add(self, nlp, kind: str, names: dict[str, str]) -> None:
        for alias, value in names.items():
            key = f"{kind}:{alias}"
            self.values[nlp.vocab.strings.add(key)] = (kind, value)
            matcher = self.exact if _is_abbreviation(alias) else self.lower
            matcher.add(key, [nlp.make_doc(alias)])

    def find(self, doc: Doc) -> dict[int, NameMatch]:
        """Token index -> the longest name covering it."""
        found = []
        for matcher in (self.exact, self.lower):
            for key_id, start, end in matcher(doc):
                kind, value = self.values[key_id]
                found.append(NameMatch(kind, value, doc[start:end]))
        kind_rank = {"org": 0, "person": 1, "place": 2, "demonym": 3}
        found.sort(key=lambda m: (-len(m.span), kind_rank[m.kind]))
        by_token: dict[int, NameMatch] = {}
        for match in found:
            if any(t.i in by_token for t in match.span):
                continue
            for t in match.span:
                by_token[t.i] = match
        return by_token


def phrase_tokens(head: Token) -> list[Token]:
    """The head and the modifiers that name it, without clauses or coordinated phrases. Made
    once per head: every noun is resolved when the article is read, and again for each trigger
    that names it."""
    made = head.doc.user_data.setdefault("parley_phrases", {})
    if head.i not in made:
        made[head.i] = _phrase_tokens(head)
    return made[head.i]


def _phrase_tokens(head: Token) -> list[Token]:
    doc = head.doc
    children, deps, phrase_deps, acl = _children_and_deps(doc)
    out, seen, stack = [], set(), [head]
    while stack:
        token = stack.pop()
        if token.i in seen:
            continue
        seen.add(token.i)
        out.append(token)
        # children as indexes first: a Token is made only for the phrase's relations
        for child in [doc[i] for i in children[token.i] if deps[i] in phrase_deps]:
            if child.dep_ == "prep" and child.lower_ not in PHRASE_PREPS:
                continue
            if child.dep_ == "amod" and child.lemma_.lower() in BACKING_VERBS:
                continue  # "the Western-backed opposition": the backer is not the actor
            if _dateline(child):
                continue  # "Beirut - More than 80 opposition leaders": where the report was filed
            stack.append(child)
        for child in [doc[i] for i in children[token.i] if deps[i] == acl]:  # "a bloc known as the Friends of the Andes"
            if child.lemma_.lower() in NAMING_VERBS:
                stack.extend(child.subtree)
    return sorted(out, key=lambda t: t.i)


def _children_and_deps(doc: Doc) -> tuple[list[list[int]], list[int], set[int], int]:
    """Each token's children (indexes, in order) and relation (a string id), read once per
    Doc from its arrays rather than through a Token object per word; with the ids of the
    phrase relations and of "acl"."""
    if "parley_children" not in doc.user_data:
        array = doc.to_array(["HEAD", "DEP"])
        heads = array[:, 0].astype("int64").tolist()  # offsets to the head, stored unsigned
        children: list[list[int]] = [[] for _ in range(len(doc))]
        for i, offset in enumerate(heads):
            if offset:
                children[i + offset].append(i)
        strings = doc.vocab.strings
        doc.user_data["parley_children"] = (children, array[:, 1].tolist(),
                                            {strings[dep] for dep in PHRASE_DEPS}, strings["acl"])
    return doc.user_data["parley_children"]


DASHES = {"-", "--", "—", "–"}


def _dateline(token: Token) -> bool:
    """The words that open a sentence before a dash: the place a report was filed from."""
    doc, end = token.doc, token.right_edge.i + 1
    return end < len(doc) and doc[end].text in DASHES and token.left_edge.i == token.sent.start


class ArticleActors:
    """Resolves the actor of any noun in one parsed article, with memory of earlier mentions."""

    def __init__(self, doc: Doc, names: dict[int, NameMatch], lexicon: Lexicon | None = None, on=None):
        self.doc = doc
        self.names = names
        self.lex = lexicon or load_lexicon()
        self.kb, self.on = load_kb(), on  # the actor knowledge base, on the article's date
        self.people: dict[str, Actor] = {}        # surname (lower) -> person seen in this article
        self._word_roles: dict[int, str | None] = {}  # token index -> its role word's role
        self.history: list[tuple[int, Actor]] = []
        # Each name once, not each of its words: "United States" is no more named than "Syria".
        named = sorted({(m.span.start, m.value) for m in names.values() if m.kind in ("place", "demonym")})
        countries = Counter(value for _, value in named)  # on a tie, the country named first
        self.dominant_country = countries.most_common(1)[0][0] if countries else None
        self._scan()

    def _scan(self) -> None:
        """Read the article once in order so that later short forms can point back."""
        heads = {chunk.root for chunk in self.doc.noun_chunks}
        heads |= {ent.root for ent in entities(self.doc) if ent.label_ in ("PERSON", "ORG", "GPE", "NORP")}
        for head in sorted(heads, key=lambda t: t.i):
            actor = self._resolve_named(head)
            if actor:
                self.history.append((head.i, actor))

    # -- public -----------------------------------------------------------------
    def resolve(self, head: Token) -> Actor | None:
        if head.lemma_.lower() in ("country", "nation", "government"):
            owner = next((c for c in head.children if c.dep_ == "poss" and c.pos_ == "PRON"), None)
            if owner is not None:  # "his country", "its government": the government of the one meant
                actor = self._speaker_of(owner) or self._resolve_anaphor(owner)
                if actor and not actor.code.startswith(("IGO", "GRP")):
                    return Actor(actor.code[:3] + "GOV", "group", head.text)
        if head.lemma_.lower() in NOT_ACTORS:
            return None
        return self._resolve_named(head) or self._resolve_anaphor(head) or self._resolve_half(head) or \
            self._resolve_role(head)

    def _qualified_by_no_country(self, head: Token) -> bool:
        """"Western and Arab governments", "European diplomats": a role whose people or region is
        no country's is nobody the article can code, not its main country's."""
        modifiers = [c for c in head.children if c.dep_ in ("amod", "compound")]
        modifiers += [x for m in modifiers for x in m.children if x.dep_ == "conj"]
        return any(m.ent_type_ == "NORP" and m.i not in self.names and m.lemma_.lower() not in self.lex.role_of_word
                   for m in modifiers)

    def _resolve_half(self, head: Token) -> Actor | None:
        """"the North", "the South": the half of a divided country the article named before."""
        if head.lower_ not in ("north", "south") or not any(c.lower_ == "the" for c in head.children):
            return None
        named = [m for i, m in sorted(self.names.items()) if i < head.i and m.kind in ("place", "demonym")
                 and m.span.text.lower().startswith(head.lower_ + " ")]
        return Actor(named[-1].value + "GOV", "place", head.text) if named else None

    def resolve_all(self, head: Token) -> list[Actor]:
        """The codes of the head and the phrases coordinated with it, one actor each."""
        actors: list[Actor] = []
        for actor in self.resolve_each(head):
            if actor.code not in {a.code for a in actors}:
                actors.append(actor)
        return actors

    def resolve_each(self, head: Token) -> list[Actor]:
        """Every party the head and the phrases coordinated with it name, two of one code among
        them: "the HNC and the National Coalition" are two parties, both SYROPP."""
        counted = self._counted_parties(head)
        if counted:
            return counted
        speaker = _speaker_token(head) if head.pos_ == "PRON" and head.lower_ in ("they", "we") else None
        if speaker is not None:  # "Egypt, Morocco and Jordan confirmed they will attend"
            speakers = self.resolve_each(speaker)  # also "the Turkish and Armenian ministries said they ..."
            if len(speakers) > 1:
                return speakers
        actors: list[Actor] = []
        # "Iran and world powers" is often parsed with "Iran" as a modifier of "powers".
        listed = [c for c in head.children if c.dep_ == "nmod" and any(x.dep_ == "conj" for x in c.children)]
        if head.pos_ == "NOUN" and self.resolve(head) is None:  # "the guarantors - Russia, Iran and Turkey -"
            listed += [c for c in head.children if c.dep_ == "appos"]
        for token in [head, *_conjuncts(head), *listed, *[x for c in listed for x in _conjuncts(c)]]:
            actor = self.resolve(token)
            if actor and (actor.code, actor.name) not in {(a.code, a.name) for a in actors}:
                actors.append(actor)
        for actor in self._shared_role(head, actors[0] if actors else None) + self._headline_list(head, actors):
            if actor.code not in {a.code for a in actors}:
                actors.append(actor)
        return self._named_members(head, actors)

    def _named_members(self, head: Token, actors: list[Actor]) -> list[Actor]:
        """"two members of the presidency, Zeljko Komsic and Sefik Dzaferovic": the people a
        group is listed as, each a party with the group's code. Where the head is itself a
        name ("Fatah, the PFLP and Hamas", parsed with the rest in apposition) it is the
        list's first member."""
        listed = next((c for c in head.children if c.dep_ == "appos" and _conjuncts(c)), None)
        if len(actors) != 1 or listed is None:
            return actors
        members = [self.resolve(token) or Actor(actors[0].code, "person", token.text)
                   for token in [listed, *_conjuncts(listed)]]
        return actors + members if head.pos_ == "PROPN" else members

    def _counted_parties(self, head: Token) -> list[Actor]:
        """"the three countries" (also "the ministers of the three countries"): the countries
        named last; "both sides", "the two parties": the article's protagonists so far, those
        it named most. International organisations, mediators, are neither."""
        counted = next((o for c in head.children if c.dep_ == "prep" and c.lower_ == "of"
                        for o in c.children if o.dep_ == "pobj"), head)
        noun = counted.lemma_.lower()
        count = next((COUNTS[c.lower_] for c in counted.children if c.lower_ in COUNTS), None)
        if noun not in ("side", "party", "country", "nation") or count is None:
            return []
        named = [actor for index, actor in self.history
                 if index < counted.i and not actor.code.startswith(("IGO", "GRP"))]
        by_code = {actor.code: actor for actor in named}
        if noun in ("country", "nation"):
            listed = self._last_list_of(count, counted.i)
            if listed:
                return listed
            ranked = list(dict.fromkeys(actor.code for actor in reversed(named)))
        else:
            mentions = Counter(actor.code for actor in named)
            ranked = sorted(mentions, key=lambda code: -mentions[code])  # ties: the first named
        return [by_code[code] for code in ranked[:count]] if len(ranked) >= count else []

    def _last_list_of(self, count: int, before: int) -> list[Actor]:
        """The last coordinated list of as many actors ("Kenya, Uganda and Tanzania")."""
        for index, _ in reversed(self.history):
            if index >= before:
                continue
            first = _first_conjunct(self.doc[index])
            members = [first, *_conjuncts(first)]
            actors = [self._resolve_named(t) for t in members]
            if len(members) == count and all(actors):
                return actors
        return []

    def _headline_list(self, head: Token, actors: list[Actor]) -> list[Actor]:
        """"Kenya, Somalia presidents hold talks": a headline's comma list, which the parse
        leaves hanging from the verb, shares the subject's role."""
        if head.dep_ not in ("nsubj", "nsubjpass") or not actors or len(actors[0].code) != 6:
            return []
        listed = [s for s in head.head.children if s.dep_ == "dep" and s.i < head.i
                  and s.i + 1 < len(head.doc) and head.doc[s.i + 1].text == ","]
        matches = [self.names.get(s.i) for s in listed]
        return [Actor(m.value + actors[0].code[3:], "group", m.span.text) for m in matches
                if m and m.kind in ("place", "demonym")]

    def _shared_role(self, head: Token, first: Actor | None) -> list[Actor]:
        """"envoys from Turkey and Armenia": one actor per country, with the head's role."""
        if first is None or first.code.startswith(("IGO", "GRP")) or len(first.code) != 6:
            return []
        out = []
        listed = [o for p in head.children if p.dep_ == "prep" and p.lower_ in ("from", "of") for o in p.children]
        # "Iranian and French diplomats", "Macedonian and Greek Prime Ministers Zaev and Tsipras"
        listed += [c for t in phrase_tokens(head) for c in t.children if c.dep_ in ("amod", "compound")]
        for obj in listed:
            for other in _conjuncts(obj):
                match = self.names.get(other.i)
                if match and match.kind in ("place", "demonym"):
                    out.append(Actor(match.value + first.code[3:], "group", other.text))
        return out

    def place_code(self, token: Token) -> str | None:
        """The government of a place named by this token ("in Moscow" -> RUSGOV)."""
        match = self.names.get(token.i)
        if match and match.kind == "place":
            return match.value + "GOV"
        return None

    def country_meant(self, token: Token, not_of: str | None = None) -> str | None:
        """"a working visit to the country": the country the article named last before it
        (not the visitor's own, not_of)."""
        if token.lemma_.lower() != "country" or not any(c.lower_ == "the" for c in token.children):
            return None
        for index, match in sorted(self.names.items(), reverse=True):
            if index < token.i and match.kind == "place" and match.span.text in self.lex.place_iso \
                    and match.span.text not in self.lex.capital_iso and match.value != not_of:
                return match.span.text
        return None

    # -- resolution ---------------------------------------------------------------
    def _resolve_named(self, head: Token) -> Actor | None:
        tokens = phrase_tokens(head)
        head_match = self.names.get(head.i)
        if head_match and head_match.kind in ("org", "person"):
            actor = Actor(head_match.value, "organisation" if head_match.kind == "org" else "person",
                          head_match.span.text)
            if head_match.kind == "person":
                self._remember(head_match.span, actor)
            return actor
        if head.pos_ == "PROPN" and head.lower_ in self.people and not head_match:
            return self._titled(head, self.people[head.lower_])
        if head_match and head_match.kind == "place":  # before NER's word: it tags "Togo", "Mali" as people
            role = self._role(tokens, skip=head_match.span)
            return Actor(head_match.value + (role or "GOV"), "place", head_match.span.text)
        if head_match and head_match.kind == "demonym" and head.tag_ in ("NNPS", "NNS"):
            # "the Palestinians are not participating": a people, with no role the text gives
            return Actor(head_match.value, "group", head_match.span.text)
        known = self._known_to_kb(head, tokens)
        if known:
            return known
        if head.ent_type_ == "PERSON":
            return self._resolve_person(head, tokens)
        return self._resolve_description(head, tokens)

    def _known_to_kb(self, head: Token, tokens: list[Token]) -> Actor | None:
        """A name the lexicon does not know ("the Arakan Army", "Foreign Minister Tea Banh"),
        or an organisation's whole name whose words it does ("the Revolutionary Armed Forces
        of Colombia"), coded by the knowledge base on the article's date; later bare
        mentions of a person follow."""
        # an acronym is a name even where the parser tags it a common noun ("the SDLP")
        if not (head.ent_type_ or head.pos_ == "PROPN" or (head.is_upper and len(head) > 1)):
            return None
        span = entity_at(head) or head.doc[head.i:head.i + 1]
        code = self.kb.resolve(span.text, on=self.on, kinds=KB_KINDS) if span.label_ == "ORG" else None
        if code is None and not any(t.i in self.names for t in tokens):
            code = self.kb.resolve(" ".join(t.text for t in tokens), on=self.on, kinds=KB_KINDS)
        if code is None:
            return None
        actor = Actor(code, "person" if head.ent_type_ == "PERSON" else "organisation", span.text)
        if actor.kind == "person":
            self._remember(span, actor)
        return actor

    def _resolve_person(self, head: Token, tokens: list[Token]) -> Actor | None:
        surname = head.lower_
        known = self.people.get(surname)
        # A person given a country and no role ("Palestinian businessman X") is the bare country.
        code = self._code_from(tokens, bare_country=True)
        former = self._former_leader(head)
        if former and code and former != code[:3]:
            code = former  # not the country whose talks the phrase says they mediate
        if code is None and known:
            return self._titled(head, known)
        if code is None:
            # "two members of the Presidency of Bosnia, Zeljko Komsic and ...": the description's.
            # A title alone gives no country: "President Moon" is not the country named last;
            # "President Aoun" is Lebanon's when every Aoun the KB knows is Lebanese.
            described = self._titled_surname(head, tokens) or self._described_by(head)
            if described is None:
                return None
            code = described.code
        span = entity_at(head) or head.doc[head.i:head.i + 1]
        actor = Actor(code, "person", span.text)
        self._remember(span, actor)
        return actor

    def _former_leader(self, head: Token) -> str | None:
        """The country of a person the knowledge base knows by full name and who holds no
        office on the article's date: a former leader is the bare code of their country."""
        span = entity_at(head)
        if span is None or len(span) < 2:
            return None
        code = self.kb.resolve(span.text, on=self.on, kinds=frozenset({"person"}))
        return code if code and len(code) == 3 else None

    def _remember(self, name: Span, person: Actor) -> None:
        """Later bare mentions name a person by the surname: the last word, or the first of a
        country whose names put the family name first ("Xi" of "Xi Jinping")."""
        self.people[name[-1].lower_] = person
        if len(name) > 1 and person.code[:3] in self.kb.family_name_first:
            self.people.setdefault(name[0].lower_, person)

    def _titled_surname(self, head: Token, tokens: list[Token]) -> Actor | None:
        """"President Aoun": a title and a surname alone (with a first name, "Jim Allister" is
        not the data's other Allister) take the one country of that surname's people in the KB."""
        if len(entity_at(head) or [head]) != 1:
            return None
        title = next((t for t in tokens if t.dep_ == "compound" and t.lemma_.lower() in self.lex.person_titles), None)
        role = self._role([title]) if title is not None else None
        country = self.kb.country_of_surname(head.text) if role else None
        return Actor(country + role, "person", head.text) if country else None

    def _described_by(self, name: Token) -> Actor | None:
        """The actor a name stands in apposition to: "two members of the Presidency, Zeljko
        Komsic and Sefik Dzaferovic"."""
        name = _first_conjunct(name)
        if name.dep_ != "appos" or name.head.pos_ != "NOUN":
            return None
        return self._resolve_description(name.head, phrase_tokens(name.head))

    def _titled(self, head: Token, known: Actor) -> Actor:
        """A person known only by country takes the role of a title shared with others
        ("Somalia's Farmaajo" ... "Presidents Kenyatta and Farmaajo")."""
        first = _first_conjunct(head)
        if first is head:
            return known
        titles = [c for c in first.children if c.dep_ == "compound"] + ([first.head] if first.dep_ == "appos" else [])
        role = self._role(titles)
        if len(known.code) != 3 or role is None:
            return known
        return Actor(known.code + role, known.kind, known.name)

    def _resolve_description(self, head: Token, tokens: list[Token]) -> Actor | None:
        org = next((self.names[t.i] for t in tokens if t.i in self.names and self.names[t.i].kind == "org"), None)
        role = self._role(tokens)
        if org and (role is None or org.value.startswith(("IGO", "GRP:")) or org.value[3:] == role):
            return Actor(org.value, "organisation", org.span.text)
        code = self._code_from(tokens)
        if code:
            return Actor(code, "group", _phrase_text(tokens))
        if role and head.lemma_.lower() in self.lex.role_of_word and not _is_anaphoric(head):
            return self._resolve_role(head, role)  # "opposition leaders": the phrase's role, not the head's
        modifier = next((c for c in head.children if c.dep_ in ("compound", "amod")
                         and c.lemma_.lower() in self.lex.role_of_modifier), None)
        if modifier is not None and _people_noun(head):  # "opposition figures", "rebel groups"
            return self._resolve_role(modifier, self.lex.role_of_modifier[modifier.lemma_.lower()])
        return None

    def _domestic_country(self) -> str | None:
        """The country whose own government, opposition or rebels the article describes most
        ("the Syrian government", "Syrian rebels"): whom a bare "the opposition" belongs to."""
        counts = Counter(actor.code[:3] for _, actor in self.history
                         if actor.kind == "group" and len(actor.code) == 6 and not actor.code.startswith("IGO"))
        return counts.most_common(1)[0][0] if counts else None

    def _resolve_role(self, head: Token, role: str | None = None) -> Actor | None:
        """"the rebels", "the government": the role's country from the article's context."""
        role = role or self.lex.role_of_word.get(head.lemma_.lower())
        if role is None or head.pos_ == "PRON" or self._qualified_by_no_country(head):
            return None
        for index, actor in reversed(self.history):  # "the ministry": the ministry named before
            if index < head.i and self.doc[index].lemma_.lower() == head.lemma_.lower() and actor.code[3:] == role:
                return actor
        country = self._recent_country(head.i, role) or self._domestic_country() or self.dominant_country
        return Actor(country + role, "group", head.text) if country else None

    def _code_from(self, tokens: list[Token], bare_country: bool = False) -> str | None:
        """The code a phrase's names and role words give: a country and a role ("Iranian Foreign
        Ministry spokesman"), an organisation; a country alone only if asked (bare_country)."""
        country, org_role, city = None, None, False
        for token in tokens:
            match = self.names.get(token.i)
            if match and match.kind in ("place", "demonym"):
                country, city = match.value, match.span.text in self.lex.capital_iso
                break
            if match and match.kind == "org" and match.value.startswith("IGO"):
                return match.value
            if match and match.kind == "org" and len(match.value) == 6:  # "Iranian Foreign Ministry spokesman"
                country, org_role = match.value[:3], match.value[3:]
                break
            if match and match.kind == "person" and token.dep_ == "poss" and len(match.value) == 6:
                country, org_role = match.value[:3], match.value[3:]  # "President Assad's government"
                break
            half = self._resolve_half(token) if token.dep_ == "poss" else None
            if half:  # "the North's chief negotiator"
                country = half.code[:3]
                break
        role = self._role(tokens) or org_role
        if country and role:
            return country if self._former_office(tokens) else country + role
        # "co-founder of the Cairo Conference group": a city in a name is no one's nationality
        return country if bare_country and not city else None

    def _former_office(self, tokens: list[Token]) -> bool:
        """"the former president of Lebanon": a title no longer held, so the bare country."""
        return any(t.lower_ in FORMER and t.head.lemma_.lower() in self.lex.person_titles for t in tokens)

    def _role(self, tokens: list[Token], skip: Span | None = None) -> str | None:
        roles = [self._word_role(t) for t in tokens if skip is None or not (skip.start <= t.i < skip.end)]
        roles = [r for r in roles if r]
        # "opposition council", "rebel commander": a non-government role outranks the generic one.
        return next((r for r in roles if r != "GOV"), roles[0] if roles else None)

    def _word_role(self, token: Token) -> str | None:
        """The role a word gives a phrase, looked up once per word of the article: phrases
        share words, and each is read several times."""
        if token.i not in self._word_roles:
            self._word_roles[token.i] = self._looked_up_role(token)
        return self._word_roles[token.i]

    def _looked_up_role(self, token: Token) -> str | None:
        # A word of an international organisation's name is not a role: "a UN Security Council
        # member" is no council
        if token.i in self.names and self.names[token.i].value.startswith(("IGO", "GRP")):
            return None
        # spaCy leaves a capitalised plural as it is ("Prime Ministers"): try it without its "s" too
        return self.lex.role_of_word.get(token.lemma_.lower()) or self.lex.role_of_word.get(token.lower_) \
            or self.lex.role_of_word.get(token.lower_.removesuffix("s"))

    def _recent_country(self, before: int, role: str) -> str | None:
        for index, actor in reversed(self.history):
            if index < before and actor.code[3:] == role and not actor.code.startswith(("IGO", "GRP")):
                return actor.code[:3]
        return None

    def _reporting_subject(self, pronoun: Token) -> Actor | None:
        """"the coalition said it would attend": "it" is who said so."""
        if pronoun.pos_ != "PRON" or pronoun.lower_ not in ("it", "he", "she", "they", "we") or \
                pronoun.dep_ not in ("nsubj", "nsubjpass"):
            return None
        return self._speaker_of(pronoun)

    def _speaker_of(self, token: Token) -> Actor | None:
        """Who reports the clause a word stands in: "Mousavi said his government ..." -> Mousavi."""
        speaker = _speaker_token(token)
        return self._resolve_named(speaker) if speaker is not None else None

    def _quoted_speaker(self, head: Token) -> Actor | None:
        """"I invited them to the round table," Lukashenko said: "I" and "we" are the speaker."""
        if head.pos_ != "PRON" or head.lower_ not in FIRST_PERSON:
            return None
        for verb in head.sent:
            if verb.lemma_.lower() in REPORTING_VERBS and verb.pos_ == "VERB":
                subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
                if subject is not None and (subject.pos_ != "PRON" or subject.lower_ in ("he", "she")):
                    return self._speaker_named_by(subject)
        return self._introducer_of_quote(head)

    def _introducer_of_quote(self, head: Token) -> Actor | None:
        """'Erekat rejected the invitation, writing on Twitter: "... We are not going to attend"':
        who the sentence ending in a colon before the quote says spoke."""
        opening = next((t for t in reversed(head.doc[:head.i]) if t.is_quote), None)
        if opening is None or opening.i == 0 or not opening.is_left_punct:
            return None
        colon = next((t for t in reversed(head.doc[:opening.i]) if not t.is_space), None)
        if colon is None or colon.text != ":":
            return None
        reporting = next((t for t in colon.sent if t.lemma_.lower() in REPORTING_VERBS and t.pos_ == "VERB"), None)
        subject = _nearest_subject(reporting) if reporting is not None else None
        return self._speaker_named_by(subject) if subject is not None else None

    def _speaker_named_by(self, subject: Token) -> Actor | None:
        """Who a reporting verb's subject is: a name, or '"We will ...," he said': the person named
        before the quote."""
        if subject.lower_ in ("he", "she"):
            return self._person_before_quote(subject)
        return self._resolve_named(subject) if subject.pos_ != "PRON" else None

    def _person_before_quote(self, pronoun: Token) -> Actor | None:
        """'"...," he said': the person named before the quote; those it names are not its speaker."""
        opening = next((t.i for t in pronoun.sent if t.i < pronoun.i and t.is_quote), pronoun.i)
        return self._last_actor(opening, {"person"})

    def _one_person(self, pronoun: Token) -> bool:
        """The speaker of the pronoun's clause is one person described by a title ("the
        Belarusian president"), not a body ("the ministry")."""
        speaker = _speaker_token(pronoun)
        return speaker is not None and speaker.tag_ == "NN" and speaker.lemma_.lower() in self.lex.person_titles

    def _last_actor(self, before: int, kinds: set[str], role: str | None = None) -> Actor | None:
        """The last actor of these kinds named before a token; of this role, if one is given
        (IGO and GRP codes carry none to differ)."""
        for index, actor in reversed(self.history):
            if index < before and actor.kind in kinds and \
                    (role is None or actor.code[3:6] == role or actor.code.startswith(("IGO", "GRP"))):
                return actor
        return None

    def _resolve_anaphor(self, head: Token) -> Actor | None:
        if _expletive(head):
            return None
        quoted = self._quoted_speaker(head)
        if quoted is not None:
            return quoted
        speaker = self._reporting_subject(head)
        if speaker is not None and speaker.kind != "person" and (head.lower_ != "he" or self._one_person(head)):
            return speaker  # "the coalition said it ...", "the Belarusian president said he ..."
        described = _speaker_token(head) if speaker is None and head.lower_ in ("it", "they") and \
            head.dep_ in ("nsubj", "nsubjpass") else None
        if described is not None:
            return self.resolve(described)  # "the main opposition group said it ...": that group
        word = head.lower_ if head.pos_ == "PRON" else head.lemma_.lower()
        word = {"his": "he", "her": "she", "its": "it", "their": "they"}.get(word, word)
        if head.pos_ != "PRON" and not _is_anaphoric(head):
            return None
        if word in ("he", "she") and head.dep_ == "nsubj" and head.head.lemma_.lower() in REPORTING_VERBS:
            return self._person_before_quote(head)
        main_subject = self._main_clause_person(head) if word in ("he", "she") else None
        if main_subject is not None:
            return main_subject
        if word in self.lex.anaphors["person"]:
            wanted = {"person"}
        elif word in self.lex.anaphors["group"]:
            # "it" and "they" can be a country; "the group" and "the coalition" cannot
            wanted = {"organisation", "group", "place"} if head.pos_ == "PRON" else {"organisation", "group"}
        else:
            return None
        role = self.lex.role_of_word.get(word) if head.pos_ != "PRON" else None  # "the council": an OPP one
        return self._subject_owner(head, wanted) or self._last_actor(head.i, wanted, role)

    def _subject_owner(self, pronoun: Token, kinds: set[str]) -> Actor | None:
        """"Caracas has not answered Bogota's proposals amid slow headway in its dialogue with
        Brasilia": a possessive is most often the subject of its own clause."""
        if pronoun.dep_ != "poss":
            return None
        subject = _nearest_subject(pronoun.head)
        if subject is None or subject.pos_ == "PRON" or subject.i > pronoun.i:
            return None
        actor = self._resolve_named(subject)
        return actor if actor is not None and actor.kind in kinds else None

    def _main_clause_person(self, pronoun: Token) -> Actor | None:
        """"Putin praised Assad's readiness when he spoke to the Syrian leader": the subject of an
        adverbial clause is most often the person the main clause is about."""
        clause = pronoun.head
        if pronoun.dep_ != "nsubj" or clause.dep_ != "advcl":
            return None
        subject = _nearest_subject(clause.head)
        actor = self.resolve(subject) if subject is not None and subject.pos_ == "PROPN" else None
        return actor if actor is not None and actor.kind == "person" else None


def _nearest_subject(token: Token) -> Token | None:
    """The subject of the token's clause or, if it has none, of the nearest clause above it
    ("..., writing on Twitter": the writer is the subject of the clause the participle ends)."""
    return next((c for t in (token, *token.ancestors) for c in t.children if c.dep_ == "nsubj"), None)


def _speaker_token(token: Token) -> Token | None:
    """The named subject of the reporting verb whose clause the token stands in."""
    for clause in token.ancestors:
        if clause.pos_ in ("VERB", "AUX"):
            if clause.dep_ != "ccomp" or clause.head.lemma_.lower() not in REPORTING_VERBS:
                return None
            reporting = clause.head
            if reporting.dep_ == "acl" and reporting.head.dep_ == "dobj":
                reporting = reporting.head.head  # "the ministries issued statements saying that they ..."
            return next((c for c in reporting.children if c.dep_ == "nsubj" and c.pos_ != "PRON"), None)
    return None


COUNTS = {"both": 2, "two": 2, "three": 3, "four": 4}
REPORTING_VERBS = {"say", "tell", "add", "announce", "report", "state", "insist", "declare", "warn", "confirm",
                   "reiterate", "stress", "note", "emphasise", "emphasize", "claim", "argue", "write", "quote"}
# "opposition figures", "rebel leaders": people of a role named by its modifier (roles.yaml)
PEOPLE_NOUNS = {"figure", "leader", "member", "representative", "faction", "official", "personality",
                "commander", "fighter", "delegate", "organiser", "organizer"}
FIRST_PERSON = {"i", "we", "me", "us", "my", "our"}
FORMER = {"former", "ex"}


def _people_noun(head: Token) -> bool:
    """A noun for people of the role its modifier gives ("figures", "factions"); "groups" only in
    the plural: "the opposition group" is most often the one the article named before."""
    lemma = head.lemma_.lower()
    return lemma in PEOPLE_NOUNS or lemma == "group" and head.tag_ == "NNS"


def _expletive(pronoun: Token) -> bool:
    """"It was agreed to convene a meeting", "it was decided that ...": an "it" that stands for
    the clause after it, not for anyone."""
    return pronoun.lower_ == "it" and pronoun.dep_ == "nsubjpass" and \
        any(c.dep_ in ("xcomp", "ccomp") for c in pronoun.head.children)


def _is_anaphoric(head: Token) -> bool:
    """"the coalition" or "the group" with nothing that names it."""
    return all(c.dep_ in ("det", "punct", "acl", "relcl") for c in head.children) and any(
        c.lower_ in ("the", "this", "that") for c in head.children)


def _conjuncts(head: Token) -> list[Token]:
    return [t for t in head.conjuncts if t.i > head.i]


def _first_conjunct(token: Token) -> Token:
    """The first of a coordinated list the token is in ("Kenyatta" of "Kenyatta and Farmaajo")."""
    while token.dep_ == "conj":
        token = token.head
    return token


def _phrase_text(tokens: list[Token]) -> str:
    return " ".join(t.text for t in tokens if t.dep_ != "det")
