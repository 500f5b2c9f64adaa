"""Long answers shortened for a channel: counts per focus domain, the first items, the rest one click away."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from ingest.records import DOMAIN_ORDER

# A list of up to this many actions is shown whole (VMM's 12 fit on a screen); longer ones are summarised.
LONG_LIST_ITEMS = 12
SHOWN_ITEMS = 5
# Prose longer than this (an LLM answer, a long lookup) is cut to its first paragraphs.
LONG_TEXT_CHARS = 3000
SHOWN_TEXT_CHARS = 1200
BULLET = "• "


@dataclass(frozen=True)
class Summary:
    """The shortened mrkdwn, and how many list items it leaves out (0 for shortened prose)."""

    text: str
    hidden: int
    items: int


def domain_counts(action_ids: list[str]) -> str:
    """ "KP 10 · BW 6 · BM 9": how many of the actions fall in each focus domain, in the plan's order."""
    counts = Counter(action_id.split()[0] for action_id in action_ids)
    return " · ".join(f"{code} {counts[code]}" for code in DOMAIN_ORDER if counts[code])


def summarise(mrkdwn: str, cited_ids: list[str]) -> Summary | None:
    """A summary of a long list or long prose in mrkdwn, or None when the answer is short enough to show."""
    lines = mrkdwn.splitlines()
    bullets = [n for n, line in enumerate(lines) if line.lstrip().startswith(BULLET)]
    if len(bullets) > LONG_LIST_ITEMS:
        intro, after = lines[: bullets[0]], lines[bullets[-1] + 1 :]
        hidden = len(bullets) - SHOWN_ITEMS
        shown = [lines[n] for n in bullets[:SHOWN_ITEMS]]
        counts = domain_counts(cited_ids)
        text = "\n".join(
            [
                *intro,
                *([f"*Per focusdomein:* {counts}"] if counts else []),
                "",
                f"*De eerste {SHOWN_ITEMS}:*",
                *shown,
                f"_… en nog {hidden} {'actie' if hidden == 1 else 'acties'}._",
                *(["", *after] if after else []),
            ]
        )
        return Summary(text.strip(), hidden, len(bullets))
    if len(mrkdwn) > LONG_TEXT_CHARS:
        kept: list[str] = []
        for paragraph in mrkdwn.split("\n\n"):
            if kept and len("\n\n".join([*kept, paragraph])) > SHOWN_TEXT_CHARS:
                break
            kept.append(paragraph)
        short = "\n\n".join(kept)
        if len(short) > LONG_TEXT_CHARS:
            # One huge paragraph: cut at a word, and never inside a link or an entity such as "&amp;".
            short = short[:SHOWN_TEXT_CHARS].rsplit(" ", 1)[0]
            if short.rfind("<") > short.rfind(">"):
                short = short[: short.rfind("<")]
            if short.rfind("&") > short.rfind(";"):
                short = short[: short.rfind("&")]
        return Summary(short + "\n_… (ingekort)_", 0, len(bullets))
    return None
