"""The one error handler: every failure becomes {"error": {"code", "message"}} with a Dutch message."""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from assistant.api.schemas import ErrorResponse
from foundation.errors import (
    ActionNotFound,
    ActionRemoved,
    AssistantError,
    FeedbackNotFound,
    IndexNotReady,
    IngestError,
    InvalidQuestion,
    InvalidRequest,
    MalformedRequest,
    OrganisationNotFound,
    RateLimited,
    RequestTooLarge,
    StoreUnavailable,
    VersionError,
)

log = logging.getLogger(__name__)

INTERNAL_MESSAGE = "Er ging iets mis aan onze kant. Probeer het later opnieuw."

# The one place an error class meets its HTTP status; a subclass takes its nearest listed ancestor's.
HTTP_STATUS: dict[type[AssistantError], int] = {
    MalformedRequest: 400,
    ActionNotFound: 404,
    ActionRemoved: 410,
    FeedbackNotFound: 404,
    OrganisationNotFound: 404,
    VersionError: 409,
    RequestTooLarge: 413,
    InvalidQuestion: 422,
    InvalidRequest: 422,
    RateLimited: 429,
    IndexNotReady: 503,
    StoreUnavailable: 503,
    IngestError: 500,
    AssistantError: 500,
}


def status_of(exc: AssistantError) -> int:
    """The HTTP status of an error: that of the nearest class in its hierarchy listed in HTTP_STATUS."""
    return next(HTTP_STATUS[kind] for kind in type(exc).__mro__ if kind in HTTP_STATUS)


def headers_of(exc: AssistantError) -> dict[str, str]:
    """Extra headers of an error response: Retry-After for a rate limit."""
    return {"Retry-After": str(exc.retry_after_s)} if isinstance(exc, RateLimited) else {}


_HTTP_MESSAGES = {
    400: (MalformedRequest.__name__, "De aanvraag kon niet worden gelezen; stuur geldige JSON in UTF-8."),
    404: ("NotFound", "Dit adres bestaat niet."),
    405: ("MethodNotAllowed", "Deze methode is op dit adres niet toegestaan."),
    413: (RequestTooLarge.__name__, RequestTooLarge.user_message),
}


# What each error status means in the OpenAPI schema; every one carries the ErrorResponse body.
_STATUS_DESCRIPTIONS = {
    400: "Geen geldige JSON",
    404: "Onbekende actie of onbekend antwoord",
    410: "Actie geschrapt in de huidige versie van het plan",
    413: "Aanvraag te groot",
    422: "Ongeldige vraag, veld of filter",
    429: "Te veel aanvragen; zie Retry-After",
    500: "Onverwachte fout",
    503: "Kennisbank of zoekdienst niet beschikbaar",
}

_RETRY_AFTER = {"Retry-After": {"description": "Seconden tot een nieuwe aanvraag kan", "schema": {"type": "integer"}}}


