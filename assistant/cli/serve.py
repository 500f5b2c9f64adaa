"""`actieplan serve`, `slack` and `feedback export`: running the service and reading what it collected."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from foundation.settings import Settings


def cmd_serve(args: argparse.Namespace, settings: Settings) -> int:
    """Serve the web chat, the HTTP API and (when configured) Slack with uvicorn."""
    from assistant.cli.database import check_schema
    from assistant.service import serve

    check_schema(settings)
    serve(settings, args.host or settings.host, args.port or settings.port, args.workers)
    return 0


def cmd_slack(args: argparse.Namespace, settings: Settings) -> int:
    """Run the Slack bot in Socket Mode (needs SLACK_APP_TOKEN)."""
    from assistant.answerer import build_answerer
    from assistant.cli.database import check_schema
    from assistant.stores.configured import open_feedback
    from integrations.slack import SlackConfigError
    from integrations.slack.socket_mode import require_socket_mode_settings, run_socket_mode

    try:
        # Check the tokens before loading the index, so a missing token fails at once.
        require_socket_mode_settings(settings)
        check_schema(settings)
        run_socket_mode(build_answerer(settings), settings, open_feedback(settings))
    except SlackConfigError as exc:
        print(f"Fout: {exc}", file=sys.stderr)
        return 2
    return 0


def cmd_feedback(args: argparse.Namespace, settings: Settings) -> int:
    """Export down-rated answers as gold-question candidates (JSONL), from the configured store."""
    from assistant.cli.database import check_schema
    from assistant.stores.configured import open_feedback

    check_schema(settings)
    store = open_feedback(settings)
    lines = [json.dumps(c, ensure_ascii=False) for c in store.export_gold_candidates()]
    output = "\n".join(lines) + ("\n" if lines else "")
    if args.out:
        Path(args.out).write_text(output, encoding="utf-8")
        print(f"{len(lines)} kandidaten geschreven naar {args.out}")
    else:
        sys.stdout.write(output)
    return 0


def register(sub: Any) -> None:
    """Add the serve, slack and feedback subcommands."""
    p = sub.add_parser("serve", help="web-chat en HTTP API (en Slack als het geconfigureerd is)")
    p.add_argument("--host", metavar="ADRES", help="adres (standaard ACTIEPLAN_HOST)")
    p.add_argument("--port", type=int, metavar="POORT", help="poort (standaard ACTIEPLAN_PORT)")
    p.add_argument("--workers", type=int, default=1, metavar="N", help="aantal workerprocessen (standaard 1)")
    p.set_defaults(func=cmd_serve)

    p = sub.add_parser("slack", help="Slack-bot in Socket Mode")
    p.set_defaults(func=cmd_slack)

    p = sub.add_parser("feedback", help="feedback exporteren")
    p.add_argument("action", choices=["export"], help="export: 👎-antwoorden als kandidaat-gouden vragen")
    p.add_argument("--out", metavar="BESTAND", help="bestand (standaard: stdout)")
    p.set_defaults(func=cmd_feedback)
