"""The data-quality report: one static page that says whether the latest load can be
trusted, what failed and on which rows, and how earlier runs went.

GX's own Data Docs are built too, but they load jQuery and Bootstrap from a CDN and show
empty tables without a network; this page needs nothing beyond itself.
"""
from __future__ import annotations

import html
import json
from collections import defaultdict
from pathlib import Path

from parley.workspace import Workspace

STYLE = """
body{font-family:system-ui,sans-serif;margin:2rem;color:#222;max-width:70rem}
table{border-collapse:collapse;margin:1rem 0;width:100%}
th,td{border:1px solid #ccc;padding:.3rem .5rem;text-align:left;vertical-align:top;font-size:.9rem}
th{background:#f3f3f3}.pass{color:#176f2c;font-weight:600}.fail{color:#b00020;font-weight:600}
code{font-size:.85rem}
"""


def _history(ws: Workspace) -> list[dict]:
    path = ws.root / "dq_validation_runs.jsonl"
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]


def _status(success: bool) -> str:
    return '<span class="pass">passed</span>' if success else '<span class="fail">FAILED</span>'


def _failure_list(failures: str) -> str:
    items = []
    for failure in json.loads(failures):
        where = f" on <code>{html.escape(str(failure.get('column')))}</code>" if failure.get("column") else ""
        rows = failure.get("rows") or failure.get("unexpected") or []
        example = f"<br>offending rows: <code>{html.escape(json.dumps(rows[:5]))}</code>" if rows else ""
        count = failure.get("unexpected_count")
        items.append(f"<li><code>{html.escape(failure['expectation'])}</code>{where}"
                     f"{'' if count is None else f' ({count} rows)'}{example}</li>")
    return f"<ul>{''.join(items)}</ul>" if items else ""


def build(ws: Workspace) -> Path:
    history = _history(ws)
    runs: dict[str, list[dict]] = defaultdict(list)
    for row in history:
        runs[row["run_id"]].append(row)
    latest_id = history[-1]["run_id"] if history else None
    parts = [f"<!doctype html><html><head><meta charset='utf-8'><title>Parley data quality</title>"
             f"<style>{STYLE}</style></head><body><h1>Parley data quality</h1>"]
    if latest_id is None:
        parts.append("<p>No validation has run yet.</p>")
    else:
        latest = runs[latest_id]
        ok = all(r["success"] for r in latest)
        suites = sorted({r["suite"] for r in latest})
        parts.append(f"<p>Latest run <code id='latest-run'>{html.escape(latest_id)}</code>: {_status(ok)} "
                     f"(suites: {', '.join(suites)}). "
                     f"{'This load was published.' if ok and 'marts' in suites else 'This load was not published.' if not ok else ''}</p>")
        parts.append("<h2>Checks of the latest run</h2><table><tr><th>suite</th><th>check</th><th>result</th>"
                     "<th>expectations</th><th>failed</th><th>rows checked</th><th>what failed</th></tr>")
        for r in latest:
            parts.append(f"<tr class='check' data-check='{html.escape(r['check_name'])}'><td>{r['suite']}</td>"
                         f"<td>{html.escape(r['check_name'])}</td><td>{_status(r['success'])}</td>"
                         f"<td>{r['expectations_evaluated']}</td><td>{r['expectations_failed']}</td>"
                         f"<td>{r['rows_checked']}</td><td>{_failure_list(r['failures'])}</td></tr>")
        parts.append("</table><h2>Earlier runs</h2><table><tr><th>run</th><th>suites</th><th>result</th>"
                     "<th>failed expectations</th><th>validated at</th></tr>")
        for run_id, rows in reversed(list(runs.items())):
            parts.append(f"<tr><td><code>{html.escape(run_id)}</code></td>"
                         f"<td>{', '.join(sorted({r['suite'] for r in rows}))}</td>"
                         f"<td>{_status(all(r['success'] for r in rows))}</td>"
                         f"<td>{sum(r['expectations_failed'] for r in rows)}</td><td>{rows[-1]['validated_at']}</td></tr>")
        parts.append("</table>")
    parts.append(f"<p>Expectation suites are code: <code>expectations/suites.py</code>. Great Expectations' own "
                 f"Data Docs: <a href='{ws.gx_data_docs.resolve().as_uri()}'>{html.escape(str(ws.gx_data_docs))}</a> "
                 f"(they need a network for their scripts).</p></body></html>")
    ws.dq_report.parent.mkdir(parents=True, exist_ok=True)
    ws.dq_report.write_text("".join(parts), encoding="utf-8")
    return ws.dq_report
