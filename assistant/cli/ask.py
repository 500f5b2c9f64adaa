"""`actieplan ask`: one question, or one per line of standard input."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from foundation.errors import AssistantError
from foundation.settings import Settings


def cmd_ask(args: argparse.Namespace, settings: Settings) -> int:
    """Answer a question; with `-`, one answer per line of standard input."""
    from assistant.answerer import build_answerer

    answerer = build_answerer(settings)
    today = settings.current_date()
    if args.question == "-":
        for line in sys.stdin:
            if not line.strip():
                continue
            try:
                answer = answerer.answer(line.strip(), args.conversation, today=today)
                print(answer.model_dump_json() if args.json else answer.answer, flush=True)
            except AssistantError as exc:
                print(json.dumps({"error": exc.user_message, "question": line.strip()}, ensure_ascii=False), flush=True)
        return 0
    answer = answerer.answer(args.question, args.conversation, today=today)
    if args.json:
        print(answer.model_dump_json(indent=1))
    else:
        print(answer.answer)
        if answer.citations:
            print("\nBronnen: " + "; ".join(f"{c.id} ({c.source})" for c in answer.citations))
        # The id is what a follow-up needs; shown here so --json is not required for a conversation.
        conversation = answer.conversation_id
        print(f'\nGesprek: {conversation}  (vervolgvraag: actieplan ask --conversation {conversation} "…")')
    return 0


def register(sub: Any) -> None:
    """Add the ask subcommand."""
    p = sub.add_parser(
        "ask",
        help="stel een vraag ('-' leest één vraag per regel van stdin)",
        description="Beantwoord een vraag over het plan, met de acties waarop het antwoord steunt.",
        epilog=(
            "Voorbeelden:\n"
            '  actieplan ask "Welke acties betrekken VMM?"\n'
            '  actieplan ask --conversation ID "en welke daarvan zijn sleutelacties?"\n'
            "  actieplan ask --json - < vragen.txt      # één vraag per regel, één JSON-regel per antwoord"
        ),
    )
    p.add_argument("question", metavar="VRAAG", help="de vraag, of '-' voor één vraag per regel van stdin")
    p.add_argument("--json", action="store_true", help="het antwoord als JSON (met bronnen en gesprek-id)")
    p.add_argument("--conversation", metavar="ID", help="gesprek-id van een vorig antwoord, voor een vervolgvraag")
    p.set_defaults(func=cmd_ask)
