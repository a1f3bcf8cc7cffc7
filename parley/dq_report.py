"""The data-quality report: one static page, nothing fetched from the network, that says
whether the latest load can be trusted and why.

It reads ``dq_expectation_results`` from a warehouse file (the build, while a run goes
on) and shows the latest run's blocking failures apart from its warnings, the extraction
health measures, then every expectation by name with its plain description, observed
value, unexpected percent, offending values and a trend over the last runs; for a load
kept out, where its build is kept and the command to open it.
"""
from __future__ import annotations

import html
import json
from pathlib import Path

from parley.dq_history import BLOCKED, PUBLISHED, RUNNING, UNFINISHED, ensure_tables
from parley.load import connect
from parley.workspace import Workspace

TREND_RUNS = 8

STYLE = """
body{font-family:system-ui,sans-serif;margin:2rem;color:#222;max-width:90rem}
table{border-collapse:collapse;margin:1rem 0;width:100%}
th,td{border:1px solid #ccc;padding:.3rem .5rem;text-align:left;vertical-align:top;font-size:.85rem}
th{background:#f3f3f3}.pass{color:#176f2c;font-weight:600}.fail{color:#b00020;font-weight:600}
.warn{color:#9a5b00;font-weight:600}code{font-size:.8rem;word-break:break-all}
.box{border:2px solid #b00020;padding:.5rem 1rem;margin:1rem 0}.muted{color:#666}
svg circle.pass{fill:#176f2c}svg circle.fail{fill:#b00020}svg circle.warn{fill:#d08a00}
"""

OUTCOMES = {PUBLISHED: "published", RUNNING: "validated, not yet published",
            BLOCKED: "kept out: a blocking expectation failed", UNFINISHED: "did not finish: nothing published"}


def kept_build(ws: Workspace, run_id: str) -> Path | None:
    """Where parley.publish.keep_failed_build set the run's build aside, if it did."""
    path = ws.failed_dir / (ws.run_dir(run_id).name + ".duckdb")
    return path if path.exists() else None


def open_command(path: Path) -> str:
    return f"duckdb -readonly {path}   (or: parley sql \"select * from dq_expectation_results\" --warehouse {path})"


def build(ws: Workspace, database: Path, failed_build: Path | None = None) -> Path:
    rows = _results(database)
    page = _page(ws, rows, failed_build) if rows else "<p>No validation has run yet.</p>"
    ws.dq_report.parent.mkdir(parents=True, exist_ok=True)
    ws.dq_report.write_text(
        "<!doctype html><html><head><meta charset='utf-8'><title>Parley data quality</title>"
        f"<style>{STYLE}</style></head><body><h1>Parley data quality</h1>{page}"
        "<p class='muted'>Expectations are code: <code>expectations/suites.py</code> (integrity and plausibility) "
        "and <code>expectations/health.py</code> (extraction health). The history is the table "
        "<code>dq_expectation_results</code> in the warehouse.</p></body></html>", encoding="utf-8")
    return ws.dq_report


def _results(database: Path) -> list[dict]:
    if not database.exists():
        return []
    with connect(database) as con:
        ensure_tables(con)
        cursor = con.execute("""
            select * from main.dq_expectation_results
            order by validated_at, suite, table_name, blocking desc, expectation_type, column_name""")
        columns = [d[0] for d in cursor.description]
        return [dict(zip(columns, row)) for row in cursor.fetchall()]


def _key(row: dict) -> tuple:
    return row["suite"], row["table_name"], row["expectation_type"], row["column_name"]


def _name(row: dict) -> str:
    return f"{row['expectation_type']}({row['column_name']})" if row["column_name"] else row["expectation_type"]


