"""`actieplan actions` and `actieplan show`: the actions by filter (flags derived from ActionFilters), one in full."""

from __future__ import annotations

import argparse
import json
import types
import typing
from typing import Any

from pydantic import ValidationError

from assistant.question import ActionFilters
from assistant.question.filters import filter_specs
from foundation.errors import InvalidRequest
from foundation.settings import Settings

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


def add_filter_options(parser: argparse.ArgumentParser) -> None:
    """One option per field of ActionFilters: repeatable for lists, a switch for yes/no, typed otherwise."""
    for name, (annotation, spec) in filter_specs().items():
        core = _core(annotation)
        options: dict[str, Any] = {"dest": name, "help": spec.help, "default": None}
        if typing.get_origin(core) is tuple:
            options["action"] = "append"
        elif core is bool:
            options["action"] = "store_true"
        elif core is int:
            options["type"] = int
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


def cmd_actions(args: argparse.Namespace, settings: Settings) -> int:
    """List actions matching filters, as a table or JSON."""
    from assistant.answerer import build_answerer

    actions = build_answerer(settings).list_actions(filters_from_args(args))
    if args.json:
        print(json.dumps([a.model_dump(include=set(JSON_KEYS)) for a in actions], ensure_ascii=False, indent=1))
        return 0
    for a in actions:
        print(
            f"{a.id:<7} {a.title[:60]:<60}  {', '.join(a.initiators)[:30]:<30}  {a.timing[:24]:<24} "
            f"{a.importance or '-'}"
        )
    print(f"({len(actions)} acties)")
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
    p = sub.add_parser("actions", help="acties filteren")
    add_filter_options(p)
    p.add_argument("--json", action="store_true", help="JSON in plaats van een tabel")
    p.set_defaults(func=cmd_actions)

    p = sub.add_parser("show", help="één actie volledig")
    p.add_argument("id", help="actienummer, bv. KP 1.3")
    p.add_argument("--json", action="store_true", help="JSON in plaats van tekst")
    p.set_defaults(func=cmd_show)
