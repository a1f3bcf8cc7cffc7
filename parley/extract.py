"""Extraction stage: one batch of clean articles in, their event mentions out as Parquet.
A pure function of its batch, so a retried batch writes the same file and loading it
twice adds nothing."""
from __future__ import annotations

import os
from concurrent.futures import ProcessPoolExecutor
from functools import cache
from multiprocessing import get_context
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from extractors.article import EventRow
from extractors.components import DEFAULT_MODEL, dated_doc, doc_to_rows, load_nlp
from extractors.lexicon import load_lexicon
from extractors.prefilter import ParagraphFilter, Piece, original_offset, whole_text
from parley.extractor_version import extractor_version
from parley.ingest import write_table

MENTION_SCHEMA = pa.schema([
    ("article_id", pa.string()), ("event_key", pa.string()), ("event_type", pa.string()),
    ("actor_code", pa.string()), ("target_code", pa.string()), ("participant_codes", pa.list_(pa.string())),
    ("host_code", pa.string()), ("location", pa.string()), ("event_date", pa.date32()),
    ("date_precision", pa.string()), ("status", pa.string()), ("meeting_name", pa.string()),
    ("conditional", pa.bool_()), ("evidence", pa.string()), ("char_start", pa.int32()),
    ("char_end", pa.int32()), ("confidence", pa.float64()),
    ("rule_id", pa.string()), ("status_rule_id", pa.string()), ("date_rule_id", pa.string()),
    ("place_rule_id", pa.string()), ("extractor_version", pa.string()),
])
ALIAS_SCHEMA = pa.schema([("article_id", pa.string()), ("actor_code", pa.string()), ("alias", pa.string())])


def output_path(batch: Path, kind: str) -> Path:
    """The batch's output of a kind ("mentions", "aliases"), beside it."""
    return batch.with_name(batch.name.replace(".articles.parquet", f".{kind}.parquet"))


def extract_batch(batch: Path, model: str | None = None, prefilter: bool = True,
                  processes: int | None = None) -> dict:
    """Only the paragraphs that can hold an event are parsed (extractors.prefilter); the
    offsets of the evidence are given back in the article's full clean text. The benchmark
    turns the filter off to show what it saves and that it changes nothing found.

    With more than one process, the batch's articles are shared out, in order, among worker
    processes that live as long as this one: under `airflow dags test` the mapped extraction
    tasks run one after another in one process, and the workers keep every core busy."""
    articles = pq.read_table(batch, columns=["article_id", "clean_text", "published"]).to_pylist()
    processes = processes or extract_processes()
    if processes > 1 and len(articles) > 1:
        size = max(1, len(articles) // (processes * 4))
        chunks = [articles[i:i + size] for i in range(0, len(articles), size)]
        parts = list(_worker_pool(model, prefilter, processes).map(_extract_articles, chunks))
    else:
        parts = [_extract_articles(articles, model, prefilter)]
    mentions = [m for part_mentions, _ in parts for m in part_mentions]
    aliases = [a for _, part_aliases in parts for a in part_aliases]
    write_table(aliases, ALIAS_SCHEMA, output_path(batch, "aliases"))
    path = write_table(mentions, MENTION_SCHEMA, output_path(batch, "mentions"))
    return {"articles": len(articles), "mentions": len(mentions), "file": str(path)}


def extract_processes() -> int:
    return int(os.environ.get("PARLEY_EXTRACT_PROCESSES") or os.cpu_count() or 1)


def _extract_articles(articles: list[dict], model: str | None = None, prefilter: bool | None = None):
    model = model if model is not None else _WORKER.get("model")
    prefilter = prefilter if prefilter is not None else _WORKER.get("prefilter", True)
    select = ParagraphFilter(load_lexicon()).select if prefilter else whole_text
    selected = [select(a["clean_text"]) for a in articles]
    docs = load_nlp(model).pipe((dated_doc(text, a["published"], model) for a, (text, _) in zip(articles, selected)),
                                batch_size=32)
    mentions, aliases = [], []
    version = extractor_version(model or DEFAULT_MODEL, prefilter)
    for article, (_text, pieces), doc in zip(articles, selected, docs):
        found = doc_to_rows(doc)
        mentions += [_mention(article["article_id"], row, pieces, version) for row in found.rows]
        aliases += [{"article_id": article["article_id"], "actor_code": code, "alias": alias}
                    for code, alias in found.aliases]
    return mentions, aliases


_WORKER: dict = {}


def _start_worker(model: str | None, prefilter: bool) -> None:
    _WORKER.update(model=model, prefilter=prefilter)
    load_nlp(model)


@cache
def _worker_pool(model: str | None, prefilter: bool, processes: int) -> ProcessPoolExecutor:
    # forkserver: the workers do not inherit the threads and sockets of the Airflow process.
    return ProcessPoolExecutor(processes, mp_context=get_context("forkserver"), initializer=_start_worker,
                               initargs=(model, prefilter))


def _mention(article_id: str, row: EventRow, pieces: list[Piece], version: str) -> dict:
    start = original_offset(pieces, row.char_start)
    return {"article_id": article_id, **vars(row), "char_start": start,
            "char_end": start + row.char_end - row.char_start, "extractor_version": version}
