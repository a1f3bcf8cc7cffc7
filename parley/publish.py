"""Publish stage: the validated build warehouse replaces the published file atomically.

Readers that have the old file open keep reading it (the rename leaves their inode
alone); new connections see the new load. Nothing half-loaded is ever published, and each
run builds in its own run folder, so that no run can publish, or delete, another's build.
"""
from __future__ import annotations

import os
import shutil

import duckdb
from pathlib import Path

from parley.workspace import Workspace

KEEP_RUNS = 20  # run folders kept for inspection (progress, summary, batches); older ones go


def start_build(ws: Workspace) -> None:
    """Every run builds on a copy of the last published warehouse, never on a failed build."""
    ws.build_db.parent.mkdir(parents=True, exist_ok=True)
    for leftover in (ws.build_db, ws.build_db.with_name(ws.build_db.name + ".wal")):
        leftover.unlink(missing_ok=True)  # a retried prepare starts again from the published file
    if ws.warehouse.exists():
        shutil.copy2(ws.warehouse, ws.build_db)


def checkpoint(path: Path) -> None:
    """Write the WAL into the file, so that a copy of the file alone is complete."""
    with duckdb.connect(str(path)) as con:
        con.execute("force checkpoint")


def publish(ws: Workspace) -> Path:
    """Move the build copy into place: a rename on the same disk, so nothing is copied."""
    if not ws.build_db.exists():
        raise FileNotFoundError(f"run {ws.run_id} has no build copy to publish at {ws.build_db}")
    ws.warehouse.parent.mkdir(parents=True, exist_ok=True)
    checkpoint(ws.build_db)
    os.replace(ws.build_db, ws.warehouse)
    return ws.warehouse


def keep_failed_build(ws: Workspace) -> Path | None:
    """Set a build that failed validation aside, failing rows and all, for inspection."""
    if not ws.build_db.exists():
        return None
    ws.failed_dir.mkdir(parents=True, exist_ok=True)
    checkpoint(ws.build_db)
    kept = ws.failed_dir / (ws.build_db.parent.name + ".duckdb")
    shutil.copy2(ws.build_db, kept)
    return kept


def remove_build(ws: Workspace) -> None:
    """After a run, published or not, its build copy goes: a published one was moved, one
    that failed validation was kept in failed/."""
    for leftover in (ws.build_db, ws.build_db.with_name(ws.build_db.name + ".wal")):
        leftover.unlink(missing_ok=True)


def prune_runs(ws: Workspace) -> None:
    """Run folders older than the latest KEEP_RUNS go, so that the disk does not fill up run
    after run (with them the build copy of a run that was killed)."""
    current = ws.build_db.parent
    folders = sorted((p for p in ws.runs_dir.iterdir() if p.is_dir() and p != current),
                     key=lambda p: p.stat().st_mtime, reverse=True)
    for old in folders[KEEP_RUNS - 1:]:
        shutil.rmtree(old, ignore_errors=True)
