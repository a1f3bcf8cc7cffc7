"""Transform stage: ``dbt build`` (seeds, models and their tests) on the build warehouse,
then ``dbt docs generate``, whose site is kept beside the warehouse."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

from parley.workspace import Workspace


class DbtFailed(Exception):
    pass


def _invoke(args: list[str], project_dir: Path, ws: Workspace) -> None:
    from dbt.cli.main import dbtRunner  # imported here: dbt is heavy and only this stage needs it

    os.environ["PARLEY_DBT_DB"] = str(ws.build_db)
    result = dbtRunner().invoke([
        *args, "--project-dir", str(project_dir), "--profiles-dir", str(project_dir),
        "--target-path", str(ws.dbt_target), "--log-path", str(ws.root / "dbt_logs"), "--quiet",
    ])
    if not result.success:
        failures = []
        for node in getattr(result.result, "results", None) or []:
            if str(node.status) in ("error", "fail"):
                failures.append(f"{node.node.name}: {node.message}")
        detail = "\n  ".join(failures) or str(result.exception)
        raise DbtFailed(f"dbt {args[0]} failed:\n  {detail}")


def build(project_dir: Path, ws: Workspace) -> Path:
    """Build and test; keep the results, which `docs generate` would overwrite."""
    _invoke(["build"], project_dir, ws)
    kept = ws.root / "dbt_build_results.json"
    shutil.copy2(ws.dbt_target / "run_results.json", kept)
    return kept


def generate_docs(project_dir: Path, ws: Workspace) -> Path:
    _invoke(["docs", "generate"], project_dir, ws)
    ws.dbt_docs.mkdir(parents=True, exist_ok=True)
    for name in ("index.html", "manifest.json", "catalog.json"):
        shutil.copy2(ws.dbt_target / name, ws.dbt_docs / name)
    return ws.dbt_docs / "index.html"
