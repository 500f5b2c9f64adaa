"""The App Home tab: what the bot can do, how to ask it, and example questions."""

from __future__ import annotations

import logging
from typing import Any

from slack_sdk.web import WebClient

from integrations.slack.blocks import context, section
from integrations.slack.links import LinkPolicy, slack_url
from plan_model.records import PlanDocument

logger = logging.getLogger(__name__)

EXAMPLE_QUESTIONS = (
    "Welke acties betrekken VMM?",
    "Welke sleutelacties in BT staan nog in planning?",
    "Wie trekt KP 1.3?",
    "Hoe financier ik een waterinvestering?",
    "Welke acties lopen in 2030 nog?",
    "En welke daarvan zijn sleutelacties?  _(als vervolgvraag in dezelfde thread)_",
)


def plan_sentence(plan: PlanDocument | None) -> str:
    """What the bot answers about, from the live plan: its name, version and counts (generic without one)."""
    if plan is None:
        return "Ik beantwoord vragen over het *actieplan van VITO Kennispunt Water*."
    return (
        f"Ik beantwoord vragen over het *{plan.short_name} van VITO Kennispunt Water* ({plan.version_label()}): "
        f"{len(plan.domains)} focusdomeinen, {len(plan.objectives)} operationele doelstellingen en "
        f"{len(plan.actions)} acties."
    )


def home_view(policy: LinkPolicy, plan: PlanDocument | None = None) -> dict[str, Any]:
    """The Home tab as a Block Kit view, naming the live plan."""
    web = policy.explorer_url(None)
    blocks: list[dict[str, Any]] = [
        {"type": "header", "text": {"type": "plain_text", "text": "Actieplan-assistent", "emoji": True}},
        section(
            plan_sentence(plan) + " Elk antwoord noemt de acties waarop het steunt "
            "(bv. KP 1.3). Staat iets niet in het plan, dan zeg ik dat."
        ),
        {"type": "divider"},
        section(
            "*Zo vraag je het*\n"
            "• In een kanaal: tag mij, `@actieplan Welke acties betrekken VMM?`; ik antwoord in de thread.\n"
            "• Onder de vraag van een collega: tag mij in de thread (`@actieplan weet jij dit?`); ik lees de "
            "thread en beantwoord die vraag.\n"
            "• In een privébericht of groepsgesprek met mij: stel gewoon je vraag.\n"
            "• Overal: `/actieplan &lt;vraag&gt;`; alleen jij ziet het antwoord, tot je op *Deel in kanaal* klikt.\n"
            "• Vervolgvragen stel je in dezelfde thread (tag mij in een kanaal opnieuw); ze bouwen verder op jouw "
            "vorige antwoord daar, ook dagen later."
        ),
        section("*Voorbeeldvragen*\n" + "\n".join(f"• {question}" for question in EXAMPLE_QUESTIONS)),
        section(
            "*Feedback*\nKlik 👍 of 👎 onder een antwoord. Bij 👎 kun je zeggen wat er mis was; "
            "zo worden slechte antwoorden nieuwe testvragen."
        ),
    ]
    if web:
        blocks.append(context(f"Alle acties met filters: <{slack_url(web)}|de actieverkenner>."))
    return {"type": "home", "blocks": blocks}


def publish_home(client: WebClient, user_id: str, policy: LinkPolicy, plan: PlanDocument | None = None) -> None:
    """Show the Home tab to a user (views.publish); a failure is logged, never raised."""
    try:
        client.views_publish(user_id=user_id, view=home_view(policy, plan))
    except Exception:
        logger.warning("Home-tab niet gepubliceerd (user=%s)", user_id, exc_info=True)
