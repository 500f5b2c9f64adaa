// The action card: a dialog with the action's fields, opened from an id in an answer or a source chip.

import { actionHref, idSpans, organisationHref } from "./ids.js";
import { CLIENT_HEADERS, UNREACHABLE, el, errorMessage } from "./dom.js";

const card = document.getElementById("card");
const cardId = document.getElementById("card-id");
const cardTitle = document.getElementById("card-title");
const cardStatus = document.getElementById("card-status");
const cardTags = document.getElementById("card-tags");
const cardFields = document.getElementById("card-fields");
const cardClose = document.getElementById("card-close");
const cardPage = document.getElementById("card-page");
const STATUS_NAMES = { project: "Project", planning: "Planning" };
let opener = null;

// Text with every action id a link that opens that action's card (as in answers).
export function appendLinked(block, text, makeLink) {
  let last = 0;
  for (const span of idSpans(text)) {
    if (span.start < last) continue;
    block.appendChild(document.createTextNode(text.slice(last, span.start)));
    block.appendChild(makeLink(span.id, text.slice(span.start, span.end)));
    last = span.end;
  }
  block.appendChild(document.createTextNode(text.slice(last)));
}

// A link to an action's page that opens its card in place (a new tab or window still gets the page).
export function idLink(actionId, label) {
  const link = el("a", "id-link", label || actionId);
  link.href = actionHref(actionId);
  link.dataset.actionId = actionId;
  link.setAttribute("aria-haspopup", "dialog");
  link.addEventListener("click", function (event) {
    if (event.ctrlKey || event.metaKey || event.shiftKey || event.button !== 0) return;
    event.preventDefault();
    openCard(actionId, link);
  });
  return link;
}

function field(label, fill) {
  const value = el("dd");
  fill(value);
  if (!value.textContent.trim()) return;
  cardFields.appendChild(el("dt", null, label));
  cardFields.appendChild(value);
}

function text(value) {
  return function (dd) {
    dd.textContent = value || "";
  };
}

// Organisation names link to their page; a cell the alias table could not read is shown as written.
function organisations(names, written) {
  return function (dd) {
    if (!names || !names.length) {
      dd.textContent = written || "";
      return;
    }
    names.forEach(function (name, index) {
      if (index) dd.appendChild(document.createTextNode(", "));
      const link = el("a", "org-link", name);
      link.href = organisationHref(name);
      dd.appendChild(link);
    });
  };
}

function tag(label, value, className) {
  if (!value) return;
  const item = el("li", "tag" + (className ? " " + className : ""));
  item.appendChild(el("span", "visually-hidden", label + ": "));
  item.appendChild(document.createTextNode(value));
  cardTags.appendChild(item);
}

function renderCard(action) {
  cardId.textContent = action.id;
  cardTitle.textContent = action.title;
  cardStatus.textContent = "";
  tag("Domein", action.domain_name || action.domain);
  tag("Belang", action.importance || "belang niet vermeld", action.importance === "Sleutelactie" ? "tag-key" : "");
  tag("Status", STATUS_NAMES[action.status] || action.status, action.status === "project" ? "tag-project" : "");
  field("Actie", function (dd) {
    appendLinked(dd, action.action, idLink);
  });
  field("Output", text(action.output));
  field("Trekker", organisations(action.initiators, action.initiator_text));
  field("Partners", organisations(action.partners, action.partner_text));
  field("Timing", text(action.timing));
  field("Projecten", text((action.projects || []).join(", ")));
  field("Doelstelling", text([action.objective, action.objective_title].filter(Boolean).join(" — ")));
  field("Hefboom", text(action.lever));
  field("Bron", text(action.source_label || action.source));
}

export async function openCard(actionId, from) {
  opener = from;
  cardId.textContent = actionId;
  cardTitle.textContent = "";
  cardTags.replaceChildren();
  cardFields.replaceChildren();
  cardStatus.classList.remove("is-error");
  cardStatus.textContent = "Actie laden…";
  cardPage.href = actionHref(actionId);
  card.dataset.actionId = actionId;
  if (!card.open) card.showModal();
  cardClose.focus();
  try {
    const response = await fetch("/api/actions/" + encodeURIComponent(actionId), { headers: CLIENT_HEADERS });
    if (!response.ok) throw new Error(await errorMessage(response));
    const action = await response.json();
    if (card.dataset.actionId === actionId) {
      cardPage.href = actionHref(action.id);
      renderCard(action);
    }
  } catch (error) {
    cardStatus.classList.add("is-error");
    cardStatus.textContent = error instanceof TypeError ? UNREACHABLE : error.message;
  }
}

export function setupCard(fallbackFocus) {
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
    if (opener && document.contains(opener)) opener.focus();
    else fallbackFocus.focus();
    opener = null;
  });
}
