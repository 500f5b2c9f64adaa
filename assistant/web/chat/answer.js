// One answer in the thread: its text with every action id a link, its sources, the choices or follow-up
// questions it offers, the link to the action browser, and the tools (feedback, copy).

import { appendLinked, idLink } from "./card.js";
import { actionHref } from "./ids.js";
import { CLIENT_HEADERS, el } from "./dom.js";
import { setupFeedback } from "./feedback.js";

const template = document.getElementById("tpl-assistant");

export function newAnswerView(thread) {
  const article = template.content.firstElementChild.cloneNode(true);
  thread.appendChild(article);
  const find = function (selector) {
    return article.querySelector(selector);
  };
  return {
    article: article,
    bubble: find(".bubble"),
    thinking: find(".thinking"),
    text: find(".answer-text"),
    badge: find(".badge-abstain"),
    explorer: find(".explorer-link"),
    choices: find(".choices"),
    sources: find(".sources"),
    chips: find(".chips"),
    tools: find(".answer-tools"),
  };
}

// Each action is one tab stop per answer: its first link; later mentions stay clickable, out of the tab order.
function linker(seen) {
  return function (actionId, label) {
    const link = idLink(actionId, label);
    if (seen.has(actionId)) link.tabIndex = -1;
    seen.add(actionId);
    return link;
  };
}

// A list shows this many items; the rest fold behind "Toon alle N" (the answer's text itself stays whole).
// The server renders the same (assistant/api/answer_view.py, FOLD_AFTER).
const FOLD_AFTER = 10;

function fold(items) {
  const details = el("details", "answer-fold");
  const summary = el("summary");
  const rest = items.length - FOLD_AFTER;
  summary.appendChild(el("span", "fold-closed", "Toon alle " + items.length + " (nog " + rest + ")"));
  summary.appendChild(el("span", "fold-open", "Toon er minder"));
  details.appendChild(summary);
  for (const item of items.slice(FOLD_AFTER)) details.appendChild(item);
  return details;
}

// Answers come as lines, list items starting with "•": each line is its own block, so a wrapped list item
// keeps a hanging indent; a run of more than FOLD_AFTER items folds its tail. Returns the ids named in list items.
function renderText(node, text, makeLink) {
  node.replaceChildren();
  const listed = new Set();
  let run = [];
  function closeRun() {
    run.slice(0, FOLD_AFTER).forEach(function (item) {
      node.appendChild(item);
    });
    if (run.length > FOLD_AFTER) node.appendChild(fold(run));
    run = [];
  }
  for (const line of text.split("\n")) {
    const bullet = line.startsWith("•");
    const block = el("div", bullet ? "answer-line answer-bullet" : "answer-line");
    appendLinked(block, line, function (actionId, label) {
      if (bullet) listed.add(actionId);
      return makeLink(actionId, label);
    });
    if (bullet) {
      run.push(block);
      continue;
    }
    closeRun();
    node.appendChild(block);
  }
  closeRun();
  return listed;
}

// Sources as chips, except the actions a list already shows (twelve bullets need no twelve chips again).
function renderSources(view, citations, listed, makeLink, abstained) {
  view.chips.replaceChildren();
  // A refusal's actions are related, not sources of an answer: say so, as the page without JavaScript does.
  view.sources.querySelector(".sources-title").textContent = abstained ? "Verwante acties" : "Bronnen";
  let skipped = 0;
  for (const citation of citations || []) {
    const isAction = citation.kind === "action" || citation.kind === undefined;
    if (isAction && listed.has(citation.id)) {
      skipped += 1;
      continue;
    }
    const item = el("li");
    const chip = isAction ? makeLink(citation.id, "") : el("span", "chip chip-static");
    chip.className = isAction ? "chip" : "chip chip-static";
    chip.replaceChildren(el("span", "chip-id", citation.id));
    if (citation.title && citation.title !== citation.id) {
      chip.appendChild(document.createTextNode(" · "));
      chip.appendChild(el("span", "chip-title", citation.title));
      chip.title = citation.id + " · " + citation.title;
    }
    item.appendChild(chip);
    view.chips.appendChild(item);
  }
  const note = view.sources.querySelector(".sources-note");
  if (note) note.remove();
  if (skipped && !abstained) {
    const text = skipped === 1 ? "De actie in de lijst is de bron." : "De " + skipped + " acties in de lijst zijn de bronnen.";
    view.sources.insertBefore(el("p", "sources-note", text + " Klik een nummer voor de fiche."), view.chips);
  }
  view.sources.hidden = view.chips.childElementCount === 0 && (!skipped || abstained);
}

// "Toon alle N in de actieverkenner": N is what the browser will show for the answer's filters.
async function renderExplorerLink(view, query) {
  const link = view.explorer.querySelector("a");
  link.href = "/acties" + (query ? "?" + query : "");
  link.textContent = "Toon ze in de actieverkenner";
  view.explorer.hidden = false;
  try {
    const response = await fetch("/api/actions" + (query ? "?" + query : ""), { headers: CLIENT_HEADERS });
    if (!response.ok) return;
    const rows = await response.json();
    link.textContent = "Toon alle " + rows.length + " in de actieverkenner";
  } catch (ignored) {
    // The link works without the count.
  }
}

