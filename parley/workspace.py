"""Where a warehouse's files live.

The file named by ``--warehouse`` is the published one that analysts open. Everything a
run needs sits beside it in ``<warehouse>.parley/``: the run folders, each with the build
copy that its run loads and transforms, the dbt target and docs, and the data-quality site.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Workspace:
    warehouse: Path
    run_id: str | None = None  # the run whose build copy build_db is

    @property
    def root(self) -> Path:
        return self.warehouse.with_name(self.warehouse.name + ".parley")

    @property
    def build_db(self) -> Path:
        """The run's own build copy, in its run folder, so that no run can touch another's.
        Same file name as the published warehouse: DuckDB names the catalog after the file,
        and dbt writes that name into its views."""
        if self.run_id is None:
            raise ValueError("a build copy belongs to a run: Workspace(warehouse, run_id)")
        return self.run_dir(self.run_id) / self.warehouse.name

    @property
    def dbt_target(self) -> Path:
        return self.root / "dbt_target"

    @property
    def dbt_docs(self) -> Path:
        return self.root / "dbt_docs"

    @property
    def gx_root(self) -> Path:
        return self.root / "gx"

    @property
    def dq_report(self) -> Path:
        return self.root / "dq_report" / "index.html"

    @property
    def gx_data_docs(self) -> Path:
        return self.gx_root / "gx" / "uncommitted" / "data_docs" / "local_site" / "index.html"

    @property
    def failed_dir(self) -> Path:
        return self.root / "failed"

    @property
    def runs_dir(self) -> Path:
        return self.root / "runs"

    def run_dir(self, run_id: str) -> Path:
        return self.runs_dir / re.sub(r"[^A-Za-z0-9_.-]+", "_", run_id)

    def ensure(self) -> "Workspace":
        self.root.mkdir(parents=True, exist_ok=True)
        return self
