"""Ingest into real Chroma: idempotent, atomic, clear failures, server mode, guidance."""

from __future__ import annotations

from pathlib import Path

import pytest

from foundation.errors import IngestError, StoreUnavailable
from foundation.settings import BUNDLED_PLAN, Settings
from ingest.pipeline import run_ingest
from ingest.store import IndexStore
from tests.support.dates import TODAY


@pytest.fixture(scope="module")
def settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    settings = Settings(data_dir=tmp_path_factory.mktemp("ingest"))
    run_ingest(settings, BUNDLED_PLAN)
    return settings


def collection_names(store: IndexStore) -> list[str]:
    return sorted(str(getattr(c, "name", c)) for c in store.client.list_collections())


def test_first_ingest_stores_everything(settings: Settings) -> None:
    store = IndexStore(settings)
    live = store.pointer("live")
    assert live is not None and store.is_complete(live)
    document = store.load_records(live)
    assert len(document.actions) == 59
    assert (settings.records_dir / f"{live}.json").exists()
    collection = store.collection(live)
    got = collection.get(where={"kind": "action"}, include=["metadatas"])
    assert len(got["ids"]) == 59
    metadata = next(m for m in got["metadatas"] if m["ref"] == "KP 1.3")
    assert (
        metadata["domain"] == "KP" and metadata["importance"] == "Sleutelactie" and "VMM" in metadata["organisations"]
    )
    assert collection.count() > 59  # narrative sections and objectives too


def test_unchanged_reingest_changes_nothing(settings: Settings) -> None:
    store = IndexStore(settings)
    before = (store.pointer("live"), collection_names(store), store.collection(store.pointer("live") or "").count())
    report = run_ingest(settings, BUNDLED_PLAN)
    assert report.unchanged
    after = (store.pointer("live"), collection_names(store), store.collection(store.pointer("live") or "").count())
    assert before == after


def test_failed_ingest_leaves_previous_version_serving(settings: Settings, tmp_path: Path) -> None:
    store = IndexStore(settings)
    live = store.pointer("live")
    corrupt = tmp_path / "plan.pdf"
    corrupt.write_bytes(b"%PDF-1.7\n garbage that is not a pdf \x00\x01")
    with pytest.raises(IngestError):
        run_ingest(settings, corrupt)
    empty = tmp_path / "leeg.txt"
    empty.write_text("Dit is geen actieplan.\n", encoding="utf-8")
    with pytest.raises(IngestError, match="Geen acties"):
        run_ingest(settings, empty)
    with pytest.raises(IngestError):
        run_ingest(settings, tmp_path / "bestaat-niet.txt")
    assert store.pointer("live") == live

    from assistant.answerer import build_answerer

    answer = build_answerer(settings).answer("Welke acties betrekken VMM?", today=TODAY)
    assert len(answer.cited_ids) == 12


def test_a_changed_plan_is_staged_and_goes_live_only_by_promote(settings: Settings, tmp_path: Path) -> None:
    from ingest.versions import promote

    store = IndexStore(settings)
    old = store.pointer("live")
    changed = tmp_path / "plan.txt"
    changed.write_text(
        BUNDLED_PLAN.read_text(encoding="utf-8").replace("Speerpuntclusters", "Speerpuntclusters, VMM"),
        encoding="utf-8",
    )
    report = run_ingest(settings, changed)
    assert not report.unchanged and report.version != old
    assert report.gated and report.pointer == "staged" and report.diff is not None
    assert store.pointer("live") == old and store.pointer("staged") == report.version, "the gate: staged, not live"
    promote(settings, None, force=True)
    assert store.pointer("live") == report.version and store.pointer("previous") == old
    kp16 = store.load_records(report.version).action("KP 1.6")
    assert kp16 is not None and "VMM" in kp16.partners
    # back to the bundled plan: staged from the stored version (nothing rebuilt), live again by promote
    back = run_ingest(settings, BUNDLED_PLAN)
    assert back.version == old and back.gated and back.nodes == 0 and store.pointer("live") == report.version
    promote(settings, None, force=True)
    assert store.pointer("live") == old
    assert len([n for n in collection_names(store) if "_v_" in n]) == 2


