"""`actieplan actions` and `actieplan show`: the actions by filter (flags derived from ActionFilters), one in full."""

from __future__ import annotations

import argparse
import csv
import json
import sys
import textwrap
import types
import typing
from typing import Any

from pydantic import ValidationError

from assistant.question import ActionFilters, Role
from assistant.question.filter_rules import involves, resolve_org
from assistant.question.filters import filter_specs
from assistant.question.organisation_names import read_names
from foundation.errors import InvalidRequest
from foundation.settings import Settings
from plan_model.organisations import OrganisationDirectory
from plan_model.records import ActionRecord

# The keys of `actions --json`, a contract with scripts that read it.
JSON_KEYS = (
    "id",
    "domain",
    "objective",
    "status",
    "projects",
    "action",
    "output",
    "initiators",
    "partners",
    "timing",
    "start",
    "end",
    "importance",
)


def _flag(name: str) -> str:
    alias = ActionFilters.model_fields[name].alias or name
    return "--" + alias.replace("_", "-")


def _core(annotation: Any) -> Any:
    """The type under Optional and Annotated: int for `int | None`, tuple[...] stays."""
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        annotation = next(a for a in typing.get_args(annotation) if a is not type(None))
    return annotation


def _metavar(core: Any, name: str) -> str:
    """What the help shows as the value: the choices of a Literal ("{KP,BW,BT,BM}"), ORG, JAAR or WAARDE."""
    if typing.get_origin(core) is tuple:
        core = typing.get_args(core)[0]
    if typing.get_origin(core) is typing.Literal:
        return "{" + ",".join(str(choice) for choice in typing.get_args(core)) + "}"
    if core is int:
        return "JAAR"
    # The organisation filters share the one names validator and ORG in the help.
    return "ORG" if ActionFilters.specs()[name].organisations else "WAARDE"


def add_filter_options(parser: argparse.ArgumentParser) -> None:
    """One option per field of ActionFilters: repeatable for lists, a switch for yes/no, typed otherwise."""
    for name, (annotation, spec) in filter_specs().items():
        core = _core(annotation)
        options: dict[str, Any] = {"dest": name, "help": spec.help, "default": None}
        if typing.get_origin(core) is tuple:
            options["action"] = "append"
        elif core is int:
            options["type"] = int
        if core is bool:
            options["action"] = "store_true"
        else:
            # Choices are not enforced here: the model accepts any letter case and says what is wrong in Dutch.
            options["metavar"] = _metavar(core, name)
        parser.add_argument(_flag(name), **options)


def filters_from_args(args: argparse.Namespace) -> ActionFilters:
    """The ActionFilters the flags ask for (InvalidRequest with a Dutch message for a bad value)."""
    given = {name: value for name in filter_specs() if (value := getattr(args, name, None)) is not None}
    try:
        return ActionFilters.model_validate(given)
    except ValidationError as exc:
        first = exc.errors()[0]
        message = str(first.get("ctx", {}).get("error") or first["msg"])
        raise InvalidRequest(str(exc), user_message=message) from exc


def check_organisations(filters: ActionFilters, directory: OrganisationDirectory) -> None:
    """Say which organisation a misspelt name was read as; an unknown one is an error with suggestions."""
    for reading in read_names(filters, directory):
        if reading.unknown:
            raise InvalidRequest(reading.unknown_message, user_message=reading.unknown_message)
        print(reading.typo_note, file=sys.stderr)


_ROLES: tuple[tuple[str, Role], ...] = (("trekker", "initiator"), ("partner", "partner"))


def role_of(action: ActionRecord, filters: ActionFilters, directory: OrganisationDirectory) -> str:
    """The role the --org organisations have in an action: "trekker", "partner" or "trekker en partner"."""
    roles = []
    for org in filters.orgs:
        names = resolve_org(org, directory)
        label = " en ".join(word for word, role in _ROLES if involves(action, names, role)) or "-"
        roles.append(label if len(filters.orgs) == 1 else f"{org}: {label}")
    return "; ".join(roles)


# Below this width the table drops its importance and status columns (a ★ marks key actions); from WIDE on it
# shows everything. CSV and JSON always carry every field.
NARROW = 100
WIDE = 140
KEY_MARK = "★"


