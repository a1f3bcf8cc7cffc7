"""Build Parley's actor data from the Phoenix/CountryInfo CAMEO dictionaries.

    .venv/bin/python scripts/build_actor_kb.py [--actors ../shared/actors]

Reads the four TABARI files of ``../shared/actors`` (countries with their names, adjectives,
cities, institutions and people on date ranges; international organisations; non-state
armed groups; agents = role words) and writes ``extractors/data/actors/phoenix.tsv``: one
line per name and code range, the codes already mapped to the annotation guidelines'
(``extractors.kb.guideline_code``). The repo reads only that file at run time.

Dropped on the way: NGOs and companies (no code in the guidelines), names whose every code
maps to nothing (regional or fictional prefixes) unless they are armed groups (kept with
no code, so that they are known and never given a guessed country), and agents of roles
the guidelines have no use for (business, media, religion ...), which are kept as "not a
political actor".
"""
from __future__ import annotations

import argparse
import re
import sys
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from extractors.kb import DATA_DIR, fold, guideline_code, guideline_role  # noqa: E402

FILES = {"Phoenix.Countries.actors.txt": "country", "Phoenix.International.actors.txt": "international",
         "Phoenix.MilNonState.actors.txt": "group"}
CODE = re.compile(r"\[([^\]]*)\]")
KIND_PRIORITY = ("agent", "place", "organisation", "group", "person")
# The file was generated in January 2014: a two-digit year after 14 is in the 1900s.
LAST_TWO_DIGIT_YEAR = 14


@dataclass
class Entry:
    names: list[str]
    codes: list[tuple[str, date | None, date | None]] = field(default_factory=list)


def parse_date(text: str, after: date | None = None) -> date | None:
    """YYMMDD or YYYYMMDD (a few entries carry seven digits: read as YYYYMDD is hopeless, so
    skipped). A two-digit year is 20xx up to 2014, else 19xx, unless that would end a range
    before it starts."""
    digits = text.strip()
    try:
        if len(digits) == 8:
            return date(int(digits[:4]), int(digits[4:6]), int(digits[6:]))
        if len(digits) == 6:
            yy, month, day = int(digits[:2]), int(digits[2:4]), int(digits[4:])
            year = 2000 + yy if yy <= LAST_TWO_DIGIT_YEAR else 1900 + yy
            if after is not None and date(year, month, max(day, 1)) < after and year < 2000:
                year += 100
            return date(year, month, max(day, 1))
    except ValueError:
        return None
    return None


def parse_code(text: str) -> tuple[str, date | None, date | None] | None:
    """"AFGGOV 011222-141231", "AFGGOV >030101", "HTIOPPMED <061231", "IGOUNO" -> (code, from, to)."""
    parts = text.split()
    if not parts:
        return None
    code, span = parts[0], "".join(parts[1:])
    if not span:
        return code, None, None
    if span.startswith(">"):
        start = parse_date(span[1:])
        return (code, start, None) if start else None
    if span.startswith("<"):
        end = parse_date(span[1:])
        return (code, None, end) if end else None
    if "-" in span:
        first, last = span.split("-", 1)
        start = parse_date(first)
        end = parse_date(last, after=start)
        return (code, start, end) if start and end else None
    return None


def read_tabari(path: Path) -> list[Entry]:
    """Entries of a TABARI actor file: a name line (with codes inline or on the indented lines
    after it) and its "+SYNONYM" lines."""
    entries: list[Entry] = []
    for raw in path.read_text(encoding="utf-8", errors="replace").splitlines():
        line = raw.split("#", 1)[0].rstrip()
        if not line.strip():
            continue
        before_codes = CODE.split(line)[0]
        codes = [c for c in (parse_code(m) for m in CODE.findall(line)) if c]
        if line[0] in " \t":
            if entries and not before_codes.strip():
                entries[-1].codes += codes
            continue
        if line.startswith("+"):
            if entries:
                entries[-1].names += [n for n in before_codes.split("+") if n.strip()]
                entries[-1].codes += codes
            continue
        entries.append(Entry([before_codes], codes))
    return entries


def display_name(raw: str) -> str:
    return " ".join(raw.replace("_", " ").split())


def actor_rows(entries: list[Entry], source: str) -> list[tuple[str, ...]]:
    """(kind, name, code, from, to, entry): one per name and code range; the entry (the
    file's first letter and the entry's number) ties a name to its synonyms."""
    rows = []
    for number, entry in enumerate(entries):
        entry_id = f"{source[0]}{number}"
        mapped = [(guideline_code(code), start, end) for code, start, end in entry.codes]
        raw_codes = [code for code, _, _ in entry.codes]
        if any(code.startswith(("MNC", "NGO")) for code in raw_codes):
            continue
        if not any(code for code, _, _ in mapped) and source != "group":
            continue
        kind = _kind(entry, source)
        for name in _variants(entry.names, source):
            if not fold(display_name(name)):
                continue
            for code, start, end in mapped:
                rows.append((kind, display_name(name), code or "", _iso(start), _iso(end), entry_id))
    return rows


