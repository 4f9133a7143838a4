// The lobby screen: wires the stream, the reducer, the rendering and the announcements together.

import { Announcer } from "./announce.js";
import { connect, streamUrl } from "./connection.js";
import { clock, hourMinute, vietnameseDate } from "./format.js";
import { initialState, lastCallByCounter, reduce } from "./state.js";

const params = new URLSearchParams(location.search);
const center = params.get("center") || "default";
const $ = (id) => document.getElementById(id);

let state = initialState();
let settings = { highlightSeconds: 10, notice: "", announcement: {} };
let connection = null;
const log = []; // the announcements played, newest last (shown to tests and operators as data-played)

function text(el, value) {
  if (el.textContent !== value) el.textContent = value;
}

function render() {
  const zone = state.center ? state.center.zone : "Asia/Ho_Chi_Minh";
  if (state.center) text($("center-name"), state.center.name);
  document.title = state.center ? `Lượt — ${state.center.name}` : "Lượt";

  const newest = state.calls[0];
  const fresh = newest && Date.now() - Date.parse(newest.at) < settings.highlightSeconds * 1000;
  $("current").classList.toggle("fresh", !!fresh);
  $("current").dataset.number = newest ? newest.number : "";
  text($("current-number"), newest ? newest.number : "—");
  text($("current-counter"), newest ? counterName(newest.counter) : "");
  $("current").classList.toggle("recall", !!(newest && newest.recall));

  const last = lastCallByCounter(state);
  const tiles = $("counters");
  tiles.replaceChildren(...state.counters.map((c) => {
    const tile = document.createElement("div");
    tile.className = "tile";
    tile.dataset.counter = c.id;
    const call = last[c.id];
    if (c.status === "PAUSED") tile.classList.add("paused");
    if (call && newest && call === newest && fresh) tile.classList.add("fresh");
    const name = document.createElement("div");
    name.className = "tile-name";
    name.textContent = c.name;
    const number = document.createElement("div");
    number.className = "tile-number";
    number.textContent = c.status === "PAUSED" ? "Tạm dừng" : call ? call.number : "—";
    tile.append(name, number);
    return tile;
  }));

  // A disabled field stays listed only while tickets of it still wait.
  $("waiting").replaceChildren(...state.fields.filter((f) => !f.disabled || (state.waiting[f.code] ?? 0) > 0).map((f) => {
    const row = document.createElement("li");
    row.dataset.field = f.code;
    const name = document.createElement("span");
    name.className = "field-name";
    name.textContent = f.name;
    const count = document.createElement("span");
    count.className = "field-count";
    count.textContent = String(state.waiting[f.code] ?? 0);
    row.append(name, count);
    return row;
  }));

  $("recent").replaceChildren(...state.calls.slice(1, 6).map((c) => {
    const row = document.createElement("li");
    row.innerHTML = "";
    const n = document.createElement("span");
    n.className = "recent-number";
    n.textContent = c.number;
    const k = document.createElement("span");
    k.className = "recent-counter";
    k.textContent = "→ " + counterName(c.counter);
    const t = document.createElement("span");
    t.className = "recent-time";
    t.textContent = hourMinute(c.at, zone);
    row.append(n, k, t);
    return row;
  }));

  fitRecent();

  $("closed").hidden = !state.closed;
  $("screen").dataset.seq = String(state.seq);
}

/** Drops the recent calls that would be cut off at the panel's bottom: a half-visible number is worse than none. */
function fitRecent() {
  const list = $("recent");
  const bottom = list.getBoundingClientRect().bottom;
  while (list.lastElementChild && list.lastElementChild.getBoundingClientRect().bottom > bottom + 1) {
    list.lastElementChild.remove();
  }
}

function counterName(id) {
  const c = state.counters.find((x) => x.id === id);
  return c ? c.name : "Quầy " + id;
}

function tick() {
  const zone = state.center ? state.center.zone : "Asia/Ho_Chi_Minh";
  const now = new Date();
  text($("date"), vietnameseDate(now, zone));
  text($("clock"), clock(now, zone));
  render();
}

function onStatus(status) {
  $("offline").hidden = status === "open" || status === "connecting";
  $("screen").dataset.connection = status;
}

/** The center's screen settings; false when the server could not be reached (the defaults stay until it can). */
async function loadSettings() {
  try {
    const response = await fetch(`/api/centers/${encodeURIComponent(center)}/display`, { cache: "no-cache" });
    if (!response.ok) return false;
    settings = { ...settings, ...(await response.json()) };
  } catch (e) {
    return false;
  }
  const voice = params.get("voice");
  if (voice) settings.announcement = { ...settings.announcement, voice };
  $("notice-text").textContent = settings.notice || "";
  $("notice").hidden = !settings.notice;
  return true;
}

async function start() {
  // A screen switched on while the server is down still comes up; the settings follow on the first connection.
  let settingsLoaded = await loadSettings();
  if (!settingsLoaded) {
    const voice = params.get("voice");
    if (voice) settings.announcement = { ...settings.announcement, voice };
  }
  const announcer = new Announcer({
    baseUrl: "/display/voice/vi/",
    settings: settings.announcement || {},
    onBlocked: () => { $("sound").hidden = false; },
    onPlayed: (entry) => {
      log.push(entry);
      $("screen").dataset.played = JSON.stringify(log.slice(-20));
    },
  });
  $("sound").addEventListener("click", () => {
    $("sound").hidden = true;
    announcer.unlock();
  });
  // The voice pack must load even when the server was down as the page opened: keep trying, calls wait in the queue.
  const loadVoice = (delay) => announcer.load().catch(() => setTimeout(() => loadVoice(Math.min(delay * 2, 30000)), delay));
  loadVoice(1000);

  connection = connect(streamUrl(center), {
    onStatus: (status) => {
      onStatus(status);
      if (status === "open" && !settingsLoaded) {
        loadSettings().then((ok) => {
          settingsLoaded = ok;
          if (ok) announcer.settings = settings.announcement || {};
        });
      }
    },
    onMessage: (message) => {
      const result = reduce(state, message, { strictSeq: true });
      if (result.resync) {
        connection.resync();
        return;
      }
      state = result.state;
      // An administrator changed the settings: the notice and the announcement wording may have changed too.
      if (message.type === "settingsChanged") {
        loadSettings().then((ok) => { if (ok) announcer.settings = settings.announcement || {}; });
      }
      for (const call of result.announce) announcer.enqueue(call);
      render();
    },
  });
  tick();
  setInterval(tick, 1000);
}

start();
