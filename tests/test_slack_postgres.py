"""The Slack bot on PostgreSQL: its votes, its event dedupe and its conversations in the shared database, and a
private, Dutch "not stored" for a click while the database is away."""

from __future__ import annotations

import pytest
from pydantic import SecretStr

from assistant.answerer import Answerer
from assistant.stores.configured import open_conversations
from assistant.stores.postgres.database import database_for
from assistant.stores.postgres.feedback import PostgresFeedbackStore
from assistant.stores.postgres.migrations import migrate
from foundation.settings import Settings
from tests.support import slack_fixtures
from tests.support.fake_slack_api import FakeSlackApi
from tests.support.slack_fixtures import serve
from tests.support.slack_workspace import button_value, mention, posted

fake = slack_fixtures.fake
settings = slack_fixtures.settings

pytestmark = pytest.mark.postgres


def test_slack_votes_in_postgres_and_says_so_privately_when_the_database_is_away(
    fake: FakeSlackApi, settings: Settings, answerer: Answerer, postgres_url: str
) -> None:
    # A long retry: once remembered away, the database stays away for the rest of the test.
    on_postgres = settings.model_copy(update={"database_url": SecretStr(postgres_url), "database_retry_s": 600.0})
    migrate(on_postgres)
    store = PostgresFeedbackStore(database_for(on_postgres))
    bot = Answerer(
        answerer.settings,
        live_index=answerer.live,
        conversations=open_conversations(on_postgres),
        directory=answerer.directory,
    )
    for slack in serve(fake, bot, on_postgres, store):
        slack.event(mention())
        slack.event(mention())  # Slack's retry of the same event: answered once
        slack.idle()
        (post,) = fake.calls_to("chat.postMessage")
        message_id = button_value(post, "feedback_up")
        slack.click("feedback_up", message_id, posted(post), user="U0001")
        slack.idle()
        assert [(r["message_id"], r["rating"]) for r in store.feedback()] == [(message_id, "up")]
        store.database.circuit.failed("test: de database is weg")
        slack.click("feedback_down", message_id, posted(post), user="U0001")
        slack.idle()
    replies = [c.body["text"] for c in fake.calls_to("/respond/click")]
    assert "Bedankt" in replies[0] and "niet opgeslagen" in replies[-1], replies
