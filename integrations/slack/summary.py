"""Long answers shortened for a channel: counts per focus domain, the first items, the rest one click away."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from plan_model.records import DOMAIN_ORDER

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


@dataclass(frozen=True)
class Layout:
    """A long answer in parts to lay out over sections and messages: the head (the list's intro and its counts
    per focus domain), the units (list items, or paragraphs of prose), the tail, and what joins the units."""

    head: str
    units: list[str]
    tail: str
    joiner: str


def _list_parts(mrkdwn: str) -> tuple[list[str], list[str], list[str]] | None:
    lines = mrkdwn.splitlines()
    bullets = [n for n, line in enumerate(lines) if line.lstrip().startswith(BULLET)]
    if len(bullets) <= LONG_LIST_ITEMS:
        return None
    intro, after = lines[: bullets[0]], lines[bullets[-1] + 1 :]
    start = bullets[0]
    if len([line for line in intro if line.strip()]) > 1 and intro[-1].rstrip().endswith(":"):
        # "Ik vond 14 acties." then "Nu lopend:": the last line heads the first group, not the whole list.
        intro, start = intro[:-1], start - 1
    # Lines between items (a group's heading, "Volgens de planning afgerond:") go with the item below them.
    items: list[str] = []
    pending: list[str] = []
    for line in lines[start : bullets[-1] + 1]:
        if line.lstrip().startswith(BULLET):
            items.append("\n".join([*pending, line]))
            pending = []
        else:
            pending.append(line)
    return intro, items, after


def _counts_line(cited_ids: list[str]) -> list[str]:
    counts = domain_counts(cited_ids)
    return [f"*Per focusdomein:* {counts}"] if counts else []


def summarise(mrkdwn: str, cited_ids: list[str]) -> Summary | None:
    """A summary of a long list or long prose in mrkdwn, or None when the answer is short enough to show."""
    parts = _list_parts(mrkdwn)
    if parts is not None:
        intro, items, after = parts
        hidden = len(items) - SHOWN_ITEMS
        text = "\n".join(
            [
                *intro,
                *_counts_line(cited_ids),
                "",
                f"*De eerste {SHOWN_ITEMS}:*",
                *items[:SHOWN_ITEMS],
                f"_… en nog {hidden} {'actie' if hidden == 1 else 'acties'}._",
                *(["", *after] if after else []),
            ]
        )
        return Summary(text.strip(), hidden, len(items))
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
        return Summary(short + "\n_… (ingekort)_", 0, 0)
    return None


def expand(mrkdwn: str, cited_ids: list[str]) -> Layout:
    """The whole answer, summary first: a long list keeps its intro and counts per focus domain above all its
    items ("Toon alles"); prose is its paragraphs."""
    parts = _list_parts(mrkdwn)
    if parts is None:
        return Layout("", [p for p in mrkdwn.split("\n\n") if p.strip()], "", "\n\n")
    intro, items, after = parts
    head = "\n".join([*intro, *_counts_line(cited_ids)]).strip()
    return Layout(head, items, "\n".join(after).strip(), "\n")
