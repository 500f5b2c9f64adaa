// Actieplan-assistent web chat: streams answers from /api/ask/stream and keeps the conversation in this tab.
// The parts live in chat/: ids (action-id links), answer (rendering), feedback, card (the action dialog), storage.

import { newAnswerView, renderAnswer, renderSubject } from "./chat/answer.js";
import { setupCard } from "./chat/card.js";
import { CLIENT_HEADERS, UNREACHABLE, el, errorMessage } from "./chat/dom.js";
import { MAX_QUESTION_CHARS, SERVER_THREAD } from "./chat/ids.js";
import * as storage from "./chat/storage.js";

const INTERRUPTED = "Het antwoord werd onderbroken. Probeer het opnieuw.";
// The counter appears when a question comes within this share of the limit.
const COUNTER_FROM = 0.8;

const form = document.getElementById("ask-form");
const input = document.getElementById("question");
const sendButton = document.getElementById("send");
const formError = document.getElementById("form-error");
const counter = document.getElementById("question-count");
const thread = document.getElementById("thread");
const intro = document.getElementById("intro");
const composer = document.querySelector(".composer");
const newConversation = document.getElementById("new-conversation");

let state = storage.load();
let busy = false;
let controller = null;

// ---- helpers ---------------------------------------------------------------

function setBusy(value) {
  busy = value;
  sendButton.disabled = value;
  sendButton.textContent = value ? "Bezig…" : "Verstuur";
}

// The browser keeps whatever conversation id the server issued; it never makes one up.
function setConversation(id) {
  state.conversationId = id || null;
  if (id) thread.dataset.conversationId = id;
  else delete thread.dataset.conversationId;
}

function nearBottom() {
  return window.innerHeight + window.scrollY >= document.body.scrollHeight - 160;
}

function scrollToEnd(node, force) {
  if (force || nearBottom()) node.scrollIntoView({ block: "end", behavior: "auto" });
}

// After an answer its sources and feedback must be in view, above the sticky question box.
function revealEnd(view) {
  const target = view.tools.hidden ? view.bubble : view.tools;
  const limit = window.innerHeight - composer.offsetHeight - 12;
  const bottom = target.getBoundingClientRect().bottom;
  if (bottom > limit) window.scrollBy(0, bottom - limit);
}

function showError(view, message, retryQuestion) {
  view.thinking.hidden = true;
  view.text.setAttribute("aria-busy", "false");
  view.article.classList.add("msg-error");
  const error = el("p", "error-text", message);
  error.setAttribute("role", "alert");
  view.bubble.appendChild(error);
  if (retryQuestion) {
    const actions = el("p", "error-actions");
    const retry = el("button", "btn-link", "Opnieuw proberen");
    retry.type = "button";
    retry.addEventListener("click", function () {
      view.article.remove();
      ask(retryQuestion, { echo: false });
    });
    actions.appendChild(retry);
    view.bubble.appendChild(actions);
  }
}

// Server-sent events arrive in arbitrary chunks: keep the unfinished tail for the next read.
function parseEvents(buffer, onEvent) {
  const blocks = buffer.split(/\r?\n\r?\n/);
  const rest = blocks.pop();
  for (const block of blocks) {
    let name = "message";
    const data = [];
    for (const line of block.split(/\r?\n/)) {
      if (line.startsWith("event:")) name = line.slice(6).trim();
      else if (line.startsWith("data:")) data.push(line.slice(5).replace(/^ /, ""));
    }
    let payload = {};
    try {
      payload = data.length ? JSON.parse(data.join("\n")) : {};
    } catch (ignored) {
      continue;
    }
    onEvent(name, payload);
  }
  return rest;
}

// ---- the thread --------------------------------------------------------------

function addUserMessage(question) {
  const article = el("article", "msg msg-user");
  article.appendChild(el("p", "bubble", question));
  thread.appendChild(article);
}

function showAnswer(view, turn) {
  renderAnswer(view, turn.answer, {
    onAsk: function (question) {
      ask(question);
    },
    feedback: turn.feedback,
    onFeedback: function (feedback) {
      turn.feedback = Object.assign({}, feedback);
      storage.save(state);
    },
  });
}

function restore() {
  if (SERVER_THREAD) {
    // The server rendered a conversation (a follow-up link, "Stel een vraag over deze actie"): it becomes this
    // tab's conversation, and the address loses the question so a reload does not ask it again.
    state = {
      conversationId: SERVER_THREAD.conversation_id,
      subject: SERVER_THREAD.subject ? { card: SERVER_THREAD.subject, questions: SERVER_THREAD.subject_questions } : null,
      turns: SERVER_THREAD.turns.map(function (turn) {
        return { question: turn.question, answer: turn.answer, feedback: null };
      }),
    };
    storage.save(state);
    window.history.replaceState(null, "", window.location.pathname);
  }
  thread.replaceChildren();
  if (!state.turns.length && !state.subject) return;
  intro.hidden = true;
  setConversation(state.conversationId);
  if (state.subject) {
    renderSubject(thread, state.subject.card, state.subject.questions, function (question) {
      ask(question);
    });
  }
  for (const turn of state.turns) {
    addUserMessage(turn.question);
    showAnswer(newAnswerView(thread), turn);
  }
}

// ---- asking ------------------------------------------------------------------

