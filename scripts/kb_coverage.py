"""How many gold actor mentions the actor knowledge base can resolve.

    .venv/bin/python scripts/kb_coverage.py ../shared/corpus [--phoenix-only] [--verbose]

A gold actor mention is one code of one gold event (its actor, target, host or a
participant) in one article. It counts as resolved when some phrase of the article (a noun
chunk or a named entity of spaCy's parse) resolves, on the article's date, to:
  exact     that very code;
  as GOV    that code, or, for a XXXGOV code, the bare country XXX (a country named with no
            role stands for its government when it acts: an extraction rule, not knowledge);
  country   a code of the same country (IGO and GRP codes compared whole).
The article's date is the corpus index's, else the first date in its text (as the pipeline
finds it). --phoenix-only measures the generated dictionary data without our extensions.
"""
from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from extractors.article import load_nlp  # noqa: E402
from extractors.dates import find_article_date  # noqa: E402
from extractors.kb import ActorKB, _bundled, _layered, load_kb  # noqa: E402


def gold_codes(event: dict) -> set[str]:
    codes = {event.get("actor"), event.get("target"), event.get("host"), *(event.get("participants") or [])}
    return {c for c in codes if c}


def country(code: str) -> str:
    return code if code.startswith(("IGO", "GRP")) else code[:3]


def article_date(text: str, published: str | None) -> date | None:
    if published:
        return date.fromisoformat(published[:10])
    return find_article_date(text)[0]


def resolved_codes(kb: ActorKB, doc, on: date | None) -> set[str]:
    phrases = {chunk.text for chunk in doc.noun_chunks} | {ent.text for ent in doc.ents}
    return {code for code in (kb.resolve(p, on=on) for p in phrases) if code}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", type=Path, help="folder with gold.jsonl, index.jsonl and articles/")
    parser.add_argument("--phoenix-only", action="store_true")
    parser.add_argument("--verbose", action="store_true")
    args = parser.parse_args()
    kb = _layered([_bundled()[0]]) if args.phoenix_only else load_kb()
    index = {row["article"]: row for row in map(json.loads, (args.corpus / "index.jsonl").open())}
    gold = [json.loads(line) for line in (args.corpus / "gold.jsonl").open()]
    nlp = load_nlp()
    totals, missed = Counter(), Counter()
    for record in gold:
        text = (args.corpus / "articles" / record["article"]).read_text(encoding="utf-8")
        on = article_date(text, index.get(record["article"], {}).get("published"))
        found = resolved_codes(kb, nlp(text), on)
        countries = {country(code) for code in found}
        for event in record["events"]:
            for code in gold_codes(event):
                exact = code in found
                as_gov = exact or (code.endswith("GOV") and len(code) == 6 and code[:3] in found)
                totals.update(mentions=1, exact=exact, as_gov=as_gov, country=country(code) in countries)
                if not as_gov:
                    missed[(record["article"], code)] += 1
    mentions = totals["mentions"]
    print(f"articles {len(gold)}, gold actor mentions {mentions}"
          f"{' (Phoenix data only)' if args.phoenix_only else ''}")
    for key in ("exact", "as_gov", "country"):
        print(f"  resolved {key:<8} {totals[key]:4d}  {totals[key] / mentions:.3f}")
    if args.verbose:
        for (article, code), count in sorted(missed.items()):
            print(f"  missed {article} {code} x{count}")


if __name__ == "__main__":
    main()
