// Small DOM helpers. Text from the server is only ever set with textContent.

export function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined && text !== null) node.textContent = text;
  return node;
}

export const UNREACHABLE =
  "De assistent is niet bereikbaar. Controleer je verbinding of probeer het over enkele ogenblikken opnieuw.";
export const CLIENT_HEADERS = { "X-Actieplan-Client": "web" };

// A JSON error body looks like {"error": {"code", "message"}}; anything else gets a generic sentence.
export async function errorMessage(response) {
  try {
    const body = await response.json();
    if (body && body.error && body.error.message) return body.error.message;
  } catch (ignored) {
    // Not JSON (a proxy page, for instance): fall through to the generic message.
  }
  return "De assistent kon je vraag niet verwerken (fout " + response.status + "). Probeer het opnieuw.";
}
