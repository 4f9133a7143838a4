// The kiosk: a citizen touches a field (and, for priority, a group confirmed by a second touch) and gets a number.
// One touch is one ticket: each choice carries its own Idempotency-Key, reused if the request must be retried.
// The ticket stays on screen with its QR code while the kiosk's printer prints it; if the printer fails or does not
// answer, the screen says so and keeps the number and QR code large enough to photograph.

import { connect, streamUrl } from "/display/js/connection.js";
import { clock } from "/display/js/format.js";
import { initialState, reduce } from "/display/js/state.js";

const params = new URLSearchParams(location.search);
const center = params.get("center") || "default";
const kiosk = params.get("kiosk") || "K1";
const $ = (id) => document.getElementById(id);

/** How long a printed ticket stays on screen, and one that did not print (long enough to photograph it). */
const SHOW_PRINTED_MS = 8000;
const SHOW_UNPRINTED_MS = 45000;
/** With no word from the printer by then, the kiosk says the ticket may not have printed. */
const PRINT_TIMEOUT_MS = 10000;

const GROUPS = {
  ELDERLY: "Người cao tuổi", DISABILITY: "Người khuyết tật", PREGNANT: "Phụ nữ mang thai", MERIT: "Người có công với cách mạng",
};

let state = initialState();
let connection = null;
let priorityGroup = null; // chosen and confirmed
let pendingGroup = null; // chosen, awaiting the confirming touch
let busy = false;
let shown = null; // the ticket on screen
let backTimer = null;
let printTimer = null;

function show(screen) {
  $("kiosk").dataset.screen = screen;
  $("home").hidden = screen !== "home";
  $("priority").hidden = screen !== "priority";
  $("ticket").hidden = screen !== "ticket";
}

function message(text, ms = 6000) {
  const el = $("message");
  el.textContent = text;
  el.hidden = false;
  clearTimeout(el.timer);
  el.timer = setTimeout(() => { el.hidden = true; }, ms);
}

function renderFields() {
  if (state.center) $("center-name").textContent = state.center.name;
  const closed = state.closed;
  // A disabled field takes no new tickets: the kiosk does not offer it at all.
  $("fields").replaceChildren(...state.fields.filter((f) => !f.disabled).map((f) => {
    const b = document.createElement("button");
    b.type = "button";
    b.className = "field";
    b.dataset.field = f.code;
    const unavailable = closed || f.paused;
    b.disabled = unavailable || busy;
    b.classList.toggle("paused", unavailable);
    const name = document.createElement("span");
    name.className = "field-name";
    name.textContent = f.name;
    const info = document.createElement("span");
    info.className = "field-info";
    info.textContent = closed ? "Đã hết giờ làm việc" : f.paused ? "Tạm ngừng" + (f.pauseReason ? " — " + f.pauseReason : "")
      : `Đang chờ: ${state.waiting[f.code] ?? 0}`;
    b.append(name, info);
    b.addEventListener("click", () => take(f));
    return b;
  }));
  $("kiosk").dataset.closed = String(closed);
}

function renderPriority() {
  $("priority-chosen").hidden = !priorityGroup;
  $("priority-chosen").textContent = priorityGroup ? `Ưu tiên: ${GROUPS[priorityGroup]} — chọn lĩnh vực (chạm để bỏ)` : "";
  $("priority-open").hidden = !!priorityGroup;
}

async function take(field) {
  if (busy) return;
  busy = true;
  renderFields();
  const key = `${kiosk}-${crypto.randomUUID()}`;
  const body = { field: field.code, kiosk, priority: !!priorityGroup };
  if (priorityGroup) body.priorityGroup = priorityGroup;
  try {
    const ticket = await issue(body, key);
    showTicket(ticket);
  } catch (e) {
    message(e.message || "Không lấy được số, vui lòng thử lại. / Could not take a number, please try again.");
  } finally {
    busy = false;
    priorityGroup = null;
    renderPriority();
    renderFields();
  }
}

/** Posts the issue; on a network failure retries with the same key, so the citizen never gets two numbers. */
async function issue(body, key) {
  for (let attempt = 0; attempt < 3; attempt++) {
    let response;
    try {
      response = await fetch(`/api/centers/${encodeURIComponent(center)}/tickets`, {
        method: "POST",
        headers: { "Content-Type": "application/json", "Accept-Language": "vi", "Idempotency-Key": key },
        body: JSON.stringify(body),
      });
    } catch (networkError) {
      await new Promise((r) => setTimeout(r, 700 * (attempt + 1)));
      continue;
    }
    const json = await response.json().catch(() => ({}));
    if (response.ok) return json;
    throw new Error(json.error ? json.error.message : "Không lấy được số.");
  }
  throw new Error("Mất kết nối với máy chủ; vui lòng thử lại hoặc hỏi cán bộ. / No connection to the server.");
}

