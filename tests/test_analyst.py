"""What event-data analysts expect (#25), through real runs of the DAG: export, `parley sql`
formats, corrections that stick through a new run and a re-extraction, extractor versions,
places with coordinates, dbt docs that open from disk, and the run report."""
import csv
import io
import json
import re
import shutil

import duckdb
import pyarrow.parquet as pq
import pytest

from browser import rendered_dom
from conftest import SAMPLES, query, run_parley
from parley.corrections import corrections_file
from parley.workspace import Workspace

pytestmark = pytest.mark.slow

FACTS = ("fct_meetings", "fct_invitations", "fct_refusals", "fct_acceptances")


def _count(warehouse, table):
    return query(warehouse, f"select count(*) from {table}")[0][0]


def test_export_writes_one_file_per_table_with_the_warehouses_rows(sample_warehouse, tmp_path):
    for fmt in ("parquet", "csv", "jsonl"):
        result = run_parley("export", "--warehouse", str(sample_warehouse), "--out", str(tmp_path / fmt),
                            "--format", fmt)
        assert result.returncode == 0, result.stdout + result.stderr
        for table in (*FACTS, "event_mentions", "dim_actors", "dim_places"):
            path = tmp_path / fmt / f"{table}.{fmt}"
            if fmt == "parquet":
                rows = pq.read_table(path).num_rows
            elif fmt == "csv":
                rows = len(list(csv.DictReader(path.open())))
            else:
                rows = len(path.read_text().splitlines())
            assert rows == _count(sample_warehouse, table) > 0, (fmt, table)


def test_plover_export_has_one_row_per_event_with_cameo_codes(sample_warehouse, tmp_path):
    result = run_parley("export", "--warehouse", str(sample_warehouse), "--out", str(tmp_path), "--format", "plover")
    assert result.returncode == 0, result.stdout + result.stderr
    rows = [json.loads(line) for line in (tmp_path / "plover.jsonl").read_text().splitlines()]
    assert len(rows) == sum(_count(sample_warehouse, t) for t in FACTS)
    by_type = {}
    for row in rows:
        by_type.setdefault(row["parley_type"], set()).add(row["event_type"])
        assert re.fullmatch(r"\d{3}", row["cameo_code"]) and row["quad_code"] in (1, 3)
    assert by_type["refusal"] == {"REJECT"} and by_type["acceptance"] == {"AGREE"}
    held = query(sample_warehouse, "select count(*) from fct_meetings where status = 'held'")[0][0]
    assert sum(row["event_type"] == "CONSULT" for row in rows) == held > 0
    russia = next(r for r in rows if r["parley_type"] == "refusal" and r["actor_cameo"] == "RUSGOV")
    assert russia["actor_country"] == "RUS" and russia["actor_name"] == "Russian Federation government"


def test_sql_prints_quoted_csv_json_and_respects_limit(sample_warehouse):
    sql = "select event_id, evidence, participant_codes from event_mentions order by event_id"
    result = run_parley("sql", sql, "--warehouse", str(sample_warehouse), "--format", "csv")
    assert result.returncode == 0, result.stderr
    rows = list(csv.reader(io.StringIO(result.stdout)))
    expected = query(sample_warehouse, sql)
    assert rows[0] == ["event_id", "evidence", "participant_codes"]
    assert [r[1] for r in rows[1:]] == [e for _, e, _ in expected]
    assert any("," in e for _, e, _ in expected) and result.stdout.splitlines()[1].startswith('"')
    limited = run_parley("sql", sql, "--warehouse", str(sample_warehouse), "--format", "json", "--limit", "2")
    assert [r["event_id"] for r in json.loads(limited.stdout)] == [e for e, _, _ in expected[:2]]
    bad = run_parley("sql", sql, "--warehouse", str(sample_warehouse), "--format", "xml")
    assert bad.returncode == 2 and "unknown format" in bad.stdout