def _page(ws: Workspace, rows: list[dict], failed_build: Path | None) -> str:
    runs: dict[str, list[dict]] = {}
    for row in rows:
        runs.setdefault(row["run_id"], []).append(row)
    latest_id = max(runs, key=lambda run: max(r["validated_at"] for r in runs[run]))
    latest = runs[latest_id]
    recent = sorted(runs, key=lambda run: min(r["validated_at"] for r in runs[run]))[-TREND_RUNS:]
    trends = {}
    for run in recent:
        for row in runs[run]:
            trends.setdefault(_key(row), []).append(row)
    blocking = [r for r in latest if r["blocking"] and not r["success"]]
    warnings = [r for r in latest if not r["blocking"] and not r["success"]]
    outcome = latest[0]["run_outcome"]
    failed_build = failed_build or (kept_build(ws, latest_id) if outcome == BLOCKED else None)
    parts = [f"<p>Latest run <code id='latest-run'>{html.escape(latest_id)}</code>: "
             f"<span class='{'fail' if outcome in (BLOCKED, UNFINISHED) else 'pass'}' id='latest-outcome'>"
             f"{OUTCOMES.get(outcome, outcome)}</span>. {len(latest)} expectations in suites "
             f"{', '.join(sorted({r['suite'] for r in latest}))}: {len(blocking)} blocking failure(s), "
             f"{len(warnings)} warning(s).</p>"]
    if failed_build:
        parts.append(f"<div class='box' id='failed-build'>This load was not published. Its build is kept at "
                     f"<code>{html.escape(str(failed_build))}</code>; open it with "
                     f"<code>{html.escape(open_command(failed_build))}</code>.</div>")
    parts.append("<h2 id='blocking'>Blocking failures</h2>"
                 + (_table(blocking, trends) if blocking else "<p>None: no integrity expectation failed.</p>"))
    parts.append("<h2 id='warnings'>Warnings</h2><p class='muted'>Plausibility and extraction health: shown, "
                 "never failing a load by themselves.</p>"
                 + (_table(warnings, trends) if warnings else "<p>None.</p>"))
    health = [r for r in latest if r["suite"] == "health"]
    parts.append("<h2 id='health'>Extraction health</h2><p class='muted'>The articles this run loaded against "
                 "the warehouse's earlier loads of the same extractor version.</p>"
                 + (_table(health, trends) if health else "<p>This run loaded no new article.</p>"))
    parts.append(f"<h2 id='expectations'>Every expectation of the latest run</h2>{_table(latest, trends)}")
    parts.append(_runs_table(ws, runs))
    return "".join(parts)


def _result(row: dict) -> str:
    if row["success"]:
        return "<span class='pass'>passed</span>"
    return "<span class='fail'>FAILED</span>" if row["blocking"] else "<span class='warn'>warning</span>"


def _table(rows: list[dict], trends: dict) -> str:
    head = ("<table><tr><th>suite</th><th>table</th><th>expectation</th><th>what it checks</th><th>kind</th>"
            "<th>expected</th><th>result</th><th>observed</th><th>unexpected</th><th>trend (last runs)</th><th>offending values</th></tr>")
    body = []
    for r in rows:
        unexpected = "" if r["unexpected_percent"] is None else \
            f"{r['unexpected_percent']:.2f}% ({r['unexpected_count']} of {r['rows_checked']})"
        body.append(
            f"<tr class='expectation' data-expectation='{html.escape(r['table_name'] + ':' + _name(r))}'>"
            f"<td>{r['suite']}</td><td>{html.escape(r['table_name'])}</td><td><code>{html.escape(_name(r))}</code></td>"
            f"<td>{html.escape(r['description'] or '')}</td><td>{'blocking' if r['blocking'] else 'warning'}</td>"
            f"<td><code>{html.escape(_short(_rounded(r['kwargs'])))}</code></td><td>{_result(r)}</td><td><code>{html.escape(_short(_rounded(r['observed_value'])))}</code></td>"
            f"<td>{unexpected}</td><td>{_trend(trends.get(_key(r), []))}</td>"
            f"<td><code>{html.escape(_short(r['unexpected_sample'], 400))}</code></td></tr>")
    return head + "".join(body) + "</table>"


