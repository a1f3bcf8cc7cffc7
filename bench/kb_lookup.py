"""What the actor knowledge base costs extraction: its load, and the rule stage with and
without its lookups, on the same parsed articles (the parse itself is not timed).

    .venv/bin/python bench/kb_lookup.py [ARTICLES_DIR] [--rounds 5]

Runs alternate, and the best of each is printed: the machine is shared.
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import extractors.actors as actors  # noqa: E402
from extractors.article import extract_article, load_nlp  # noqa: E402
from extractors.dates import find_article_date  # noqa: E402
from extractors.kb import _load, load_kb  # noqa: E402


def timed(function) -> float:
    start = time.perf_counter()
    function()
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("articles", type=Path, nargs="?", default=ROOT / "samples" / "articles")
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    texts = [p.read_text(encoding="utf-8") for p in sorted(args.articles.glob("*.txt"))]
    load = timed(load_kb)
    _load.cache_clear()
    nlp = load_nlp()
    docs = list(nlp.pipe(texts))
    dates = [find_article_date(text)[0] for text in texts]
    load_kb()

    def extract_all():
        for doc, on in zip(docs, dates):
            extract_article(doc, on)

    with_kb = actors.ArticleActors._known_to_kb
    best = {"with": float("inf"), "without": float("inf")}
    for _ in range(args.rounds):
        actors.ArticleActors._known_to_kb = with_kb
        best["with"] = min(best["with"], timed(extract_all))
        actors.ArticleActors._known_to_kb = lambda self, head, tokens: None
        best["without"] = min(best["without"], timed(extract_all))
    actors.ArticleActors._known_to_kb = with_kb
    print(f"articles {len(texts)}; knowledge base load {load:.2f} s (once per process)")
    print(f"rule stage, best of {args.rounds}: without lookups {best['without']:.2f} s, "
          f"with {best['with']:.2f} s ({best['with'] / best['without'] - 1:+.1%})")


if __name__ == "__main__":
    main()
