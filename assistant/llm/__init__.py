"""The optional LLM writer: phrases the grounded answer with an OpenAI-compatible model, citations enforced."""

from assistant.llm.draft import Draft, Followup, Grounded, Writer

__all__ = ["Draft", "Followup", "Grounded", "Writer"]
