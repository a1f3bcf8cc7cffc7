"""Write extractors/data/confidence.yaml: the confidence of each extractor rule's events,
measured as that rule's precision on annotated gold (parley.evaluate.calibration).

    .venv/bin/parley run --input ../shared/corpus/articles --warehouse /tmp/w.duckdb
    .venv/bin/python scripts/calibrate_confidence.py ../shared/corpus/gold.jsonl --warehouse /tmp/w.duckdb

Run it again after changing a rule, and commit the file with the figures it prints.
"""
from __future__ import annotations

import argparse
from pathlib import Path

import yaml

from parley.evaluate import calibration

OUT = Path(__file__).resolve().parents[1] / "extractors" / "data" / "confidence.yaml"
HEADER = """\
# The confidence of an event: the precision, on annotated gold, of the rule that made it
# (the highest of its sentences' rules). Written by scripts/calibrate_confidence.py from
# `parley evaluate`'s lenient matching on {gold} ({articles} articles); each
# rule's precision is shrunk toward that of all events (prior) by `strength` events' worth:
# (match + strength * prior) / (events + strength). A rule with no measured event gets the
# prior. Read by extractors/rules.py.
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("gold", type=Path)
    parser.add_argument("--warehouse", type=Path, required=True)
    args = parser.parse_args()
    table = calibration(args.gold, args.warehouse)
    articles = sum(1 for line in args.gold.read_text().splitlines() if line.strip())
    rules = "".join(f"  {rule_id}: {yaml.safe_dump(row, default_flow_style=True, sort_keys=False).strip()}\n"
                    for rule_id, row in table["rules"].items())
    prior = yaml.safe_dump(table["prior"], default_flow_style=True, sort_keys=False).strip()
    OUT.write_text(HEADER.format(gold=args.gold.name, articles=articles) + f"prior: {prior}\nrules:\n{rules}")
    for rule_id, row in table["rules"].items():
        print(f"{rule_id:<40} {row['match']:>4}/{row['events']:<4} -> {row['confidence']}")
    print(f"prior (all events): {table['prior']['precision']}; written to {OUT}")


if __name__ == "__main__":
    main()
