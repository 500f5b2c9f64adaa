"""Where Slack replies link to: the web app's action pages and explorer, and which other links are allowed."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import quote, urlsplit

from plan_model.records import ACTION_ID, canonical_id

# A Slack link, <url|label> or <url>: text inside one must not be linked again.
_SLACK_LINK = re.compile(r"<[^<>\s|]+(?:\|[^<>]*)?>")
_MARKDOWN_LINK = re.compile(r"\[([^\]\n]+)\]\(([^)\s]+)\)")
# Slack turns bare addresses into live links by itself; only ours may stay live.
_BARE_URL = re.compile(r"(?<![<|`])\bhttps?://[^\s<>|`]+")


def slack_url(url: str) -> str:
    """A URL as it goes inside <…|…> in mrkdwn: only & < > are escaped."""
    return url.replace("&", "&amp;").replace("<", "%3C").replace(">", "%3E")


def _host_and_path(url: str) -> tuple[str, str]:
    parts = urlsplit(url if "://" in url else f"https://{url}")
    host = (parts.hostname or "").lower().removeprefix("www.")
    return host, parts.path.rstrip("/")


@dataclass(frozen=True)
class LinkPolicy:
    """The public URL of the web app (None: no links to it) and the plan's own links, which may stay live."""

    public_url: str | None = None
    plan_links: tuple[str, ...] = field(default_factory=tuple)

    @property
    def base(self) -> str | None:
        """The public URL without its trailing slash, or None."""
        return self.public_url.rstrip("/") if self.public_url else None

    def action_url(self, action_id: str) -> str | None:
        """The web app's page of one action, /acties/<id>, or None without a public URL."""
        return f"{self.base}/acties/{quote(action_id)}" if self.base else None

    def explorer_url(self, query: str | None) -> str | None:
        """The action explorer filtered as the answer's list was, /acties?<query>, or None."""
        if not self.base:
            return None
        return f"{self.base}/acties?{query}" if query else f"{self.base}/acties"

    def answer_url(self, message_id: str) -> str | None:
        """The web app's permalink of a recorded answer, /antwoord/<message id>, or None without a public URL."""
        return f"{self.base}/antwoord/{quote(message_id, safe='')}" if self.base else None

    def allows(self, url: str) -> bool:
        """Whether a link written into an answer may stay live: our own pages, or a page the plan itself links."""
        if not url.lower().startswith(("https://", "http://")):
            return False
        host, path = _host_and_path(url)
        if self.base:
            own_host, own_path = _host_and_path(self.base)
            if host == own_host and (path + "/").startswith(own_path + "/"):
                return True
        for link in self.plan_links:
            plan_host, plan_path = _host_and_path(link)
            if host == plan_host and (path + "/").startswith(plan_path + "/"):
                return True
        return False


def convert_markdown_links(mrkdwn: str, policy: LinkPolicy) -> str:
    """[label](url) as a Slack link when the policy allows the URL; otherwise only its label, as text.

    A model in LLM mode can write any link; a live link to a phishing page in the bot's name is worse
    than a missing one. Bare addresses Slack would link by itself are put in code (`…`), which it does not.
    """

    def markdown(match: re.Match[str]) -> str:
        label, url = match.group(1), match.group(2).replace("&amp;", "&")
        return f"<{slack_url(url)}|{label}>" if policy.allows(url) else label

    def bare(match: re.Match[str]) -> str:
        url = match.group(0).replace("&amp;", "&")
        return match.group(0) if policy.allows(url) else f"`{match.group(0)}`"

    pieces = []
    # Markdown links first; then bare URLs outside the Slack links just made.
    for n, piece in enumerate(_split_links(_MARKDOWN_LINK.sub(markdown, mrkdwn))):
        pieces.append(piece if n % 2 else _BARE_URL.sub(bare, piece))
    return "".join(pieces)


def link_action_ids(mrkdwn: str, ids: set[str], policy: LinkPolicy) -> str:
    """Every mention of a cited action ("KP 1.3", "kp1.3") linked to its page; other text untouched."""
    if not policy.base or not ids:
        return mrkdwn

    def link(match: re.Match[str]) -> str:
        action_id = canonical_id(match)
        url = policy.action_url(action_id)
        if action_id not in ids or url is None:
            return match.group(0)
        return f"<{slack_url(url)}|{match.group(0)}>"

    # Odd pieces are existing Slack links: an id in a link label stays as it is.
    pieces = _split_links(mrkdwn)
    return "".join(piece if n % 2 else ACTION_ID.sub(link, piece) for n, piece in enumerate(pieces))


def _split_links(text: str) -> list[str]:
    """Text and Slack links alternating: even indexes are plain text, odd ones are <…> links."""
    pieces: list[str] = []
    last = 0
    for match in _SLACK_LINK.finditer(text):
        pieces += [text[last : match.start()], match.group(0)]
        last = match.end()
    return [*pieces, text[last:]]
