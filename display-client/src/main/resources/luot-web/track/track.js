// A citizen's ticket on their phone (the QR code's link /t/{token}): live position, an alert with sound and
// vibration when three or fewer are ahead and when called, rating after service, and cancelling while waiting.
// Nothing personal is shown or stored; the token in the address is the only key.

import { REASONS, choiceButton, configuredLevels, ratingLevels, unhappy } from "/rate/rating.js";

const token = decodeURIComponent(location.pathname.split("/").filter(Boolean).pop() || "");
const $ = (id) => document.getElementById(id);

const STATUS = {
  WAITING: "Đang chờ đến lượt",
  CALLED: "Đến lượt bạn! Mời đến {counter}",
  SERVING: "Đang được phục vụ tại {counter}",
  DONE: "Đã hoàn thành",
  NO_SHOW: "Đã gọi nhưng bạn vắng mặt",
  TRANSFERRED: "Đã chuyển sang lĩnh vực khác",
  CANCELLED: "Đã hủy số",
  EXPIRED: "Số đã hết hạn (hết ngày làm việc)",
};
const SOON = 3;

let ticket = null;
let alerted = { soon: false, called: null };
let audio = null;
let labels; // the center's own rating labels, once read
let shownLevels = null; // the scale the rating buttons were drawn for
let chosenScore = null;

function render(t) {
  const previous = ticket;
  ticket = t;
  document.title = `Lượt — ${t.number}`;
  $("track").dataset.status = t.status;
  $("center").textContent = t.center ? t.center.name : "Lượt";
  $("number").textContent = t.number;
  $("field").textContent = t.fieldName;
  $("status").textContent = (STATUS[t.status] || t.status).replace("{counter}", t.counterName || "quầy " + t.counter);
  const waiting = t.status === "WAITING";
  $("facts").hidden = !waiting;
  $("ahead").textContent = String(t.ahead);
  $("wait").textContent = t.estimatedWaitMinutes > 0 ? `~${t.estimatedWaitMinutes} phút` : "ít phút";
  $("cancel").hidden = !waiting;
  const rateNow = t.status === "DONE" && !t.rated;
  if (rateNow && shownLevels !== t.ratingScale) drawLevels(t);
  $("rate").hidden = !rateNow || chosenScore !== null;
  $("reason").hidden = !rateNow || chosenScore === null;
  $("thanks").hidden = !(t.status === "DONE" && t.rated);
  $("notify").hidden = !waiting || audio !== null;

  const alert = $("alert");
  if (t.status === "CALLED") {
    alert.hidden = false;
    alert.className = "alert";
    alert.textContent = `Mời bạn đến ${t.counterName || "quầy " + t.counter} ngay! / Please go to counter ${t.counter} now!`;
    if (alerted.called !== t.calledAt) {
      alerted.called = t.calledAt;
      ring([200, 100, 200, 100, 400]);
    }
  } else if (waiting && t.ahead <= SOON) {
    alert.hidden = false;
    alert.className = "alert soon";
    alert.textContent = t.ahead === 0 ? "Bạn là người tiếp theo! / You are next!"
      : `Sắp đến lượt: còn ${t.ahead} người trước bạn. / Almost your turn: ${t.ahead} ahead.`;
    if (!alerted.soon || (previous && previous.ahead > SOON)) {
      alerted.soon = true;
      ring([150, 80, 150]);
    }
  } else {
    alert.hidden = true;
  }
}

/** The rating buttons for the center's scale (its own labels when it has them). */
function drawLevels(t) {
  shownLevels = t.ratingScale;
  $("levels").replaceChildren(...ratingLevels(t.ratingScale || 3, labels).map((l) => {
    const b = choiceButton(l.mood, l.label, l.en, { score: String(l.score) });
    b.addEventListener("click", () => choose(l.score));
    return b;
  }));
  $("reasons").replaceChildren(...REASONS.map(([code, label, en]) => {
    const b = choiceButton(null, label, en, { reason: code });
    b.addEventListener("click", () => sendRating(code));
    return b;
  }));
}

