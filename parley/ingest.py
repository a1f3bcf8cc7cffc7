"""Discover stage: new or changed files in, batches of clean canonical articles out.

Reading and cleaning are cheap next to parsing, so they happen here, once, in order:
that is what lets duplicates (exact or near, against the warehouse and within the run)
be found before anything is parsed, so no story is extracted twice.
"""
from __future__ import annotations

import hashlib
from dataclasses import asdict
from datetime import datetime, timezone
from pathlib import Path

import pyarrow as pa

from parley.clean import Article, clean_item
from parley.dedup import Deduplicator, signature, text_hash
from parley.parquet import write_table
from parley.read import ArticleFile, Problem, SourceItem, read_file

ARTICLE_SCHEMA = pa.schema([
    ("article_id", pa.string()), ("source_uri", pa.string()), ("file_uri", pa.string()),
    ("content_hash", pa.string()), ("kind", pa.string()), ("encoding", pa.string()), ("title", pa.string()),
    ("url", pa.string()), ("site", pa.string()), ("published", pa.date32()), ("date_source", pa.string()),
    ("date_confidence", pa.float64()), ("language", pa.string()), ("raw_text", pa.string()),
    ("clean_text", pa.string()), ("text_hash", pa.string()), ("minhash", pa.list_(pa.uint64())),
])
SOURCE_SCHEMA = pa.schema([
    ("article_id", pa.string()), ("source_uri", pa.string()), ("file_uri", pa.string()),
    ("content_hash", pa.string()), ("url", pa.string()), ("title", pa.string()), ("published", pa.date32()),
    ("is_canonical", pa.bool_()),
])
QUARANTINE_SCHEMA = pa.schema([
    ("source_uri", pa.string()), ("file_uri", pa.string()), ("content_hash", pa.string()), ("reason", pa.string()),
    ("detail", pa.string()), ("quarantined_at", pa.timestamp("us", tz="UTC")),
])


def article_id_of(source_uri: str, content_hash: str) -> str:
    return hashlib.sha256(f"{source_uri}\n{content_hash}".encode()).hexdigest()[:16]


def prepare_batches(files: list[ArticleFile], dedup: Deduplicator, run_dir: Path, batch_size: int,
                    fetched: list[SourceItem | Problem] = ()) -> dict:
    """Read, clean and deduplicate the files (and items fetched from feeds); write article
    batches, sources and quarantine."""
    canonical: list[dict] = []
    sources: list[dict] = []
    quarantine: list[dict] = []
    for item in [item for file in files for item in _read(file)] + list(fetched):
        article = _clean(item) if not isinstance(item, Problem) else item
        if isinstance(article, Problem):
            quarantine.append({**asdict(article), "quarantined_at": datetime.now(timezone.utc)})
            continue
        _place(article, dedup, canonical, sources)
    batches = []
    # At least one batch, empty or not, so that extraction and loading always have files to read.
    for start in range(0, max(len(canonical), 1), batch_size):
        path = run_dir / f"batch-{start // batch_size:05d}.articles.parquet"
        batches.append(str(write_table(canonical[start:start + batch_size], ARTICLE_SCHEMA, path)))
    write_table(sources, SOURCE_SCHEMA, run_dir / "sources.parquet")
    write_table(quarantine, QUARANTINE_SCHEMA, run_dir / "quarantine.parquet")
    return {"batches": batches, "articles": len(canonical), "sources": len(sources),
            "duplicates": len(sources) - len(canonical), "quarantined": len(quarantine),
            "reasons": sorted({q["reason"] for q in quarantine})}


# Every failure of one item is that item's quarantine row: the readers say what they foresee
# (a broken record, an unknown encoding); whatever else a library raises on a hostile input
# is caught here, so that the rest of the batch still loads.
def _read(file: ArticleFile) -> list[SourceItem | Problem]:
    try:
        return read_file(file)
    except Exception as error:  # noqa: BLE001 (isolation is the point)
        return [Problem(file.source_uri, file.source_uri, file.content_hash, "read_failed", _error(error))]


def _clean(item: SourceItem) -> Article | Problem:
    try:
        return clean_item(item)
    except Exception as error:  # noqa: BLE001
        return Problem(item.source_uri, item.file_uri, item.content_hash, "clean_failed", _error(error))


def _error(error: Exception) -> str:
    return f"{type(error).__name__}: {error}"[:500]


def _place(article: Article, dedup: Deduplicator, canonical: list[dict], sources: list[dict]) -> None:
    article_id = article_id_of(article.source_uri, article.content_hash)
    exact, values = text_hash(article.clean_text), signature(article.clean_text)
    original = dedup.canonical_of(article_id, exact, values)
    if original is None:
        canonical.append({"article_id": article_id, "source_uri": article.source_uri, "file_uri": article.file_uri,
                          "content_hash": article.content_hash, "kind": article.kind, "encoding": article.encoding,
                          "title": article.title, "url": article.url, "site": article.site,
                          "published": article.published, "date_source": article.date_source,
                          "date_confidence": article.date_confidence, "language": article.language,
                          "raw_text": article.raw_text, "clean_text": article.clean_text,
                          "text_hash": exact, "minhash": values})
    sources.append({"article_id": original or article_id, "source_uri": article.source_uri,
                    "file_uri": article.file_uri, "content_hash": article.content_hash, "url": article.url,
                    "title": article.title, "published": article.published, "is_canonical": original is None})
