// The rating tablet at a counter (/rate/?counter=5): idle until the counter finishes a citizen's service, then asks
// "Đánh giá mức độ hài lòng" about that ticket, takes one answer (and, when unhappy, an optional reason), thanks and
// goes idle again. The tablet holds no citizen's token: the server accepts its rating only for the ticket the
// counter has just finished, once, within a few minutes. The counter stream says when to look; the tablet then asks
// the server which ticket (if any) may be rated now, so a reload or a reconnect never loses or repeats a question.

import { connect, streamUrl } from "/display/js/connection.js";
import { REASONS, choiceButton, configuredLevels, ratingLevels, unhappy } from "/rate/rating.js";

const params = new URLSearchParams(location.search);
const center = params.get("center") || "default";
const counter = params.get("counter") || "1";
const $ = (id) => document.getElementById(id);

/** An unanswered question goes away after this (or when the server's window closes, if sooner). */
const ASK_MS = 90 * 1000;
/** An unhappy citizen who walks away from the reasons still leaves their score. */
const REASON_MS = 20 * 1000;
const THANKS_MS = 5 * 1000;

let info = null; // GET …/rating: scale, reasons, pending
let labels;
let asking = null; // the pending ticket on screen
let answered = new Set(); // tickets this tablet has already asked about and closed
let score = null;
let sending = false;
let timer = null;

function show(view) {
  $("tablet").dataset.view = view;
  for (const v of ["idle", "ask", "reason", "thanks"]) $(v).hidden = v !== view;
}

function later(ms, then) {
  clearTimeout(timer);
  timer = setTimeout(then, ms);
}

function idle() {
  clearTimeout(timer);
  asking = null;
  score = null;
  $("tablet").dataset.ticket = "";
  show("idle");
}

async function refresh() {
  const r = await fetch(`/api/centers/${encodeURIComponent(center)}/counters/${encodeURIComponent(counter)}/rating`,
    { headers: { "Accept-Language": "vi" } });
  if (!r.ok) {
    $("live").textContent = "Không đọc được thông tin quầy / Cannot read the counter";
    return;
  }
  info = await r.json();
  $("center-name").textContent = info.center.name;
  $("counter-name").textContent = info.counterName;
  const pending = info.pending;
  const view = $("tablet").dataset.view;
  if (view === "thanks" || view === "reason" || sending) return;
  if (pending && !answered.has(pending.ticket)) {
    if (!asking || asking.ticket !== pending.ticket) ask(pending);
  } else if (view === "ask") {
    idle(); // rated from the citizen's phone, or the window closed
  }
}

function ask(pending) {
  asking = pending;
  score = null;
  $("tablet").dataset.ticket = pending.ticket;
  $("ask-number").textContent = pending.number;
  $("levels").replaceChildren(...ratingLevels(info.ratingScale, labels).map((l) => {
    const b = choiceButton(l.mood, l.label, l.en, { score: String(l.score) });
    b.addEventListener("click", () => choose(l.score));
    return b;
  }));
  show("ask");
  const closes = Date.parse(pending.closesAt) - Date.now();
  later(Math.max(1000, Math.min(ASK_MS, closes)), () => {
    answered.add(pending.ticket);
    idle();
  });
}

function choose(chosen) {
  if (!asking || score !== null || sending) return; // one answer per ticket, however many taps
  score = chosen;
  if (!unhappy(chosen, info.ratingScale)) {
    send(null);
    return;
  }
  $("reasons").replaceChildren(...REASONS.map(([code, label, en]) => {
    const b = choiceButton(null, label, en, { reason: code });
    b.addEventListener("click", () => send(code));
    return b;
  }));
  $("skip-reason").disabled = false; // disabled by the last answer's send
  show("reason");
  later(REASON_MS, () => send(null));
}

async function send(reason) {
  if (!asking || sending) return;
  sending = true;
  clearTimeout(timer);
  const ticket = asking;
  answered.add(ticket.ticket);
  for (const b of document.querySelectorAll("#levels button, #reasons button, #skip-reason")) b.disabled = true;
  let note = "";
  try {
    const r = await fetch(`/api/centers/${encodeURIComponent(center)}/counters/${encodeURIComponent(counter)}/rating`, {
      method: "POST",
      headers: { "Content-Type": "application/json", "Accept-Language": "vi" },
      body: JSON.stringify(reason ? { ticket: ticket.ticket, score, reason } : { ticket: ticket.ticket, score }),
    });
    if (!r.ok) {
      const json = await r.json().catch(() => ({}));
      // Already rated (from the phone) still deserves a thank-you; anything else is said plainly.
      note = json.error ? json.error.message : "Chưa gửi được đánh giá / Not sent";
    }
  } catch (e) {
    note = "Mất kết nối, chưa gửi được đánh giá / Offline, not sent";
  } finally {
    sending = false;
  }
  $("thanks-note").textContent = note;
  show("thanks");
  $("tablet").dataset.rated = String(Number($("tablet").dataset.rated || 0) + (note ? 0 : 1));
  later(THANKS_MS, () => {
    idle();
    refresh();
  });
}

$("skip-reason").addEventListener("click", () => send(null));

labels = await configuredLevels(center);
idle();
connect(streamUrl(center, counter), {
  onStatus: (s) => {
    $("tablet").dataset.connection = s;
    $("live").textContent = s === "open" ? "" : "Đang kết nối lại… / Reconnecting…";
  },
  onMessage: (m) => {
    if (m.type === "dayOpened") answered = new Set(); // a new day: yesterday's tickets are gone
    if (["snapshot", "finished", "rated", "dayOpened"].includes(m.type)) refresh();
  },
});
