"""Extraction stage: one batch of article files in, three Parquet files out
(articles, event mentions, quarantine). Pure function of its batch, so a retried batch
writes the same files and loading them twice adds nothing."""
from __future__ import annotations

import hashlib
import json
from dataclasses import asdict
from datetime import datetime, timezone
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from extractors.article import extract_doc, load_nlp
from parley.clean import clean_text
from parley.read import ArticleFile, Unreadable, read_article

ARTICLE_SCHEMA = pa.schema([
    ("article_id", pa.string()), ("source_uri", pa.string()), ("content_hash", pa.string()),
    ("title", pa.string()), ("published", pa.date32()), ("date_source", pa.string()),
    ("date_confidence", pa.float64()), ("raw_text", pa.string()), ("clean_text", pa.string()),
])
MENTION_SCHEMA = pa.schema([
    ("article_id", pa.string()), ("event_key", pa.string()), ("event_type", pa.string()),
    ("actor_code", pa.string()), ("target_code", pa.string()), ("participant_codes", pa.list_(pa.string())),
    ("host_code", pa.string()), ("location", pa.string()), ("event_date", pa.date32()),
    ("date_precision", pa.string()), ("status", pa.string()), ("meeting_name", pa.string()),
    ("conditional", pa.bool_()), ("evidence", pa.string()), ("char_start", pa.int32()),
    ("char_end", pa.int32()), ("confidence", pa.float64()),
])
QUARANTINE_SCHEMA = pa.schema([
    ("source_uri", pa.string()), ("content_hash", pa.string()), ("reason", pa.string()),
    ("detail", pa.string()), ("quarantined_at", pa.timestamp("us", tz="UTC")),
])


def write_batch(files: list[ArticleFile], path: Path) -> Path:
    path.write_text(json.dumps([asdict(f) for f in files]))
    return path


def read_batch(path: Path) -> list[ArticleFile]:
    return [ArticleFile(**item) for item in json.loads(path.read_text())]


def extract_batch(batch_path: Path, out_dir: Path, model: str | None = None) -> dict:
    """Read, clean and extract every file of a batch; write the results beside the batch."""
    articles, mentions, quarantine = [], [], []
    readable = []
    for file in read_batch(batch_path):
        try:
            raw = read_article(file)
        except Unreadable as problem:
            quarantine.append(_quarantine_row(file, problem.reason, problem.detail))
            continue
        clean = clean_text(raw.text)
        if not clean.text.strip():
            quarantine.append(_quarantine_row(file, "no_story", "nothing is left once boilerplate is removed"))
            continue
        readable.append((file, raw, clean))
    nlp = load_nlp(model)
    docs = nlp.pipe((clean.text for _, _, clean in readable), batch_size=32)
    for (file, raw, clean), doc in zip(readable, docs):
        article_id = article_id_of(file)
        articles.append({"article_id": article_id, "source_uri": file.source_uri, "content_hash": file.content_hash,
                         "title": clean.title, "published": clean.published, "date_source": clean.date_source,
                         "date_confidence": clean.date_confidence, "raw_text": raw.text, "clean_text": clean.text})
        for row in extract_doc(doc, clean.published, model):
            mentions.append({"article_id": article_id, **asdict(row)})
    stem = batch_path.stem
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = {
        "articles": _write(articles, ARTICLE_SCHEMA, out_dir / f"{stem}.articles.parquet"),
        "mentions": _write(mentions, MENTION_SCHEMA, out_dir / f"{stem}.mentions.parquet"),
        "quarantine": _write(quarantine, QUARANTINE_SCHEMA, out_dir / f"{stem}.quarantine.parquet"),
    }
    return {"articles": len(articles), "mentions": len(mentions), "quarantined": len(quarantine),
            "files": {k: str(v) for k, v in paths.items()}}


def article_id_of(file: ArticleFile) -> str:
    """One article per file version: the same text under two paths is two sources."""
    return hashlib.sha256(f"{file.source_uri}\n{file.content_hash}".encode()).hexdigest()[:16]


def _quarantine_row(file: ArticleFile, reason: str, detail: str) -> dict:
    return {"source_uri": file.source_uri, "content_hash": file.content_hash, "reason": reason,
            "detail": detail, "quarantined_at": datetime.now(timezone.utc)}


def _write(rows: list[dict], schema: pa.Schema, path: Path) -> Path:
    tmp = path.with_suffix(".tmp")
    pq.write_table(pa.Table.from_pylist(rows, schema=schema), tmp)
    tmp.replace(path)
    return path
