// Actieplan-assistent web chat: streams answers from /api/ask/stream, shows citations as chips,
// opens action cards and sends feedback. Answer text is only ever set with textContent.
"use strict";

(function () {
  const UNREACHABLE =
    "De assistent is niet bereikbaar. Controleer je verbinding of probeer het over enkele ogenblikken opnieuw.";
  const INTERRUPTED = "Het antwoord werd onderbroken. Probeer het opnieuw.";
  const CLIENT_HEADERS = { "X-Actieplan-Client": "web" };

  const form = document.getElementById("ask-form");
  const input = document.getElementById("question");
  const sendButton = document.getElementById("send");
  const formError = document.getElementById("form-error");
  const thread = document.getElementById("thread");
  const intro = document.getElementById("intro");
  const newConversation = document.getElementById("new-conversation");
  const template = document.getElementById("tpl-assistant");
  const card = document.getElementById("card");

  let conversationId = null;
  let busy = false;
  let controller = null;
  let cardOpener = null;

  // ---- helpers -------------------------------------------------------------

  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = text;
    return node;
  }

  // A JSON error body looks like {"error": {"code", "message"}}; anything else gets a generic sentence.
  async function errorMessage(response) {
    try {
      const body = await response.json();
      if (body && body.error && body.error.message) return body.error.message;
    } catch (ignored) {
      // Not JSON (a proxy page, for instance): fall through to the generic message.
    }
    return "De assistent kon je vraag niet verwerken (fout " + response.status + "). Probeer het opnieuw.";
  }

  function nearBottom() {
    return window.innerHeight + window.scrollY >= document.body.scrollHeight - 160;
  }

  function scrollToEnd(node, force) {
    if (force || nearBottom()) node.scrollIntoView({ block: "end", behavior: "auto" });
  }

  function setBusy(value) {
    busy = value;
    sendButton.disabled = value;
    sendButton.textContent = value ? "Bezig…" : "Verstuur";
  }

  function setConversation(id) {
    conversationId = id;
    if (id) thread.dataset.conversationId = id;
    else delete thread.dataset.conversationId;
  }

  // ---- asking --------------------------------------------------------------

  function addUserMessage(question) {
    const article = el("article", "msg msg-user");
    const bubble = el("p", "bubble", question);
    article.appendChild(bubble);
    thread.appendChild(article);
  }

  function addAssistantMessage() {
    const article = template.content.firstElementChild.cloneNode(true);
    thread.appendChild(article);
    return {
      article: article,
      bubble: article.querySelector(".bubble"),
      thinking: article.querySelector(".thinking"),
      text: article.querySelector(".answer-text"),
      badge: article.querySelector(".badge-abstain"),
      sources: article.querySelector(".sources"),
      chips: article.querySelector(".chips"),
      feedback: article.querySelector(".feedback"),
    };
  }

  function showError(view, message, question) {
    view.thinking.hidden = true;
    view.text.setAttribute("aria-busy", "false");
    view.article.classList.add("msg-error");
    const error = el("p", "error-text", message);
    error.setAttribute("role", "alert");
    view.bubble.appendChild(error);
    if (question) {
      const actions = el("p", "error-actions");
      const retry = el("button", "btn-link", "Opnieuw proberen");
      retry.type = "button";
      retry.addEventListener("click", function () {
        view.article.remove();
        ask(question, { echo: false });
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

  function renderCitations(view, citations) {
    view.chips.replaceChildren();
    for (const citation of citations || []) {
      const item = el("li");
      const isAction = citation.kind === "action" || citation.kind === undefined;
      const chip = el(isAction ? "button" : "span", isAction ? "chip" : "chip chip-static");
      chip.appendChild(el("span", "chip-id", citation.id));
      if (citation.title && citation.title !== citation.id) {
        chip.appendChild(document.createTextNode(" · "));
        chip.appendChild(el("span", "chip-title", citation.title));
        chip.title = citation.id + " · " + citation.title;
      }
      if (isAction) {
        chip.type = "button";
        chip.dataset.actionId = citation.id;
        chip.setAttribute("aria-haspopup", "dialog");
        chip.addEventListener("click", function () {
          openCard(citation.id, chip);
        });
      }
      item.appendChild(chip);
      view.chips.appendChild(item);
    }
    view.sources.hidden = view.chips.childElementCount === 0;
  }

  // Action ids as the answers write them: "(BM 1.3)".
  const ACTION_ID = /\((KP|BW|BT|BM) (\d{1,2}\.\d{1,2})\)/g;

  function idButton(actionId) {
    const button = el("button", "id-link", actionId);
    button.type = "button";
    button.dataset.actionId = actionId;
    button.title = "Fiche van " + actionId + " openen";
    button.setAttribute("aria-haspopup", "dialog");
    button.addEventListener("click", function () {
      openCard(actionId, button);
    });
    return button;
  }

  // One line of the answer, with each "(BM 1.3)" turned into a button that opens that action's card.
  function appendLine(block, line) {
    let last = 0;
    for (const match of line.matchAll(ACTION_ID)) {
      block.appendChild(document.createTextNode(line.slice(last, match.index)));
      // The brackets stay with the id, so a line never breaks between "(" and the id.
      const ref = el("span", "id-ref", "(");
      ref.appendChild(idButton(match[1] + " " + match[2]));
      ref.appendChild(document.createTextNode(")"));
      block.appendChild(ref);
      last = match.index + match[0].length;
    }
    block.appendChild(document.createTextNode(line.slice(last)));
  }

  // Answers come as lines, list items starting with "•": each line is its own block, so a wrapped
  // list item keeps a hanging indent instead of running under its bullet.
  function renderAnswerText(node, text) {
    node.replaceChildren();
    for (const line of text.split("\n")) {
      const block = el("div", line.startsWith("•") ? "answer-line answer-bullet" : "answer-line");
      appendLine(block, line);
      node.appendChild(block);
    }
  }

  function finishAnswer(view, data) {
    view.thinking.hidden = true;
    // The final text is authoritative (deltas may have been cut by a proxy).
    if (typeof data.answer === "string") renderAnswerText(view.text, data.answer);
    view.text.setAttribute("aria-busy", "false");
    if (data.conversation_id) setConversation(data.conversation_id);
    if (data.message_id) view.article.dataset.messageId = data.message_id;
    if (data.abstained) {
      view.article.classList.add("msg-abstained");
      view.badge.hidden = false;
    }
    renderCitations(view, data.citations);
    if (data.message_id) setupFeedback(view, data.message_id);
  }

  async function ask(question, options) {
    const echo = !options || options.echo !== false;
    if (busy) return;
    formError.hidden = true;
    intro.hidden = true;
    if (echo) addUserMessage(question);
    const view = addAssistantMessage();
    scrollToEnd(view.article, true);
    setBusy(true);
    controller = new AbortController();
    const signal = controller.signal;

    let response;
    try {
      response = await fetch("/api/ask/stream", {
        method: "POST",
        headers: Object.assign(
          { "Content-Type": "application/json", Accept: "text/event-stream" }, CLIENT_HEADERS
        ),
        body: JSON.stringify({ question: question, conversation_id: conversationId }),
        signal: signal,
      });
    } catch (error) {
      if (!signal.aborted) showError(view, UNREACHABLE, question);
      setBusy(false);
      return;
    }
    if (!response.ok || !response.body) {
      // A retry makes sense after a server fault or a rate limit, not after a refused question.
      const retryable = response.status >= 500 || response.status === 429;
      showError(view, await errorMessage(response), retryable ? question : null);
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
        finishAnswer(view, data);
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
    scrollToEnd(view.article, false);
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    const question = input.value.trim();
    if (!question) {
      formError.textContent = "Typ eerst een vraag.";
      formError.hidden = false;
      input.focus();
      return;
    }
    if (busy) return;
    input.value = "";
    autoGrow();
    ask(question);
    input.focus();
  });

  // Enter sends, Shift+Enter adds a line (and never while an input method is composing).
  input.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      form.requestSubmit();
    }
  });

  // The question box grows with its text up to 40% of the screen, then scrolls.
  function autoGrow() {
    const max = window.innerHeight * 0.4;
    input.style.height = "auto";
    input.style.height = Math.min(input.scrollHeight + 2, max) + "px";
    input.style.overflowY = input.scrollHeight + 2 > max ? "auto" : "hidden";
  }
  input.addEventListener("input", function () {
    formError.hidden = true;
    autoGrow();
  });

  for (const starter of document.querySelectorAll(".starter")) {
    starter.addEventListener("click", function () {
      ask(starter.textContent.trim());
      input.focus();
    });
  }

  newConversation.addEventListener("click", function () {
    if (controller) controller.abort();
    setBusy(false);
    setConversation(null);
    thread.replaceChildren();
    intro.hidden = false;
    formError.hidden = true;
    input.value = "";
    autoGrow();
    input.focus();
  });

  // ---- feedback ------------------------------------------------------------

  function setupFeedback(view, messageId) {
    const box = view.feedback;
    const up = box.querySelector(".fb-up");
    const down = box.querySelector(".fb-down");
    const commentForm = box.querySelector(".fb-form");
    const comment = box.querySelector(".fb-comment");
    const note = box.querySelector(".fb-note");
    box.hidden = false;

    async function send(rating, text) {
      up.disabled = true;
      down.disabled = true;
      note.classList.remove("is-error");
      note.textContent = "Bezig met versturen…";
      try {
        const response = await fetch("/api/feedback", {
          method: "POST",
          headers: Object.assign({ "Content-Type": "application/json" }, CLIENT_HEADERS),
          body: JSON.stringify({ message_id: messageId, rating: rating, comment: text || null }),
        });
        if (!response.ok) throw new Error(await errorMessage(response));
        commentForm.hidden = true;
        note.textContent = "Bedankt voor je feedback";
      } catch (error) {
        note.classList.add("is-error");
        note.textContent = error instanceof TypeError ? UNREACHABLE : error.message;
        up.disabled = false;
        down.disabled = false;
      }
    }

    up.addEventListener("click", function () {
      up.setAttribute("aria-pressed", "true");
      down.setAttribute("aria-pressed", "false");
      commentForm.hidden = true;
      send("up", null);
    });
    down.addEventListener("click", function () {
      down.setAttribute("aria-pressed", "true");
      up.setAttribute("aria-pressed", "false");
      commentForm.hidden = false;
      comment.focus();
    });
    commentForm.addEventListener("submit", function (event) {
      event.preventDefault();
      send("down", comment.value.trim());
    });
  }

  // ---- action card ---------------------------------------------------------

  const cardId = document.getElementById("card-id");
  const cardTitle = document.getElementById("card-title");
  const cardStatus = document.getElementById("card-status");
  const cardTags = document.getElementById("card-tags");
  const cardFields = document.getElementById("card-fields");
  const cardClose = document.getElementById("card-close");

  function field(label, value) {
    if (value === null || value === undefined || value === "" || (Array.isArray(value) && !value.length)) return;
    cardFields.appendChild(el("dt", null, label));
    cardFields.appendChild(el("dd", null, Array.isArray(value) ? value.join(", ") : value));
  }

  // Tags carry importance and status; a hidden label tells screen-reader users which is which.
  function tag(label, text, className) {
    if (!text) return;
    const item = el("li", "tag" + (className ? " " + className : ""));
    item.appendChild(el("span", "visually-hidden", label + ": "));
    item.appendChild(document.createTextNode(text));
    cardTags.appendChild(item);
  }

  const STATUS_NAMES = { project: "Project", planning: "Planning" };

  function renderCard(action) {
    cardId.textContent = action.id;
    cardTitle.textContent = action.title;
    cardStatus.textContent = "";
    tag("Domein", action.domain_name || action.domain);
    tag("Belang", action.importance, action.importance === "Sleutelactie" ? "tag-key" : "");
    tag("Status", STATUS_NAMES[action.status] || action.status, action.status === "project" ? "tag-project" : "");
    field("Actie", action.action);
    field("Output", action.output);
    field("Trekker", action.initiator_text || action.initiators);
    field("Partners", action.partner_text || action.partners);
    field("Timing", action.timing);
    field("Projecten", action.projects);
    field("Doelstelling", [action.objective, action.objective_title].filter(Boolean).join(" — "));
    field("Hefboom", action.lever);
    field("Bron", action.source);
  }

  async function openCard(actionId, opener) {
    cardOpener = opener;
    cardId.textContent = actionId;
    cardTitle.textContent = "";
    cardTags.replaceChildren();
    cardFields.replaceChildren();
    cardStatus.classList.remove("is-error");
    cardStatus.textContent = "Actie laden…";
    card.dataset.actionId = actionId;
    if (!card.open) card.showModal();
    cardClose.focus();
    try {
      const response = await fetch("/api/actions/" + encodeURIComponent(actionId), { headers: CLIENT_HEADERS });
      if (!response.ok) throw new Error(await errorMessage(response));
      const action = await response.json();
      if (card.dataset.actionId === actionId) renderCard(action);
    } catch (error) {
      cardStatus.classList.add("is-error");
      cardStatus.textContent = error instanceof TypeError ? UNREACHABLE : error.message;
    }
  }

  cardClose.addEventListener("click", function () {
    card.close();
  });
  // A click on the backdrop (outside the card's box) closes it too; Escape is handled by <dialog>.
  card.addEventListener("click", function (event) {
    if (event.target !== card) return;
    const box = card.getBoundingClientRect();
    const inside = event.clientX >= box.left && event.clientX <= box.right &&
      event.clientY >= box.top && event.clientY <= box.bottom;
    if (!inside) card.close();
  });
  card.addEventListener("close", function () {
    if (cardOpener && document.contains(cardOpener)) cardOpener.focus();
    else input.focus();
    cardOpener = null;
    // A card opened from a link should not open again on reload once it was closed.
    if (new URLSearchParams(window.location.search).has("actie")) {
      window.history.replaceState(null, "", window.location.pathname);
    }
  });

  // Slack links a source as /?actie=KP%201.3 (when ACTIEPLAN_PUBLIC_URL is set): open that card at once.
  const linkedAction = (new URLSearchParams(window.location.search).get("actie") || "").trim();
  if (linkedAction) openCard(linkedAction.slice(0, 40), null);
})();
