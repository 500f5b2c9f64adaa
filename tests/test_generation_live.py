"""Opt-in: generative answers through a real local OpenAI-compatible server (pytest -m llm).

Set ACTIEPLAN_TEST_LLM_URL (e.g. http://127.0.0.1:8080/v1) and optionally ACTIEPLAN_TEST_LLM_MODEL. Only the
enforcement is checked, never the quality of the answer: a small local model writes poor Dutch.
"""

from __future__ import annotations

import os
import re

import pytest

from assistant.answerer import Answerer
from assistant.llm.writer import LlmWriter, build_writer
from foundation.settings import Settings
from plan_model.records import find_action_ids as ids_in
from tests.support.dates import TODAY

URL = os.environ.get("ACTIEPLAN_TEST_LLM_URL", "")

pytestmark = [
    pytest.mark.llm,
    pytest.mark.skipif(not URL, reason="set ACTIEPLAN_TEST_LLM_URL to a local OpenAI-compatible server"),
]


@pytest.fixture(scope="module")
def generator(ingested_settings: Settings) -> LlmWriter:
    """The real client for the server under test (generous timeout: a CPU model is slow)."""
    settings = ingested_settings.model_copy(
        update={
            "llm_base_url": URL,
            "llm_model": os.environ.get("ACTIEPLAN_TEST_LLM_MODEL", "local"),
            "llm_timeout_s": float(os.environ.get("ACTIEPLAN_TEST_LLM_TIMEOUT_S", "180")),
        }
    )
    return build_writer(settings)


def test_server_answers(generator: LlmWriter) -> None:
    # Without this, the enforcement checks below could pass on fallbacks alone.
    from llama_index.core.llms import ChatMessage

    # A base model may well reply with nothing; what counts is a well-formed response from the server.
    reply = generator.llm.chat([ChatMessage(role="user", content="Zeg hallo.")])
    assert reply.raw is not None


@pytest.mark.parametrize("question", ["Wie trekt KP 1.3?", "Welke acties betrekken VMM?"])
def test_enforcement_holds_with_a_real_model(
    question: str, generator: LlmWriter, answerer: Answerer, ingested_settings: Settings
) -> None:
    grounded = answerer.answer(question, today=TODAY)  # the route's retrieved set, as the grounded answer cites it
    retrieved = set(grounded.cited_ids)
    llm_answerer = Answerer(ingested_settings, live_index=answerer.live, writer=generator)
    before = generator.stats["generated"] + generator.stats["fallbacks"]
    answer = llm_answerer.answer(question, today=TODAY)
    assert generator.stats["generated"] + generator.stats["fallbacks"] == before + 1  # the model was asked
    document = answerer.live.current().document
    cited_in_text = set(ids_in(answer.answer))
    assert all(document.action(i) is not None for i in cited_in_text)
    assert cited_in_text <= retrieved
    assert set(answer.cited_ids) <= retrieved
    assert answer.cited_ids, "every answer (generated or fallback) cites the plan"
    if grounded.route == "structured":
        # Exact list: all ids, whoever phrased it.
        assert {m for m in retrieved if re.search(rf"\b{re.escape(m)}\b", answer.answer)} == retrieved
