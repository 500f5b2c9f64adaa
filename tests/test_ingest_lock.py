"""One ingest at a time: the lock in the meta collection, its expiry, and a stale lock of a killed ingest."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from foundation.errors import IngestError
from foundation.settings import BUNDLED_PLAN, Settings
from ingest.ingest_lock import IngestLock
from ingest.pipeline import run_ingest
from ingest.store import IndexStore


class Clock:
    def __init__(self) -> None:
        self.now = 1_800_000_000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def store(tmp_path: Path) -> IndexStore:
    return IndexStore(Settings(data_dir=tmp_path, _env_file=None))  # type: ignore[call-arg]


def test_a_second_ingest_is_told_plainly_that_another_runs(store: IndexStore) -> None:
    first, second = IngestLock(store), IngestLock(store)
    first.acquire()
    with pytest.raises(IngestError) as busy:
        second.acquire()
    assert busy.value.user_message.startswith("Er loopt al een ingest op deze index")
    assert first.holder() is not None and first.holder().owner == first.owner  # type: ignore[union-attr]
    first.release()
    second.acquire()
    assert second.holder().owner == second.owner  # type: ignore[union-attr]


def test_an_expired_lock_is_taken_over_and_renewing_keeps_it(store: IndexStore) -> None:
    clock = Clock()
    # Another host's ingest: its process cannot be looked up from here, only its expiry counts.
    far = IngestLock(store, ttl_s=60, clock=clock)
    far.owner = "elders:1:abcd"
    far.acquire()
    here = IngestLock(store, ttl_s=60, clock=clock)
    clock.now += 50
    far.renew()
    clock.now += 50
    with pytest.raises(IngestError):
        here.acquire()  # renewed 50 s ago: still held
    clock.now += 11
    here.acquire()
    assert here.holder().owner == here.owner  # type: ignore[union-attr]
    far.renew()  # no longer its lock: renewing must not take it back
    assert here.holder().owner == here.owner  # type: ignore[union-attr]


def test_the_lock_of_a_killed_ingest_on_this_host_is_stale_at_once(store: IndexStore) -> None:
    finished = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    dead = IngestLock(store)
    dead.owner = dead.owner.split(":")[0] + f":{int(finished.stdout)}:dead"
    dead.acquire()
    fresh = IngestLock(store)
    fresh.acquire()
    assert fresh.holder().owner == fresh.owner  # type: ignore[union-attr]


def test_run_ingest_refuses_while_another_holds_the_lock_and_changes_nothing(
    ingested_settings: Settings, tmp_path: Path
) -> None:
    import shutil

    shutil.copytree(ingested_settings.data_dir, tmp_path / "var")
    settings = Settings(data_dir=tmp_path / "var", reload_check_s=0.0)
    store = IndexStore(settings)
    live = store.pointer("live")
    other = IngestLock(store)  # this very process: alive, so the lock holds
    other.acquire()
    edited = tmp_path / "plan.txt"
    edited.write_text(BUNDLED_PLAN.read_text(encoding="utf-8").replace(" van ", " vanuit "), encoding="utf-8")
    with pytest.raises(IngestError) as busy:
        run_ingest(settings, edited)
    assert busy.value.user_message.startswith("Er loopt al een ingest")
    assert store.pointer("live") == live
    other.release()
    assert run_ingest(settings, edited).version != live
    assert IngestLock(store).holder() is None, "released after the ingest"


def test_embedded_ingests_leave_no_orphaned_vector_folders(ingested_settings: Settings, tmp_path: Path) -> None:
    import shutil

    from ingest.embedded_files import orphaned_folders

    shutil.copytree(ingested_settings.data_dir, tmp_path / "var")
    settings = Settings(data_dir=tmp_path / "var", reload_check_s=0.0)
    text = BUNDLED_PLAN.read_text(encoding="utf-8")
    for n in range(1, 4):  # small edits: most vectors are reused, so this stays quick
        plan = tmp_path / f"plan-{n}.txt"
        plan.write_text(text.replace("innovatie", "innovatie" + "x" * n), encoding="utf-8")
        run_ingest(settings, plan)
    folders = [d for d in settings.chroma_dir.iterdir() if d.is_dir()]
    assert orphaned_folders(settings.chroma_dir) == []
    # live and previous are kept: one vector folder each (the meta collection's is the third)
    assert len(folders) == 3, sorted(d.name for d in folders)
