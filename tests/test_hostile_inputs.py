"""Property-based: whatever a file or a record holds, discover neither raises nor loses it;
each item becomes an article (a source) or a quarantine row with a reason of the contract."""
import json
import tempfile
from pathlib import Path

import pyarrow.parquet as pq
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from parley.clean import clean_text
from parley.contract import QUARANTINE_REASONS
from parley.dedup import Deduplicator
from parley.ingest import prepare_batches
from parley.read import list_files

STORY = "Russia declined to attend the talks in Geneva on Monday, the foreign ministry said."
SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])

scalars = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20)
json_values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=3)
                           | st.dictionaries(st.text(max_size=5), inner, max_size=3), max_leaves=8)
fields = json_values | st.just(STORY) | st.just("2013-11-08")
records = st.fixed_dictionaries({}, optional={name: fields for name in ("text", "html", "title", "url", "published",
                                                                         "source")})
deep = st.integers(min_value=1, max_value=20_000).map(lambda depth: "[" * depth + "]" * depth)
broken_lines = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\n"), max_size=40)
jsonl_lines = st.lists(records.map(json.dumps) | json_values.map(json.dumps) | deep | broken_lines
                       | st.just(json.dumps({"text": STORY, "title": "Talks"})), min_size=1, max_size=6)


def _discover(files: dict[str, bytes]) -> dict:
    """Discover over a folder of these files, as the DAG's discover step runs it."""
    with tempfile.TemporaryDirectory() as folder:
        inbox, run_dir = Path(folder) / "in", Path(folder) / "run"
        inbox.mkdir()
        run_dir.mkdir()
        for name, data in files.items():
            (inbox / name).write_bytes(data)
        found = prepare_batches(list_files(inbox), Deduplicator(), run_dir, batch_size=50)
        reasons = set(pq.read_table(run_dir / "quarantine.parquet").column("reason").to_pylist())
        articles = sum(pq.read_metadata(batch).num_rows for batch in found["batches"])
    assert reasons <= set(QUARANTINE_REASONS)
    assert articles == found["articles"]
    return found


@SETTINGS
@given(jsonl_lines)
def test_every_jsonl_line_becomes_an_article_or_a_quarantine_row(lines):
    found = _discover({"export.jsonl": "\n".join(lines).encode("utf-8")})
    records = sum(1 for line in lines if line.strip())
    assert found["sources"] + found["quarantined"] == (records or 1)  # no record at all: the file is empty


@SETTINGS
@given(st.sampled_from([".txt", ".json", ".jsonl", ".html", ".xml", ".pdf", ""]), st.binary(max_size=3000))
def test_any_bytes_in_any_kind_of_file_give_an_article_or_a_quarantine_row(suffix, data):
    found = _discover({f"file{suffix}": data, "story.txt": f"Talks\n\n{STORY}".encode()})
    assert found["sources"] >= 1 and found["quarantined"] + found["sources"] >= 2


@SETTINGS
@given(st.lists(st.text(max_size=200) | st.sampled_from(["By A and A and A", "(AP Photo", "MOSCOW —", "A.A.A."]),
                max_size=20))
def test_cleaning_any_text_keeps_only_lines_of_it(lines):
    raw = "\n".join(lines)
    cleaned = clean_text(raw)
    assert all(line in raw.replace("\u00a0", " ") or not line for line in cleaned.text.split("\n\n"))
