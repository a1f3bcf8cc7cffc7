"""The data-quality history and report after real DAG runs, opened in headless Chromium."""
import shutil

import pytest

from browser import rendered_dom
from conftest import SAMPLES, query, run_parley
from expectations.suites import SUITES
from parley.workspace import Workspace

pytestmark = pytest.mark.slow

# Our own short texts about anything but diplomacy: a load that yields no event.
QUIET_ARTICLES = {
    "harvest.txt": "Farmers in the valley began the grape harvest early this year after a hot and dry summer. "
                   "Growers said the fruit was small but sweet, and prices at the cooperative rose by a tenth.",
    "marathon.txt": "More than twelve thousand runners finished the city marathon on Sunday morning. "
                    "The winner crossed the line in just over two hours, and volunteers handed out water "
                    "along the river path.",
    "library.txt": "The public library reopened its reading room after eighteen months of repairs to the roof. "
                   "Visitors can borrow books again from nine in the morning, and the children's corner "
                   "has new shelves.",
    "storm.txt": "A late spring storm brought heavy rain and hail to the northern hills on Tuesday night. "
                 "Several roads were closed for a few hours while crews cleared fallen branches.",
    "bakery.txt": "A family bakery on the market square celebrated its hundredth year with free bread for "
                  "everyone who came by. The owner said the recipe for the rye loaf has not changed since 1926.",
}


def _expectation_names(table_name: str, expectations) -> set[str]:
    return {f"{table_name}:{e.expectation_type}({e.column})" for e in expectations}


def test_shared_corpus_every_expectation_of_both_suites_is_recorded_and_reported(shared_warehouse):
    rows = query(shared_warehouse, """
        select run_id, suite, table_name, expectation_type, column_name, observed_value, unexpected_percent
        from dq_expectation_results
        where run_id = (select run_id from dq_expectation_results order by validated_at desc limit 1)""")
    assert len({r[0] for r in rows}) == 1
    recorded = [r for r in rows if r[1] in ("staging", "marts")]
    expected = set().union(*(_expectation_names(check.name, check.expectations)
                             for suite in SUITES.values() for check in suite))
    assert len(recorded) == len(expected) >= 20
    assert {f"{table}:{kind}({column})" for _, _, table, kind, column, _, _ in recorded} == expected
    for row in rows:
        assert row[5] is not None, row  # every expectation says what it observed
        if row[3].startswith("expect_column_value"):  # row by row: a share of unexpected rows
            assert row[6] is not None, row
    dom = rendered_dom(Workspace(shared_warehouse).dq_report)
    for name in expected:
        assert f'data-expectation="{name}"' in dom, name
    assert "0 blocking failure(s)" in dom and "published" in dom


def test_a_load_with_far_fewer_events_per_article_warns_in_the_report_and_is_published(tmp_path):
    inbox = tmp_path / "in"
    shutil.copytree(SAMPLES, inbox)
    warehouse = tmp_path / "w.duckdb"
    assert run_parley("run", "--input", str(inbox), "--warehouse", str(warehouse)).returncode == 0
    for name, text in QUIET_ARTICLES.items():
        (inbox / name).write_text(text.split(". ")[0].title() + "\n\n" + text + "\n", encoding="utf-8")

    result = run_parley("run", "--input", str(inbox), "--warehouse", str(warehouse))
    assert result.returncode == 0, result.stdout + result.stderr
    assert query(warehouse, "select count(*) from dim_articles")[0][0] == len(list(SAMPLES.iterdir())) + 5
    health = dict(query(warehouse, """
        select column_name, success from dq_expectation_results
        where suite = 'health' and run_outcome = 'published'
          and run_id = (select run_id from dq_expectation_results order by validated_at desc limit 1)"""))
    assert health["events"] is False and health["no_event"] is False, health
    dom = rendered_dom(Workspace(warehouse).dq_report)
    warnings = dom[dom.index('id="warnings"'):dom.index('id="health"')]
    assert 'data-expectation="health.articles:expect_column_mean_to_be_between(events)"' in warnings
    assert "0 blocking failure(s)" in dom