function renderChoices(view, data, onAsk) {
  const list = view.choices.querySelector(".choice-list");
  list.replaceChildren();
  const suggestions = data.suggestions || [];
  view.choices.hidden = !suggestions.length;
  view.choices.classList.toggle("needs-choice", Boolean(data.needs_choice));
  view.choices.querySelector(".choices-title").textContent = data.needs_choice ? "Welke bedoel je?" : "Vraag verder";
  for (const suggestion of suggestions) {
    const item = el("li");
    const button = el("button", data.needs_choice ? "choice choice-needed" : "choice", suggestion.label);
    button.type = "button";
    button.addEventListener("click", function () {
      onAsk(suggestion.question);
    });
    item.appendChild(button);
    list.appendChild(item);
  }
}

async function copyText(text) {
  if (navigator.clipboard && window.isSecureContext) {
    await navigator.clipboard.writeText(text);
    return;
  }
  const area = el("textarea");
  area.value = text;
  area.setAttribute("readonly", "");
  area.className = "visually-hidden";
  document.body.appendChild(area);
  area.select();
  const copied = document.execCommand("copy");
  area.remove();
  if (!copied) throw new Error("copy refused");
}

// "Deel": the answer's permalink (/antwoord/<id>), rendered by the server for whoever opens it.
function setupShare(view, data) {
  const button = view.tools.querySelector(".share-btn");
  const note = view.tools.querySelector(".fb-note");
  button.addEventListener("click", async function () {
    const link = location.origin + "/antwoord/" + encodeURIComponent(data.message_id);
    note.classList.remove("is-error");
    try {
      await copyText(link);
      note.textContent = "Link naar dit antwoord gekopieerd.";
    } catch (error) {
      note.classList.add("is-error");
      note.textContent = "Kopiëren lukte niet. De link is " + link;
    }
  });
}

function setupCopy(view, data) {
  const button = view.tools.querySelector(".copy-btn");
  const note = view.tools.querySelector(".fb-note");
  button.addEventListener("click", async function () {
    const sources = (data.citations || []).map(function (c) {
      return c.kind === "action" || c.kind === undefined ? c.id + " (" + location.origin + actionHref(c.id) + ")" : c.id;
    });
    const text = data.answer + (sources.length ? "\n\nBronnen: " + sources.join("; ") : "");
    note.classList.remove("is-error");
    try {
      await copyText(text);
      note.textContent = "Antwoord gekopieerd.";
    } catch (error) {
      note.classList.add("is-error");
      note.textContent = "Kopiëren lukte niet; selecteer de tekst en kopieer hem zelf.";
    }
  });
}

// Fill a view with a finished answer (streamed now, or restored after a reload).
export function renderAnswer(view, data, options) {
  view.thinking.hidden = true;
  view.text.setAttribute("aria-busy", "false");
  const makeLink = linker(new Set());
  const listed = renderText(view.text, data.answer || "", makeLink);
  if (data.message_id) view.article.dataset.messageId = data.message_id;
  // Which plan version answered (the header names the live one; after an update the two can differ).
  if (data.plan_version) view.article.dataset.planVersion = data.plan_version;
  const sourcesTitle = view.sources.querySelector(".sources-title");
  if (data.plan && sourcesTitle) sourcesTitle.title = "Uit het " + data.plan;
  if (data.abstained) {
    view.article.classList.add("msg-abstained");
    view.badge.hidden = false;
  }
  if (typeof data.explorer_query === "string") renderExplorerLink(view, data.explorer_query);
  renderChoices(view, data, options.onAsk);
  renderSources(view, data.citations, listed, makeLink, data.abstained);
  if (data.message_id) {
    view.tools.hidden = false;
    setupFeedback(view, data.message_id, options.feedback, options.onFeedback);
    setupCopy(view, data);
    setupShare(view, data);
  }
}

// The action a conversation is about ("Stel een vraag over deze actie"), with questions to start with.
export function renderSubject(thread, subject, questions, onAsk) {
  const article = el("article", "msg msg-subject");
  article.dataset.actionId = subject.id;
  const bubble = el("div", "bubble");
  bubble.appendChild(el("p", "subject-lead", "Je vraagt nu over deze actie:"));
  const head = el("p", "subject-head");
  const link = idLink(subject.id, subject.id);
  link.className = "subject-id";
  head.appendChild(link);
  head.appendChild(document.createTextNode(" "));
  head.appendChild(el("span", "subject-title", subject.title));
  bubble.appendChild(head);
  const lead = (subject.initiators || []).join(", ") || subject.initiator_text || "niet vermeld";
  bubble.appendChild(el("p", "subject-meta", "Trekker: " + lead + " · Timing: " + (subject.timing || "niet vermeld")));
  const choices = el("div", "choices");
  choices.appendChild(el("h3", "choices-title", "Vraag bijvoorbeeld"));
  const list = el("ul", "choice-list");
  for (const question of questions || []) {
    const item = el("li");
    const button = el("button", "choice", question);
    button.type = "button";
    button.addEventListener("click", function () {
      onAsk(question);
    });
    item.appendChild(button);
    list.appendChild(item);
  }
  choices.appendChild(list);
  bubble.appendChild(choices);
  article.appendChild(bubble);
  thread.appendChild(article);
  return article;
}
