"""Socket Mode: the bot over a WebSocket opened from here (no public URL needed), for `actieplan slack`."""

from __future__ import annotations

import logging

from slack_bolt.adapter.socket_mode import SocketModeHandler

from assistant.answerer import Answerer
from assistant.stores.feedback import FeedbackStore
from foundation.settings import Settings
from integrations.slack.app import SlackConfigError, build_slack_app

logger = logging.getLogger(__name__)


def require_socket_mode_settings(settings: Settings) -> str:
    """The app-level token; raises SlackConfigError (Dutch and English) when a Socket Mode token is missing."""
    if settings.slack_bot_token is None:
        raise SlackConfigError(
            "SLACK_BOT_TOKEN ontbreekt: zet het bot-token (xoxb-…) van de Slack-app in de omgeving. "
            "(SLACK_BOT_TOKEN is not set.)"
        )
    if settings.slack_app_token is None:
        raise SlackConfigError(
            "SLACK_APP_TOKEN ontbreekt: Socket Mode heeft een app-level token (xapp-…) met de scope "
            "connections:write nodig. (SLACK_APP_TOKEN is not set; it is required for Socket Mode.)"
        )
    return settings.slack_app_token.get_secret_value()


def build_socket_mode_handler(
    answerer: Answerer, settings: Settings, feedback: FeedbackStore | None = None
) -> SocketModeHandler:
    """The Socket Mode handler around the bot; raises SlackConfigError when a token is missing."""
    app_token = require_socket_mode_settings(settings)
    app = build_slack_app(answerer, settings, feedback)
    # The WebSocket URL comes from apps.connections.open on the same (configurable) Web API base URL.
    return SocketModeHandler(app, app_token=app_token)


def run_socket_mode(answerer: Answerer, settings: Settings, feedback: FeedbackStore | None = None) -> None:
    """Connect to Slack in Socket Mode and answer until interrupted (blocks)."""
    handler = build_socket_mode_handler(answerer, settings, feedback)
    logger.info("Slack-bot start in Socket Mode; stop met Ctrl+C.")
    handler.start()