def error_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI `responses` for the given error statuses, all with the ErrorResponse model."""
    responses: dict[int | str, dict[str, Any]] = {}
    for status in statuses:
        entry: dict[str, Any] = {"model": ErrorResponse, "description": _STATUS_DESCRIPTIONS[status]}
        if status == 429:
            entry["headers"] = _RETRY_AFTER
        responses[status] = entry
    return responses


def error_body(code: str, message: str) -> dict[str, Any]:
    """The JSON body of every error response (also sent as an SSE `error` event)."""
    return {"error": {"code": code, "message": message}}


def assistant_error_body(exc: AssistantError) -> dict[str, Any]:
    """The error body of an AssistantError: its class name and Dutch user message."""
    return error_body(type(exc).__name__, exc.user_message)


def _field(loc: Sequence[Any]) -> str:
    # FastAPI prefixes the location with where the value came from; users only know the field name.
    parts = [str(p) for p in loc if p not in ("body", "query", "path", "header")]
    return ".".join(parts)


def _expected(ctx: dict[str, Any]) -> str:
    return str(ctx.get("expected", "")).replace(" or ", " of ")


def describe_error(error: dict[str, Any]) -> str:
    """One pydantic/FastAPI validation error in Dutch, naming the field."""
    kind = error.get("type", "")
    ctx = error.get("ctx") or {}
    field = _field(error.get("loc", ()))
    if not field and kind in ("missing", "model_attributes_type", "dict_type", "model_type"):
        return "De aanvraag moet een JSON-object zijn."
    messages = {
        "missing": f"Het veld '{field}' ontbreekt.",
        "string_type": f"Het veld '{field}' moet tekst zijn.",
        "int_parsing": f"'{field}' moet een geheel getal zijn.",
        "int_type": f"'{field}' moet een geheel getal zijn.",
        "bool_parsing": f"'{field}' moet true of false zijn.",
        "greater_than_equal": f"'{field}' moet minstens {ctx.get('ge')} zijn.",
        "less_than_equal": f"'{field}' mag hoogstens {ctx.get('le')} zijn.",
        "string_too_long": f"Het veld '{field}' is te lang (max. {ctx.get('max_length')} tekens).",
        "string_too_short": f"Het veld '{field}' mag niet leeg zijn.",
        "string_unicode": f"Het veld '{field}' bevat ongeldige tekens.",
        "literal_error": f"Ongeldige waarde voor '{field}': kies uit {_expected(ctx)}.",
        "extra_forbidden": f"Onbekend veld of filter '{field}'.",
        "model_attributes_type": f"Het veld '{field}' moet een JSON-object zijn.",
        "dict_type": f"Het veld '{field}' moet een JSON-object zijn.",
    }
    if kind == "value_error" and "error" in ctx:
        # Our own validators raise ValueError with a Dutch sentence; show it as written.
        return str(ctx["error"])
    return messages.get(kind, f"Ongeldige waarde voor '{field}'.")


def validation_error(exc: RequestValidationError) -> AssistantError:
    """The AssistantError a request validation failure stands for (400 for bad JSON, else 422)."""
    errors = list(exc.errors())
    if any(e.get("type") == "json_invalid" for e in errors):
        return MalformedRequest()
    # Several problems at once are rare; naming the first two keeps the message short.
    message = " ".join(dict.fromkeys(describe_error(e) for e in errors[:2])) or InvalidRequest.user_message
    return InvalidRequest(str(errors[:2]), user_message=message)


def error_response(exc: AssistantError) -> JSONResponse:
    """The JSON response of an AssistantError: its status, Dutch body and headers (e.g. Retry-After)."""
    return JSONResponse(assistant_error_body(exc), status_code=status_of(exc), headers=headers_of(exc))


async def handle_error(request: Request, exc: Exception) -> JSONResponse:
    """Turn any exception into a JSON error with a Dutch message; never leak a traceback."""
    headers: Mapping[str, str] | None = None
    if isinstance(exc, RequestValidationError):
        exc = validation_error(exc)
    if isinstance(exc, AssistantError):
        if status_of(exc) >= 500:
            log.warning("%s %s: %s: %s", request.method, request.url.path, type(exc).__name__, exc.detail)
        return error_response(exc)
    if isinstance(exc, StarletteHTTPException):
        code, message = _HTTP_MESSAGES.get(exc.status_code, ("HTTPError", "De aanvraag kon niet worden verwerkt."))
        status, body, headers = exc.status_code, error_body(code, message), exc.headers
    else:
        log.exception("unexpected error on %s %s", request.method, request.url.path, exc_info=exc)
        status, body = 500, error_body("InternalError", INTERNAL_MESSAGE)
    return JSONResponse(body, status_code=status, headers=headers)


def install_error_handlers(app: FastAPI) -> None:
    """Route every kind of failure through `handle_error`."""
    for kind in (AssistantError, RequestValidationError, StarletteHTTPException, Exception):
        app.add_exception_handler(kind, handle_error)
