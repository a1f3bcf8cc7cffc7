"""Reading files into text, quarantining what cannot be read, and dropping page furniture."""
from datetime import date

import pytest

from parley.clean import clean_item, clean_text
from parley.read import ArticleFile, Problem, SourceItem, content_hash, list_files, read_file


def _file(path):
    return ArticleFile(str(path), content_hash(path.read_bytes()))


def _read(path):
    return read_file(_file(path))


@pytest.mark.parametrize("name, data, reason", [
    ("a.txt", b"", "empty"), ("b.txt", b"   \n\n", "empty"), ("c.txt", b"\x00\x01\x02binary\x00" * 10, "binary"),
    ("d.pdf", b"%PDF-1.4", "unsupported_format"), ("e.html", b"<html><body><p>Cut short", "truncated_html"),
    ("f.txt", bytes(range(128, 256)) * 4, "undecodable"), ("g.json", b"{not json", "bad_json"),
    ("h.xml", b"<rss><channel></channel></rss>", "empty_feed"),
])
def test_unreadable_files_give_a_reason(tmp_path, name, data, reason):
    path = tmp_path / name
    path.write_bytes(data)
    [problem] = _read(path)
    assert isinstance(problem, Problem) and problem.reason == reason, problem
    assert problem.detail


def test_encodings_are_decoded_and_named(tmp_path):
    latin = tmp_path / "latin.txt"
    latin.write_bytes("Talks in Besançon were held.".encode("latin-1"))
    utf16 = tmp_path / "utf16.txt"
    utf16.write_text("Talks in Zürich were held.", encoding="utf-16")
    [latin_item], [utf16_item] = _read(latin), _read(utf16)
    assert "Besançon" in latin_item.body and latin_item.encoding == "latin-1"
    assert "Zürich" in utf16_item.body and utf16_item.encoding == "utf-16"


def test_jsonl_export_loads_good_lines_and_quarantines_the_broken_one(tmp_path):
    path = tmp_path / "export.jsonl"
    path.write_text('{"text": "Russia declined to attend the talks.", "url": "https://x/1", "published": "2013-11-08"}\n'
                    '{broken\n'
                    '{"title": "no body"}\n'
                    '{"html": "<html><body><p>Iran met Iraq.</p></body></html>"}\n')
    items = _read(path)
    assert [type(i).__name__ for i in items] == ["SourceItem", "Problem", "Problem", "SourceItem"]
    assert items[0].url == "https://x/1" and str(items[0].published) == "2013-11-08"
    assert items[0].source_uri.endswith("export.jsonl#L1")
    assert items[1].reason == "bad_json" and "line 2" in items[1].detail
    assert items[2].reason == "no_text"
    assert items[3].kind == "html"


def test_rss_and_atom_entries_become_articles(tmp_path):
    rss = tmp_path / "feed.rss"
    rss.write_text("<rss version='2.0'><channel><title>Wire</title><item><title>Talks</title>"
                   "<link>https://x/talks</link><pubDate>Fri, 08 Nov 2013 10:00:00 GMT</pubDate>"
                   "<description>&lt;p&gt;Russia and Iran held talks in Moscow.&lt;/p&gt;</description></item>"
                   "</channel></rss>")
    atom = tmp_path / "feed.atom"
    atom.write_text("<feed xmlns='http://www.w3.org/2005/Atom'><title>Wire</title><entry><title>Summit</title>"
                    "<link href='https://x/summit'/><updated>2014-01-02T00:00:00Z</updated>"
                    "<content type='html'>&lt;p&gt;Leaders met in Geneva.&lt;/p&gt;</content></entry></feed>")
    [rss_item], [atom_item] = _read(rss), _read(atom)
    assert rss_item.url == "https://x/talks" and str(rss_item.published) == "2013-11-08" and rss_item.site == "Wire"
    assert "held talks in Moscow" in rss_item.body and rss_item.source_uri.endswith("feed.rss#item1")
    assert atom_item.url == "https://x/summit" and str(atom_item.published) == "2014-01-02"


def test_html_main_text_and_metadata_by_trafilatura():
    page = ("<html><head><title>Talks</title><meta property='article:published_time' content='2013-11-08'>"
            "</head><body><nav>Home | World | Sport</nav><article><h1>Russia skips talks</h1>"
            "<p>Russia will not attend the conference in Geneva next week, the ministry said on Friday.</p>"
            "</article><footer>Subscribe to our newsletter</footer></body></html>")
    article = clean_item(SourceItem("p.html", "p.html", "h", "html", page, "utf-8"))
    assert "Russia will not attend the conference in Geneva" in article.clean_text
    assert "Sport" not in article.clean_text and "newsletter" not in article.clean_text
    assert str(article.published) == "2013-11-08" and article.date_source == "metadata"


def test_non_english_text_is_quarantined():
    text = ("Die Außenminister haben sich am Montag in Genf getroffen, um über die Lage in Syrien zu sprechen. "
            "Beide Seiten vereinbarten weitere Gespräche.")
    problem = clean_item(SourceItem("de.txt", "de.txt", "h", "text", text, "utf-8"))
    assert isinstance(problem, Problem) and problem.reason == "not_english" and "'de'" in problem.detail