def _variants(names: list[str], source: str) -> list[str]:
    """An armed group's name also without its parenthesised acronym or country:
    "BASQUE_FATHERLAND_AND_FREEDOM_(ETA)_" is also "Basque Fatherland and Freedom"."""
    if source != "group":
        return names
    return names + [re.sub(r"\([^)]*\)", " ", n) for n in names if "(" in n]


def _kind(entry: Entry, source: str) -> str:
    """place: a country's names, adjectives and cities (one bare country code); person: codes
    on date ranges; else an organisation or group."""
    if source == "group":
        return "group"
    if any(start or end for _, start, end in entry.codes):
        return "person"
    codes = {guideline_code(code) for code, _, _ in entry.codes}
    if source == "country" and len(codes) == 1 and len(next(iter(codes)) or "") == 3:
        return "place"
    return "organisation"


def _iso(day: date | None) -> str:
    return day.isoformat() if day else ""


def agent_rows(path: Path) -> list[tuple[str, ...]]:
    """Role words: "FOREIGN_!MINIST! [~GOV]" gives a row per substitution."""
    substitutions: dict[str, list[str]] = {}
    rows = []
    for raw in path.read_text(encoding="utf-8", errors="replace").splitlines():
        line = raw.split("#", 1)[0].strip()
        if re.match(r"^!\w+!\s*=", line):
            key, values = line.split("=", 1)
            substitutions[key.strip()] = [v.strip() for v in values.split(",")]
            continue
        match = re.match(r"^(.*?)\s*(\{[^}]*\})?\s*\[~([A-Z]*)\]", line)
        if not match or not match.group(1).strip():
            continue
        phrase, plurals, role = match.group(1), match.group(2), match.group(3)
        role = guideline_role(role)
        forms = _expand(phrase, substitutions)
        if plurals and plurals.strip("{} "):
            forms.append(plurals.strip("{} "))
        for form in forms:
            name = display_name(form)
            if name and "!" not in name and fold(name):
                rows.append(("agent", name, "-" if role is None else role, "", "", ""))
    return rows


def _expand(phrase: str, substitutions: dict[str, list[str]]) -> list[str]:
    for key, values in substitutions.items():
        if key in phrase:
            return [form for value in values for form in _expand(phrase.replace(key, value), substitutions)]
    return [phrase]


def build(actors: Path) -> list[tuple[str, str, str, str]]:
    """(kind, name, spans, entries): one line per name, its code ranges as "CODE|from|to;...",
    the entries it is a name of as "c12,i3"."""
    rows = []
    for name, source in FILES.items():
        rows += actor_rows(read_tabari(actors / name), source)
    rows += agent_rows(actors / "Phoenix.agents.txt")
    spans: dict[tuple[str, str], list[str]] = {}
    kinds: dict[tuple[str, str], str] = {}
    entries: dict[tuple[str, str], list[str]] = {}
    for kind, name, code, start, end, entry_id in sorted(set(rows), key=lambda r: (r[3], r[4], r[2], r[5])):
        key = ("agent" if kind == "agent" else "actor", fold(name))  # a few names are of two kinds:
        kinds[key] = min(kinds.get(key, kind), kind, key=KIND_PRIORITY.index)  # "Zagreb" a place first
        spans.setdefault(key, []).append("|".join((code, start, end)).rstrip("|"))
        entries.setdefault(key, []).append(entry_id)
    return sorted((kinds[key], key[1], ";".join(dict.fromkeys(s)), ",".join(filter(None, dict.fromkeys(entries[key]))))
                  for key, s in spans.items())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--actors", type=Path, default=ROOT.parent / "shared" / "actors")
    parser.add_argument("--out", type=Path, default=DATA_DIR / "phoenix.tsv")
    args = parser.parse_args()
    rows = build(args.actors)
    header = ("# Generated by scripts/build_actor_kb.py from the Phoenix/CountryInfo CAMEO dictionaries\n"
              "# (openeventdata/petrarch2, commit 676801c; MIT license: LICENSE beside this file).\n"
              "# Codes mapped to the annotation guidelines'. Do not edit: edit extensions.yaml instead.\n"
              "# One line per name: kind, name (folded: extractors.kb.fold), its codes as CODE|from|to (ISO dates, open when empty), ';'-separated,\n"
              "# the dictionary entries it names (its synonyms share one).\n")
    args.out.write_text(header + "".join("\t".join(r) + "\n" for r in rows), encoding="utf-8")
    kinds: dict[str, int] = {}
    for row in rows:
        kinds[row[0]] = kinds.get(row[0], 0) + 1
    print(f"{args.out}: {len(rows)} names {kinds}")


if __name__ == "__main__":
    main()
