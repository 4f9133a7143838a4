// The clerk's workstation: sign in, then one key per action at the clerk's own counter. The counter's live state
// (status, the ticket at it, waiting counts of its fields) comes from the counter stream; each action's answer
// shows the full ticket. Refusals are shown in the server's own words, asked for in Vietnamese whatever the
// browser's language.

import { connect, streamUrl } from "/display/js/connection.js";
import { initialState, reduce } from "/display/js/state.js";

const params = new URLSearchParams(location.search);
const center = params.get("center") || "default";
const $ = (id) => document.getElementById(id);
const GROUPS = { ELDERLY: "Người cao tuổi", DISABILITY: "Người khuyết tật", PREGNANT: "Phụ nữ mang thai", MERIT: "Người có công" };
const STATUS = { IDLE: "Sẵn sàng", CALLING: "Đang mời công dân", SERVING: "Đang phục vụ", PAUSED: "Tạm dừng" };
const KEYS = { n: "call-next", r: "recall", s: "start", f: "finish", v: "no-show", c: "transfer", p: "pause", t: "resume" };

let session = JSON.parse(sessionStorage.getItem("luot-clerk") || "null");
let state = initialState();
let ticket = null; // the full ticket from the last action's answer
let connection = null;

function counterId() {
  return session.counter || params.get("counter") || "1";
}

function showMessage(text) {
  $("message").textContent = text || "";
}

async function api(path, body) {
  const response = await fetch(path, {
    method: "POST",
    headers: { "Content-Type": "application/json", "Accept-Language": "vi", Authorization: "Bearer " + session.token },
    body: body ? JSON.stringify(body) : undefined,
  });
  if (response.status === 204) return null;
  const json = await response.json().catch(() => ({}));
  if (response.status === 401) {
    logout("Phiên đăng nhập đã hết hạn; vui lòng đăng nhập lại.");
    throw new Error("");
  }
  if (!response.ok) throw new Error(json.error ? json.error.message : "Lỗi " + response.status);
  return json;
}

async function act(action) {
  const base = `/api/centers/${encodeURIComponent(center)}/counters/${encodeURIComponent(counterId())}/`;
  let body = null;
  if (action === "finish") {
    body = await ask("finish-dialog", () => ({ outcome: $("outcome").value, dossierCode: $("dossier").value.trim() || undefined }));
    if (!body) return;
  } else if (action === "transfer") {
    $("transfer-field").replaceChildren(...state.fields.filter((f) => !f.disabled && (!ticket || f.code !== ticket.field)).map((f) => new Option(f.name, f.code)));
    body = await ask("transfer-dialog", () => ({ field: $("transfer-field").value, note: $("transfer-note").value.trim() || undefined }));
    if (!body) return;
  } else if (action === "pause") {
    body = await ask("pause-dialog", () => ({ reason: $("pause-reason").value.trim() || undefined }));
    if (!body) return;
  }
  try {
    const answer = await api(base + action, body);
    showMessage("");
    if (action === "call-next" && answer === null) {
      ticket = null;
      showMessage("Không còn công dân nào đang chờ. / Nobody is waiting.");
    } else if (answer && answer.number) {
      ticket = ["DONE", "NO_SHOW", "TRANSFERRED", "CANCELLED"].includes(answer.status) && action !== "transfer" ? null : answer;
      if (action === "transfer") {
        ticket = null;
        showMessage(`Đã chuyển số ${answer.number} sang ${answer.fieldName}.`);
      }
    }
    render();
    if (["call-next", "finish", "no-show", "transfer"].includes(action)) refreshToday();
  } catch (e) {
    if (e.message) showMessage(e.message);
  }
}

/** A duration in minutes, to a tenth: "7,5 phút" (a "7:30" would read as a time of day). */
function duration(seconds) {
  return `${(seconds / 60).toLocaleString("vi-VN", { maximumFractionDigits: 1 })} phút`;
}

/** The clerk's own figures for today, from the server; asked again after each ticket this counter ends. */
async function refreshToday() {
  if (!session) return;
  const r = await fetch(`/api/centers/${encodeURIComponent(center)}/counters/${encodeURIComponent(counterId())}/today`,
    { headers: { "Accept-Language": "vi", Authorization: "Bearer " + session.token } }).catch(() => null);
  if (!r || !r.ok) return;
  const t = await r.json();
  $("today-served").textContent = String(t.served);
  $("today-no-show").textContent = String(t.noShow);
  $("today-transferred").textContent = String(t.transferred);
  $("today-service").textContent = t.serviceSeconds.count ? duration(t.serviceSeconds.median) : "—";
  $("today-wait").textContent = t.waitSeconds.count ? duration(t.waitSeconds.median) : "—";
  $("today-ratings").textContent = t.ratings.count ? `${t.ratings.count} · TB ${t.ratings.mean.toLocaleString("vi-VN")}` : "0";
  $("today").dataset.called = String(t.called);
}

