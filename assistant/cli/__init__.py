"""The `actieplan` command: each module registers its subcommands; main() dispatches and prints Dutch errors."""

from __future__ import annotations

import argparse
import logging
import os
import sys

from assistant.cli import actions, ask, database, plan, serve, versions
from assistant.cli.dutch import DutchParser, speak_dutch
from evals import commands as eval_commands
from evals import gold_commands
from foundation.errors import AssistantError
from foundation.log_redaction import install_secret_redaction
from foundation.settings import get_settings

# Every command group, registered explicitly in the order `actieplan --help` lists them.
COMMAND_GROUPS = (
    plan.register,
    versions.register,
    actions.register,
    ask.register,
    serve.register,
    database.register,
    eval_commands.register,
    gold_commands.register,
)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of `actieplan`."""
    speak_dutch()
    parser = DutchParser(
        prog="actieplan",
        description="Actieplan-assistent van VITO Kennispunt Water: vragen, acties en de index van het plan.",
        epilog="Hulp bij één commando: actieplan COMMANDO --help",
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="meer logging")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMANDO")
    for register in COMMAND_GROUPS:
        register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Entry point of the `actieplan` console script."""
    args = build_parser().parse_args(argv)
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING, format="%(levelname)s %(message)s")
    try:
        settings = get_settings()
    except AssistantError as exc:
        print(f"Fout: {exc.user_message}", file=sys.stderr)
        return 2
    # Slack tokens and the LLM key never reach a log line, also outside the web service.
    try:
        with install_secret_redaction(settings):
            return int(args.func(args, settings) or 0)
    except AssistantError as exc:
        # The detail helps when it adds something short; a long technical one only with --verbose.
        shown = exc.detail != exc.user_message and (args.verbose or "\n" not in exc.detail)
        detail = f"\n({exc.detail})" if shown else ""
        print(f"Fout: {exc.user_message}{detail}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader left (`actieplan actions | head -3`): stop quietly. Point stdout at /dev/null so the
        # flush at exit does not fail again; exit 1, as Python's documentation and rich's tables do.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1


if __name__ == "__main__":
    sys.exit(main())
