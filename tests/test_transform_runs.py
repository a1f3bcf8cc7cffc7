"""dbt between runs (parley/transform.py): a run reuses the last run's parse of the project,
each run's dbt builds that run's own copy, even in one process (`airflow dags test`), and
seeds are loaded again only when their files changed."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

from dbt.cli.main import dbtRunner

from parley import transform
from parley.load import connect
from parley.settings import settings
from parley.workspace import Workspace


def test_a_run_reuses_the_last_parse_and_builds_its_own_copy(sample_warehouse, tmp_path, monkeypatch):
    warehouse = tmp_path / sample_warehouse.name
    shutil.copy2(sample_warehouse, warehouse)
    events: dict[str, list[str]] = {}

    class RecordingRunner(dbtRunner):  # real dbt; it only notes the events each build fires
        def __init__(self, **kwargs):
            super().__init__(callbacks=[lambda event: events[run_id].append(event.info.name)], **kwargs)

    monkeypatch.setattr(transform, "dbtRunner", RecordingRunner)
    for run_id in ("first", "second"):
        events[run_id] = []
        ws = Workspace(warehouse, run_id)
        ws.build_db.parent.mkdir(parents=True)
        shutil.copy2(warehouse, ws.build_db)
        with connect(ws.build_db) as con:
            con.execute("delete from main.fct_meetings")  # the build makes the mart again
        transform.build(settings().dbt_project_dir, ws)
        with connect(ws.build_db) as con:
            assert con.execute("select count(*) from main.fct_meetings").fetchone()[0] > 0, run_id

    assert "UnableToPartialParse" in events["first"]  # a new warehouse: no parse to reuse yet
    assert "UnableToPartialParse" not in events["second"], "the second run parsed the whole project again"
    assert "PartialParsingEnabled" in events["second"] or "PartialParsingSkipParsing" in events["second"]


def test_seeds_are_loaded_again_only_when_their_files_change(sample_warehouse, tmp_path):
    project = tmp_path / "dbt_project"
    shutil.copytree(settings().dbt_project_dir, project, ignore=shutil.ignore_patterns("target", "logs"))
    warehouse = tmp_path / sample_warehouse.name
    shutil.copy2(sample_warehouse, warehouse)

    def seeds_loaded(run_id: str) -> set[str]:
        results = json.loads(_build_and_publish(project, warehouse, run_id).read_text())["results"]
        return {r["unique_id"].split(".")[-1] for r in results if r["unique_id"].startswith("seed.")}

    assert seeds_loaded("same files") == set()  # the sample run loaded them from the same files
    with open(project / "seeds" / "organisations.csv", "a") as csv:
        csv.write("IGOTST,Test Organisation of Nowhere\n")
    assert seeds_loaded("a seed changed") == {"actor_roles", "countries", "organisations"}
    with connect(warehouse) as con:
        assert con.execute("select actor_name from reference.organisations where actor_code = 'IGOTST'").fetchall() \
            == [("Test Organisation of Nowhere",)]
    assert seeds_loaded("unchanged since") == set()


def test_dbt_log_keeps_warnings_without_formatting_every_event(sample_warehouse, tmp_path, monkeypatch):
    from dbt_common.events import logger as dbt_logger

    formatted = []
    original = dbt_logger._TextLogger.create_line
    monkeypatch.setattr(dbt_logger._TextLogger, "create_line", lambda self, msg: formatted.append(msg) or original(self, msg))
    warehouse = tmp_path / sample_warehouse.name
    ws = Workspace(warehouse, "warned")
    ws.build_db.parent.mkdir(parents=True)
    shutil.copy2(sample_warehouse, ws.build_db)
    transform._invoke(["build", "--select", "a_model_nobody_wrote"], settings().dbt_project_dir, ws)

    assert formatted == []  # dbt's loggers would format each event's line, then drop most of them
    log = (ws.root / "dbt_logs" / "dbt.log").read_text()
    assert "[warn]" in log and "a_model_nobody_wrote" in log


def test_a_build_resolves_only_the_places_it_has_not_resolved(sample_warehouse, tmp_path, monkeypatch):
    from parley import places

    warehouse = tmp_path / sample_warehouse.name
    shutil.copy2(sample_warehouse, warehouse)

    def build(run_id: str) -> list[tuple]:
        _build_and_publish(settings().dbt_project_dir, warehouse, run_id)
        with connect(warehouse) as con:
            return con.execute("select * from main.dim_places order by place").fetchall()

    first = build("first")  # resolves every place, and stamps the table with its resolver
    assert first

    def no_gazetteer():
        raise AssertionError("the gazetteers were loaded for places resolved before")

    monkeypatch.setattr(places, "_gazetteer", no_gazetteer)
    assert build("second") == first


def test_dbt_writes_its_manifest_again_only_when_the_project_changed(sample_warehouse, tmp_path, monkeypatch):
    project = tmp_path / "dbt_project"
    shutil.copytree(settings().dbt_project_dir, project, ignore=shutil.ignore_patterns("target", "logs"))
    warehouse = tmp_path / sample_warehouse.name
    shutil.copy2(sample_warehouse, warehouse)
    manifest = Workspace(warehouse).dbt_target / "manifest.json"

    def build(run_id: str) -> int:
        """The build's results are kept; when dbt last wrote its manifest."""
        results = json.loads(_build_and_publish(project, warehouse, run_id).read_text())["results"]
        assert results and all(r["status"] in ("pass", "success") for r in results), run_id
        return manifest.stat().st_mtime_ns

    first = build("first")
    site = transform.generate_docs(project, Workspace(warehouse, "first"))
    assert build("same project") == first
    invoked = []
    monkeypatch.setattr(transform, "_invoke", lambda args, *rest: invoked.append(args))
    assert transform.generate_docs(project, Workspace(warehouse, "same project")) == site
    assert invoked == []  # the site, which reads that manifest, is the same too
    monkeypatch.undo()

    with open(project / "models" / "marts" / "quarantine.sql", "a") as model:
        model.write("-- a model's text changed\n")
    assert build("a model changed") != first


def _build_and_publish(project: Path, warehouse: Path, run_id: str) -> Path:
    """One run's `dbt build` on a copy of the warehouse, published over it (the next run
    starts from it); the path of dbt's run results."""
    ws = Workspace(warehouse, run_id)
    ws.build_db.parent.mkdir(parents=True)
    shutil.copy2(warehouse, ws.build_db)
    results = transform.build(project, ws)
    shutil.copy2(ws.build_db, warehouse)
    return results
