"""Answering inside a thread as staff expect: the thread is the context, and every asker has their own.

A tag under a colleague's question ("@actieplan weet jij dit?") answers that question; a follow-up resolves
against the asker's own last answer in the thread (else the thread's last), read back from the thread when the
conversation store has forgotten it; in a thread with several askers each answer shows the question it answers.
"""

from __future__ import annotations

from dataclasses import dataclass

from slack_sdk.web import WebClient

from assistant.question.addressing import defers_to_thread
from integrations.slack.blocks import ReplyOptions
from integrations.slack.notices import UNREADABLE, error_message
from integrations.slack.posting import post_or_fall_back
from integrations.slack.questions import clicker_conversation, thread_conversation_id
from integrations.slack.replies import HELP_WORDS, Replier, working
from integrations.slack.threads import read_thread


@dataclass(frozen=True)
class Heard:
    """A message to answer in an existing thread: where it is, who wrote it, and its plain text."""

    channel: str
    thread_ts: str
    ts: str
    asker: str | None
    text: str
    # Tagged: the bot was named, so a bare or pointing tag hands it the question above.
    tagged: bool = False


@dataclass(frozen=True)
class Bot:
    """Who the bot is in this workspace: its own messages are the answers read back from a thread."""

    user_id: str | None
    bot_id: str | None


class ThreadAnswers:
    """Answers messages in threads that already exist, with the thread as the conversation."""

    def __init__(self, replier: Replier) -> None:
        self.replier = replier

    def answer(self, client: WebClient, heard: Heard, bot: Bot, *, name_asker: bool = True, react: bool = True) -> None:
        """Answer `heard` in its thread; say so when the thread it depends on cannot be read. 👀 on the message
        from the start (reading the thread takes a moment too) until the reply is there."""
        reacted = react and working(client, True, heard.channel, heard.ts)
        try:
            self._answer(client, heard, bot, name_asker)
        finally:
            if reacted:
                working(client, False, heard.channel, heard.ts)

    def _answer(self, client: WebClient, heard: Heard, bot: Bot, name_asker: bool) -> None:
        replier = self.replier
        conversation = thread_conversation_id(heard.channel, heard.thread_ts, heard.asker)
        thread = read_thread(client, heard.channel, heard.thread_ts, bot.user_id, bot.bot_id)
        question, shown = heard.text, False
        if heard.tagged and defers_to_thread(question) and question.strip().lower() not in HELP_WORDS - {"", "?"}:
            # The tag points at the question above; without one there, it is a request for help.
            if not thread.readable:
                self._unreadable(client, heard, name_asker)
                return
            asked = thread.question_before(heard.ts)
            question, shown = (asked, True) if asked else ("", False)
        if thread.readable:
            previous = thread.last_answer_for(heard.asker)
            above = None if previous or shown or not replier.points_back(question) else thread.question_before(heard.ts)
            if previous is not None:
                replier.seed(conversation, previous.turn)
            elif above:
                # "@actieplan en wie trekt die?" under a colleague's question: "die" points at that question.
                replier.prime(conversation, above)
        elif replier.last_turn(conversation) is None and replier.points_back(question):
            self._unreadable(client, heard, name_asker)
            return
        several = len(thread.askers() | ({heard.asker} if heard.asker else set())) > 1
        options = ReplyOptions(
            question=question if shown or several else None, asked_by=heard.asker if name_asker else None
        )
        replier.answer_in_thread(
            client, heard.channel, heard.thread_ts, question, conversation, options=options, asker=heard.asker
        )

    def ask_from_button(
        self,
        client: WebClient,
        heard: Heard,
        bot: Bot,
        answered: str | None,
        message_ts: str,
        threaded: bool,
    ) -> None:
        """A question asked with a button under message `message_ts` (a suggestion, "Opnieuw proberen"): in the
        clicker's own conversation, resolved against the answer the button is under (conversation `answered`)."""
        replier = self.replier
        thread_ts = heard.thread_ts if threaded else None
        conversation = clicker_conversation(answered or "", heard.channel, thread_ts, heard.asker)
        # Unthreaded (a DM), the message is read on its own: conversations.replies gives just that message.
        thread = read_thread(
            client, heard.channel, heard.thread_ts if threaded else message_ts, bot.user_id, bot.bot_id
        )
        under = thread.answer_at(message_ts)
        if under is not None and under.turn is not None:
            replier.seed(conversation, under.turn, replace=True)
        elif answered and conversation != answered:
            replier.seed(conversation, replier.last_turn(answered), replace=True)
        options = ReplyOptions(question=heard.text, asked_by=heard.asker)
        replier.answer_in_thread(client, heard.channel, thread_ts, heard.text, conversation, options=options)

    def _unreadable(self, client: WebClient, heard: Heard, name_asker: bool) -> None:
        message = error_message(UNREADABLE, asked_by=heard.asker if name_asker else None)
        where = {"channel": heard.channel, "thread_ts": heard.thread_ts, "unreadable": True}
        post_or_fall_back(client, heard.channel, heard.thread_ts, message, where)
