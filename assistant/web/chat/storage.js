// The conversation survives a reload: the browser keeps it for this tab (sessionStorage), never on a server
// it was not sent to. "Nieuw gesprek" forgets it.

const KEY = "actieplan-gesprek";

export function load() {
  try {
    const saved = JSON.parse(window.sessionStorage.getItem(KEY) || "null");
    if (saved && Array.isArray(saved.turns)) return saved;
  } catch (ignored) {
    // Storage blocked or a damaged entry: start empty.
  }
  return { conversationId: null, subject: null, turns: [] };
}

export function save(state) {
  try {
    window.sessionStorage.setItem(KEY, JSON.stringify(state));
  } catch (ignored) {
    // Storage full or blocked: the conversation still works, it just does not survive a reload.
  }
}

export function forget() {
  try {
    window.sessionStorage.removeItem(KEY);
  } catch (ignored) {
    // Nothing to forget.
  }
}
