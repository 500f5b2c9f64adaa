"""The OpenAPI schema behind /docs, completed with Dutch descriptions and examples for the action filters.

The filters are the fields of assistant.question.ActionFilters; their help text and examples (values that exist in
the bundled plan) come from the model.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi

from assistant.api.explorer.controls import query_name
from assistant.question import ActionFilters

FILTERED_PATHS = ("/api/actions",)

# What each schema is, for readers of /docs (the classes' docstrings are written for developers, in English).
MODEL_DESCRIPTIONS = {
    "AskRequest": "Een vraag, eventueel als vervolg in een gesprek.",
    "Answer": "Een antwoord met de bronnen waarop het steunt.",
    "Citation": "Een bron van een antwoord: een actie of een stuk tekst uit het plan.",
    "Suggestion": "Een vraag die je daarna kunt stellen, of een keuze die een dubbelzinnige vraag verduidelijkt.",
    "ActionCard": "Alles over één actie, met de naam van het focusdomein en de hefboom.",
    "ActionSummary": "Een actie zoals het plan ze beschrijft, met haar korte titel.",
    "FeedbackRequest": "Een 👍 of 👎 op een antwoord, met een optionele toelichting.",
    "FeedbackComment": "Een toelichting bij een stem die al gegeven is.",
    "FeedbackStored": "Bevestiging dat de feedback bewaard is.",
    "FilterControl": "Een filter van /api/actions met de waarden die in het plan voorkomen.",
    "FilterOption": "Een waarde van een filter, met het aantal acties dat ze oplevert.",
    "ErrorResponse": "Het antwoord bij elke fout, met een Nederlandse uitleg.",
    "ErrorDetail": "Wat er misging: een vaste code en een Nederlandse uitleg.",
}

# Dutch descriptions of the answering core's models (assistant.answer_models), for /docs.
MODEL_FIELDS: dict[str, dict[str, str]] = {
    "Answer": {
        "answer": "Het antwoord in het Nederlands (of Engels), met de actienummers tussen haakjes",
        "citations": "De bronnen waarop het antwoord steunt",
        "route": "Hoe het antwoord gevonden werd: lookup, structured, mixed, semantic of abstain",
        "abstained": "Waar: het plan bevat het antwoord niet",
        "language": "Taal van het antwoord: nl of en",
        "conversation_id": "Het gesprek; geef het mee met een vervolgvraag",
        "message_id": "Dit antwoord; nodig voor feedback",
    },
    "Citation": {
        "id": "Actienummer (KP 1.3) of naam van het stuk tekst",
        "title": "Titel van de bron",
        "quote": "Het stuk uit het plan waarop het antwoord steunt",
        "source": "Plaats in het plan",
        "kind": "Soort bron: action, section, objective of guidance",
    },
    "Suggestion": {
        "label": "Wat de knop toont",
        "question": "De vraag die de knop stelt",
    },
    "ActionCard": {
        "id": "Actienummer",
        "title": "Korte titel: de eerste zin van de actie",
        "domain": "Focusdomein: KP, BW, BT of BM",
        "domain_name": "Naam van het focusdomein",
        "objective": "Operationele doelstelling",
        "objective_title": "Titel van de operationele doelstelling",
        "lever": "Hefboom van de doelstelling",
        "action": "De tekst van de actie",
        "output": "De beoogde output",
        "initiators": "Trekkers, met hun naam uit de lijst van organisaties",
        "partners": "Betrokken partners, met hun naam uit de lijst van organisaties",
        "initiator_text": "De cel 'initiator/trekker' zoals in het plan",
        "partner_text": "De cel 'betrokken partners' zoals in het plan",
        "timing": "De timing zoals in het plan",
        "start": "Begin (YYYY of YYYY-Qn)",
        "end": "Einde (YYYY of YYYY-Qn), leeg als open",
        "importance": "Relatief belang; leeg als het plan het niet vermeldt",
        "status": "planning, project of leeg (werkingsmiddelen)",
        "projects": "Gecofinancierde projecten",
        "source": "Plaats in het plan (p. N, of de regel van de tekstversie)",
    },
}


def _describe_filters(schema: dict[str, Any]) -> None:
    """Give each filter parameter the model's help text and a working example."""
    specs = {query_name(name): spec for name, spec in ActionFilters.specs().items()}
    for path in FILTERED_PATHS:
        for parameter in schema["paths"].get(path, {}).get("get", {}).get("parameters", []):
            if parameter["name"] not in specs:
                continue
            spec = specs[parameter["name"]]
            example = spec.example
            parameter["description"] = (
                spec.help[:1].upper()
                + spec.help[1:]
                + (
                    f". Voorbeeld: {str(example).lower() if isinstance(example, bool) else example}"
                    if example is not None
                    else ""
                )
            )


def _describe_models(schema: dict[str, Any]) -> None:
    """Give the answering core's models their Dutch field descriptions, where they have none of their own."""
    components = schema.get("components", {}).get("schemas", {})
    for model, description in MODEL_DESCRIPTIONS.items():
        if model in components:
            components[model]["description"] = description
    for model, fields in MODEL_FIELDS.items():
        for name, prop in components.get(model, {}).get("properties", {}).items():
            if name in fields:
                prop.setdefault("description", fields[name])


def install_openapi(app: FastAPI) -> None:
    """Build the schema once, with the filter descriptions added."""

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            schema = get_openapi(title=app.title, version=app.version, description=app.description, routes=app.routes)
            _describe_filters(schema)
            _describe_models(schema)
            app.openapi_schema = schema
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