function showTicket(t) {
  shown = t;
  $("ticket-number").textContent = t.number;
  $("ticket-field").textContent = t.fieldName;
  $("ticket-priority").hidden = !t.priorityGroup;
  $("ticket-priority").textContent = t.priorityGroup ? "Ưu tiên — " + GROUPS[t.priorityGroup] : "";
  $("ticket-ahead").textContent = String(t.ahead);
  $("ticket-wait").textContent = t.estimatedWaitMinutes > 0 ? `khoảng ${t.estimatedWaitMinutes} phút` : "ít phút";
  $("ticket-qr").src = `/api/track/${encodeURIComponent(t.trackToken)}/qr.svg`;
  printState("pending");
  show("ticket");
  clearTimeout(printTimer);
  printTimer = setTimeout(() => { if (shown === t && $("print-status").dataset.print === "pending") printState("failed"); }, PRINT_TIMEOUT_MS);
  backHome(SHOW_UNPRINTED_MS);
}

function printState(status, reason) {
  const el = $("print-status");
  el.dataset.print = status;
  $("ticket").classList.toggle("unprinted", status === "failed");
  if (status === "pending") el.innerHTML = "Đang in phiếu… <span class='en'>Printing…</span>";
  if (status === "printed") el.innerHTML = "Mời nhận phiếu bên dưới <span class='en'>Please take your ticket</span>";
  if (status === "failed") {
    el.innerHTML = "Máy in gặp sự cố" + (reason ? ` (${reason})` : "") +
      " — vui lòng chụp ảnh mã QR hoặc ghi nhớ số thứ tự <span class='en'>The printer failed: photograph the QR code or remember your number</span>";
  }
}

function backHome(ms) {
  clearTimeout(backTimer);
  backTimer = setTimeout(() => {
    shown = null;
    show("home");
  }, ms);
}

function onPrintEvent(m) {
  if (!shown || m.kiosk !== kiosk || m.number !== shown.number) return;
  if (m.type === "printed") {
    clearTimeout(printTimer);
    printState("printed");
    backHome(SHOW_PRINTED_MS);
  } else if (m.type === "printFailed") {
    clearTimeout(printTimer);
    printState("failed", m.reason);
    backHome(SHOW_UNPRINTED_MS);
  }
}

function wire() {
  $("priority-open").addEventListener("click", () => {
    pendingGroup = null;
    $("confirm").hidden = true;
    show("priority");
  });
  $("priority-cancel").addEventListener("click", () => show("home"));
  for (const b of document.querySelectorAll("[data-group]")) {
    b.addEventListener("click", () => {
      pendingGroup = b.dataset.group;
      $("confirm-text").textContent = `Bạn thuộc diện: ${GROUPS[pendingGroup]}?`;
      $("confirm").hidden = false;
    });
  }
  $("confirm-yes").addEventListener("click", () => {
    if (!pendingGroup) return;
    priorityGroup = pendingGroup;
    pendingGroup = null;
    renderPriority();
    show("home");
  });
  $("priority-chosen").addEventListener("click", () => {
    priorityGroup = null;
    renderPriority();
  });
  $("done").addEventListener("click", () => {
    clearTimeout(backTimer);
    shown = null;
    show("home");
  });
}

function start() {
  wire();
  show("home");
  renderPriority();
  connection = connect(streamUrl(center), {
    onStatus: (status) => {
      $("offline").hidden = status === "open" || status === "connecting";
      $("kiosk").dataset.connection = status;
    },
    onMessage: (m) => {
      const result = reduce(state, m, { strictSeq: true });
      if (result.resync) {
        connection.resync();
        return;
      }
      state = result.state;
      if (m.type === "printed" || m.type === "printFailed") onPrintEvent(m);
      renderFields();
    },
  });
  const tick = () => { $("clock").textContent = clock(new Date(), state.center ? state.center.zone : "Asia/Ho_Chi_Minh"); };
  tick();
  setInterval(tick, 1000);
}

start();
