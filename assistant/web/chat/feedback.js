// 👍/👎 on an answer: a vote is stored at once; after 👎 an optional comment is added to that same vote.

import { CLIENT_HEADERS, UNREACHABLE, errorMessage } from "./dom.js";

async function send(method, url, body) {
  const response = await fetch(url, {
    method: method,
    headers: Object.assign({ "Content-Type": "application/json" }, CLIENT_HEADERS),
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(await errorMessage(response));
  return response.json();
}

// state: {rating, id, commented} as kept in the browser; onChange(state) keeps it across a reload.
export function setupFeedback(view, messageId, saved, onChange) {
  const box = view.tools;
  const up = box.querySelector(".fb-up");
  const down = box.querySelector(".fb-down");
  const form = box.querySelector(".fb-form");
  const comment = box.querySelector(".fb-comment");
  const note = box.querySelector(".fb-note");
  const state = Object.assign({ rating: null, id: null, commented: false }, saved || {});

  function show() {
    up.setAttribute("aria-pressed", String(state.rating === "up"));
    down.setAttribute("aria-pressed", String(state.rating === "down"));
    up.disabled = down.disabled = Boolean(state.id);
    form.hidden = !(state.rating === "down" && state.id && !state.commented);
  }

  function fail(error) {
    note.classList.add("is-error");
    note.textContent = error instanceof TypeError ? UNREACHABLE : error.message;
  }

  async function vote(rating) {
    state.rating = rating;
    up.disabled = down.disabled = true;
    note.classList.remove("is-error");
    note.textContent = "Bezig met versturen…";
    try {
      const stored = await send("POST", "/api/feedback", { message_id: messageId, rating: rating });
      state.id = stored.id;
      note.textContent = rating === "down"
        ? "Bedankt, je 👎 is opgeslagen. Wil je er nog iets bij zeggen?"
        : "Bedankt voor je feedback";
      onChange(state);
      show();
      if (rating === "down") comment.focus();
    } catch (error) {
      state.rating = null;
      show();
      fail(error);
    }
  }

  up.addEventListener("click", function () {
    vote("up");
  });
  down.addEventListener("click", function () {
    vote("down");
  });
  form.addEventListener("submit", async function (event) {
    event.preventDefault();
    const text = comment.value.trim();
    if (!text) {
      comment.focus();
      return;
    }
    note.classList.remove("is-error");
    note.textContent = "Bezig met versturen…";
    try {
      await send("PATCH", "/api/feedback/" + state.id, { message_id: messageId, comment: text });
      state.commented = true;
      note.textContent = "Bedankt, je toelichting is toegevoegd.";
      onChange(state);
      show();
    } catch (error) {
      fail(error);
    }
  });

  show();
  if (state.id) note.textContent = state.commented ? "Bedankt, je toelichting is toegevoegd." : "Bedankt voor je feedback";
}