def _initiators(action: ActionRecord) -> str:
    names = action.initiators or [action.initiator_text or "-"]
    return ", ".join(names) if len(names) <= 2 else f"{', '.join(names[:2])} +{len(names) - 2}"


def _cells(action: ActionRecord, filters: ActionFilters, directory: OrganisationDirectory) -> dict[str, str]:
    cells = {
        "Nr.": action.id,
        "Actie": action.title,
        "Trekker": ", ".join(action.initiators) or action.initiator_text or "-",
        "Timing": action.timing or "-",
        "Belang": (action.importance or "-").lower(),
        "Status": action.status or "-",
    }
    if filters.orgs:
        cells["Rol"] = role_of(action, filters, directory)
    return cells


def _headers(filters: ActionFilters, width: int | None = None) -> list[str]:
    role = ["Rol"] if filters.orgs else []
    if width is None or width >= WIDE:
        return ["Nr.", "Actie", "Trekker", *role, "Timing", "Belang", "Status"]
    if width >= NARROW:
        return ["Nr.", "Actie", "Trekker", *role, "Timing", "Belang"]
    # With --org the role says how the organisation takes part; the trekker is one `show` away.
    return ["Nr.", "Actie", *(role or ["Trekker"]), "Timing"]


# Widest a column gets before it wraps, per header; the title takes what is left.
_MAX_WIDTH = {"Trekker": 24, "Rol": 18, "Timing": 16, "Belang": 13, "Status": 8}
# The title gets at least this much where the other columns can give it room by wrapping at words.
_MIN_TITLE = 20
# Between two columns: a blank, the divider and a blank.
_GAP = 3


def fit_lines(text: str, width: int, lines: int = 2) -> str:
    """The text wrapped at word boundaries to `width`, at most `lines` lines; a cut ends in " …"."""
    # Only spaces separate words here: "Water-Land-Schap" stays whole.
    wrapped = textwrap.wrap(text, width, break_on_hyphens=False, break_long_words=False) or [""]
    if len(wrapped) <= lines:
        return "\n".join(wrapped)
    last = " ".join(wrapped[lines - 1 :])
    last = textwrap.shorten(last, width, placeholder=" …", break_on_hyphens=False) if width > 2 else "…"
    return "\n".join([*wrapped[: lines - 1], last])


def column_widths(headers: list[str], rows: list[dict[str, str]], total: int) -> dict[str, int]:
    """Each column's width in a table `total` characters wide: the number whole, the others as wide as their longest
    cell (up to a maximum), narrowed to their longest word where the title needs room, the title the rest."""
    cells = {h: [h, *(row[h] for row in rows)] for h in headers}
    widths = {"Nr.": max(len(c) for c in cells["Nr."])}
    least = {}
    for header in headers:
        if header in ("Nr.", "Actie"):
            continue
        widths[header] = min(_MAX_WIDTH[header], max(len(c) for c in cells[header]))
        # A column may wrap at its words, not inside one.
        least[header] = min(widths[header], max(len(word) for c in cells[header] for word in c.split() or [""]))

    def title() -> int:
        return total - sum(widths.values()) - _GAP * (len(headers) - 1)

    while title() < _MIN_TITLE:
        slack = {h: widths[h] - least[h] for h in least if widths[h] > least[h]}
        if not slack:
            break
        widths[max(slack, key=lambda h: slack[h])] -= 1
    # Below the minimum the title still shrinks (a narrow terminal); a few characters it always keeps.
    return {**widths, "Actie": max(title(), 8)}


