"""Benchmark: bare spaCy parse vs Parley's extraction vs the whole DAG, and an incremental run.

    .venv/bin/python bench/run.py --quick          # 100 articles, under two minutes
    .venv/bin/python bench/run.py --sizes 1000 10000

For each corpus size it prints and writes (bench/results/latest.json and latest.md):
articles per second of (a) bare `nlp.pipe` over every article's full text, with the batch
size and process count Parley uses, (b) Parley's extraction stage over the same texts,
(c) the whole DAG through `parley run`; the (b)/(a) throughput ratio; each DAG task's time;
the run's peak memory; rows per second of the DuckDB load; validation time; and a run with
1% new articles on top of the full warehouse, against the full run's time.

The corpus is made of our own sentence templates (samples/ and tests/), filled with a fixed
seed so that every article is different: deduplication must not shrink it.
"""
from __future__ import annotations

import argparse
import json
import platform
import random
import resource
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
RESULTS = REPO / "bench" / "results"
PARLEY = str(Path(sys.executable).with_name("parley"))

COUNTRIES = [("Russia", "Russian", "Moscow"), ("Iran", "Iranian", "Tehran"), ("Turkey", "Turkish", "Ankara"),
             ("France", "French", "Paris"), ("Egypt", "Egyptian", "Cairo"), ("Japan", "Japanese", "Tokyo"),
             ("Germany", "German", "Berlin"), ("Jordan", "Jordanian", "Amman"), ("Qatar", "Qatari", "Doha"),
             ("Kenya", "Kenyan", "Nairobi"), ("Cuba", "Cuban", "Havana"), ("Greece", "Greek", "Athens")]
ROLES = ["foreign minister", "deputy foreign minister", "envoy", "defence minister", "prime minister"]
EVENTS = [
    "{A} and {B} held talks in {CITY} on {DAY}, the {ADJ} government said.",
    "{A} will not attend the conference in {CITY} next week, a spokesman for the {ADJ} foreign ministry said.",
    "The {ADJ} {ROLE} met his {ADJ2} counterpart in {CITY} on {DAY} to discuss {TOPIC}.",
    "{A} invited {B} to a summit in {CITY} on {MONTH} {DATE}, officials said.",
    "{B} has agreed to take part in the talks in {CITY}, the {ADJ2} foreign ministry said on {DAY}.",
    "{A} declined to attend the meeting in {CITY}, saying the agenda ignored {TOPIC}.",
    "Officials from {A} and {B} are due to meet in {CITY} on {DAY} for a new round of talks on {TOPIC}.",
    "{A}'s {ROLE} spoke with his {ADJ2} counterpart by telephone on {DAY}, the ministry said.",
]
FILLERS = [
    "Trade between the two countries fell by {N} percent last year, according to official figures.",
    "Analysts in {CITY} said the dispute over {TOPIC} had dragged on for {N} months.",
    "The {ADJ} currency weakened by {N} percent against the dollar on {DAY}.",
    "Protests in {CITY} drew about {N},000 people, local media reported.",
    "The {ADJ} parliament is expected to debate a new budget in {MONTH}.",
    "Heavy rain closed roads around {CITY} for {N} days, the weather service said.",
]
TOPICS = ["border security", "gas prices", "water rights", "refugees", "a ceasefire", "fishing rights", "sanctions"]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]
MONTHS = ["Jan.", "Feb.", "March", "April", "May", "June", "July", "Aug.", "Sept.", "Oct.", "Nov.", "Dec."]


def make_article(rng: random.Random, number: int) -> str:
    (a, adj, city), (b, adj2, _) = rng.sample(COUNTRIES, 2)
    day = date(2012, 1, 1) + timedelta(days=rng.randrange(3000))

    def fill(template: str) -> str:
        return template.format(A=a, B=b, ADJ=adj, ADJ2=adj2, CITY=rng.choice([city, "Geneva", "Vienna"]),
                               DAY=rng.choice(DAYS), ROLE=rng.choice(ROLES), TOPIC=rng.choice(TOPICS),
                               MONTH=rng.choice(MONTHS), DATE=rng.randint(1, 28), N=rng.randint(2, 90))

    paragraphs = [fill(t) for t in rng.sample(EVENTS, rng.randint(2, 4))]
    paragraphs += [fill(t) for t in rng.sample(FILLERS, rng.randint(3, 6))]
    rng.shuffle(paragraphs)
    headline = f"{a} and {b}: report {number}"
    return f"{headline}\n\n{city.upper()}, {day:%b. %d, %Y} —\n\n" + "\n\n".join(paragraphs) + "\n\nRead more\n"