function choose(score) {
  if (chosenScore !== null) return; // one rating
  chosenScore = score;
  if (unhappy(score, ticket.ratingScale || 3)) render(ticket); // ask why, optionally
  else sendRating(null);
}

async function sendRating(reason) {
  for (const b of document.querySelectorAll("#rate button, #reason button")) b.disabled = true;
  const r = await fetch(`/api/track/${encodeURIComponent(token)}/rating`, {
    method: "POST", headers: { "Content-Type": "application/json" },
    body: JSON.stringify(reason ? { score: chosenScore, reason } : { score: chosenScore }),
  });
  if (r.ok || r.status === 409) render({ ...ticket, rated: true });
}

/**
 * A beep and a vibration, where the phone allows (sound needs the citizen's touch on "Bật chuông" first). The page
 * counts its alerts in data-rings, so a person (or a test) can see that one went off.
 */
function ring(pattern) {
  $("track").dataset.rings = String(Number($("track").dataset.rings || 0) + 1);
  if (navigator.vibrate) navigator.vibrate(pattern);
  beep();
}

/** Three short tones, once the citizen has allowed sound. */
function beep() {
  if (!audio) return;
  const now = audio.currentTime;
  for (let i = 0; i < 3; i++) {
    const osc = audio.createOscillator();
    const gain = audio.createGain();
    osc.frequency.value = i % 2 ? 660 : 880;
    gain.gain.setValueAtTime(0.25, now + i * 0.35);
    gain.gain.exponentialRampToValueAtTime(0.001, now + i * 0.35 + 0.3);
    osc.connect(gain).connect(audio.destination);
    osc.start(now + i * 0.35);
    osc.stop(now + i * 0.35 + 0.32);
  }
}

function live(text) {
  $("live").textContent = text;
}

async function fetchOnce() {
  const r = await fetch(`/api/track/${encodeURIComponent(token)}`);
  if (r.ok) render(await r.json());
  else {
    $("number").textContent = "—";
    $("status").textContent = "Không tìm thấy số thứ tự này / No such ticket";
  }
  return r.ok;
}

function connectLive(attempt = 0) {
  const scheme = location.protocol === "https:" ? "wss:" : "ws:";
  const ws = new WebSocket(`${scheme}//${location.host}/ws/track/${encodeURIComponent(token)}`);
  let finished = false;
  ws.onopen = () => { attempt = 0; live("Cập nhật trực tiếp / Live"); };
  ws.onmessage = (e) => {
    const m = JSON.parse(e.data);
    if ((m.type === "snapshot" || m.type === "ticket") && m.ticket) render(m.ticket);
  };
  ws.onclose = (e) => {
    if (e.code === 1000) {
      finished = true;
      live("Đã kết thúc / Finished");
      return;
    }
    if (finished) return;
    live("Mất kết nối — đang kết nối lại… / Reconnecting…");
    setTimeout(() => fetchOnce().then((ok) => { if (ok && ticket && ["WAITING", "CALLED", "SERVING", "DONE"].includes(ticket.status)) connectLive(attempt + 1); }),
      Math.min(10000, 500 * 2 ** attempt));
  };
}

function wire() {
  $("notify").addEventListener("click", () => {
    audio = new (window.AudioContext || window.webkitAudioContext)();
    $("notify").hidden = true;
    beep(); // so the citizen hears what the alert will sound like
  });
  $("skip-reason").addEventListener("click", () => sendRating(null));
  $("cancel").addEventListener("click", async () => {
    if (!confirm("Hủy số thứ tự này? Bạn sẽ phải lấy số mới nếu quay lại. / Cancel this number?")) return;
    const r = await fetch(`/api/track/${encodeURIComponent(token)}/cancel`, { method: "POST" });
    if (r.ok) render(await r.json());
  });
}

wire();
fetchOnce().then(async (ok) => {
  if (!ok || !ticket.center) return ok;
  labels = await configuredLevels(ticket.center.id);
  if (labels) {
    shownLevels = null;
    render(ticket);
  }
  return ok;
}).then((ok) => { if (ok && ticket && !["EXPIRED", "CANCELLED", "NO_SHOW"].includes(ticket.status)) connectLive(); });
