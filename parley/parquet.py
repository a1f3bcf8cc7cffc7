"""Parquet files written whole or not at all: a reader never sees half a file."""
from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq


def write_table(rows: list[dict], schema: pa.Schema, path: Path) -> Path:
    tmp = path.with_suffix(".tmp")
    pq.write_table(pa.Table.from_pylist(rows, schema=schema), tmp)
    tmp.replace(path)
    return path
