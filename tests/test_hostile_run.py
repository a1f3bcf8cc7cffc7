"""A folder of hostile inputs with good articles among them, and a loopback feed with good and
bad items, through the real DAG: the run exits 0, every bad item has its quarantine row, every
good article is in dim_articles with its events, nothing is read from outside the folder, and
a rerun adds nothing."""
import json
import os
import shutil

import pytest

from conftest import SAMPLES, query, run_parley
from test_feeds import Site, site  # noqa: F401 (the loopback site is a fixture)
from test_extract_isolation import LONG_PARAGRAPH
from test_prefilter import ARTICLE

SECRET = "A secret line outside the input folder that must never be read."
CURLY = ("Talks in Geneva\n\n\u201cWe will not attend the talks in Geneva,\u201d Iran\u2019s foreign minister "
         "said on Monday, and Iran refused the invitation to the conference.")
GOOD_RECORD = {"text": "Russia declined to attend the talks in Geneva on Monday, the foreign ministry said.",
               "title": "Russia declines", "url": "https://example.org/declines", "published": "2013-11-08"}


def hostile_folder(root):
    inbox, outside = root / "in", root / "outside"
    inbox.mkdir()
    outside.mkdir()
    for name in ("02-damascus-accepts-moscow-talks.txt", "04-lavrov-warns-opposition.txt",
                 "05-geneva-invitations.txt"):
        shutil.copy(SAMPLES / name, inbox / name)
    (outside / "passwd").write_text(SECRET)
    (inbox / "passwd-link.txt").symlink_to(outside / "passwd")
    (inbox / "outside-folder").symlink_to(outside)
    (inbox / "broken-link.txt").symlink_to(root / "missing.txt")
    (inbox / "loop-a.txt").symlink_to(inbox / "loop-b.txt")
    (inbox / "loop-b.txt").symlink_to(inbox / "loop-a.txt")
    os.mkfifo(inbox / "pipe.txt")
    (inbox / "cp1252.txt").write_bytes(CURLY.encode("cp1252"))
    (inbox / "odd-utf16.txt").write_bytes("Talks in Zurich were held on Monday.".encode("utf-16") + b"\x00")
    (inbox / "deep.json").write_text('{"text": ' * 10_000 + '"x"' + "}" * 10_000)
    records = [json.dumps(GOOD_RECORD), "[" * 10_000 + "]" * 10_000, json.dumps({**GOOD_RECORD, "title": {"a": 1}}),
               json.dumps({**GOOD_RECORD, "text": 42}), json.dumps({**GOOD_RECORD, "text": ["a", "list"]}),
               "{ this line is broken"]
    (inbox / "export.jsonl").write_text("\n".join(records) + "\n")
    (inbox / "byline.txt").write_text("Ministers to Meet in Nairobi\n\n" + "By A" + " and A" * 170_000 + "!\n\n"
                                      + ARTICLE.split("\n\n", 1)[1].replace("Nairobi", "Kisumu"))
    (inbox / "long.txt").write_text(ARTICLE.replace("Somali", "Ugandan").replace("Somalia", "Uganda") + "\n\n"
                                    + "\n\n".join([LONG_PARAGRAPH] * 21))
    return inbox


@pytest.mark.slow
def test_no_hostile_input_stops_the_run_and_each_is_quarantined(site, tmp_path):  # noqa: F811
    inbox = hostile_folder(tmp_path)
    warehouse = tmp_path / "w.duckdb"
    args = ("run", "--input", str(inbox), "--warehouse", str(warehouse), "--feed", f"{site}/mixed.xml")
    result = run_parley(*args)
    assert result.returncode == 0, result.stdout + result.stderr

    quarantined = dict(query(warehouse, "select regexp_extract(source_uri, '[^/]+$'), reason from quarantine"))
    assert quarantined == {
        "passwd-link.txt": "outside_input", "outside-folder": "outside_input", "broken-link.txt": "broken_link",
        "loop-a.txt": "broken_link", "loop-b.txt": "broken_link", "pipe.txt": "not_a_file",
        "odd-utf16.txt": "undecodable", "deep.json": "bad_json", "export.jsonl#L2": "bad_json",
        "export.jsonl#L3": "bad_field", "export.jsonl#L4": "bad_field", "export.jsonl#L5": "bad_field",
        "export.jsonl#L6": "bad_json", "mixed.xml#item2": "no_link", "story.html": "unsupported_url",
        "gone.html": "fetch_failed"}

    events = dict(query(warehouse, """
        select regexp_extract(a.source_uri, '[^/]+$'), count(m.event_id)
        from dim_articles a left join event_mentions m using (article_id) group by 1"""))
    assert set(events) == {"02-damascus-accepts-moscow-talks.txt", "04-lavrov-warns-opposition.txt",
                           "05-geneva-invitations.txt", "cp1252.txt", "export.jsonl#L1", "byline.txt", "long.txt",
                           "tunis.html", "moscow.html"}
    assert all(events.values()), f"every good article has its events: {events}"
    [(encoding, text)] = query(warehouse, "select encoding, clean_text from dim_articles where source_uri like '%cp1252%'")
    assert encoding == "windows-1252" and "\u201cWe will not attend" in text and "Iran\u2019s" in text
    assert query(warehouse, "select count(*) from raw.articles where raw_text like '%secret line%'") == [(0,)]
    assert query(warehouse, "select count(*) from dim_articles where clean_text like '%secret line%'") == [(0,)]

    def counts():
        return query(warehouse, "select (select count(*) from raw.article_sources), (select count(*) from raw.quarantine),"
                                " (select count(*) from raw.event_mentions)")

    before = counts()
    assert run_parley(*args).returncode == 0
    assert counts() == before, "a rerun adds nothing and loses nothing"


def test_input_may_be_one_file_and_a_wrong_input_is_named(tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    for wrong, message in ((tmp_path / "missing", "does not exist"), (fifo, "is neither a folder nor a regular file")):
        result = run_parley("run", "--input", str(wrong), "--warehouse", str(tmp_path / "w.duckdb"))
        assert result.returncode == 2 and message in " ".join(result.stdout.split()), result.stdout


@pytest.mark.slow
def test_a_single_file_is_read_as_the_input(tmp_path):
    warehouse = tmp_path / "w.duckdb"
    story = SAMPLES / "01-russia-skips-friends-of-syria.txt"
    result = run_parley("run", "--input", str(story), "--warehouse", str(warehouse))
    assert result.returncode == 0, result.stdout
    assert query(warehouse, "select source_uri from dim_articles") == [(str(story),)]
    assert query(warehouse, "select count(*) from event_mentions")[0][0] > 0