def test_every_mention_says_which_extractor_made_it(sample_warehouse):
    versions = query(sample_warehouse, "select distinct extractor_version from event_mentions")
    assert len(versions) == 1 and re.fullmatch(r"parley \S+\+[0-9a-f]{12}", versions[0][0])


def test_dbt_docs_open_from_disk_and_show_the_models(sample_warehouse):
    page = Workspace(sample_warehouse).dbt_docs / "index.html"
    shown = re.sub(r"<script.*?</script>", "", rendered_dom(page), flags=re.S)  # the embedded manifest aside
    assert "fct_meetings" in shown and "dim_places" in shown


def test_places_of_meetings_have_coordinates_and_the_report_maps_them(sample_warehouse):
    places = query(sample_warehouse, """
        select m.location, p.latitude, p.kind from fct_meetings m join dim_places p on p.place = m.location""")
    assert places and all(lat is not None for _, lat, _ in places)
    assert query(sample_warehouse, "select country_code, kind from dim_places where place = 'Moscow'") == [("RUS", "city")]
    page = (Workspace(sample_warehouse).root / "report" / "index.html").read_text()
    assert re.search(r'<section id="map">.*?<svg.*?Moscow', page, flags=re.S)


def test_report_links_are_relative_and_meetings_show_names(sample_warehouse, tmp_path):
    moved = tmp_path / "moved"
    shutil.copytree(Workspace(sample_warehouse).root, moved / "parley.duckdb.parley")
    page = (moved / "parley.duckdb.parley" / "report" / "index.html").read_text()
    hrefs = re.findall(r"href=['\"]([^'\"]+)", page)
    assert hrefs and not [h for h in hrefs if h.startswith(("file:", "/"))]
    docs = [h for h in hrefs if h.endswith("dbt_docs/index.html")]
    assert docs and (moved / "parley.duckdb.parley" / "report" / docs[0]).resolve().exists()
    rows = re.findall(r"<tr>(.*?)</tr>", page, flags=re.S)
    meetings = [r for r in rows if "<td>meeting</td>" in r]
    assert meetings and not any(re.search(r"<td>[A-Z]{3}(?:GOV|OPP)?(?:, |</td>)", r) for r in meetings)


def test_monthly_chart_drops_to_zero_in_empty_months():
    from datetime import date

    from parley.report import _every_month

    assert _every_month(date(2012, 11, 1), date(2013, 2, 1)) == [
        date(2012, 11, 1), date(2012, 12, 1), date(2013, 1, 1), date(2013, 2, 1)]


@pytest.fixture(scope="module")
def corrected(sample_warehouse, tmp_path_factory):
    """A copy of the samples' warehouse: a refusal suppressed, a meeting's place set, then a
    new run over the same articles, then a re-extraction; what each stage shows."""
    warehouse = tmp_path_factory.mktemp("corrected") / "parley.duckdb"
    shutil.copy(sample_warehouse, warehouse)
    refusal_id, refusal_evidence = query(warehouse, """
        select event_id, evidence from fct_refusals where actor_code = 'RUSGOV'""")[0]
    meeting_id = query(warehouse, "select event_id from fct_meetings where location = 'Geneva'")[0][0]
    ids_before = set(query(warehouse, "select article_event_id, event_id from event_mentions"))
    stages = {}
    for command in (["correct", "suppress", refusal_id, "--reason", "not a refusal: a report of one", "--by", "ana"],
                    ["correct", "set", meeting_id, "place=Montreux", "status=held", "--reason", "moved",
                     "--warehouse", str(warehouse)]):
        if "--warehouse" not in command:
            command += ["--warehouse", str(warehouse)]
        result = run_parley(*command)
        assert result.returncode == 0, result.stdout + result.stderr
    stages["listed"] = run_parley("correct", "list", "--warehouse", str(warehouse)).stdout
    for stage, command in (("run", ["run", "--input", str(SAMPLES), "--warehouse", str(warehouse)]),
                           ("reextract", ["reextract", "--warehouse", str(warehouse)])):
        result = run_parley(*command)
        assert result.returncode == 0, result.stdout + result.stderr
        assert ("re-extracting the warehouse's 5 stored article(s)" in result.stdout) == (stage == "reextract")
        stages[stage] = {
            "refusals": query(warehouse, "select event_id, evidence from fct_refusals"),
            "suppressed": query(warehouse, "select event_id, evidence from event_mentions where suppressed"),
            "meeting": query(warehouse, "select location, status from fct_meetings where event_id = ?", [meeting_id]),
            "ids": set(query(warehouse, "select article_event_id, event_id from event_mentions")),
            "versions": query(warehouse, "select count(*) filter (where extractor_version is null), "
                                         "count(distinct run_id) from raw.event_mentions"),
            "report": (Workspace(warehouse).root / "report" / "index.html").read_text(),
        }
    return {"warehouse": warehouse, "refusal": (refusal_id, refusal_evidence), "ids_before": ids_before, **stages}


