"""The paragraph and sentence filters before the parser: what they skip, and that skipping
changes nothing the extractor finds, evidence offsets included."""
from datetime import date
from pathlib import Path

import pyarrow.parquet as pq

from extractors.components import extract_text
from extractors.lexicon import load_lexicon
from extractors.prefilter import ParagraphFilter, SentenceFilter, original_offset
from parley.extract import extract_batch, output_path
from parley.ingest import ARTICLE_SCHEMA
from parley.parquet import write_table

ARTICLE = "\n\n".join([
    "Ministers to Meet in Nairobi",
    "NAIROBI, May 4, 2021 —",
    "The Kenyan shilling weakened by 2 percent against the dollar on Monday, traders said in the capital.",
    "Kenya's foreign minister invited his Somali counterpart to talks in Nairobi next week, the ministry said.",
    "Heavy rain closed several roads around the port of Mombasa for three days, the weather service reported.",
    "Somalia has refused to attend the talks, a spokesman for the Somali government said on Tuesday.",
])


def test_paragraphs_without_trigger_or_role_words_are_skipped():
    text, pieces = ParagraphFilter(load_lexicon()).select(ARTICLE)
    assert "shilling" not in text and "Heavy rain" not in text
    assert "invited" in text and "refused" in text and text.startswith("Ministers to Meet")
    refusal = text.index("Somalia has refused")
    assert ARTICLE[original_offset(pieces, refusal):].startswith("Somalia has refused")


def test_inflections_and_irregular_forms_count_as_triggers():
    paragraphs = ParagraphFilter(load_lexicon())
    for sentence in ("The two sides met on Friday in a quiet suburb of the capital city.",
                     "They held a long session behind closed doors that lasted well into the night.",
                     "Both delegations snubbed the reception offered in the old palace of the city."):
        assert paragraphs.worth_parsing(sentence), sentence
    assert not paragraphs.worth_parsing("Prices of bread and fuel rose again in the markets of the old city.")


def test_words_the_rules_read_only_beside_another_count_only_with_it():
    """Alone, "take", "send", a commitment verb, a readiness adjective, a verb holding
    a meeting or a verb with no trigger lemma ("told") starts no event."""
    words = ParagraphFilter(load_lexicon())
    for sentence in ("Chad said it would take part.", "Chad sent a delegation to Accra."):
        assert words.has_trigger(sentence), sentence
    for sentence in ("Rebuilding the roads will take a decade.", "Chad sent a cargo of cotton to Accra.",
                     "Chad decided to raise fuel taxes.",
                     "The port is ready for the harvest.", "Police held three protesters overnight.",
                     "The minister told reporters the harvest was poor."):
        assert not words.has_trigger(sentence), sentence


def test_role_words_count_only_beside_a_name():
    paragraphs = ParagraphFilter(load_lexicon())
    assert not paragraphs.worth_parsing("Exports of coffee fell by a fifth last year, according to official figures.")
    for sentence in ("Mr. Ruto, the foreign minister, spent the week at home with his family and advisers.",
                     "The prime minister of Kenya spent the week at home with his family and advisers.",
                     "The Somali parliament is expected to debate a new budget before the end of the year."):
        assert paragraphs.worth_parsing(sentence), sentence


def test_filtered_extraction_finds_what_the_full_parse_finds(tmp_path: Path):
    batch = tmp_path / "batch-00000.articles.parquet"
    write_table([{"article_id": "a1", "clean_text": ARTICLE, "published": date(2021, 5, 4)}], ARTICLE_SCHEMA, batch)
    extract_batch(batch)
    filtered = pq.read_table(output_path(batch, "mentions")).to_pylist()
    full = extract_text(ARTICLE, date(2021, 5, 4))
    assert {r["event_type"] for r in filtered} >= {"invitation", "refusal"}
    assert [(r["event_type"], r["actor_code"], r["target_code"], r["evidence"]) for r in filtered] == [
        (r.event_type, r.actor_code, r.target_code, r.evidence) for r in full]
    for row in filtered:
        assert ARTICLE[row["char_start"]:row["char_end"]] == row["evidence"]


def test_worker_processes_give_the_batch_the_mentions_of_one_process(tmp_path: Path):
    """Articles shared out among worker processes come back in order, with the same rows."""
    rows = [{"article_id": f"a{n}", "clean_text": ARTICLE.replace("Nairobi", city), "published": date(2021, 5, n + 1)}
            for n, city in enumerate(["Nairobi", "Geneva", "Vienna", "Doha", "Cairo"])]
    outputs = {}
    for processes in (1, 2):
        batch = tmp_path / str(processes) / "batch-00000.articles.parquet"
        batch.parent.mkdir()
        write_table(rows, ARTICLE_SCHEMA, batch)
        extract_batch(batch, processes=processes)
        outputs[processes] = pq.read_table(output_path(batch, "mentions")).to_pylist()
    assert [r["article_id"] for r in outputs[1]] == sorted(r["article_id"] for r in outputs[1])
    assert {r["article_id"] for r in outputs[1]} == {r["article_id"] for r in rows}
    assert outputs[2] == outputs[1]


def test_an_actor_is_introduced_only_where_a_kept_sentence_names_them_again():
    article = "\n\n".join([
        "Ministers to Meet in Accra", "ACCRA, June 2, 2023 —",
        "Ghanaian Foreign Minister Kwame Mensah flew home late on Sunday. Togo's Finance Minister Mr. "
        "Owusu spent the weekend with his family. Prices of cocoa rose again in the markets of the capital.",
        "Mensah will not attend the talks in Lome, his office said on Monday.",
    ])
    text, _pieces = SentenceFilter(load_lexicon()).select(article)
    assert "Ghanaian Foreign Minister Kwame Mensah flew home" in text and "Mensah will not attend" in text
    assert "Finance Minister" not in text and "Prices of cocoa" not in text
    full = extract_text(article, date(2023, 6, 2))
    assert [(r.event_type, r.actor_code) for r in full] == [("refusal", "GHAGOV")]
    assert [(r.event_type, r.actor_code, r.target_code) for r in extract_text(text, date(2023, 6, 2))] == [
        (r.event_type, r.actor_code, r.target_code) for r in full]
