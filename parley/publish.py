"""Publish stage: the validated build warehouse replaces the published file atomically.

Readers that have the old file open keep reading it (the rename leaves their inode
alone); new connections see the new load. Nothing half-loaded is ever published.
"""
from __future__ import annotations

import os
import shutil

import duckdb
from pathlib import Path

from parley.workspace import Workspace


def start_build(ws: Workspace) -> None:
    """Every run builds on a copy of the last published warehouse, never on a failed build."""
    ws.ensure()
    ws.build_db.parent.mkdir(parents=True, exist_ok=True)
    if ws.build_db.exists():
        ws.build_db.unlink()
    wal = ws.build_db.with_name(ws.build_db.name + ".wal")
    if wal.exists():
        wal.unlink()
    if ws.warehouse.exists():
        shutil.copy2(ws.warehouse, ws.build_db)


def checkpoint(path: Path) -> None:
    """Write the WAL into the file, so that a copy of the file alone is complete."""
    with duckdb.connect(str(path)) as con:
        con.execute("force checkpoint")


def publish(ws: Workspace) -> Path:
    ws.warehouse.parent.mkdir(parents=True, exist_ok=True)
    checkpoint(ws.build_db)
    staged = ws.warehouse.with_name(f".{ws.warehouse.name}.publishing")
    shutil.copy2(ws.build_db, staged)
    os.replace(staged, ws.warehouse)
    return ws.warehouse


def keep_failed_build(ws: Workspace, run_id: str) -> Path | None:
    """Set a build that failed validation aside, failing rows and all, for inspection."""
    if not ws.build_db.exists():
        return None
    ws.failed_dir.mkdir(parents=True, exist_ok=True)
    checkpoint(ws.build_db)
    kept = ws.failed_dir / (ws.run_dir(run_id).name + ".duckdb")
    shutil.copy2(ws.build_db, kept)
    return kept
