"""The stores behind one interface: the same tests against SQLite in the data dir and against a real PostgreSQL.

The `store_settings` fixture runs each test twice; PostgreSQL is CI's (ACTIEPLAN_TEST_DATABASE_URL) or a
throwaway cluster started here, on a fresh database per test.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

import pytest

from assistant.answer_models import Answer
from assistant.stores.configured import open_conversations, open_feedback
from assistant.stores.conversations import Turn
from foundation.errors import FeedbackNotFound
from foundation.settings import Settings
from integrations.slack.dedupe import KeySet, SharedTtlSet
from integrations.slack.gate import EventGate
from integrations.slack.key_sets import PostgresTtlSet, shared_key_set


def an_answer(message_id: str, text: str = "VMM trekt KP 1.3.") -> Answer:
    """A small answer as the answerer would give it."""
    return Answer(answer=text, citations=[], route="lookup", conversation_id=f"c-{message_id}", message_id=message_id)


def key_set(settings: Settings, ttl_s: float, namespace: str, clock: Callable[[], float]) -> KeySet:
    """The configured kind of shared key set, on a clock the test moves."""
    if settings.uses_database_server:
        from assistant.stores.postgres.database import database_for

        return PostgresTtlSet(database_for(settings), ttl_s, namespace, clock=clock)
    return SharedTtlSet(settings.data_dir / "slack.sqlite3", ttl_s, namespace=namespace, clock=clock)


def test_feedback_keeps_answers_ratings_and_comments(store_settings: Settings) -> None:
    store = open_feedback(store_settings)
    store.record_answer(an_answer("m1"), "Wie trekt KP 1.3?", "web")
    store.record_answer(an_answer("m2", "Geen antwoord."), "Wat met PFAS?", "api")
    up = store.add_feedback("m1", "up", channel="web")
    down = store.add_feedback("m2", "down", comment="fout", channel="api")
    assert down != up
    store.add_comment(up, "goed", message_id="m1")
    with pytest.raises(FeedbackNotFound):
        store.add_comment(up, "elders", message_id="m2")
    with pytest.raises(FeedbackNotFound):
        store.add_feedback("onbekend", "up")
    rows = store.feedback()
    assert [(r["message_id"], r["rating"], r["comment"]) for r in rows] == [
        ("m2", "down", "fout"),
        ("m1", "up", "goed"),
    ]
    assert rows[1]["question"] == "Wie trekt KP 1.3?" and rows[1]["answer"]["answer"] == "VMM trekt KP 1.3."
    assert [r["message_id"] for r in store.feedback("down")] == ["m2"]
    recorded = store.recorded_answer("m1")
    assert recorded is not None and recorded[0] == "Wie trekt KP 1.3?" and recorded[1].answer == "VMM trekt KP 1.3."
    assert store.recorded_answer("onbekend") is None
    [candidate] = store.export_gold_candidates()
    assert candidate["question"] == "Wat met PFAS?" and "fout" in candidate["note"]
    assert store.check_ready() is None


def test_a_person_has_one_vote_even_when_clicking_at_once(store_settings: Settings) -> None:
    store = open_feedback(store_settings)
    store.record_answer(an_answer("m1"), "Wie trekt KP 1.3?", "slack")
    first = store.vote("m1", "up", "slack", "U1")
    assert store.vote("m1", "down", "slack", "U1") == first
    ids: list[int] = []

    def click(rating: str) -> None:
        ids.append(store.vote("m1", "up" if rating == "up" else "down", "slack", "U2"))

    threads = [threading.Thread(target=click, args=("up" if n % 2 else "down",)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(set(ids)) == 1
    votes = sorted((r["rating"], r["id"]) for r in store.feedback())
    assert len(votes) == 2 and ("down", first) in votes
    with pytest.raises(FeedbackNotFound):
        store.vote("onbekend", "up", "slack", "U1")


def test_a_complaint_stays_in_the_export_when_the_vote_turns_up_until_it_is_cleared(store_settings: Settings) -> None:
    store = open_feedback(store_settings)
    store.record_answer(an_answer("m1"), "Welke acties betrekken VMM?", "slack")
    vote = store.vote("m1", "down", "slack", "U1")
    store.add_comment(vote, "KP 9.9 ontbreekt", message_id="m1")
    assert store.vote("m1", "up", "slack", "U1") == vote
    assert store.vote_of(vote) == ("up", "KP 9.9 ontbreekt"), "changing the vote keeps the comment"
    [candidate] = store.export_gold_candidates()
    assert "KP 9.9 ontbreekt" in candidate["note"] and "de stem werd later 👍" in candidate["note"]
    store.add_comment(vote, None)
    assert store.vote_of(vote) == ("up", None)
    assert store.export_gold_candidates() == [], "cleared on purpose: a 👍 alone is no complaint"
    assert store.vote_of(vote + 1000) is None


def test_conversations_keep_the_last_turn_until_it_expires(store_settings: Settings) -> None:
    settings = store_settings
    store = open_conversations(settings)
    assert store.last("c1") is None
    store.save("c1", Turn(question="Welke acties trekt VMM?", route="structured", result_ids=["KP 1.3"]))
    store.save("c1", Turn(question="En BW 1.6?", route="lookup", result_ids=["BW 1.6"], filters={"org": ["VMM"]}))
    turn = store.last("c1")
    assert turn is not None and turn.result_ids == ["BW 1.6"] and turn.filters == {"org": ["VMM"]}
    # Another process (worker or host) opening the same store reads the same turn.
    again = open_conversations(settings).last("c1")
    assert again == turn
    # With no time to live, a saved turn has expired when it is read.
    expiring = open_conversations(settings.model_copy(update={"conversation_ttl_s": 0}))
    expiring.save("c2", Turn(question="Welke acties trekt VMM?", route="structured"))
    assert expiring.last("c2") is None


def test_shared_key_sets_keep_the_ttl_set_interface(store_settings: Settings) -> None:
    now = [1000.0]
    seen = key_set(store_settings, 10, "events", lambda: now[0])
    other = key_set(store_settings, 10, "events", lambda: now[0])  # another worker or host
    assert seen.claim(["a"]) and not other.claim(["a"]) and not other.claim(["b", "a"])
    assert "b" not in seen, "a refused claim remembers nothing"
    other.add(("C1", "1.0"))
    assert ("C1", "1.0") in seen and len(seen) == 2  # type: ignore[arg-type]
    now[0] += 11
    assert "a" not in seen and len(seen) == 0 and other.claim(["a"])  # type: ignore[arg-type]
    threads = key_set(store_settings, 10, "threads", lambda: now[0])
    assert "a" not in threads, "namespaces are apart"


def test_event_gates_on_two_hosts_answer_a_retry_once(store_settings: Settings) -> None:
    def gate() -> EventGate:
        return EventGate(
            threads=shared_key_set(store_settings, "threads", 3600), seen=shared_key_set(store_settings, "events", 900)
        )

    first, second = gate(), gate()
    mention = {"type": "app_mention", "channel": "C1", "user": "U1", "ts": "1.0", "text": "<@UBOT> hoi"}
    assert first.drop_reason({"event_id": "Ev1", "event": mention}, mention, "UBOT", "BBOT") is None
    assert second.drop_reason({"event_id": "Ev1", "event": mention}, mention, "UBOT", "BBOT") == "duplicate"
    follow = {"type": "message", "channel": "C1", "channel_type": "channel", "user": "U1", "ts": "2.0"}
    follow |= {"thread_ts": "1.0", "text": "en de sleutelacties?"}
    assert second.drop_reason({"event_id": "Ev2", "event": follow}, follow, "UBOT", "BBOT") is None


def test_concurrent_claims_of_the_same_events_have_one_winner_each(store_settings: Settings) -> None:
    sets = [shared_key_set(store_settings, "events", 900) for _ in range(4)]
    won: list[list[int]] = [[] for _ in sets]
    start = threading.Barrier(len(sets))

    def claim(n: int) -> None:
        start.wait()
        order = range(60) if n % 2 else reversed(range(60))
        for event in order:
            if sets[n].claim([("event", f"Ev{event}"), ("message", "C1", f"{event}.0")]):
                won[n].append(event)

    threads = [threading.Thread(target=claim, args=(n,)) for n in range(len(sets))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(e for part in won for e in part) == list(range(60)), "every event answered exactly once"


def test_the_sqlite_default_needs_no_database(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path)
    assert not settings.uses_database_server
    open_feedback(settings).record_answer(an_answer("m1"), "vraag", "web")
    assert (tmp_path / "feedback.sqlite3").is_file()