@pytest.mark.parametrize("stage", ["run", "reextract"])
def test_a_suppressed_refusal_stays_out_of_the_facts(corrected, stage):
    refusal_id, evidence = corrected["refusal"]
    refusals = corrected[stage]["refusals"]
    assert refusal_id not in {i for i, _ in refusals} and evidence not in {e for _, e in refusals}
    assert (refusal_id, evidence) in corrected[stage]["suppressed"]
    assert refusals, "the other refusals stay"


@pytest.mark.parametrize("stage", ["run", "reextract"])
def test_a_set_correction_applies_after_a_run_and_a_reextraction(corrected, stage):
    assert corrected[stage]["meeting"] == [("Montreux", "held")]


def test_corrections_are_listed_kept_in_a_file_and_shown_in_the_report(corrected):
    listed = corrected["listed"]
    assert corrected["refusal"][0] in listed and "suppress" in listed and "ana" in listed
    lines = corrections_file(corrected["warehouse"]).read_text().splitlines()
    assert [json.loads(line)["action"] for line in lines] == ["suppress", "set"]
    kept = query(corrected["warehouse"], "select action, field, value from raw.corrections order by all")
    assert kept == [("set", "place", "Montreux"), ("set", "status", "held"), ("suppress", None, None)]
    report = corrected["reextract"]["report"]
    assert "not a refusal: a report of one" in re.search(r'<section id="corrections">.*?</section>', report,
                                                          flags=re.S).group(0)


def test_reextraction_replaces_the_mentions_and_keeps_unchanged_event_ids(corrected):
    assert corrected["reextract"]["ids"] == corrected["ids_before"]
    nulls, runs = corrected["reextract"]["versions"][0]
    assert nulls == 0 and runs == 1, "every mention now comes from the re-extraction's run"


def test_a_correction_of_an_unknown_event_is_refused(sample_warehouse):
    result = run_parley("correct", "suppress", "no-such-event", "--reason", "x", "--warehouse", str(sample_warehouse))
    assert result.returncode == 2 and "no event no-such-event" in result.stdout
    assert not corrections_file(sample_warehouse).exists()


def test_a_warehouse_from_before_these_columns_is_migrated_in_place(sample_warehouse, tmp_path):
    warehouse = tmp_path / "parley.duckdb"
    shutil.copy(sample_warehouse, warehouse)
    facts_before = {t: _count(warehouse, t) for t in FACTS}
    with duckdb.connect(str(warehouse)) as con:  # as a warehouse of the previous release had it
        con.execute("alter table raw.event_mentions drop column extractor_version")
        con.execute("alter table intermediate.int_article_events drop column extractor_version")
        con.execute("drop table raw.corrections")
    result = run_parley("run", "--input", str(SAMPLES), "--warehouse", str(warehouse))
    assert result.returncode == 0, result.stdout + result.stderr
    assert {t: _count(warehouse, t) for t in FACTS} == facts_before
    assert query(warehouse, "select count(*), count(extractor_version) from event_mentions")[0] == (
        _count(warehouse, "event_mentions"), 0), "the rows of the earlier release keep none until reextract"
    assert _count(warehouse, "raw.corrections") == 0
