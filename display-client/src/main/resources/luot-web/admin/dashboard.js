// The live dashboard. The center stream (/ws/centers/{center}) says *when* something changed; each message
// (debounced) re-reads GET /dashboard, which holds the figures the stream lacks (longest current wait, served
// today, clerks). Between reads the longest waits keep counting up from the server's figure, so a field turns red
// the moment it passes its target, not at the next event; a read every 30 s keeps the count honest.

import { connect, streamUrl } from "/display/js/connection.js";
import { requireReader, get } from "./report-session.js";
import { clock, hhmm, localTime, el } from "./report-format.js";

const params = new URLSearchParams(location.search);
const center = params.get("center") || "default";
const $ = (id) => document.getElementById(id);
const STATUS = { IDLE: "Sẵn sàng", CALLING: "Đang mời", SERVING: "Đang phục vụ", PAUSED: "Tạm dừng" };
const REFRESH_MS = 30000;

let view = null;
let readAt = 0; // performance.now() when the view arrived
let pending = null;
let updates = 0;

function schedule() {
  clearTimeout(pending);
  pending = setTimeout(refresh, 150);
}

async function refresh() {
  clearTimeout(pending);
  try {
    view = await get(`/api/centers/${encodeURIComponent(center)}/dashboard`);
    readAt = performance.now();
    $("message").textContent = "";
    render();
    $("screen").dataset.updates = String(++updates);
  } catch (e) {
    if (e.message) $("message").textContent = e.message;
  }
}

/** The longest wait of a field now: the server's figure plus the time since it was read. */
function longest(f) {
  return f.longestWaitSeconds == null ? null : f.longestWaitSeconds + (performance.now() - readAt) / 1000;
}

function render() {
  if (!view) return;
  $("center-name").textContent = view.name;
  $("waiting").textContent = view.waiting;
  $("issued").textContent = view.issuedToday;
  $("served").textContent = view.servedToday;
  $("fields").replaceChildren(...view.fields.map(fieldCard));
  $("counters").replaceChildren(...view.counters.map(counterRow));
  tick();
}

function fieldCard(f) {
  return el("article", { className: "field" + (f.paused ? " paused" : ""), id: "field-" + f.code, title: f.name },
    el("div", { className: "name" }, f.name),
    el("div", { className: "count" }, String(f.waiting), el("small", {}, "đang chờ")),
    el("div", { className: "longest" }),
    el("div", { className: "meta", textContent: `Chỉ tiêu ${f.targetWaitMinutes} phút · phục vụ ${f.servedToday} / cấp ${f.issuedToday}` + (f.paused ? " · tạm ngừng cấp số" : "") }));
}

function counterRow(c) {
  const t = c.ticket;
  const since = c.status === "IDLE" ? "" : hhmm(c.since);
  return el("tr", { id: "counter-" + c.id },
    el("td", { textContent: c.name }),
    el("td", {}, el("span", { className: "status " + c.status, textContent: STATUS[c.status] || c.status }),
      c.pauseReason ? el("span", { className: "en", textContent: c.pauseReason }) : null),
    el("td", { className: "number", textContent: t ? t.number : "—" }),
    el("td", { textContent: t ? t.fieldName : "" }),
    el("td", { textContent: c.clerk || "—" }),
    el("td", { textContent: since }),
    el("td", { textContent: String(c.servedToday) }));
}

/** Every second: the running longest waits and the red cards, from the last read. */
function tick() {
  if (!view) return;
  let over = 0;
  for (const f of view.fields) {
    const card = $("field-" + f.code);
    if (!card) continue;
    const wait = longest(f);
    const isOver = wait != null && (f.overTarget || wait > f.targetWaitMinutes * 60);
    if (isOver) over++;
    card.classList.toggle("over", isOver);
    card.dataset.over = String(isOver);
    card.querySelector(".longest").textContent = wait == null ? "Không ai chờ" : "Chờ lâu nhất " + clock(wait);
  }
  $("over").textContent = String(over);
  $("now").textContent = localTime(view.now, performance.now() - readAt);
}

function start() {
  const connection = connect(streamUrl(center), {
    onMessage: (m) => {
      if (typeof m.seq === "number") $("screen").dataset.seq = String(m.seq);
      schedule();
    },
    onStatus: (s) => {
      $("screen").dataset.connection = s;
    },
  });
  window.addEventListener("pagehide", () => connection.close());
  refresh();
  setInterval(refresh, REFRESH_MS);
  setInterval(tick, 1000);
}

requireReader(start);
