// The sign-in the dashboard and the reports share with the admin shell: the token lives in sessionStorage under
// "luot.admin.token" (closed with the tab). Without one, or when the server no longer takes it, the page shows its
// own small sign-in form; only an admin or a supervisor gets past it.

const TOKEN_KEY = "luot.admin.token";
const READERS = ["admin", "supervisor"];

/** The stored token, whether the shell stored it bare or as the login answer's JSON. */
function storedToken() {
  const raw = sessionStorage.getItem(TOKEN_KEY);
  if (!raw) return null;
  if (raw.startsWith("{")) {
    try {
      return JSON.parse(raw).token || null;
    } catch (e) {
      return null;
    }
  }
  return raw;
}

/** The token's claims (username in sub, role), read without checking: the server checks on every call. */
export function claims(token = storedToken()) {
  try {
    const part = token.split(".")[1].replace(/-/g, "+").replace(/_/g, "/");
    return JSON.parse(new TextDecoder().decode(Uint8Array.from(atob(part), (c) => c.charCodeAt(0))));
  } catch (e) {
    return {};
  }
}

export class SignedOut extends Error {}

/**
 * GET with the stored token. 401 clears it and shows the sign-in form again; any other error throws with the
 * server's own (Vietnamese) message.
 */
export async function get(path, { raw = false } = {}) {
  const token = storedToken();
  if (!token) throw new SignedOut();
  const response = await fetch(path, { headers: { Authorization: "Bearer " + token, "Accept-Language": "vi" } });
  if (response.status === 401) {
    sessionStorage.removeItem(TOKEN_KEY);
    showSignIn("Phiên đăng nhập đã hết hạn; vui lòng đăng nhập lại. / Please sign in again.");
    throw new SignedOut();
  }
  if (!response.ok) {
    const json = await response.json().catch(() => ({}));
    throw new Error(json.error ? json.error.message : "Lỗi " + response.status);
  }
  return raw ? response : response.json();
}

let onSignedIn = null;

const FORM = `
  <h1>Lượt — Đăng nhập <span class="en">Sign in</span></h1>
  <p>Dành cho quản trị và giám sát. <span class="en">Admins and supervisors.</span></p>
  <label>Tên đăng nhập <span class="en">Username</span><input id="username" autocomplete="username" required></label>
  <label>Mật khẩu <span class="en">Password</span><input id="password" type="password" autocomplete="current-password" required></label>
  <button type="submit" class="primary">Đăng nhập <span class="en">Sign in</span></button>
  <p id="signin-error" class="error" role="alert"></p>`;

/**
 * Runs start() once a reader is signed in: at once when a usable token is stored, else after the form succeeds.
 * The page needs an empty form #signin (filled here, the same on every page) and #app (the page itself).
 */
export function requireReader(start) {
  onSignedIn = start;
  const form = document.getElementById("signin");
  form.innerHTML = FORM;
  form.addEventListener("submit", signIn);
  const logout = document.getElementById("logout");
  if (logout) logout.addEventListener("click", () => {
    sessionStorage.removeItem(TOKEN_KEY);
    location.reload();
  });
  const token = storedToken();
  if (token && READERS.includes(claims(token).role)) enter();
  else showSignIn("");
}

function enter() {
  document.getElementById("signin").hidden = true;
  document.getElementById("app").hidden = false;
  const who = document.getElementById("who");
  if (who) who.textContent = claims().sub || "";
  // After a token expired and the form signed in again, the page is still running: start it only once.
  if (onSignedIn) {
    const start = onSignedIn;
    onSignedIn = null;
    start();
  }
}

function showSignIn(message) {
  document.getElementById("app").hidden = true;
  document.getElementById("signin").hidden = false;
  document.getElementById("signin-error").textContent = message;
}

async function signIn(event) {
  event.preventDefault();
  const error = document.getElementById("signin-error");
  const response = await fetch("/api/auth/login", {
    method: "POST",
    headers: { "Content-Type": "application/json", "Accept-Language": "vi" },
    body: JSON.stringify({ username: document.getElementById("username").value.trim(), password: document.getElementById("password").value }),
  });
  const json = await response.json().catch(() => ({}));
  if (!response.ok) {
    error.textContent = json.error ? json.error.message : "Không đăng nhập được.";
    return;
  }
  if (!READERS.includes(json.role)) {
    error.textContent = "Tài khoản này không xem được báo cáo (cần quản trị hoặc giám sát). / Admins and supervisors only.";
    return;
  }
  sessionStorage.setItem(TOKEN_KEY, json.token);
  enter();
}