def _rounded(observed: str | None) -> str | None:
    """An observed value or an expectation's arguments as the page shows them: numbers to
    four significant digits, unset arguments left out."""
    try:
        value = json.loads(observed or "null")
    except json.JSONDecodeError:
        return observed
    if isinstance(value, float):
        return f"{value:.4g}"
    if isinstance(value, dict):
        return json.dumps({k: _round(v) for k, v in value.items() if v is not None and k != "result_format"})
    return observed


def _round(value):
    if isinstance(value, float):
        return float(f"{value:.4g}")
    if isinstance(value, list):
        return [_round(v) for v in value]
    if isinstance(value, dict):
        return {k: _round(v) for k, v in value.items()}
    return value


def _short(text: str | None, limit: int = 200) -> str:
    text = text or ""
    return text if len(text) <= limit else text[:limit - 1] + "…"


def _measure(row: dict) -> float | None:
    """The number a trend follows: the unexpected percent of a row-by-row expectation, the
    observed value of an aggregate one (the median, for quantiles)."""
    if row["unexpected_percent"] is not None:
        return row["unexpected_percent"]
    try:
        observed = json.loads(row["observed_value"] or "null")
    except json.JSONDecodeError:
        return None
    if isinstance(observed, dict) and "values" in observed:
        values = observed["values"]
        observed = values[len(values) // 2] if values else None
    return float(observed) if isinstance(observed, (int, float)) else None


def _trend(history: list[dict]) -> str:
    """A small line of the measure over the last runs, a dot per run coloured by its result."""
    points = [(r, _measure(r)) for r in history]
    points = [(r, v) for r, v in points if v is not None]
    if not points:
        return "".join(f"<span class='{'pass' if r['success'] else 'fail'}'>{'✓' if r['success'] else '✗'}</span>"
                       for r in history)
    low, high = min(v for _, v in points), max(v for _, v in points)
    width, height, step = 90, 20, 90 / max(1, TREND_RUNS - 1)

    def y(value: float) -> float:
        return height - 3 - (value - low) / (high - low) * (height - 6) if high > low else height / 2

    xy = [(i * step + 3, y(v)) for i, (_, v) in enumerate(points)]
    dots = "".join(
        f"<circle class='{'pass' if r['success'] else 'fail' if r['blocking'] else 'warn'}' cx='{x:.1f}' cy='{yy:.1f}' "
        f"r='2.5'><title>{html.escape(r['run_id'])}: {v:.4g}</title></circle>"
        for (r, v), (x, yy) in zip(points, xy))
    line = " ".join(f"{x:.1f},{yy:.1f}" for x, yy in xy)
    return (f"<svg width='{width + 6}' height='{height}' role='img'><polyline points='{line}' fill='none' "
            f"stroke='#888'/>{dots}</svg> <span class='muted'>{points[-1][1]:.4g}</span>")


def _runs_table(ws: Workspace, runs: dict[str, list[dict]]) -> str:
    body = []
    for run_id, rows in sorted(runs.items(), key=lambda item: max(r["validated_at"] for r in item[1]), reverse=True):
        outcome = rows[0]["run_outcome"]
        kept = kept_build(ws, run_id) if outcome == BLOCKED else None
        body.append(
            f"<tr class='run'><td><code>{html.escape(run_id)}</code></td><td>{OUTCOMES.get(outcome, outcome)}"
            f"{f'<br>kept build: <code>{html.escape(str(kept))}</code>' if kept else ''}</td>"
            f"<td>{', '.join(sorted({r['suite'] for r in rows}))}</td><td>{len(rows)}</td>"
            f"<td>{sum(r['blocking'] and not r['success'] for r in rows)}</td>"
            f"<td>{sum(not r['blocking'] and not r['success'] for r in rows)}</td>"
            f"<td>{min(r['validated_at'] for r in rows)}</td></tr>")
    return ("<h2 id='runs'>Runs</h2><table><tr><th>run</th><th>outcome</th><th>suites</th><th>expectations</th>"
            "<th>blocking failures</th><th>warnings</th><th>validated at</th></tr>" + "".join(body) + "</table>")
