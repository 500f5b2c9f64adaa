"""The embedded Chroma's files: vector-index folders that chromadb leaves behind when a collection is dropped."""

from __future__ import annotations

import logging
import shutil
import sqlite3
import uuid
from contextlib import closing
from pathlib import Path

log = logging.getLogger(__name__)


def _is_uuid(name: str) -> bool:
    try:
        uuid.UUID(name)
    except ValueError:
        return False
    return True


def orphaned_folders(chroma_dir: Path) -> list[Path]:
    """Folders of vector segments no collection uses any more (each segment's folder is named by its id)."""
    database = chroma_dir / "chroma.sqlite3"
    if not database.exists():
        return []
    # Read-only and only the segment ids: a folder whose segment row is gone belongs to a dropped collection
    # (a new collection's row is written before its folder, so a half-created one is never taken for an orphan).
    with closing(sqlite3.connect(f"file:{database}?mode=ro", uri=True, timeout=10)) as conn:
        used = {str(row[0]) for row in conn.execute("SELECT id FROM segments")}
    return sorted(d for d in chroma_dir.iterdir() if d.is_dir() and _is_uuid(d.name) and d.name not in used)


def remove_orphaned_folders(chroma_dir: Path) -> list[str]:
    """Delete the orphaned vector folders; their names."""
    removed = []
    for folder in orphaned_folders(chroma_dir):
        shutil.rmtree(folder, ignore_errors=True)
        removed.append(folder.name)
    if removed:
        log.info("removed %d orphaned vector folders", len(removed))
    return removed
