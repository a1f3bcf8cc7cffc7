"""The extraction step of a run (parley.pipeline.extract): a run with few new articles parses
them in its own process; a larger one starts the worker processes."""
from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from parley import extract as extract_stage
from parley import pipeline
from parley.ingest import ARTICLE_SCHEMA
from parley.parquet import write_table
from parley.workspace import Workspace

TEXT = "GENEVA, May 4, 2021 —\n\nIran said on Tuesday that it would not attend the talks in {city}.\n"


def _extract_run(tmp_path: Path, cities: list[str]) -> dict:
    """A run whose discover found one batch of articles, one per city; its extraction step."""
    ctx = {"warehouse": str(tmp_path / "w.duckdb"), "run_id": "run", "progress_file": None}
    run_dir = Workspace(tmp_path / "w.duckdb").run_dir("run")
    run_dir.mkdir(parents=True)
    rows = [{"article_id": f"a{n}", "clean_text": TEXT.format(city=city), "published": date(2021, 5, 4)}
            for n, city in enumerate(cities)]
    batch = run_dir / "batch-00000.articles.parquet"
    write_table(rows, ARTICLE_SCHEMA, batch)
    (run_dir / "discovered.json").write_text(json.dumps({"articles": len(rows), "batches": [str(batch)]}))
    return pipeline.extract(ctx, str(batch))


@pytest.fixture
def no_workers_yet(monkeypatch):
    monkeypatch.setenv("PARLEY_EXTRACT_PROCESSES", "2")
    extract_stage._worker_pool.cache_clear()
    yield
    extract_stage._worker_pool.cache_clear()


def test_a_few_new_articles_are_extracted_without_starting_workers(tmp_path, no_workers_yet):
    result = _extract_run(tmp_path, ["Vienna", "Doha", "Cairo"])
    assert result["articles"] == 3 and result["mentions"] >= 3 and result["failed"] == 0
    assert extract_stage._worker_pool.cache_info().currsize == 0


def test_enough_new_articles_start_the_workers(tmp_path, no_workers_yet, monkeypatch):
    monkeypatch.setattr(pipeline, "POOL_MIN_ARTICLES", 3)  # a real pool, on a batch small enough for a test
    result = _extract_run(tmp_path, ["Vienna", "Doha", "Cairo"])
    assert result["articles"] == 3 and result["mentions"] >= 3 and result["failed"] == 0
    assert extract_stage._worker_pool.cache_info().currsize == 1
