"""Benchmark: cleaning hostile lines (the kinds that made the old patterns backtrack) at
growing sizes, and masking a sentence-less run before parsing. Time should grow with the
size, not its square: each row's seconds about ten times the row above it.

    .venv/bin/python bench/hostile_clean.py [--sizes 10000 100000 1000000]
"""
from __future__ import annotations

import argparse
import time

from parley.clean import clean_text
from parley.extract import without_unending_runs

HOSTILE = {
    "byline 'By A and A and A ...!'": lambda n: "By A" + " and A" * (n // 6) + "!",
    "photo credit never closed '(AP Photo (AP Photo ...'": lambda n: "(AP Photo " * (n // 10),
    "capitals with no dateline 'A.A.A. ...'": lambda n: "A." * (n // 2),
    "dates with no full stop 'in March 3, 2014in ...'": lambda n: "in March 3, 2014" * (n // 16) + " x",
    "spaces": lambda n: " " * n + "x",
}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    sizes = parser.parse_args().sizes
    print("| line | " + " | ".join(f"clean {size:,} chars" for size in sizes) + " | mask before parsing (largest) |")
    print("|---|" + "---|" * (len(sizes) + 1))
    for name, make in HOSTILE.items():
        cells = []
        for size in sizes:
            started = time.perf_counter()
            clean_text("Talks Open in Vienna\n\n" + make(size) + "\n\nDiplomats met on Monday.")
            cells.append(f"{time.perf_counter() - started:.3f} s")
        started = time.perf_counter()
        without_unending_runs(make(sizes[-1]))
        print(f"| {name} | " + " | ".join(cells) + f" | {time.perf_counter() - started:.3f} s |")


if __name__ == "__main__":
    main()