function ask(dialogId, read) {
  const dialog = $(dialogId);
  return new Promise((resolve) => {
    dialog.onclose = () => resolve(dialog.returnValue === "ok" ? read() : null);
    dialog.showModal();
  });
}

function render() {
  const c = state.counter;
  if (!c) return;
  $("counter-name").textContent = c.name;
  $("counter-status").textContent = STATUS[c.status] || c.status;
  const number = c.serving || (ticket && ticket.number) || "—";
  $("number").textContent = c.serving ? c.serving : "—";
  const info = [];
  if (ticket && ticket.number === c.serving) {
    info.push(ticket.fieldName);
    if (ticket.priorityGroup) info.push("Ưu tiên: " + GROUPS[ticket.priorityGroup]);
    if (ticket.note) info.push("Ghi chú: " + ticket.note);
    if (ticket.recalls) info.push(`Đã gọi lại ${ticket.recalls} lần`);
  }
  if (c.status === "PAUSED" && c.pauseReason) info.push("Lý do tạm dừng: " + c.pauseReason);
  $("ticket-info").textContent = info.join("\n");
  $("clerk").dataset.number = number;
  $("waiting").replaceChildren(...state.fields.map((f) => {
    const li = document.createElement("li");
    li.append(f.name, Object.assign(document.createElement("span"), { textContent: String(state.waiting[f.code] ?? 0) }));
    return li;
  }));
  const busy = c.status === "CALLING" || c.status === "SERVING";
  for (const b of document.querySelectorAll("[data-action]")) {
    const a = b.dataset.action;
    b.disabled = (a === "recall" && c.status !== "CALLING") || (a === "start" && c.status !== "CALLING")
      || (["finish", "transfer"].includes(a) && !busy) || (a === "no-show" && c.status !== "CALLING")
      || (a === "pause" && (busy || c.status === "PAUSED")) || (a === "resume" && c.status !== "PAUSED")
      || (a === "call-next" && c.status === "PAUSED");
  }
}

function tick() {
  const c = state.counter;
  const since = ticket && ticket.number === (c && c.serving) ? (ticket.startedAt || ticket.calledAt) : null;
  if (!since) {
    $("timer").textContent = "";
    return;
  }
  const s = Math.max(0, Math.floor((Date.now() - Date.parse(since)) / 1000));
  $("timer").textContent = `${String(Math.floor(s / 60)).padStart(2, "0")}:${String(s % 60).padStart(2, "0")}`;
}

function openDesk() {
  $("clerk").dataset.view = "desk";
  $("login").hidden = true;
  $("desk").hidden = false;
  $("who").textContent = session.username;
  connection = connect(streamUrl(center, counterId()), {
    onMessage: (m) => {
      const result = reduce(state, m, { strictSeq: false });
      if (result.resync) {
        connection.resync();
        return;
      }
      state = result.state;
      render();
      // A citizen's rating (from the tablet or their phone) arrives on the counter's stream.
      if (m.type === "snapshot" || m.type === "rated") refreshToday();
    },
  });
}

function logout(text) {
  sessionStorage.removeItem("luot-clerk");
  session = null;
  if (connection) connection.close();
  $("desk").hidden = true;
  $("login").hidden = false;
  $("clerk").dataset.view = "login";
  $("login-error").textContent = text || "";
}

$("login").addEventListener("submit", async (e) => {
  e.preventDefault();
  const response = await fetch("/api/auth/login", {
    method: "POST", headers: { "Content-Type": "application/json", "Accept-Language": "vi" },
    body: JSON.stringify({ username: $("username").value.trim(), password: $("password").value }),
  });
  const json = await response.json().catch(() => ({}));
  if (!response.ok) {
    $("login-error").textContent = json.error ? json.error.message : "Không đăng nhập được.";
    return;
  }
  session = json;
  sessionStorage.setItem("luot-clerk", JSON.stringify(json));
  openDesk();
});
$("logout").addEventListener("click", () => logout(""));
for (const b of document.querySelectorAll("[data-action]")) b.addEventListener("click", () => act(b.dataset.action));
document.addEventListener("keydown", (e) => {
  if (!session || e.ctrlKey || e.altKey || e.metaKey || document.querySelector("dialog[open]")) return;
  if (e.target && ["INPUT", "SELECT", "TEXTAREA"].includes(e.target.tagName)) return;
  const action = KEYS[e.key.toLowerCase()];
  const button = action && document.querySelector(`[data-action="${action}"]`);
  if (button && !button.disabled) {
    e.preventDefault();
    act(action);
  }
});
setInterval(tick, 1000);
if (session) openDesk();