def test_half_built_collection_is_pruned(settings: Settings) -> None:
    store = IndexStore(settings)
    store.collection("deadbeefdeadbeef", create=True)  # as left by an ingest killed halfway
    assert "actieplan_v_deadbeefdeadbeef" in collection_names(store)
    store.prune()
    assert "actieplan_v_deadbeefdeadbeef" not in collection_names(store)
    assert store.pointer("live") in {n.removeprefix("actieplan_v_") for n in collection_names(store)}


def test_guidance_documents(settings: Settings, tmp_path: Path) -> None:
    folder = tmp_path / "gids"
    folder.mkdir()
    (folder / "brugkrediet.md").write_text(
        "# Brugkredieten\n\nEen brugkrediet overbrugt de periode tot de subsidie wordt uitbetaald.\n", encoding="utf-8"
    )
    (folder / "verzekeren.html").write_text(
        "<html><head><title>Verzekeren van waterinvesteringen</title></head>"
        "<body><p>Verzekeraars bekijken preventieve maatregelen.</p></body></html>",
        encoding="utf-8",
    )
    (folder / "kapot.pdf").write_bytes(b"%PDF-1.4 kapot")
    report = run_ingest(settings, BUNDLED_PLAN, [str(folder), "http://127.0.0.1:9/onbereikbaar.html"])
    assert any("onbereikbaar" in w for w in report.warnings)
    assert any("kapot.pdf" in w for w in report.warnings)
    store = IndexStore(settings)
    got = store.collection(report.version).get(where={"kind": "guidance"}, include=["metadatas"])
    titles = {m["title"] for m in got["metadatas"]}
    assert titles == {"Brugkredieten", "Verzekeren van waterinvesteringen"}
    assert all(m["source"].startswith(str(folder)) for m in got["metadatas"])
    # a plain re-ingest keeps the guidance and changes nothing
    again = run_ingest(settings, BUNDLED_PLAN)
    assert again.unchanged and again.version == report.version
    run_ingest(settings, BUNDLED_PLAN, [])  # an explicit empty list also keeps them
    assert store.pointer("live") == report.version


def test_list_links_cli(capsys: pytest.CaptureFixture[str]) -> None:
    from assistant.cli import main

    assert main(["ingest", "--list-links"]) == 0
    assert "https://h2050.be/nl/oona" in capsys.readouterr().out


def test_unreachable_chroma_server_is_a_clear_error(tmp_path: Path) -> None:
    from tests.conftest import free_port

    settings = Settings(data_dir=tmp_path, chroma_host="127.0.0.1", chroma_port=free_port())
    with pytest.raises(StoreUnavailable):
        run_ingest(settings, BUNDLED_PLAN)


@pytest.mark.chroma_server
def test_chroma_server_mode(chroma_server: tuple[str, int], tmp_path: Path) -> None:
    host, port = chroma_server
    settings = Settings(data_dir=tmp_path / "a", chroma_host=host, chroma_port=port, collection_prefix="srv")
    report = run_ingest(settings, BUNDLED_PLAN)
    assert len(report.document.actions) == 59
    assert not (tmp_path / "a" / "chroma").exists()  # nothing embedded
    # a second host with its own data dir answers the same from the shared server
    other = Settings(data_dir=tmp_path / "b", chroma_host=host, chroma_port=port, collection_prefix="srv")
    from assistant.answerer import build_answerer

    answer = build_answerer(other).answer("Welke acties trekt VMM?", today=TODAY)
    assert sorted(answer.cited_ids) == ["BW 1.6", "BW 2.2", "BW 2.3", "KP 1.1", "KP 1.3"]
    assert run_ingest(other, BUNDLED_PLAN).unchanged
