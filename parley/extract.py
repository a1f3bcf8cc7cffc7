"""Extraction stage: one batch of clean articles in, their event mentions out as Parquet.
A pure function of its batch, so a retried batch writes the same file and loading it
twice adds nothing."""
from __future__ import annotations

import os
import re
from concurrent.futures import ProcessPoolExecutor
from functools import cache, partial
from multiprocessing import get_context
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
from spacy.language import Language
from spacy.tokens import Doc

from extractors.article import EventRow
from extractors.components import COMPONENTS, DEFAULT_MODEL, extract_article, load_nlp
from extractors.lexicon import load_lexicon
from extractors.prefilter import Piece, SentenceFilter, original_offset, whole_text
from parley.extractor_version import extractor_version
# Not parley.ingest's import: that brings discover's deduplication, and with it scipy
# (0.4 s of CPU in every extraction worker).
from parley.parquet import write_table

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
FAILURE_SCHEMA = pa.schema([("article_id", pa.string()), ("reason", pa.string()), ("detail", pa.string())])
# Texts are parsed in pieces of at most this many characters, cut at paragraph breaks: spaCy
# refuses texts over nlp.max_length (1,000,000) and needs memory in proportion to a text's
# length. Sentences do not cross paragraphs, so the pieces parse as the whole would.
PIECE_CHARS = 100_000
# A run of text with no sentence end ('.', '!', '?' or a line break) longer than this is not
# parsed: it is replaced by line breaks, which the paragraph filter takes for a paragraph
# break, so every offset stays. No news sentence is that long, and parsing and extracting a
# sentence take time that grows faster than its length (a 1 MB line of "By A and A and ..."
# would hold a batch for hours). The lookbehind starts a run only after a sentence end, so
# the pattern reads each character once.
MAX_SENTENCE_CHARS = 2_000
UNENDING_RUN = re.compile(rf"(?<![^.!?\n])[^.!?\n]{{{MAX_SENTENCE_CHARS},}}")


def output_path(batch: Path, kind: str) -> Path:
    """The batch's output of a kind ("mentions", "aliases", "failures"), beside it."""
    return batch.with_name(batch.name.replace(".articles.parquet", f".{kind}.parquet"))


