"""The run report opens in headless Chromium with its charts drawn and nothing fetched."""
import re

import pytest

from browser import rendered_dom
from conftest import run_parley
from parley.workspace import Workspace

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def report_dom(sample_warehouse):
    page = Workspace(sample_warehouse).root / "report" / "index.html"
    assert page.exists(), "the DAG's last task writes the report"
    return page.read_text(), rendered_dom(page)


def test_charts_render_as_non_empty_svg(report_dom):
    _, dom = report_dom
    svgs = re.findall(r"<svg.*?</svg>", dom, flags=re.S)
    assert len(svgs) == 4  # monthly events, actors, network, meetings map
    for svg in svgs:
        assert len(re.findall(r"<path", svg)) > 5


def test_readable_actor_names_and_the_sample_events(report_dom):
    _, dom = report_dom
    for name in ("Russian Federation government", "Syria political opposition", "United Nations"):
        assert name in dom
    rows = re.findall(r"<tr>(.*?)</tr>", dom, flags=re.S)
    assert any("refusal" in r and "Friends of Syria" in r for r in rows)
    assert any("meeting" in r and "Moscow" in r for r in rows)


def test_nothing_on_the_page_reaches_the_network(report_dom):
    source, _ = report_dom
    assert "<script" not in source
    assert not re.search(r"""<(?:img|link|iframe|source|video|audio)[^>]+(?:src|href)=["']?https?:""", source)
    assert not re.search(r"url\(\s*['\"]?https?:", source)


def test_report_command_writes_the_page_where_asked(sample_warehouse, tmp_path):
    result = run_parley("report", "--warehouse", str(sample_warehouse), "--out", str(tmp_path / "r"))
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "r" / "index.html").read_text().count("<svg") == 4
