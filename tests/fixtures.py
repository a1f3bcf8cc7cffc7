"""A folder of what users really have, built from our samples: HTML pages, a JSONL export,
an RSS feed, wire copies, and broken files of every kind we quarantine."""
import html
import json
import shutil
from pathlib import Path

from conftest import SAMPLES

GERMAN = ("Die Außenminister Russlands und der Vereinigten Staaten haben sich am Montag in Genf getroffen, "
          "um über die Lage in Syrien zu sprechen. Beide Seiten vereinbarten weitere Gespräche im nächsten Monat.")


def sample_text(name: str) -> str:
    return (SAMPLES / name).read_text(encoding="utf-8")


def story_lines(name: str) -> list[str]:
    """The sample's story paragraphs, without its headline and page furniture."""
    lines = [line for line in sample_text(name).splitlines() if line.strip()]
    return [line for line in lines if len(line.split()) > 8]


def as_html(title: str, paragraphs: list[str], published: str) -> str:
    body = "".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)
    return (f"<!doctype html><html><head><title>{html.escape(title)}</title>"
            f"<meta property='article:published_time' content='{published}'></head><body>"
            f"<nav><a href='/'>Home</a> <a href='/world'>World</a></nav>"
            f"<article><h1>{html.escape(title)}</h1>{body}</article>"
            f"<aside>Sign up for our newsletter</aside><footer>© Parley Wire</footer></body></html>")


def mixed_folder(root: Path) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    shutil.copy(SAMPLES / "03-opposition-rejects-moscow.txt", root / "opposition.txt")
    # an exact copy and a syndicated near-copy of one wire story
    shutil.copy(SAMPLES / "03-opposition-rejects-moscow.txt", root / "opposition-copy.txt")
    near = sample_text("03-opposition-rejects-moscow.txt").replace("Advertisement", "Reporting by Parley Wire staff")
    (root / "opposition-syndicated.txt").write_text("Republished with permission\n\n" + near, encoding="utf-8")
    (root / "pages").mkdir()
    (root / "pages" / "geneva.html").write_text(
        as_html("UN Invites Syrian Sides to Geneva Conference", story_lines("05-geneva-invitations.txt"), "2013-12-20"),
        encoding="utf-8")
    export = [
        {"text": sample_text("02-damascus-accepts-moscow-talks.txt"), "url": "https://example.org/damascus",
         "title": "Damascus Agrees to Talks in Moscow", "published": "2012-01-23", "source": "Parley Wire"},
        "{ this line is broken",
        {"html": as_html("Lavrov Warns", story_lines("04-lavrov-warns-opposition.txt"), "2013-11-09"),
         "url": "https://example.org/lavrov"},
    ]
    (root / "export.jsonl").write_text(
        "\n".join(item if isinstance(item, str) else json.dumps(item) for item in export) + "\n", encoding="utf-8")
    items = "".join(
        f"<item><title>{html.escape(title)}</title><link>https://example.org/{slug}</link>"
        f"<pubDate>{date}</pubDate><description>{html.escape(''.join(f'<p>{p}</p>' for p in story_lines(name)))}"
        f"</description></item>"
        for title, slug, date, name in [
            ("Russia Will Stay Away From Tunis Talks", "tunis", "Tue, 21 Feb 2012 10:00:00 GMT",
             "01-russia-skips-friends-of-syria.txt")])
    (root / "feed.xml").write_text(f"<?xml version='1.0'?><rss version='2.0'><channel><title>Parley Wire</title>"
                                   f"{items}</channel></rss>", encoding="utf-8")
    # Readable, in other encodings
    (root / "latin1.txt").write_bytes(
        "Talks in Besançon\n\nFrance and Germany held talks in Besançon on Monday, the French foreign "
        "ministry said, and agreed to meet again next month.".encode("latin-1"))
    (root / "utf16.txt").write_text(
        "Talks in Zürich\n\nSwiss and Italian diplomats met in Zürich on Tuesday to discuss the "
        "crisis, the Swiss government said.", encoding="utf-16")
    # Broken
    (root / "empty.txt").write_bytes(b"")
    (root / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 40)
    (root / "truncated.html").write_text("<html><head><title>Cut</title></head><body><p>Russia said it would",
                                         encoding="utf-8")
    (root / "german.txt").write_text(f"Gespräche in Genf\n\n{GERMAN}\n", encoding="utf-8")
    with (root / "huge.txt").open("wb") as fh:
        fh.truncate(50 * 1024 * 1024)  # 50 MB, sparse
    return root
