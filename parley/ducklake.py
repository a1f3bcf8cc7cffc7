"""The published marts copied into a DuckLake: catalog in PostgreSQL, data as Parquet files.

A DuckDB file takes one writer; a DuckLake takes many, since its catalog is a PostgreSQL
database that serialises their commits, and every commit is a snapshot readers can go back
to. A run that validates and publishes its DuckDB file also writes one snapshot of the
marts here when `PARLEY_DUCKLAKE_CATALOG` is set, e.g.

    PARLEY_DUCKLAKE_CATALOG="postgres:dbname=parley_lake host=127.0.0.1 user=parley password=..."
    PARLEY_DUCKLAKE_DATA_PATH=/shared/parley-lake/

Analysts then `ATTACH 'ducklake:<catalog>' AS lake (READ_ONLY)` from any DuckDB with the
ducklake and postgres extensions. The extensions are PyPI packages
(duckdb-extension-ducklake, duckdb-extension-postgres-scanner), loaded from their installed files:
nothing is downloaded at run time.
"""
from __future__ import annotations

import importlib
from pathlib import Path

import duckdb

EXTENSIONS = ("ducklake", "postgres_scanner")


def extension_file(name: str) -> Path:
    """The extension's binary inside its PyPI package, for this DuckDB version."""
    package = Path(importlib.import_module(f"duckdb_extension_{name}").__file__).parent
    path = package / "extensions" / f"v{duckdb.__version__}" / f"{name}.duckdb_extension"
    if not path.exists():
        package_name = "duckdb-extension-" + name.replace("_", "-")
        raise FileNotFoundError(f"{path} missing: {package_name} must match duckdb {duckdb.__version__}")
    return path


def connect_lake(catalog: str, data_path: str | None = None, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB with the lake attached as `lake`."""
    con = duckdb.connect()
    for name in EXTENSIONS:
        con.load_extension(str(extension_file(name)))
    options = ["READ_ONLY"] if read_only else []
    if data_path:
        options.append(f"DATA_PATH '{data_path}'")
    con.execute(f"ATTACH 'ducklake:{catalog}' AS lake" + (f" ({', '.join(options)})" if options else ""))
    return con


def published_tables(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Tables and views analysts see in the warehouse's main schema."""
    return [name for (name,) in con.execute(
        "select table_name from information_schema.tables where table_catalog = 'wh' and table_schema = 'main' "
        "order by table_name").fetchall()]


def publish_to_lake(warehouse: Path, catalog: str, data_path: str) -> dict:
    """Replace the lake's tables with the published warehouse's, in one snapshot."""
    Path(data_path).mkdir(parents=True, exist_ok=True)
    with connect_lake(catalog, data_path) as con:
        con.execute(f"ATTACH '{warehouse}' AS wh (READ_ONLY)")
        tables = published_tables(con)
        con.execute("BEGIN")
        for table in tables:
            con.execute(f'CREATE OR REPLACE TABLE lake.main."{table}" AS SELECT * FROM wh.main."{table}"')
        con.execute("COMMIT")
        snapshot = con.execute("select max(snapshot_id) from lake.snapshots()").fetchone()[0]
    return {"tables": len(tables), "snapshot": snapshot}
