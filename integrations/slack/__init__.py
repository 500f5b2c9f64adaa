"""The Slack bot: answers questions about the action plan with the same answerer as the HTTP API."""

from integrations.slack.app import SlackConfigError, build_slack_app

__all__ = ["SlackConfigError", "build_slack_app"]
