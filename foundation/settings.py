"""The one place configuration is read: environment variables with the prefix ACTIEPLAN_."""

from __future__ import annotations

from datetime import date
from functools import lru_cache
from pathlib import Path

from pydantic import AliasChoices, Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from foundation.errors import InvalidSetting

PROJECT_ROOT = Path(__file__).resolve().parent.parent
BUNDLED_PLAN = PROJECT_ROOT / "data" / "actieplan-2025.txt"


class Settings(BaseSettings):
    """Service configuration; every field can be set as ACTIEPLAN_<NAME>."""

    model_config = SettingsConfigDict(env_prefix="ACTIEPLAN_", env_file=".env", extra="ignore")

    data_dir: Path = Path("./var")
    plan_path: Path = BUNDLED_PLAN
    collection_prefix: str = "actieplan"

    chroma_host: str | None = None
    chroma_port: int = 8000
    chroma_timeout_s: float = 5.0
    # After Chroma failed to answer, calls fail at once for this long (one call then tries again), so a hung
    # server costs one timeout, not one per waiting request.
    chroma_retry_s: float = 5.0

    host: str = "127.0.0.1"
    port: int = 8000
    public_url: str | None = None

    # postgresql://… : conversations, feedback and the Slack dedupe in PostgreSQL, shared by every host and
    # worker. Unset: SQLite files in the data dir (one host; its workers share them).
    database_url: SecretStr | None = None
    # Each database call may wait this long (connecting, a pooled connection, the statement itself); after a
    # failure, calls fail at once for database_retry_s, then one tries again.
    database_timeout_s: float = 2.0
    database_retry_s: float = 2.0
    database_pool_size: int = 4

    # ACTIEPLAN_TODAY (ISO date, e.g. 2027-01-08) fixes "today" for the whole service: what runs now, what is
    # planned or finished. For demos and reproducible evaluations; empty or unset = the real date.
    today: date | None = None

    max_question_chars: int = 2000
    max_body_bytes: int = 64_000
    conversation_ttl_s: int = 3600

    # Per-client token bucket on /api/ask, /api/ask/stream and /api/feedback, kept in memory per worker
    # process (so N workers allow up to N× this); 0 turns it off.
    rate_limit_per_minute: int = 60
    rate_limit_burst: int = 10
    # Only behind a proxy that sets X-Forwarded-For: otherwise any client could pick its own key.
    trust_forwarded_for: bool = False
    # Origins allowed to call the API from a browser (JSON list in the environment); empty = same-origin only.
    cors_origins: list[str] = Field(default_factory=list)
    reload_check_s: float = 5.0

    llm_base_url: str | None = None
    llm_model: str | None = None
    llm_api_key: SecretStr | None = None
    llm_timeout_s: float = 30.0

    slack_bot_token: SecretStr | None = Field(
        default=None, validation_alias=AliasChoices("SLACK_BOT_TOKEN", "ACTIEPLAN_SLACK_BOT_TOKEN")
    )
    slack_signing_secret: SecretStr | None = Field(
        default=None, validation_alias=AliasChoices("SLACK_SIGNING_SECRET", "ACTIEPLAN_SLACK_SIGNING_SECRET")
    )
    slack_app_token: SecretStr | None = Field(
        default=None, validation_alias=AliasChoices("SLACK_APP_TOKEN", "ACTIEPLAN_SLACK_APP_TOKEN")
    )
    slack_api_url: str = "https://slack.com/api/"
    # Per-client limit on POST /slack/events, checked before the signature: Slack itself sends far less,
    # one client flooding the endpoint with unsigned requests is refused (429) without reading them.
    slack_rate_limit_per_minute: int = 600
    slack_rate_limit_burst: int = 100

    @field_validator("today", mode="before")
    @classmethod
    def _empty_today_is_unset(cls, value: object) -> object:
        return None if isinstance(value, str) and not value.strip() else value

    def current_date(self) -> date:
        """The one "today" of the service: ACTIEPLAN_TODAY when set, else the real date. Only the surfaces (API, web,
        Slack, CLI, eval) call this; everything below them is given the date."""
        return self.today or date.today()

    @property
    def chroma_dir(self) -> Path:
        """Folder of the embedded Chroma database."""
        return self.data_dir / "chroma"

    @property
    def records_dir(self) -> Path:
        """Folder where each index version's structured records are saved as JSON."""
        return self.data_dir / "records"

    @property
    def feedback_db(self) -> Path:
        """SQLite file of the feedback store."""
        return self.data_dir / "feedback.sqlite3"

    @property
    def uses_chroma_server(self) -> bool:
        """True when a Chroma server is configured instead of the embedded store."""
        return bool(self.chroma_host)

    @property
    def uses_database_server(self) -> bool:
        """True when PostgreSQL (ACTIEPLAN_DATABASE_URL) holds conversations, feedback and the Slack dedupe."""
        return self.database_url is not None and bool(self.database_url.get_secret_value().strip())

    @property
    def slack_enabled(self) -> bool:
        """True when the Slack HTTP endpoint can be mounted."""
        return self.slack_bot_token is not None and self.slack_signing_secret is not None


# What a setting of each kind must look like, by the first word of pydantic's error type ("date_parsing").
_EXPECTED = {
    "date": "verwacht een datum als 2027-01-08",
    "int": "verwacht een geheel getal",
    "float": "verwacht een getal",
    "bool": "verwacht true of false",
    "url": "verwacht een adres als http://127.0.0.1:8000",
}


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """Settings read once from the environment; InvalidSetting names the setting that cannot be read."""
    try:
        return Settings()
    except ValidationError as exc:
        wrong = "; ".join(
            f"ACTIEPLAN_{'_'.join(str(part) for part in error['loc']).upper()}: "
            + _EXPECTED.get(error["type"].split("_")[0], error["msg"])
            for error in exc.errors()
        )
        raise InvalidSetting(wrong, user_message=f"Ongeldige instelling: {wrong}.") from exc
