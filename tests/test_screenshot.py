"""The README's screenshot of the run report shows the report the samples give now."""
import subprocess
import sys

import pytest

from conftest import REPO

sys.path.insert(0, str(REPO / "scripts"))
from report_screenshot import fingerprint  # noqa: E402

PAGE = ("<html><body><p>Warehouse <code>/tmp/a/parley.duckdb</code></p><section><h2>The run</h2>"
        "<div class='cards'><b>5</b>meetings</div><svg><dc:date>2026-12-07</dc:date></svg></section></body></html>")


def test_the_fingerprint_follows_what_the_report_says_not_where_or_when_it_was_drawn():
    assert fingerprint(PAGE) == fingerprint(PAGE.replace("/tmp/a", "/home/b").replace("2026-12-07", "2027-01-01"))
    assert fingerprint(PAGE) != fingerprint(PAGE.replace("<b>5</b>", "<b>6</b>"))


@pytest.mark.slow
def test_readme_screenshot_shows_the_current_report(sample_warehouse):
    result = subprocess.run([sys.executable, str(REPO / "scripts" / "report_screenshot.py"), str(sample_warehouse),
                             "--check"], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
