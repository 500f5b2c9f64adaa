"""Conversation ids on the public API: only ids this server issued continue a conversation.

The answerer keeps one store of conversations for every surface. Web and API conversations live there under
a prefix of their own, so an id from Slack (or any id a client makes up) can never reach another surface's
conversation: unknown, it simply starts a new one.
"""

from __future__ import annotations

import uuid

from assistant.answer_models import Answer
from assistant.answerer import Answerer

PREFIX = "web:"


def internal_id(answerer: Answerer, given: str | None) -> str:
    """The answerer's id for the client's: its conversation when this server issued it (and it has not expired),
    else a new one."""
    if given and answerer.has_conversation(PREFIX + given):
        return PREFIX + given
    return PREFIX + str(uuid.uuid4())


def public(answer: Answer) -> Answer:
    """The answer as the client sees it: the conversation id without the internal prefix."""
    conversation_id = answer.conversation_id
    if conversation_id is None:
        return answer
    return answer.model_copy(update={"conversation_id": conversation_id.removeprefix(PREFIX)})
