"""Timing in a question: "in 2027", "nu", "na 2027", "klaar vóór midden 2026", "wat start volgend jaar"."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from assistant.question.readings import words_pattern
from plan_model.timing import quarter_number

I = re.IGNORECASE  # noqa: E741

# A point in time as people say it: "Q3 2026", "het laatste kwartaal van 2026", "midden 2026", "2027", "volgend jaar".
_WHEN_PARTS = (
    r"(?:(?P<q>q\s?[1-4])\s*[/ ,]?\s*|(?P<part>begin|eind|einde|midden|medio|half|zomer|najaar|herfst|voorjaar"
    r"|lente|winter|(?:de\s+|het\s+)?(?:eerste|tweede|derde|vierde|laatste)\s+(?:kwartaal|maanden)(?:\s+van)?)"
    r"\s+(?:van\s+)?)?"
    r"(?:(?P<year>(?:19|20)\d{2})"
    r"|(?P<rel>dit jaar|volgend jaar|vorig jaar|komend jaar|dit kwartaal|volgend kwartaal|vorig kwartaal"
    r"|this year|next year|last year|this quarter|next quarter))"
)
_WHEN_NAMED = re.compile(_WHEN_PARTS, I)
# The same, without group names, to embed in the patterns below (one pattern may hold it twice).
_WHEN = re.sub(r"\?P<\w+>", "?:", _WHEN_PARTS)
# The words for starting, ending and running are rows of the reading table (time.start, time.end, time.run): a new
# word is a row there; the grammar below places them around a point in time.
_START = words_pattern("time.start")
_END = r"(?:eindig\w*|" + words_pattern("time.end")[3:]
_RUN = words_pattern("time.run")
_BY = r"(?:ten laatste(?:\s+in)?|uiterlijk(?:\s+in)?|tegen|by)"
_BEFORE = rf"(?:vóór|voor|before|{_BY})"
_AFTER = r"(?:na|voorbij|pas na|after|" + words_pattern("time.after")[3:]
# Words between a trigger and its date ("tegen eind 2026, wat moet er in het domein BM klaar zijn"): within one
# sentence, a clause apart at most.
_GAP = r"[^.?!]{0,60}?"


def _when(pattern: str) -> re.Pattern[str]:
    """A trigger pattern whose point in time is the group `when`."""
    return re.compile(pattern.replace("WHEN", f"(?P<when>{_WHEN})"), I)


_ENDS_BEFORE = [_when(rf"{_END}\b{_GAP}\b{_BEFORE}\s+WHEN"), _when(rf"\b{_BEFORE}\s+WHEN{_GAP}\b{_END}")]
_ENDS_AFTER = [_when(rf"(?:{_END}|{_RUN})\b{_GAP}\btot\s+na\s+WHEN"), _when(rf"{_END}\b{_GAP}\b{_AFTER}\s+WHEN")]
_RUNS_AFTER = [_when(rf"{_RUN}\b{_GAP}\b{_AFTER}\s+WHEN"), _when(rf"\b{_AFTER}\s+WHEN{_GAP}\b{_RUN}")]
_STARTS_BEFORE = [_when(rf"{_START}\b{_GAP}\b{_BEFORE}\s+WHEN"), _when(rf"\b{_BEFORE}\s+WHEN{_GAP}\b{_START}")]
_STARTS_AFTER = [
    _when(rf"{_START}\b{_GAP}\b(?P<from>{_AFTER}|vanaf|from)\s+WHEN"),
    _when(rf"\b(?P<from>{_AFTER}|vanaf|from)\s+WHEN{_GAP}\b{_START}"),
]
_STARTS_IN = [_when(rf"{_START}\b{_GAP}\bWHEN"), _when(rf"WHEN[^.?!]{{0,15}}?\b{_START}")]
_ENDS_IN = [_when(rf"{_END}\b{_GAP}\bWHEN"), _when(rf"WHEN{_GAP}\b{_END}")]
# Ended by now, without a date: "welke zijn al afgerond?", "zijn die intussen afgelopen?"; not what someone has
# done ("wat andere bedrijven al gedaan hebben").
_ENDED = re.compile(
    r"\b(?:al|intussen|inmiddels|reeds|ondertussen)\s+(?:\w+\s+)?"
    r"(?:afgerond|afgelopen|beëindigd|klaar|voorbij|gedaan(?!\s+(?:hebben|heeft|hebt|had|hadden)\b))"
    r"|\b(?:afgerond|afgelopen|beëindigd|voorbij)\s*\?|\balready\s+(?:finished|completed|ended|done)",
    I,
)
_ACTIVE_IN = [
    _when(rf"(?:{_RUN}|gepland|voorzien|scheduled)\b[^.?!\d]{{0,30}}?WHEN"),
    _when(rf"WHEN[^.?!\d]{{0,15}}?\b(?:nog\s+|al\s+)?{_RUN}"),
]
_ACTIVE_NOW = re.compile(
    r"\b(?:lopen|loopt|lopend|actief|bezig)\s+(?:er\s+)?(?:nu|momenteel|op dit moment|vandaag|op het moment)\b"
    r"|\b(?:nu|momenteel|op dit moment|op het moment|vandaag)\s+(?:al\s+|nog\s+)?(?:lopen|loopt|lopend|actief|bezig)"
    r"|\blopende acties\b|\bnu\s+aan\s+de\s+gang\b|\b(?:currently|now)\s+(?:running|active|underway)\b"
    r"|\brunning now\b|\bwat\s+(?:er\s+)?(?:loopt|lopen|gebeurt)\s+(?:er\s+)?(?:nu|momenteel|vandaag)\b",
    I,
)
_ONGOING = re.compile(r"\bdoorlopend|\bpermanent|\bongoing\b|\bcontinu|\bstructureel lopend|\bzonder einddatum", I)
_UNDETERMINED = re.compile(
    r"(geen|nog geen|zonder)\s+(vastgelegde\s+|bepaalde\s+|concrete\s+|vaste\s+)?"
    r"(timing|datum|data|planning\s+in\s+de\s+tijd)"
    r"|timing\s+(is\s+)?(nog\s+)?niet\s+(bepaald|vastgelegd|gekend|vast)|te bepalen|\btbd\b|no timing"
    r"|timing (is )?(not|un)|nog\s+(helemaal\s+)?niet\s+(bepaald|beslist|vastgelegd|gekend|duidelijk)\s+wanneer"
    r"|wanneer\s+ze\s+\w+\s+(is|staat)\s+nog\s+niet|(geen|zonder)\s+(start|eind)datum",
    I,
)

_PARTS = {"begin": 1, "voorjaar": 2, "lente": 2, "midden": 2, "medio": 2, "half": 2, "zomer": 3, "najaar": 4,
          "herfst": 4, "winter": 4, "eind": 4, "einde": 4, "eerste": 1, "tweede": 2, "derde": 3, "vierde": 4,
          "laatste": 4}  # fmt: skip


def _first(patterns: list[re.Pattern[str]], text: str) -> re.Match[str] | None:
    return next((m for p in patterns if (m := p.search(text))), None)


def _point(match: re.Match[str], today: date) -> tuple[int, int | None, str]:
    """(year, quarter or None, part word) of a matched point in time; relative words count from today."""
    when = _WHEN_NAMED.search(match.group("when"))
    assert when is not None  # the pattern matched `when` with the same expression
    rel = (when.group("rel") or "").lower()
    if rel:
        this = quarter_number(today)
        shift = (
            1 if rel.split()[0] in ("volgend", "komend", "next") else -1 if rel.split()[0] in ("vorig", "last") else 0
        )
        if "kwartaal" in rel or "quarter" in rel:
            return (this + shift) // 4, (this + shift) % 4 + 1, ""
        return today.year + shift, None, ""
    year = int(when.group("year"))
    if when.group("q"):
        return year, int(when.group("q")[-1]), ""
    part = (when.group("part") or "").lower()
    word = next((w for w in part.split() if w in _PARTS), "")
    return year, _PARTS.get(word), word


def _quarter(index: int) -> str:
    """ "2026-Q3" for a quarter number (year * 4 + quarter - 1)."""
    return f"{index // 4}-Q{index % 4 + 1}"


def _index(year: int, quarter: int) -> int:
    return year * 4 + quarter - 1


def _end_bound(match: re.Match[str], today: date) -> str:
    """The last quarter an action may end in to end "vóór"/"tegen" the matched moment."""
    year, quarter, part = _point(match, today)
    inclusive = bool(re.search(_BY, match.group(0), I))
    if part in ("midden", "medio", "half"):
        return _quarter(_index(year, 2))  # mid-year: the first half
    if part in ("eind", "einde"):
        return _quarter(_index(year, 4))
    if quarter is None:
        return _quarter(_index(year, 4) if inclusive else _index(year, 1) - 1)
    return _quarter(_index(year, quarter) if inclusive else _index(year, quarter) - 1)


def timing_filters(text: str, today: date) -> dict[str, Any]:
    """The timing filters a question sets, as fields of ActionFilters; relative words count from `today`."""
    found: dict[str, Any] = {}
    if m := _first(_ENDS_BEFORE, text):
        found["ends_by"] = _end_bound(m, today)
    elif m := _first(_ENDS_AFTER, text):
        year, quarter, _ = _point(m, today)
        found["ends_after"] = _quarter(_index(year, quarter or 4))
    elif m := _first(_RUNS_AFTER, text):
        year, quarter, _ = _point(m, today)
        found["active_in"] = year + 1 if quarter is None else year
    if m := _first(_STARTS_BEFORE, text):
        year, quarter, _ = _point(m, today)
        found["starts_by"] = _quarter(_index(year, quarter or 1) - 1)
    elif m := _first(_STARTS_AFTER, text):
        year, quarter, _ = _point(m, today)
        inclusive = m.group("from").lower() in ("vanaf", "from")
        found["starts_from"] = _quarter(_index(year, quarter or 1) if inclusive else _index(year, quarter or 4) + 1)
    elif m := _first(_STARTS_IN, text):
        year, quarter, _ = _point(m, today)
        found["starts_in"] = _quarter(_index(year, quarter)) if quarter else str(year)
    elif not found and _ENDED.search(text):
        found["ends_by"] = _quarter(quarter_number(today) - 1)
    elif not found and (m := _first(_ENDS_IN, text)):
        year, quarter, _ = _point(m, today)
        if quarter is not None:
            # "due to end this quarter": the end is that quarter, neither earlier nor later.
            found["ends_by"], found["ends_after"] = _quarter(_index(year, quarter)), _quarter(_index(year, quarter) - 1)
        else:
            found["ends_in"] = year
    elif not found and (m := _first(_ACTIVE_IN, text)):
        year, quarter, _ = _point(m, today)
        if quarter is not None and _index(year, quarter) == quarter_number(today):
            found["active_now"] = True
        else:
            found["active_in"] = year
    elif not found and _ACTIVE_NOW.search(text):
        found["active_now"] = True
    if _UNDETERMINED.search(text):
        found["undetermined"] = True
    elif _ONGOING.search(text):
        found["ongoing"] = True
    return found


def undetermined_spans(text: str) -> list[tuple[int, int]]:
    """Where a question says the timing is not set ("timing nog niet vastgelegd"), so no other rule reads it."""
    return [m.span() for m in _UNDETERMINED.finditer(text)]
