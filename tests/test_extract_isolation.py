"""Extraction of a batch: a text over spaCy's length limit is parsed in pieces with its offsets
kept, and an article whose extraction fails is quarantined by the load, alone."""
import subprocess
import sys
from datetime import date
from pathlib import Path

import duckdb
import pyarrow.parquet as pq

from parley import extract
from parley.dedup import Deduplicator
from parley.extract import extract_batch, output_path, text_pieces
from parley.ingest import ARTICLE_SCHEMA, prepare_batches
from parley.load import load_run
from parley.parquet import write_table
from parley.read import list_files
from test_prefilter import ARTICLE

# A paragraph the paragraph filter keeps (a trigger word) that costs the parser few tokens.
LONG_PARAGRAPH = "Talks " + ("The " + "z" * 400 + " of the talks. ") * 115  # English by its function words


def _extract(tmp_path: Path, texts: list[str]) -> tuple[list[dict], list[dict]]:
    batch = tmp_path / "batch-00000.articles.parquet"
    write_table([{"article_id": f"a{i}", "clean_text": text, "published": date(2021, 5, 4)}
                 for i, text in enumerate(texts)], ARTICLE_SCHEMA, batch)
    extract_batch(batch)
    return (pq.read_table(output_path(batch, "mentions")).to_pylist(),
            pq.read_table(output_path(batch, "failures")).to_pylist())


def _facts(mentions: list[dict]) -> list[tuple]:
    return [(m["article_id"], m["event_type"], m["actor_code"], m["target_code"], m["evidence"], m["char_start"])
            for m in mentions]


def test_pieces_join_back_into_the_text_and_are_cut_at_paragraphs():
    text = "\n\n".join(["a" * 30, "b" * 30, "c" * 30, "d" * 100])
    pieces = text_pieces(text, 70)
    assert "".join(pieces) == text and all(len(p) <= 70 for p in pieces)
    assert pieces[0] == "a" * 30 + "\n\n" + "b" * 30 + "\n\n"
    assert text_pieces("x" * 150, 70) == ["x" * 70, "x" * 70, "x" * 10]


def test_an_article_parsed_in_pieces_gives_what_its_whole_parse_gives(tmp_path, monkeypatch):
    (tmp_path / "whole").mkdir()
    whole, _ = _extract(tmp_path / "whole", [ARTICLE])
    monkeypatch.setenv("PARLEY_EXTRACT_PROCESSES", "1")  # the patch below reaches this process only
    monkeypatch.setattr(extract, "PIECE_CHARS", 120)
    (tmp_path / "pieces").mkdir()
    in_pieces, failures = _extract(tmp_path / "pieces", [ARTICLE])
    assert {m["event_type"] for m in whole} >= {"invitation", "refusal"}
    assert _facts(in_pieces) == _facts(whole) and failures == []


def test_a_text_longer_than_the_parsers_limit_is_extracted_with_its_offsets(tmp_path):
    long_text = ARTICLE + "\n\n" + "\n\n".join([LONG_PARAGRAPH] * 21)
    assert len(long_text) > 1_000_000  # spaCy's nlp.max_length: E088 without the pieces
    mentions, failures = _extract(tmp_path, [long_text, ARTICLE])
    assert failures == []
    in_article_part = [m for m in mentions if m["article_id"] == "a0" and m["char_start"] < len(ARTICLE)]
    alone = [m for m in mentions if m["article_id"] == "a1"]
    assert [f[1:] for f in _facts(in_article_part)] == [f[1:] for f in _facts(alone)]
    for mention in mentions:
        text = long_text if mention["article_id"] == "a0" else ARTICLE
        assert text[mention["char_start"]:mention["char_end"]] == mention["evidence"]


def test_an_article_whose_extraction_fails_is_quarantined_and_the_batch_loads(tmp_path, monkeypatch):
    """No real input is known to break the extractor (when one is, it joins this test), so a
    fault is injected into extract_article for one article; parsing, files and load are real."""
    inbox = tmp_path / "in"
    inbox.mkdir()
    (inbox / "good.txt").write_text(ARTICLE)
    (inbox / "breaks.txt").write_text(ARTICLE.replace("Nairobi", "Mombasa") + "\n\nThe extractor breaks here today.")
    real = extract.extract_article

    def breaking(doc, *args):
        if "extractor breaks" in doc.text:
            raise IndexError("an injected fault")
        return real(doc, *args)

    monkeypatch.setenv("PARLEY_EXTRACT_PROCESSES", "1")  # the patch below reaches this process only
    monkeypatch.setattr(extract, "extract_article", breaking)
    run_dir = tmp_path / "run"
    run_dir.mkdir()
    found = prepare_batches(list_files(inbox), Deduplicator(), run_dir, batch_size=50)
    assert extract_batch(Path(found["batches"][0]))["failed"] == 1
    warehouse = tmp_path / "w.duckdb"
    counts = load_run(warehouse, run_dir, "run-1", found["batches"], 2)
    assert counts["sources_loaded"] == 1 and counts["quarantined"] == 1 and counts["items_read"] == 2
    with duckdb.connect(str(warehouse), read_only=True) as con:
        assert con.execute("select source_uri, reason, detail from raw.quarantine").fetchall() == [
            (str(inbox / "breaks.txt"), "extract_failed", "IndexError: an injected fault")]
        assert con.execute("select source_uri from raw.articles").fetchall() == [(str(inbox / "good.txt"),)]
        assert con.execute("select count(*) from raw.event_mentions").fetchone()[0] > 0


def test_a_run_of_text_with_no_sentence_end_is_not_parsed_and_offsets_stay(tmp_path):
    hostile = "Ministers to Meet in Nairobi\n\nBy A" + " and A" * 100_000 + "!\n\n" + ARTICLE.split("\n\n", 1)[1]
    assert len(extract.without_unending_runs(hostile)) == len(hostile)
    mentions, failures = _extract(tmp_path, [hostile])
    assert failures == [] and {m["event_type"] for m in mentions} >= {"invitation", "refusal"}
    for mention in mentions:
        assert hostile[mention["char_start"]:mention["char_end"]] == mention["evidence"]


def test_an_extraction_worker_does_not_import_discovers_deduplication():
    """datasketch imports scipy: 0.4 s of CPU that each worker spent for nothing."""
    loaded = subprocess.run([sys.executable, "-c", "import sys, parley.extract; print(sorted(sys.modules))"],
                            capture_output=True, text=True, check=True).stdout
    assert "'parley.extract'" in loaded
    assert "'datasketch'" not in loaded and "'scipy'" not in loaded
