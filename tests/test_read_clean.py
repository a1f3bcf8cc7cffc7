"""Reading files into text, quarantining what cannot be read, and dropping page furniture."""
from datetime import date

import pytest

from parley.clean import clean_text
from parley.read import ArticleFile, Unreadable, content_hash, list_files, read_article


def _file(path):
    return ArticleFile(str(path), content_hash(path.read_bytes()))


@pytest.mark.parametrize("data, reason", [
    (b"", "empty"), (b"   \n\n", "empty"), (b"\x00\x01\x02binary\x00" * 10, "binary"),
])
def test_unreadable_files_give_a_reason(tmp_path, data, reason):
    path = tmp_path / "bad.txt"
    path.write_bytes(data)
    with pytest.raises(Unreadable) as problem:
        read_article(_file(path))
    assert problem.value.reason == reason


def test_latin1_and_utf16_are_decoded(tmp_path):
    latin = tmp_path / "latin.txt"
    latin.write_bytes("Talks in Besançon were held.".encode("latin-1"))
    utf16 = tmp_path / "utf16.txt"
    utf16.write_text("Talks in Zürich were held.", encoding="utf-16")
    assert "Besançon" in read_article(_file(latin)).text
    assert "Zürich" in read_article(_file(utf16)).text


def test_unsupported_suffix_is_quarantined(tmp_path):
    path = tmp_path / "a.pdf"
    path.write_bytes(b"%PDF-1.4")
    with pytest.raises(Unreadable) as problem:
        read_article(_file(path))
    assert problem.value.reason == "unsupported_format"


def test_list_files_is_recursive_and_skips_hidden(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.txt").write_text("x")
    (tmp_path / ".hidden.txt").write_text("x")
    assert [f.source_uri.rsplit("/", 1)[1] for f in list_files(tmp_path)] == ["a.txt"]


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