async function ask(question, options) {
  const echo = !options || options.echo !== false;
  if (busy) return;
  formError.hidden = true;
  intro.hidden = true;
  if (echo) addUserMessage(question);
  const view = newAnswerView(thread);
  scrollToEnd(view.article, true);
  setBusy(true);
  controller = new AbortController();
  const signal = controller.signal;

  let response;
  try {
    response = await fetch("/api/ask/stream", {
      method: "POST",
      headers: Object.assign({ "Content-Type": "application/json", Accept: "text/event-stream" }, CLIENT_HEADERS),
      body: JSON.stringify({ question: question, conversation_id: state.conversationId }),
      signal: signal,
    });
  } catch (error) {
    if (!signal.aborted) showError(view, UNREACHABLE, question);
    setBusy(false);
    return;
  }
  if (!response.ok || !response.body) {
    // A retry makes sense after a server fault or a rate limit, not after a refused question: that one goes
    // back into the question box, to be changed.
    const retryable = response.status >= 500 || response.status === 429;
    showError(view, await errorMessage(response), retryable ? question : null);
    if (!retryable && !input.value.trim()) {
      input.value = question;
      updateCounter();
      autoGrow();
    }
    setBusy(false);
    return;
  }

  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  const streamed = document.createTextNode("");
  view.text.appendChild(streamed);
  let buffer = "";
  let finished = false;
  let failed = false;

  function onEvent(name, data) {
    if (name === "delta" && typeof data.text === "string") {
      view.thinking.hidden = true;
      streamed.appendData(data.text);
      scrollToEnd(view.article, false);
    } else if (name === "citations") {
      // The final text is authoritative (deltas may have been cut by a proxy).
      if (data.conversation_id) setConversation(data.conversation_id);
      const turn = { question: question, answer: data, feedback: null };
      showAnswer(view, turn);
      if (data.message_id) {
        state.turns.push(turn);
        storage.save(state);
      }
    } else if (name === "done") {
      finished = true;
    } else if (name === "error") {
      failed = true;
      showError(view, data.message || INTERRUPTED, question);
    }
  }

  try {
    for (;;) {
      const chunk = await reader.read();
      if (chunk.done) break;
      buffer = parseEvents(buffer + decoder.decode(chunk.value, { stream: true }), onEvent);
    }
    parseEvents(buffer + decoder.decode() + "\n\n", onEvent);
  } catch (error) {
    if (signal.aborted) return;
    if (!finished && !failed) {
      showError(view, UNREACHABLE, question);
      failed = true;
    }
  } finally {
    if (!signal.aborted) setBusy(false);
  }
  if (!finished && !failed) showError(view, INTERRUPTED, question);
  if (finished) revealEnd(view);
}

// ---- the question box --------------------------------------------------------

// The box never cuts a paste: near the limit a counter shows, over it sending is refused with the reason.
function updateCounter() {
  // The server counts the question without its surrounding blanks; so does the counter.
  const length = input.value.trim().length;
  const over = length - MAX_QUESTION_CHARS;
  counter.hidden = length < MAX_QUESTION_CHARS * COUNTER_FROM;
  counter.classList.toggle("is-over", over > 0);
  counter.textContent = over > 0
    ? length + " / " + MAX_QUESTION_CHARS + " tekens: " + over + " te veel"
    : length + " / " + MAX_QUESTION_CHARS + " tekens";
  input.setAttribute("aria-invalid", String(over > 0));
}

// The question box grows with its text up to 40% of the screen, then scrolls.
function autoGrow() {
  const max = window.innerHeight * 0.4;
  input.style.height = "auto";
  input.style.height = Math.min(input.scrollHeight + 2, max) + "px";
  input.style.overflowY = input.scrollHeight + 2 > max ? "auto" : "hidden";
}

form.addEventListener("submit", function (event) {
  event.preventDefault();
  const question = input.value.trim();
  formError.hidden = true;
  if (!question) {
    formError.textContent = "Typ eerst een vraag.";
    formError.hidden = false;
    input.focus();
    return;
  }
  if (question.length > MAX_QUESTION_CHARS) {
    const over = question.length - MAX_QUESTION_CHARS;
    formError.textContent = "Je vraag is " + over + " tekens te lang (max. " + MAX_QUESTION_CHARS +
      "). Maak ze korter: er is niets weggeknipt.";
    formError.hidden = false;
    input.focus();
    return;
  }
  if (busy) return;
  input.value = "";
  updateCounter();
  autoGrow();
  ask(question);
  input.focus();
});

// Enter sends, Shift+Enter adds a line (and never while an input method is composing); without this script Enter
// adds a line, so the hint shows only now.
document.getElementById("question-hint").hidden = false;
input.addEventListener("keydown", function (event) {
  if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
    event.preventDefault();
    form.requestSubmit();
  }
});

input.addEventListener("input", function () {
  formError.hidden = true;
  updateCounter();
  autoGrow();
});

// Without JavaScript a starter is a link that asks its question; here it is asked in place.
for (const starter of document.querySelectorAll(".starter")) {
  starter.addEventListener("click", function (event) {
    event.preventDefault();
    ask(starter.textContent.trim());
    input.focus();
  });
}

// Without JavaScript "Nieuw gesprek" is a link to the empty chat; here the thread is emptied in place.
newConversation.addEventListener("click", function (event) {
  event.preventDefault();
  if (controller) controller.abort();
  setBusy(false);
  storage.forget();
  state = storage.load();
  setConversation(null);
  thread.replaceChildren();
  intro.hidden = false;
  formError.hidden = true;
  input.value = "";
  updateCounter();
  autoGrow();
  input.focus();
});

setupCard(input);
restore();
