"""The `actieplan` command: ingest, actions, show, ask, serve, slack, feedback (and eval commands)."""

from __future__ import annotations

import argparse
import json
import logging
import sys
from pathlib import Path
from typing import Any

from assistant.errors import AssistantError
from assistant.settings import Settings, get_settings

log = logging.getLogger("actieplan")


def _progress_bar() -> Any:
    from tqdm import tqdm

    bars: dict[str, Any] = {}

    def update(stage: str, done: int, total: int) -> None:
        bar = bars.get(stage)
        if bar is None:
            bar = bars[stage] = tqdm(
                total=total, desc=stage, unit="tekst", file=sys.stderr, leave=False, disable=not sys.stderr.isatty()
            )
        bar.n = done
        bar.refresh()
        if done >= total:
            bar.close()

    return update


def cmd_ingest(args: argparse.Namespace, settings: Settings) -> int:
    """Parse and index the plan (and guidance); print a summary."""
    from ingest.pipeline import run_ingest
    from ingest.plan_source import read_plan

    if args.list_links:
        from ingest.organisations import default_directory
        from ingest.plan_parser import parse_plan

        lines, _ = read_plan(args.plan or settings.plan_path)
        for link in parse_plan(lines, default_directory()).links:
            print(link)
        return 0
    if args.if_needed:
        from ingest.store import IndexStore

        if IndexStore(settings).pointer("live"):
            print("Index aanwezig; niets te doen.")
            return 0
    report = run_ingest(settings, args.plan, args.guidance, stage=args.stage, progress=_progress_bar())
    document = report.document
    state = "ongewijzigd" if report.unchanged else f"nieuwe versie ({report.pointer})"
    print(f"Versie {report.version}: {state} in {report.seconds:.1f} s")
    counts = {code: sum(1 for a in document.actions if a.domain == code) for code in ("KP", "BW", "BT", "BM")}
    print(f"Acties: {len(document.actions)} (" + ", ".join(f"{k} {v}" for k, v in counts.items()) + ")")
    print(f"Doelstellingen: {len(document.objectives)}; secties: {len(document.sections)}; nodes: {report.nodes}")
    orgs = sorted({o for a in document.actions for o in a.organisations})
    print(f"Organisaties: {len(orgs)}")
    # One line per kind of warning, naming the actions it concerns.
    grouped: dict[str, list[str]] = {}
    for warning in report.warnings:
        where, _, message = warning.partition(": ") if warning[:2] in ("KP", "BW", "BT", "BM") else ("", "", warning)
        grouped.setdefault(message, []).append(where)
    for message, places in grouped.items():
        named = ", ".join(p for p in places if p)
        print(f"waarschuwing: {message}" + (f" ({named})" if named else ""), file=sys.stderr)
    if report.pruned:
        print(f"Opgeruimd: {', '.join(report.pruned)}")
    return 0


def _query_from_args(args: argparse.Namespace) -> Any:
    from assistant.action_filters import ActionQuery

    return ActionQuery(
        org=args.org,
        role=args.role,
        domain=args.domain,
        importance=args.importance,
        status=args.status,
        active_in=args.active_in,
    )


