// The screen's picture of the center, as a pure reducer: reduce(state, message) → { state, announce, resync }.
// No DOM, no sockets, no timers, so it can be tested alone.

const KEPT_CALLS = 30;
/** Calls missed while disconnected are still announced when the new snapshot shows them, if this recent. */
const MISSED_CALL_WINDOW_MS = 2 * 60 * 1000;

export function initialState() {
  return { seq: -1, center: null, day: null, closed: false, fields: [], counters: [], waiting: {}, calls: [], counter: null };
}

/**
 * @param state   the current state (not modified)
 * @param message a message from /ws/centers/{center}
 * @param options strictSeq: true on the lobby stream, where every seq follows the last (a counter stream skips
 *                other counters' events, so there only order is checked); now: ms clock for missed calls
 */
export function reduce(state, message, options = {}) {
  const strictSeq = options.strictSeq !== false;
  const now = options.now ?? Date.now();
  if (message.type === "snapshot") return fromSnapshot(state, message, now);
  if (typeof message.seq !== "number") return { state, announce: [], resync: false };
  if (state.seq < 0) return { state, announce: [], resync: false };
  if (message.seq <= state.seq) return { state, announce: [], resync: false };
  if (strictSeq && message.seq !== state.seq + 1) return { state, announce: [], resync: true };
  return applyEvent(state, message);
}

function fromSnapshot(previous, m, now) {
  const calls = (m.recentCalls || []).map((c) => ({ ...c }));
  const state = {
    seq: m.seq,
    center: { id: m.id, name: m.name, zone: m.zone },
    day: m.day,
    closed: !!m.closed,
    fields: fieldsOf(m),
    counters: countersOf(m),
    waiting: { ...(m.waiting || {}) },
    calls,
    counter: m.counter ? { id: m.counter.id, name: m.counter.name, status: m.counter.status, serving: m.counter.serving, pauseReason: m.counter.pauseReason } : null,
  };
  // After a reconnect, announce the calls made while the screen was away (recent ones only).
  let announce = [];
  if (previous.seq >= 0 && previous.day === state.day) {
    const lastKnown = previous.calls.length ? Date.parse(previous.calls[0].at) : 0;
    announce = calls
      .filter((c) => Date.parse(c.at) > lastKnown && now - Date.parse(c.at) < MISSED_CALL_WINDOW_MS)
      .reverse();
  }
  return { state, announce, resync: false };
}

function applyEvent(state, m) {
  const next = { ...state, seq: m.seq, waiting: m.waiting ? { ...m.waiting } : state.waiting };
  const announce = [];
  switch (m.type) {
    case "called": {
      const call = { number: m.number, field: m.field, counter: m.counter, at: m.at, recall: !!m.recall };
      next.calls = [call, ...state.calls].slice(0, KEPT_CALLS);
      next.counters = withCounter(state.counters, m.counter, { status: "CALLING", serving: m.number });
      next.counter = ownCounter(state.counter, m.counter, { status: "CALLING", serving: m.number });
      announce.push(call);
      break;
    }
    case "started":
      next.counters = withCounter(state.counters, m.counter, { status: "SERVING", serving: m.number });
      next.counter = ownCounter(state.counter, m.counter, { status: "SERVING", serving: m.number });
      break;
    case "finished":
    case "noShow":
    case "transferred":
      next.counters = withCounter(state.counters, m.counter, { status: "IDLE", serving: null });
      next.counter = ownCounter(state.counter, m.counter, { status: "IDLE", serving: null });
      break;
    case "counterStatus":
      next.counters = withCounter(state.counters, m.counter, { status: m.status, serving: null, pauseReason: m.reason || null });
      next.counter = ownCounter(state.counter, m.counter, { status: m.status, serving: null, pauseReason: m.reason || null });
      break;
    case "dayOpened":
      next.day = m.day;
      next.closed = false;
      next.calls = [];
      next.fields = state.fields.map((f) => ({ ...f, paused: false, pauseReason: null }));
      next.counters = state.counters.map((c) => ({ ...c, status: "IDLE", serving: null, pauseReason: null }));
      next.counter = state.counter ? { ...state.counter, status: "IDLE", serving: null, pauseReason: null } : null;
      break;
    case "dayClosed":
      next.closed = true;
      next.counters = state.counters.map((c) => ({ ...c, status: c.status === "PAUSED" ? c.status : "IDLE", serving: null }));
      next.counter = state.counter ? { ...state.counter, serving: null } : null;
      break;
    case "settingsChanged":
      // An administrator changed fields or counters: the message carries the center as it now is.
      next.center = { ...state.center, name: m.center.name };
      next.fields = fieldsOf(m.center);
      next.counters = countersOf(m.center);
      if (state.counter) {
        const own = next.counters.find((c) => c.id === state.counter.id);
        next.counter = own ? { ...own } : null;
      }
      break;
    case "fieldStatus":
      next.fields = state.fields.map((f) => (f.code === m.field ? { ...f, paused: !!m.paused, pauseReason: m.reason || null } : f));
      break;
    default:
      // issued, cancelled, rated, printed, printFailed, reprint: only the waiting counts change.
      break;
  }
  return { state: next, announce, resync: false };
}

function fieldsOf(center) {
  return (center.fields || []).map((f) => ({
    code: f.code, name: f.name, prefix: f.prefix, paused: !!f.paused, pauseReason: f.pauseReason || null, disabled: !!f.disabled,
  }));
}

function countersOf(center) {
  return (center.counters || []).map((c) => ({ id: c.id, name: c.name, status: c.status, serving: c.serving, pauseReason: c.pauseReason }));
}

function withCounter(counters, id, change) {
  return counters.map((c) => (c.id === id ? { ...c, pauseReason: null, ...change } : c));
}

function ownCounter(counter, id, change) {
  return counter && counter.id === id ? { ...counter, pauseReason: null, ...change } : counter;
}

/** The newest call at each counter, for the lobby's tiles. */
export function lastCallByCounter(state) {
  const byCounter = {};
  for (const call of state.calls) if (!byCounter[call.counter]) byCounter[call.counter] = call;
  return byCounter;
}