def print_table(actions: list[ActionRecord], filters: ActionFilters, directory: OrganisationDirectory) -> None:
    """The actions as a table fitted to the terminal's width (COLUMNS when not a terminal), wrapping at words."""
    from rich import box
    from rich.console import Console
    from rich.table import Table

    console = Console(highlight=False, soft_wrap=False)
    headers = _headers(filters, console.width)
    narrow = "Belang" not in headers
    rows = []
    for action in actions:
        cells = {**_cells(action, filters, directory), "Trekker": _initiators(action)}
        if narrow and action.importance == "Sleutelactie":
            cells["Nr."] = f"{action.id} {KEY_MARK}"
        rows.append(cells)
    widths = column_widths(headers, rows, console.width)
    title_width = widths["Actie"]
    table = Table(box=box.SIMPLE_HEAD, header_style="bold", pad_edge=False, show_edge=False)
    for header in headers:
        width = widths[header]
        # The number is never cut: its width is its longest cell's, and it never wraps or shrinks.
        number = header == "Nr."
        table.add_column(header, width=width, min_width=width if number else None, no_wrap=number, overflow="fold")
    for action, cells in zip(actions, rows, strict=True):
        cells["Actie"] = fit_lines(action.title, title_width)
        table.add_row(*(cells[h] for h in headers))
    if actions:
        console.print(table)
    if narrow and any(a.importance == "Sleutelactie" for a in actions):
        console.print(f"{KEY_MARK} = sleutelactie")
    console.print(f"({len(actions)} {'actie' if len(actions) == 1 else 'acties'})")


def print_csv(actions: list[ActionRecord], filters: ActionFilters, directory: OrganisationDirectory) -> None:
    """Every column of the wide table, and the partners, as CSV for spreadsheets."""
    writer = csv.writer(sys.stdout)
    headers = _headers(filters)
    writer.writerow([*headers[:3], "Partners", *headers[3:]])
    for action in actions:
        cells = {**_cells(action, filters, directory), "Partners": ", ".join(action.partners)}
        writer.writerow([cells[h] for h in [*headers[:3], "Partners", *headers[3:]]])


def cmd_actions(args: argparse.Namespace, settings: Settings) -> int:
    """List actions matching filters, as a table, CSV or JSON."""
    from assistant.answerer import build_answerer

    filters = filters_from_args(args)
    answerer = build_answerer(settings)
    check_organisations(filters, answerer.directory)
    actions = answerer.list_actions(filters, settings.current_date())
    output = "json" if args.json else args.format
    if output == "json":
        print(json.dumps([a.model_dump(include=set(JSON_KEYS)) for a in actions], ensure_ascii=False, indent=1))
    elif output == "csv":
        print_csv(actions, filters, answerer.directory)
    else:
        print_table(actions, filters, answerer.directory)
    return 0


def cmd_show(args: argparse.Namespace, settings: Settings) -> int:
    """Print one action in full."""
    from assistant.answerer import build_answerer

    card = build_answerer(settings).action_card(args.id)
    if args.json:
        print(card.model_dump_json(indent=1))
        return 0
    rows = [
        ("Actie", card.action),
        ("Output", card.output),
        ("Trekker", card.initiator_text),
        ("Partners", card.partner_text),
        ("Timing", card.timing),
        ("Relatief belang", card.importance or "-"),
        ("Status", card.status or "-"),
        ("Projecten", ", ".join(card.projects) or "-"),
        ("Doelstelling", f"{card.objective} {card.objective_title}"),
        ("Hefboom", card.lever),
        ("Bron", card.source),
    ]
    print(f"{card.id} — {card.title}\n")
    for label, value in rows:
        print(f"{label + ':':<17}{value}")
    return 0


def register(sub: Any) -> None:
    """Add the actions and show subcommands."""
    p = sub.add_parser(
        "actions",
        help="acties filteren (tabel, CSV of JSON)",
        description="De acties van het plan die aan alle filters voldoen, in de volgorde van het plan.",
        epilog=(
            "Voorbeelden:\n  actieplan actions --org VMM --role initiator\n"
            "  actieplan actions --domain BT --format csv\n  actieplan actions --active-now | head -5"
        ),
    )
    add_filter_options(p)
    p.add_argument(
        "--format", choices=["table", "csv", "json"], default="table", help="uitvoer: tabel (standaard), csv of json"
    )
    p.add_argument("--json", action="store_true", help="hetzelfde als --format json")
    p.set_defaults(func=cmd_actions)

    p = sub.add_parser("show", help="één actie volledig")
    p.add_argument("id", help="actienummer, bv. KP 1.3")
    p.add_argument("--json", action="store_true", help="JSON in plaats van tekst")
    p.set_defaults(func=cmd_show)
