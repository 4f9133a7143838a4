// A counter's own screen: the number called or served there, huge, with the counter's name and state.

import { connect, streamUrl } from "./connection.js";
import { initialState, reduce } from "./state.js";

const params = new URLSearchParams(location.search);
const center = params.get("center") || "default";
const counterId = params.get("counter") || "1";
const $ = (id) => document.getElementById(id);

const STATUS_TEXT = {
  CALLING: ["Mời công dân", "Now calling"],
  SERVING: ["Đang phục vụ", "Serving"],
  PAUSED: ["Tạm dừng", "Paused"],
  IDLE: ["Sẵn sàng", "Ready"],
};

let state = initialState();
let connection = null;

function render() {
  const c = state.counter;
  if (!c) return;
  $("counter-name").textContent = c.name;
  const [vi, en] = STATUS_TEXT[c.status] || STATUS_TEXT.IDLE;
  $("status").textContent = vi;
  $("status-en").textContent = en;
  $("number").textContent = c.serving || "—";
  $("reason").textContent = c.status === "PAUSED" && c.pauseReason ? c.pauseReason : "";
  const screen = $("screen");
  screen.dataset.status = c.status;
  screen.dataset.seq = String(state.seq);
  document.title = `Lượt — ${c.name}`;
}

connection = connect(streamUrl(center, counterId), {
  onStatus: (status) => {
    $("offline").hidden = status === "open" || status === "connecting";
    $("screen").dataset.connection = status;
  },
  onMessage: (message) => {
    const result = reduce(state, message, { strictSeq: false });
    if (result.resync) {
      connection.resync();
      return;
    }
    state = result.state;
    render();
  },
});
