"""The error hierarchy: every error a user may see carries a Dutch message; surfaces map the classes once.

The HTTP API maps classes to statuses in `assistant/api/errors.py`; Slack and the CLI show `user_message`.
"""

from __future__ import annotations


class AssistantError(Exception):
    """Base of every error a user may see."""

    user_message = "Er ging iets mis bij het beantwoorden van je vraag. Probeer het later opnieuw."

    def __init__(self, detail: str | None = None, *, user_message: str | None = None) -> None:
        super().__init__(detail or self.user_message)
        self.detail = detail or self.user_message
        if user_message is not None:
            self.user_message = user_message


class InvalidSetting(AssistantError):
    """An ACTIEPLAN_… setting in the environment (or .env) that cannot be read."""

    user_message = "Een instelling (ACTIEPLAN_…) is ongeldig."


class InvalidQuestion(AssistantError):
    """The question is empty, too long or otherwise unusable."""

    user_message = "Je vraag is leeg of te lang. Stel een vraag van 1 tot 2000 tekens."


class ActionNotFound(AssistantError):
    """An action id that does not exist in the plan."""

    user_message = "Die actie bestaat niet in het actieplan."

    @classmethod
    def asked(cls, asked: str, key: str | None) -> ActionNotFound:
        """The error for an asked id: not an action id at all (key None), or the id `key` that the plan lacks."""
        if key is None:
            shown = asked if len(asked) <= 40 else asked[:40] + "…"
            return cls(f"geen actienummer: {asked!r}", user_message=f"'{shown}' is geen actienummer zoals KP 1.3.")
        return cls(f"onbekende actie {key}", user_message=f"Actie {key} bestaat niet in het actieplan.")


class ActionRemoved(ActionNotFound):
    """An action id the previous plan had and the plan that serves no longer has (HTTP 410)."""

    user_message = "Die actie is geschrapt in de huidige versie van het plan."


class OrganisationNotFound(AssistantError):
    """An organisation name that is not in the alias table."""

    user_message = "Die organisatie staat niet in de lijst van het actieplan."


class IndexNotReady(AssistantError):
    """No index has been ingested yet, or it cannot be loaded."""

    user_message = "De kennisbank is nog niet geladen. Probeer het over enkele ogenblikken opnieuw."


class StoreUnavailable(AssistantError):
    """The vector store (Chroma) cannot be reached."""

    user_message = "De zoekdienst is tijdelijk niet bereikbaar. Probeer het over enkele ogenblikken opnieuw."


class DatabaseUnavailable(StoreUnavailable):
    """PostgreSQL (ACTIEPLAN_DATABASE_URL) cannot be reached or did not answer in time."""

    user_message = "De database is tijdelijk niet bereikbaar. Probeer het over enkele ogenblikken opnieuw."


class DatabaseOutdated(AssistantError):
    """The database's schema is older (or newer) than this version of the assistant expects."""

    user_message = "Het schema van de database past niet bij deze versie van de assistent."


class IngestError(AssistantError):
    """Ingest failed; the previous index version keeps serving."""

    user_message = "Het inlezen van het actieplan is mislukt; de vorige versie blijft in gebruik."


class VersionError(AssistantError):
    """A version switch that cannot be done: nothing staged, nothing to roll back to, or the gate refused."""

    user_message = "De index-versie kon niet worden gewisseld."


class RateLimited(AssistantError):
    """Too many requests from one client."""

    user_message = "Je stelt te veel vragen kort na elkaar. Wacht even en probeer opnieuw."

    def __init__(self, detail: str | None = None, *, retry_after_s: int = 1, user_message: str | None = None) -> None:
        super().__init__(detail, user_message=user_message)
        self.retry_after_s = max(1, retry_after_s)


class FeedbackNotFound(AssistantError):
    """Feedback for an answer that is not known."""

    user_message = "Dat antwoord is niet (meer) bekend; je feedback kon niet worden opgeslagen."


class MalformedRequest(AssistantError):
    """The request body is not valid JSON (or not UTF-8)."""

    user_message = "De aanvraag is geen geldige JSON."


class InvalidRequest(AssistantError):
    """A field or query parameter has a missing or wrong value."""

    user_message = "De aanvraag bevat een ongeldige waarde."


class RequestTooLarge(AssistantError):
    """The request body is larger than the configured limit."""

    user_message = "De aanvraag is te groot."