def extract_batch(batch: Path, model: str | None = None, prefilter: bool = True,
                  processes: int | None = None) -> dict:
    """Only the sentences that can hold an event or introduce its actors are parsed
    (extractors.prefilter); the offsets of the evidence are given back in the article's full
    clean text. The benchmark turns the selection off to show what it saves and that it
    changes nothing found. An article whose parse or extraction fails is written to the
    batch's failures, for the load to quarantine; the others are extracted.

    With more than one process, the batch's articles are shared out, in order, among worker
    processes that live as long as this one: under `airflow dags test` the mapped extraction
    tasks run one after another in one process, and the workers keep every core busy."""
    articles = pq.read_table(batch, columns=["article_id", "clean_text", "published"]).to_pylist()
    processes = processes or extract_processes()
    if processes > 1 and len(articles) > 1:
        size = max(1, len(articles) // (processes * 4))
        chunks = [articles[i:i + size] for i in range(0, len(articles), size)]
        extract = partial(_extract_articles, model=model, prefilter=prefilter)
        parts = list(_worker_pool(model, processes).map(extract, chunks))
    else:
        parts = [_extract_articles(articles, model, prefilter)]
    mentions = [m for part in parts for m in part[0]]
    aliases = [a for part in parts for a in part[1]]
    failures = [f for part in parts for f in part[2]]
    write_table(failures, FAILURE_SCHEMA, output_path(batch, "failures"))
    write_table(aliases, ALIAS_SCHEMA, output_path(batch, "aliases"))
    path = write_table(mentions, MENTION_SCHEMA, output_path(batch, "mentions"))
    return {"articles": len(articles), "mentions": len(mentions), "failed": len(failures), "file": str(path)}


def without_unending_runs(text: str) -> str:
    return UNENDING_RUN.sub(lambda run: "\n" * len(run.group()), text)


def parse(nlp: Language, texts: list[str]) -> list[Doc | Exception]:
    """A Doc for each text, or the error parsing it raised. The batch is parsed together, as
    nlp.pipe is fastest; only when that fails is each text parsed alone, to find which failed."""
    pieces = [text_pieces(text) for text in texts]
    # The Parley components read a whole article (its actors, its merge): extract_article runs
    # them on the joined Doc.
    with nlp.select_pipes(disable=list(COMPONENTS)):
        try:
            docs = iter(list(nlp.pipe((piece for parts in pieces for piece in parts), batch_size=32)))
            return [_joined([next(docs) for _ in parts]) for parts in pieces]
        except Exception:  # noqa: BLE001
            return [_parsed_alone(nlp, parts) for parts in pieces]


def _parsed_alone(nlp: Language, parts: list[str]) -> Doc | Exception:
    try:
        return _joined(list(nlp.pipe(parts)))
    except Exception as error:  # noqa: BLE001
        return error


def _joined(docs: list[Doc]) -> Doc:
    """The pieces' Docs as one, whose text is the pieces' text, so offsets stay as they were."""
    return docs[0] if len(docs) == 1 else Doc.from_docs(docs, ensure_whitespace=False)


def text_pieces(text: str, size: int | None = None) -> list[str]:
    """The text cut into pieces of at most `size` characters that join back into it: after the
    last paragraph break within the size, else the last line break, else the last space."""
    size = size or PIECE_CHARS
    pieces = []
    while len(text) > size:
        head = text[:size]
        cut = next((head.rfind(sep) + len(sep) for sep in ("\n\n", "\n", " ") if head.rfind(sep) > 0), size)
        pieces.append(text[:cut])
        text = text[cut:]
    return pieces + [text]


def extract_processes() -> int:
    return int(os.environ.get("PARLEY_EXTRACT_PROCESSES") or os.cpu_count() or 1)


def _extract_articles(articles: list[dict], model: str | None,
                      prefilter: bool) -> tuple[list[dict], list[dict], list[dict]]:
    """The mentions, aliases and failures of some articles, in their order."""
    select = sentence_filter().select if prefilter else whole_text
    selected = [select(without_unending_runs(a["clean_text"])) for a in articles]
    docs = parse(load_nlp(model), [text for text, _ in selected])
    version = extractor_version(model or DEFAULT_MODEL, prefilter)
    mentions, aliases, failures = [], [], []
    for article, (_text, pieces), doc in zip(articles, selected, docs):
        try:
            if isinstance(doc, Exception):
                raise doc
            found = extract_article(doc, article["published"], model)
            found_mentions = [_mention(article["article_id"], row, pieces, version) for row in found.rows]
        except Exception as error:  # noqa: BLE001 (one article's failure is that article's alone)
            failures.append({"article_id": article["article_id"], "reason": "extract_failed",
                             "detail": f"{type(error).__name__}: {error}"[:500]})
            continue
        mentions += found_mentions
        aliases += [{"article_id": article["article_id"], "actor_code": code, "alias": alias}
                    for code, alias in found.aliases]
    return mentions, aliases, failures


@cache
def sentence_filter() -> SentenceFilter:
    return SentenceFilter(load_lexicon())


@cache
def _worker_pool(model: str | None, processes: int) -> ProcessPoolExecutor:
    # forkserver: the workers do not inherit the threads and sockets of the Airflow process;
    # each loads the model once, as it starts.
    return ProcessPoolExecutor(processes, mp_context=get_context("forkserver"), initializer=load_nlp,
                               initargs=(model,))


def _mention(article_id: str, row: EventRow, pieces: list[Piece], version: str) -> dict:
    start = original_offset(pieces, row.char_start)
    return {"article_id": article_id, **vars(row), "char_start": start,
            "char_end": start + row.char_end - row.char_start, "extractor_version": version}
