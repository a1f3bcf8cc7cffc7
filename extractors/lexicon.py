"""The data behind extraction: places, organisations, people, role words and triggers.

Everything here is read from the files in ``extractors/data`` (each says where its content
came from) and from pycountry and countryinfo, once per process.
"""
from __future__ import annotations

import csv
from dataclasses import dataclass, field
from functools import cache, cached_property
from importlib import resources

import pycountry
import yaml
from countryinfo import CountryInfo

ROLES = ("GOV", "OPP", "REB", "MIL", "LEG")


def _data_text(name: str) -> str:
    return resources.files("extractors").joinpath("data").joinpath(name).read_text(encoding="utf-8")


def _data_yaml(name: str) -> dict:
    return yaml.safe_load(_data_text(name))


def _demonym_guesses(name: str) -> list[str]:
    """English adjective forms that regular country names take, most regular first
    (Syria -> Syrian before Niger -> Nigerian can claim "Nigerian")."""
    guesses = [name + "n"] if name.endswith("a") else []
    guesses += [name + "ian", name + "ese", name + "i"]
    if name.endswith(("a", "o")):
        guesses.append(name[:-1] + "an")
    if name.endswith(("y", "e")):
        guesses.append(name[:-1] + "ian")
    if name.endswith("i"):  # Mali -> Malian, Haiti -> Haitian
        guesses.append(name + "an")
    if name.endswith("o"):  # Togo -> Togolese, Congo -> Congolese
        guesses.append(name + "lese")
    return guesses


@dataclass(frozen=True)
class Lexicon:
    # Names keep their written case: abbreviations ("US", "UN") are matched case-sensitively.
    place_iso: dict[str, str]          # country name or capital -> ISO3
    capital_iso: dict[str, str]        # capital -> ISO3
    demonym_iso: dict[str, str]        # demonym -> ISO3
    world_capitals: dict[str, str]     # every country's capital (countryinfo) -> ISO3: places, never actors
    org_code: dict[str, str]           # organisation name -> code
    person_code: dict[str, str]        # full name -> code
    role_of_word: dict[str, str]       # lemma -> role
    role_of_modifier: dict[str, str]   # lemma of a word qualifying people ("rebel leaders") -> role
    anaphors: dict[str, set[str]]
    person_titles: frozenset[str]
    triggers: dict = field(hash=False)
    patterns: dict = field(hash=False)  # DependencyMatcher patterns by event type

    @cached_property
    def trigger_lemmas(self) -> set[str]:
        """Every lemma that can start an event: the nouns, verbs and adjectives of each event
        type in triggers.yaml, the verbs of attendance, and the anchors of patterns.yaml."""
        lemmas = set(self.triggers["attendance_verbs"])
        for kind in ("meeting", "refusal", "acceptance", "invitation"):
            for part in ("nouns", "weak_nouns", "verbs", "commitment_verbs", "adjectives", "list_nouns"):
                lemmas |= set(self.triggers[kind].get(part, []))
        return lemmas | set().union(*self.pattern_lemmas.values())

    @cached_property
    def pattern_lemmas(self) -> dict[str, set[str]]:
        """The lemma each pattern of patterns.yaml is anchored on, by event type: a word
        that starts that event only where one of its patterns matches ("turned down")."""
        return {kind: {pattern[0]["RIGHT_ATTRS"]["LEMMA"] for pattern in named.values()}
                for kind, named in self.patterns.items()}

    def country_name(self, iso3: str) -> str | None:
        country = pycountry.countries.get(alpha_3=iso3)
        if country is None:
            return None
        return getattr(country, "common_name", None) or country.name


def _country_names() -> tuple[dict[str, str], dict[str, str]]:
    names: dict[str, str] = {}
    demonyms: dict[str, str] = {}
    for country in pycountry.countries:
        forms = {country.name, getattr(country, "common_name", None), getattr(country, "official_name", None)}
        forms.add(country.name.split(",")[0])
        for form in filter(None, forms):
            names.setdefault(form, country.alpha_3)
    shorts = [((getattr(c, "common_name", None) or c.name).split(",")[0], c.alpha_3) for c in pycountry.countries]
    guesses = [(_demonym_guesses(short), iso3) for short, iso3 in shorts if " " not in short]
    for tier in range(max(len(g) for g, _ in guesses)):
        for forms, iso3 in guesses:
            if tier < len(forms):
                demonyms.setdefault(forms[tier], iso3)
    # "Russian Federation", "Syrian Arab Republic": the first word is the demonym.
    for country in pycountry.countries:
        first, *rest = country.name.split()
        if rest and rest[-1] in ("Federation", "Republic") and first.endswith("n") and first not in names:
            demonyms.setdefault(first, country.alpha_3)
    return names, demonyms


def _world_capitals() -> dict[str, str]:
    """Read only where a meeting is ("at the G20 summit in Buenos Aires" when the parser tags
    no place): as actors, names such as Male or Victoria would be read into every text."""
    capitals = {}
    for info in CountryInfo.all().values():
        names = info.get("capital") or []
        for name in [names] if isinstance(names, str) else names:
            capitals[name] = info["ISO"]["alpha3"]
    return capitals


@cache
def load_words() -> dict[str, frozenset[str]]:
    """The words of data/words.yaml, by the role they play in the event rules."""
    return {role: frozenset(words) for role, words in _data_yaml("words.yaml").items()}


@cache
def load_lexicon() -> Lexicon:
    names, demonyms = _country_names()
    capitals: dict[str, str] = {}
    rows = csv.DictReader(line for line in _data_text("places.csv").splitlines() if not line.startswith("#"))
    for row in rows:
        alias, iso3, kind = row["alias"], row["iso3"], row["kind"]
        {"name": names, "demonym": demonyms, "capital": capitals}[kind][alias] = iso3
    for demonym, iso3 in list(demonyms.items()):  # "the Somalis", "the Israelis"; "the Chinese" as is
        if not demonym.endswith(("s", "sh", "ch", "ese")):
            demonyms.setdefault(demonym + "s", iso3)

    actors = _data_yaml("organisations.yaml")
    org_code = {alias: code for code, aliases in actors["organisations"].items() for alias in aliases}
    person_code = {name: code for code, people in actors["people"].items() for name in people}
    surnames: dict[str, set[str]] = {}
    for name, code in person_code.items():
        if " " in name and len(name.split()[-1]) > 3:
            surnames.setdefault(name.split()[-1], set()).add(code)
    for surname, codes in surnames.items():
        if len(codes) == 1:  # "Trump", "Lavrov"; never a surname two coded people share
            person_code.setdefault(surname, codes.pop())

    roles = _data_yaml("roles.yaml")
    role_of_word = {word.lower(): role for role in ROLES for word in roles[role]}
    anaphors = {kind: set(words) for kind, words in roles["anaphors"].items()}

    place_iso = {**names, **capitals}
    return Lexicon(place_iso=place_iso, capital_iso=capitals, demonym_iso=demonyms,
                   world_capitals=_world_capitals(), org_code=org_code,
                   person_code=person_code, role_of_word=role_of_word, anaphors=anaphors,
                   role_of_modifier=roles["modifier_roles"],
                   person_titles=frozenset(roles["titles"]),
                   triggers=_data_yaml("triggers.yaml"), patterns=_data_yaml("patterns.yaml"))