def cmd_actions(args: argparse.Namespace, settings: Settings) -> int:
    """List actions matching filters, as a table or JSON."""
    from assistant.answerer import build_answerer

    actions = build_answerer(settings).list_actions(_query_from_args(args))
    if args.json:
        keys = (
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
        print(json.dumps([a.model_dump(include=set(keys)) for a in actions], ensure_ascii=False, indent=1))
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


def cmd_ask(args: argparse.Namespace, settings: Settings) -> int:
    """Answer a question; with `--json -`, one JSON answer per line of standard input."""
    from assistant.answerer import build_answerer

    answerer = build_answerer(settings)
    if args.question == "-":
        for line in sys.stdin:
            if not line.strip():
                continue
            try:
                answer = answerer.answer(line.strip(), args.conversation)
                print(answer.model_dump_json() if args.json else answer.answer, flush=True)
            except AssistantError as exc:
                print(json.dumps({"error": exc.user_message, "question": line.strip()}, ensure_ascii=False), flush=True)
        return 0
    answer = answerer.answer(args.question, args.conversation)
    if args.json:
        print(answer.model_dump_json(indent=1))
    else:
        print(answer.answer)
        if answer.citations:
            print("\nBronnen: " + "; ".join(f"{c.id} ({c.source})" for c in answer.citations))
    return 0


def cmd_serve(args: argparse.Namespace, settings: Settings) -> int:
    """Serve the web chat and the HTTP API with uvicorn."""
    from assistant.api.server import serve

    serve(settings, args.host or settings.host, args.port or settings.port, args.workers)
    return 0


def cmd_slack(args: argparse.Namespace, settings: Settings) -> int:
    """Run the Slack bot in Socket Mode (needs SLACK_APP_TOKEN)."""
    from assistant.answerer import build_answerer
    from assistant.feedback import FeedbackStore
    from integrations.slack import SlackConfigError
    from integrations.slack.socket_mode import require_socket_mode_settings, run_socket_mode

    try:
        # Check the tokens before loading the index, so a missing token fails at once.
        require_socket_mode_settings(settings)
        run_socket_mode(build_answerer(settings), settings, FeedbackStore(settings.feedback_db))
    except SlackConfigError as exc:
        print(f"Fout: {exc}", file=sys.stderr)
        return 2
    return 0


def cmd_feedback(args: argparse.Namespace, settings: Settings) -> int:
    """Export down-rated answers as gold-question candidates (JSONL)."""
    from assistant.feedback import FeedbackStore

    store = FeedbackStore(settings.feedback_db)
    lines = [json.dumps(c, ensure_ascii=False) for c in store.export_gold_candidates()]
    output = "\n".join(lines) + ("\n" if lines else "")
    if args.out:
        Path(args.out).write_text(output, encoding="utf-8")
        print(f"{len(lines)} kandidaten geschreven naar {args.out}")
    else:
        sys.stdout.write(output)
    return 0


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of `actieplan`."""
    parser = argparse.ArgumentParser(prog="actieplan", description="Actieplan-assistent van VITO Kennispunt Water")
    parser.add_argument("-v", "--verbose", action="store_true", help="meer logging")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("ingest", help="lees het actieplan (en richtlijnen) in")
    p.add_argument("--plan", type=Path, help="tekst of PDF van het plan (standaard: het meegeleverde plan)")
    p.add_argument("--guidance", nargs="*", default=None, help="richtlijnen: PDF, HTML, Markdown, tekst, mappen, URL's")
    p.add_argument("--list-links", action="store_true", help="toon de links die in het plan staan")
    p.add_argument(
        "--stage", action="store_true", help="bouw de nieuwe versie naast de live versie, zonder te serveren"
    )
    p.add_argument("--if-needed", action="store_true", help="alleen als er nog geen index is")
    p.set_defaults(func=cmd_ingest)

    p = sub.add_parser("actions", help="acties filteren")
    p.add_argument("--org")
    p.add_argument("--role", choices=["initiator", "partner", "any"], default="any")
    p.add_argument("--domain", choices=["KP", "BW", "BT", "BM"], type=str.upper)
    p.add_argument("--importance", choices=["sleutelactie", "ondersteunend"], type=str.lower)
    p.add_argument("--status", choices=["planning", "project"], type=str.lower)
    p.add_argument("--active-in", type=int)
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_actions)

    p = sub.add_parser("show", help="één actie volledig")
    p.add_argument("id")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_show)

    p = sub.add_parser("ask", help="stel een vraag ('-' leest één vraag per regel van stdin)")
    p.add_argument("question")
    p.add_argument("--json", action="store_true")
    p.add_argument("--conversation", help="gesprek-id voor vervolgvragen")
    p.set_defaults(func=cmd_ask)

    p = sub.add_parser("serve", help="web-chat en HTTP API")
    p.add_argument("--host")
    p.add_argument("--port", type=int)
    p.add_argument("--workers", type=int, default=1)
    p.set_defaults(func=cmd_serve)

    p = sub.add_parser("slack", help="Slack-bot in Socket Mode")
    p.set_defaults(func=cmd_slack)

    p = sub.add_parser("feedback", help="feedback exporteren")
    p.add_argument("action", choices=["export"])
    p.add_argument("--out")
    p.set_defaults(func=cmd_feedback)

    try:
        from evals.commands import register
    except ImportError:
        pass
    else:
        register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Entry point of the `actieplan` console script."""
    args = build_parser().parse_args(argv)
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING, format="%(levelname)s %(message)s")
    settings = get_settings()
    from assistant.api.log_redaction import install_secret_redaction

    # Slack tokens and the LLM key never reach a log line, also outside the web service.
    install_secret_redaction(settings)
    try:
        return int(args.func(args, settings) or 0)
    except AssistantError as exc:
        print(f"Fout: {exc.user_message}\n({exc.detail})", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