def write_corpus(folder: Path, count: int, seed: int, start: int = 0) -> list[Path]:
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for number in range(start, start + count):
        path = folder / f"bench-{number:06d}.txt"
        path.write_text(make_article(rng, number), encoding="utf-8")
        paths.append(path)
    return paths


def time_bare_parse(texts: list[str]) -> float:
    from extractors.components import COMPONENTS, load_nlp

    nlp = load_nlp()
    started = time.perf_counter()
    with nlp.select_pipes(disable=list(COMPONENTS)):  # the model's own pipes only
        for _ in nlp.pipe(texts, batch_size=32):
            pass
    return time.perf_counter() - started


def clean_rows(paths: list[Path]) -> list[dict]:
    """Articles as the extraction stage reads them from a batch, keyed by file name."""
    from parley.clean import clean_text

    rows = []
    for path in paths:
        clean = clean_text(path.read_text(encoding="utf-8"))
        rows.append({"article_id": path.name, "clean_text": clean.text, "published": clean.published})
    return rows


def time_extraction(folder: Path, work: Path) -> tuple[float, list[str]]:
    """Parley's extraction stage over the same texts: its batches, its code, its files."""
    from parley.extract import extract_batch
    from parley.ingest import ARTICLE_SCHEMA, write_table

    rows = clean_rows(sorted(folder.iterdir()))
    batches = []
    for start in range(0, len(rows), 50):
        batch = work / f"batch-{start // 50:05d}.articles.parquet"
        write_table(rows[start:start + 50], ARTICLE_SCHEMA, batch)
        batches.append(batch)
    started = time.perf_counter()
    for batch in batches:
        extract_batch(batch)
    return time.perf_counter() - started, [r["clean_text"] for r in rows]


def filter_f1(gold: Path, articles: Path, work: Path) -> dict:
    """Lenient and strict F1 on annotated articles with the paragraph filter and without it,
    scored as `parley evaluate` scores a warehouse."""
    import duckdb
    import pyarrow.parquet as pq

    from parley.evaluate import load_gold, load_predictions, score
    from parley.extract import extract_batch, output_path
    from parley.ingest import ARTICLE_SCHEMA, write_table

    rows = clean_rows(sorted(articles.glob("*.txt")))
    figures = {}
    for prefilter in (True, False):
        batch = work / f"gold-{prefilter}" / "batch-00000.articles.parquet"
        batch.parent.mkdir(parents=True, exist_ok=True)
        write_table(rows, ARTICLE_SCHEMA, batch)
        extract_batch(batch, prefilter=prefilter)
        mentions = pq.read_table(output_path(batch, "mentions"))
        warehouse = batch.parent / "mentions.duckdb"
        with duckdb.connect(str(warehouse)) as con:
            con.execute("create table event_mentions as select article_id as source_uri, "
                        "article_id || event_key as event_id, * exclude (article_id) from mentions")
        predicted = load_predictions(warehouse)
        lenient, strict = (score(load_gold(gold), predicted, strict)[0]["all"]["f1"] for strict in (False, True))
        figures["with_filter" if prefilter else "without_filter"] = {"lenient_f1": lenient, "strict_f1": strict}
    return figures


def run_dag(folder: Path, warehouse: Path) -> tuple[float, dict]:
    started = time.perf_counter()
    result = subprocess.run([PARLEY, "run", "--input", str(folder), "--warehouse", str(warehouse)],
                            capture_output=True, text=True)
    elapsed = time.perf_counter() - started
    if result.returncode != 0:
        raise SystemExit(f"parley run failed:\n{result.stdout[-3000:]}")
    runs = sorted((warehouse.parent / (warehouse.name + ".parley") / "runs").iterdir(), key=lambda p: p.stat().st_mtime)
    return elapsed, step_times(runs[-1] / "progress.jsonl")


def step_times(progress: Path) -> dict:
    started, spent, counts = {}, {}, {}
    for line in progress.read_text().splitlines():
        event = json.loads(line)
        at = time.mktime(time.strptime(event["at"][:19], "%Y-%m-%dT%H:%M:%S")) + float("0." + event["at"][20:26])
        if event.get("state") == "running":
            started[event["step"]] = at
        elif event.get("state") == "done" and event["step"] in started:
            spent[event["step"]] = spent.get(event["step"], 0) + at - started.pop(event["step"])
        if event["step"] == "load" and "mentions_loaded" in event:
            counts = event
    return {"seconds": {k: round(v, 2) for k, v in spent.items()}, "load": counts}