def test_list_files_is_recursive_and_skips_hidden(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.txt").write_text("x")
    (tmp_path / ".hidden.txt").write_text("x")
    assert [f.source_uri.rsplit("/", 1)[1] for f in list_files(tmp_path)] == ["a.txt"]


def test_list_files_names_a_linked_file_by_its_target_and_does_not_follow_linked_folders(tmp_path):
    elsewhere = tmp_path / "elsewhere"
    (elsewhere / "folder").mkdir(parents=True)
    (elsewhere / "target.txt").write_text("x")
    (elsewhere / "folder" / "inside.txt").write_text("y")
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "link.txt").symlink_to(elsewhere / "target.txt")
    (inbox / "linked-folder").symlink_to(elsewhere / "folder")
    (inbox / "broken.txt").symlink_to(tmp_path / "missing.txt")
    assert [f.source_uri for f in list_files(inbox)] == [str((elsewhere / "target.txt").resolve())]


def test_clean_drops_boilerplate_and_captions_and_keeps_the_story():
    raw = ("Support independent journalism today!\n\nTalks Open in Vienna\n\n"
           "VIENNA, March 3, 2014 — Diplomats from Iran and six powers met on Monday.\n\n"
           "A delegate walks past flags in Vienna, March 2, 2014. (AP Photo/Jane Doe)\n\n"
           "Read more\n\nSign up for our newsletter\n")
    article = clean_text(raw)
    assert article.title == "Talks Open in Vienna"
    assert article.published == date(2014, 3, 3)
    assert "Diplomats from Iran and six powers met on Monday." in article.text
    for furniture in ("Support", "AP Photo", "Read more", "newsletter"):
        assert furniture not in article.text
    assert article.text.splitlines()[2] == "VIENNA, March 3, 2014"


@pytest.mark.parametrize("heading", ["Latest Videos", "Related Stories", "Most read articles"])
def test_the_links_listed_under_a_furniture_heading_are_not_story(heading):
    raw = (f"Talks Open in Vienna\n\nDiplomats from Iran and six powers met on Monday.\n\n{heading}\n"
           "- US AND RUSSIA HOLD TALKS ON UKRAINE\n- Will the summit in Helsinki go ahead?\n\n"
           "- Iran will attend the next round, its envoy said.\n")
    article = clean_text(raw)
    assert heading not in article.text and "UKRAINE" not in article.text and "Helsinki" not in article.text
    assert "Diplomats from Iran and six powers met on Monday." in article.text


def test_a_bulleted_list_in_the_story_is_kept():
    raw = "Talks Open in Vienna\n\nThe envoys agreed on three points:\n- Iran will attend the next round.\n"
    assert "- Iran will attend the next round." in clean_text(raw).text


@pytest.mark.parametrize("caption", [
    "The envoy (left) shakes hands with the foreign minister before talks in Vienna.",
    "The opposition leader, right, listens to the envoy during their meeting in Paris.",
    "Delegates arrive for the talks in a handout picture from the foreign ministry.",
    "The president receives a letter of invitation to the summit in Seoul on Saturday. (Yonhap)",
])
def test_photo_captions_are_not_story(caption):
    article = clean_text(f"Talks Open in Vienna\n\n{caption}\n\nDiplomats from Iran and six powers met on Monday.")
    assert caption not in article.text
    assert "Diplomats from Iran and six powers met on Monday." in article.text


def test_a_leading_date_stamp_is_metadata_not_text():
    article = clean_text(" date 2021-02-28 Iran dismisses talks\n\nIran said on Sunday it would not meet.")
    assert article.published == date(2021, 2, 28) and article.date_source == "metadata"
    assert not article.text.startswith("date")


def test_a_dateline_after_a_date_stamp_goes_on_a_line_of_its_own():
    cleaned = clean_text("date 2018-11-13 PALERMO, Sicily (AP) — Italy's premier hosted a meeting on Tuesday.")
    assert cleaned.text.splitlines()[0] == "PALERMO, Sicily (AP)"
    assert cleaned.published == date(2018, 11, 13)


def test_a_published_line_outranks_the_page_headers_date_of_the_day():
    raw = ("Wed, Dec 25, 2024 | 0°C\n\nOpposition to Meet in Doha\n\nPublished: Fri 4 Dec 2015, 4:20 PM\n\n"
           "Opposition leaders will meet in Doha next week.\n")
    assert clean_text(raw).published == date(2015, 12, 4)


def test_no_break_spaces_become_plain_spaces():
    cleaned = clean_text("Talks\u00a0in\u00a0Moscow\n\nThe opposition declined the\u00a0invitation to\u202fMoscow on Monday.")
    assert "\u00a0" not in cleaned.text and "\u202f" not in cleaned.text
    assert "the invitation to Moscow" in cleaned.text


def test_a_compact_day_line_dates_the_article_when_nothing_else_does():
    cleaned = clean_text("Ministers to meet in Sofia\n\n14052018 1\n\nThe two ministers will meet in Sofia on 17 May.")
    assert cleaned.published == date(2018, 5, 14)
    assert clean_text("Ministers to meet\n\n99999999\n\nThe two ministers will meet soon.").published is None


def test_ordinal_day_dates_the_article():
    assert clean_text("Leaders meet in Geneva\n\nWed 16th June 2021 | 05:30 PM\n\nThe leaders met.").published == \
        date(2021, 6, 16)
