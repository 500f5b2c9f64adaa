"""The answerer the app serves: given by the caller, or built on first need with build_answerer."""

from __future__ import annotations

import logging
import threading
import time
from typing import Any, cast

from assistant.answerer import Answerer, build_answerer
from foundation.errors import AssistantError, IndexNotReady
from foundation.settings import Settings

log = logging.getLogger(__name__)


class AnswererSlot:
    """Holds one Answerer; builds it lazily (thread-safe) and retries a failed build after a pause."""

    def __init__(self, settings: Settings, answerer: Answerer | None = None) -> None:
        self.settings = settings
        self._answerer = answerer
        self._lock = threading.Lock()
        self._last_attempt = float("-inf")
        self._last_error: AssistantError | None = None

    @property
    def built(self) -> bool:
        """Whether an answerer is in place."""
        return self._answerer is not None

    def get(self) -> Answerer:
        """The answerer, building it now if needed (raises IndexNotReady while it cannot be built)."""
        if self._answerer is not None:
            return self._answerer
        with self._lock:
            if self._answerer is not None:
                return self._answerer
            # A missing index makes every build fail; retrying on each request would hammer the store.
            if time.monotonic() - self._last_attempt < self.settings.reload_check_s:
                raise self._last_error or IndexNotReady()
            self._last_attempt = time.monotonic()
            try:
                self._answerer = self._build()
            except AssistantError as exc:
                self._last_error = exc
                raise
            return self._answerer

    def _build(self) -> Answerer:
        try:
            log.info("building the answerer from %s", self.settings.data_dir)
            return build_answerer(self.settings)
        except AssistantError:
            log.warning("the answerer cannot be built yet", exc_info=True)
            raise
        except Exception as exc:
            log.exception("building the answerer failed")
            raise IndexNotReady(str(exc)) from exc

    def warm(self) -> None:
        """Build the answerer and load the index at startup; a failure is logged and /readyz reports it."""
        try:
            # Loaded now, every worker holds the records before Chroma can go away: lists keep being answered.
            self.get().check_ready()
        except AssistantError as exc:
            log.warning("answerer not ready at startup: %s", exc.detail)

    def proxy(self) -> Answerer:
        """A stand-in forwarding every call to the slot's answerer (Slack is mounted before it is built)."""
        return cast(Answerer, _DeferredAnswerer(self))


class _DeferredAnswerer:
    """Forwards attribute access to the answerer once it exists."""

    def __init__(self, slot: AnswererSlot) -> None:
        self._slot = slot

    def __getattr__(self, name: str) -> Any:
        return getattr(self._slot.get(), name)
