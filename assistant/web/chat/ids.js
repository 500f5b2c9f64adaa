// Action ids in running text: "(KP 1.3; BW 2.1)" and the plan's lists "BT. 1.2; 1.3;1.4". The patterns come from
// the server (ingest.records.ACTION_ID and the explorer's CONTINUATION), so the rule lives in one place.

const config = JSON.parse(document.getElementById("chat-config").textContent);
const ACTION_ID = new RegExp(config.id_patterns.action_id, "gi");
const CONTINUATION = new RegExp(config.id_patterns.continuation, "y");

export const MAX_QUESTION_CHARS = config.max_question_chars;
// A conversation the server rendered into the page (null when there is none): {conversation_id, subject, turns}.
export const SERVER_THREAD = config.thread || null;

function canonical(code, major, minor) {
  return code.toUpperCase() + " " + parseInt(major, 10) + "." + parseInt(minor, 10);
}

// [{start, end, id}] for every action id in the text, in order.
export function idSpans(text) {
  const spans = [];
  ACTION_ID.lastIndex = 0;
  for (const match of text.matchAll(ACTION_ID)) {
    const code = match[1];
    spans.push({ start: match.index, end: match.index + match[0].length, id: canonical(code, match[2], match[3]) });
    CONTINUATION.lastIndex = match.index + match[0].length;
    let more;
    while ((more = CONTINUATION.exec(text)) !== null) {
      const numbers = more[1] + "." + more[2];
      const end = more.index + more[0].length;
      const start = more.index + more[0].lastIndexOf(numbers);
      spans.push({ start: start, end: start + numbers.length, id: canonical(code, more[1], more[2]) });
      CONTINUATION.lastIndex = end;
    }
  }
  return spans;
}

export function actionHref(id) {
  return "/acties/" + encodeURIComponent(id);
}

export function organisationHref(name) {
  return "/organisaties/" + encodeURIComponent(name);
}