def bench_size(size: int, seed: int, work: Path) -> dict:
    folder = work / f"corpus-{size}"
    write_corpus(folder, size, seed)
    extraction_seconds, texts = time_extraction(folder, work)
    parse_seconds = time_bare_parse(texts)
    warehouse = work / f"w-{size}.duckdb"
    dag_seconds, steps = run_dag(folder, warehouse)
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    new = max(1, size // 100)
    write_corpus(folder, new, seed + 1, start=size)
    incremental_seconds, incremental_steps = run_dag(folder, warehouse)
    load = steps["load"]
    load_rows = load.get("articles_loaded", 0) + load.get("sources_loaded", 0) + load.get("mentions_loaded", 0)
    return {
        "articles": size,
        "bare_parse": {"seconds": round(parse_seconds, 2), "articles_per_s": round(size / parse_seconds, 1)},
        "extraction": {"seconds": round(extraction_seconds, 2), "articles_per_s": round(size / extraction_seconds, 1)},
        "extraction_vs_bare_throughput": round(parse_seconds / extraction_seconds, 2),
        "dag": {"seconds": round(dag_seconds, 1), "articles_per_s": round(size / dag_seconds, 1),
                "tasks": steps["seconds"]},
        "dag_vs_extraction_time": round(dag_seconds / extraction_seconds, 2),
        "load_rows_per_s": round(load_rows / steps["seconds"]["load"], 0) if steps["seconds"].get("load") else None,
        "validation_seconds": round(steps["seconds"].get("validate_staging", 0) + steps["seconds"].get("validate_marts", 0), 2),
        "peak_rss_mb_of_runs": round(peak_mb),
        "incremental": {"new_articles": new, "seconds": round(incremental_seconds, 1),
                        "share_of_full_run": round(incremental_seconds / dag_seconds, 2),
                        "tasks": incremental_steps["seconds"]},
    }


def markdown(results: dict) -> str:
    lines = [f"Machine: {results['machine']}", "",
             "| articles | bare parse art/s | extraction art/s | (b)/(a) | DAG art/s | DAG/extraction time | "
             "load rows/s | validation s | peak RSS MB | 1% incremental s (share) |",
             "|---|---|---|---|---|---|---|---|---|---|"]
    for r in results["sizes"]:
        lines.append(f"| {r['articles']} | {r['bare_parse']['articles_per_s']} | {r['extraction']['articles_per_s']} | "
                     f"{r['extraction_vs_bare_throughput']} | {r['dag']['articles_per_s']} | {r['dag_vs_extraction_time']} | "
                     f"{r['load_rows_per_s']} | {r['validation_seconds']} | {r['peak_rss_mb_of_runs']} | "
                     f"{r['incremental']['seconds']} ({r['incremental']['share_of_full_run']}) |")
    lines += ["", "DAG task seconds (largest size): " + ", ".join(
        f"{k} {v}" for k, v in results["sizes"][-1]["dag"]["tasks"].items())]
    if "filter_f1" in results:
        with_filter, without = results["filter_f1"]["with_filter"], results["filter_f1"]["without_filter"]
        lines += ["", f"F1 on the annotated articles (extraction's mentions): with the paragraph filter lenient "
                      f"{with_filter['lenient_f1']} / strict {with_filter['strict_f1']}, without it lenient "
                      f"{without['lenient_f1']} / strict {without['strict_f1']}"]
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="one corpus of 100 articles")
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--gold", type=Path, help="annotated events (JSONL) to show the paragraph filter costs no F1")
    parser.add_argument("--gold-articles", type=Path, help="the articles of --gold")
    args = parser.parse_args()
    sizes = [100] if args.quick else args.sizes
    machine = f"{platform.machine()}, {platform.system()}, {__import__('os').cpu_count()} cores, Python {platform.python_version()}"
    results = {"machine": machine, "quick": args.quick, "sizes": []}
    with tempfile.TemporaryDirectory() as tmp:
        if args.gold and args.gold_articles:
            results["filter_f1"] = filter_f1(args.gold, args.gold_articles, Path(tmp))
            print(json.dumps(results["filter_f1"]))
        for size in sizes:
            results["sizes"].append(bench_size(size, args.seed, Path(tmp)))
            print(json.dumps(results["sizes"][-1], indent=1))
    RESULTS.mkdir(parents=True, exist_ok=True)
    name = "quick" if args.quick else "latest"
    (RESULTS / f"{name}.json").write_text(json.dumps(results, indent=1))
    (RESULTS / f"{name}.md").write_text(markdown(results))
    print(markdown(results))


if __name__ == "__main__":
    main()
