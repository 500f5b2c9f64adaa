"""argparse in Dutch: its own usage lines, headings and error messages, so help and errors speak one language."""

from __future__ import annotations

import argparse
import sys
from typing import Any, NoReturn

# argparse's messages (it looks each up through its module-level `_` when it needs it).
_MESSAGES = {
    "usage: ": "gebruik: ",
    "positional arguments": "argumenten",
    "options": "opties",
    "show this help message and exit": "toon deze hulp en stop",
    "the following arguments are required: %s": "dit ontbreekt nog: %s",
    "unrecognized arguments: %s": "onbekende argumenten: %s",
    "invalid choice: %(value)r (choose from %(choices)s)": "ongeldige keuze: %(value)r (kies uit %(choices)s)",
    "invalid %(type)s value: %(value)r": "ongeldige waarde: %(value)r",
    "argument %(argument_name)s: %(message)s": "%(argument_name)s: %(message)s",
    "expected one argument": "verwacht één waarde",
    "expected at least one argument": "verwacht minstens één waarde",
    "expected at most one argument": "verwacht hoogstens één waarde",
    "ambiguous option: %(option)s could match %(matches)s": "dubbelzinnige optie: %(option)s kan %(matches)s zijn",
    "not allowed with argument %s": "niet samen met %s",
    "one of the arguments %s is required": "een van deze is nodig: %s",
    "ignored explicit argument %r": "overbodige waarde %r",
    "unknown parser %(parser_name)r (choices: %(choices)s)": "onbekend commando %(parser_name)r (kies uit %(choices)s)",
    "%(prog)s: error: %(message)s\n": "%(prog)s: fout: %(message)s\n",
}
_PLURALS = {"expected %s argument": ("verwacht %s waarde", "verwacht %s waarden")}


def _dutch(message: str) -> str:
    return _MESSAGES.get(message, message)


def _dutch_plural(singular: str, plural: str, count: int) -> str:
    one, many = _PLURALS.get(singular, (singular, plural))
    return one if count == 1 else many


def speak_dutch() -> None:
    """Make argparse's own texts Dutch for this process (the `actieplan` command is its only user)."""
    argparse._ = _dutch  # type: ignore[attr-defined]
    argparse.ngettext = _dutch_plural  # type: ignore[attr-defined]


class DutchParser(argparse.ArgumentParser):
    """An ArgumentParser whose errors say "Fout:" and point at --help, like the command's other errors."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", argparse.RawDescriptionHelpFormatter)
        super().__init__(*args, **kwargs)

    def error(self, message: str) -> NoReturn:
        """Print a one-line Dutch error with the usage, and exit 2."""
        self.print_usage(sys.stderr)
        self.exit(2, f"Fout: {message}\nZie `{self.prog} --help`.\n")
