// A WebSocket that stays up: connects, backs off after a failure (0.5 s doubling to 1 s for the first 10 s offline,
// to 3 s after, with jitter), pings so a dead connection is noticed, and reports its status. The server sends a
// snapshot on every connect.

export function connect(url, { onMessage, onStatus, pingEveryMs = 20000, silenceLimitMs = 45000 } = {}) {
  let socket = null;
  let attempt = 0;
  /** When the connection was lost (Date.now()), or 0 while connected. */
  let offlineSince = 0;
  let closedByUs = false;
  let lastHeard = Date.now();
  let retryTimer = null;
  let pingTimer = null;

  function status(s) {
    if (onStatus) onStatus(s);
  }

  function open() {
    clearTimeout(retryTimer);
    status(attempt === 0 ? "connecting" : "reconnecting");
    try {
      socket = new WebSocket(url);
    } catch (e) {
      scheduleRetry();
      return;
    }
    socket.onopen = () => {
      attempt = 0;
      offlineSince = 0;
      lastHeard = Date.now();
      status("open");
    };
    socket.onmessage = (event) => {
      lastHeard = Date.now();
      let message;
      try {
        message = JSON.parse(event.data);
      } catch (e) {
        return;
      }
      if (message.type !== "pong") onMessage(message);
    };
    socket.onclose = () => {
      socket = null;
      if (!closedByUs) scheduleRetry();
    };
    socket.onerror = () => {
      // onclose follows and schedules the retry
    };
  }

  function scheduleRetry() {
    status("offline");
    if (!offlineSince) offlineSince = Date.now();
    // 0.5 s doubling, with jitter, to 1 s while the server has been gone less than 10 s (a restart), then to 3 s:
    // every screen is back within about a second of a restarted server, and a refused attempt costs the server
    // nothing, so a longer wait would only leave the lobby dark.
    const cap = Date.now() - offlineSince < 10000 ? 1000 : 3000;
    const base = Math.min(cap, 500 * 2 ** attempt);
    attempt++;
    retryTimer = setTimeout(open, base / 2 + Math.random() * base / 2);
  }

  pingTimer = setInterval(() => {
    if (!socket || socket.readyState !== WebSocket.OPEN) return;
    if (Date.now() - lastHeard > silenceLimitMs) {
      socket.close(); // half-open: close and reconnect
      return;
    }
    socket.send(JSON.stringify({ type: "ping" }));
  }, pingEveryMs);

  open();

  return {
    /** Asks the server for a fresh snapshot (after a gap in seq). */
    resync() {
      if (socket && socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify({ type: "resync" }));
    },
    close() {
      closedByUs = true;
      clearTimeout(retryTimer);
      clearInterval(pingTimer);
      if (socket) socket.close();
    },
  };
}

/** ws://host/ws/centers/{center}[?counter=N] for the page's own host. */
export function streamUrl(center, counter) {
  const scheme = location.protocol === "https:" ? "wss:" : "ws:";
  const query = counter ? "?counter=" + encodeURIComponent(counter) : "";
  return scheme + "//" + location.host + "/ws/centers/" + encodeURIComponent(center) + query;
}
