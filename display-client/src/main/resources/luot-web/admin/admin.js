// The administration page: sign in as an admin (or a supervisor, read-only), pick a center, and change its fields,
// counters, rules, screens and rating wording (one settings document saved through the center's engine, so kiosks
// and screens update at once), its accounts and kiosks; read the change log and the day's priority tickets.
// Vietnamese first; "English" swaps every text that has an English twin and asks the server for English messages.

const $ = (id) => document.getElementById(id);
const ROLES = { clerk: ["Cán bộ quầy", "Clerk"], supervisor: ["Giám sát", "Supervisor"], admin: ["Quản trị", "Administrator"] };
const GROUPS = {
  ELDERLY: ["Người cao tuổi", "Elderly"], DISABILITY: ["Người khuyết tật", "Disability"],
  PREGNANT: ["Phụ nữ mang thai", "Pregnant"], MERIT: ["Người có công", "Merit"],
};
const ACTIONS = {
  "settings.change": ["Đổi cấu hình", "Settings changed"], "field.pause": ["Tạm ngừng lĩnh vực", "Field paused"],
  "field.resume": ["Mở lại lĩnh vực", "Field resumed"], "account.create": ["Tạo tài khoản", "Account created"],
  "account.edit": ["Sửa tài khoản", "Account edited"], "account.disable": ["Khóa tài khoản", "Account disabled"],
  "account.enable": ["Mở khóa tài khoản", "Account enabled"], "account.resetPassword": ["Đặt lại mật khẩu", "Password reset"],
  "account.seed": ["Tài khoản từ tệp cấu hình", "Account from config"], "kiosk.create": ["Thêm ki-ốt", "Kiosk added"],
  "kiosk.rotateKey": ["Đổi khóa ki-ốt", "Kiosk key changed"], "kiosk.disable": ["Tắt ki-ốt", "Kiosk disabled"],
  "kiosk.enable": ["Bật ki-ốt", "Kiosk enabled"], "kiosk.seed": ["Ki-ốt từ tệp cấu hình", "Kiosk from config"],
};
const CHANGES = {
  fieldAdded: ["thêm lĩnh vực", "field added"], fieldChanged: ["sửa lĩnh vực", "field edited"],
  fieldDisabled: ["tắt lĩnh vực", "field disabled"], fieldEnabled: ["bật lĩnh vực", "field enabled"],
  fieldsReordered: ["đổi thứ tự lĩnh vực", "fields reordered"], counterAdded: ["thêm quầy", "counter added"],
  counterChanged: ["sửa quầy", "counter edited"], counterRemoved: ["xóa quầy", "counter removed"],
  policyChanged: ["đổi quy tắc ưu tiên", "priority rules changed"], displayChanged: ["đổi màn hình", "screens changed"],
  ratingChanged: ["đổi mức đánh giá", "rating changed"],
};
const DETAIL_KEYS = {
  role: ["Vai trò", "Role"], center: ["Trung tâm", "Center"], counter: ["Quầy", "Counter"], displayName: ["Họ tên", "Name"],
  name: ["Tên", "Name"], reason: ["Lý do", "Reason"], generated: ["Mật khẩu tự tạo", "Generated password"],
};
const STATUS = {
  WAITING: ["Đang chờ", "Waiting"], CALLED: ["Đã gọi", "Called"], SERVING: ["Đang phục vụ", "Serving"], DONE: ["Xong", "Done"],
  NO_SHOW: ["Vắng mặt", "No-show"], TRANSFERRED: ["Đã chuyển", "Transferred"], CANCELLED: ["Đã hủy", "Cancelled"],
  EXPIRED: ["Hết hạn", "Expired"],
};

let english = localStorage.getItem("luot-admin-lang") === "en";
let session = JSON.parse(sessionStorage.getItem("luot-admin") || "null");
let centers = [];
let center = null;
let settings = null; // the settings as the server last gave them
let draft = null; // what the forms edit; saved whole
let tab = "fields";
let auditOffset = 0;

const t = (pair) => (english && pair[1] ? pair[1] : pair[0]);
const tt = (vi, en) => (english ? en : vi);

// ---- language ----

function applyLanguage() {
  document.documentElement.lang = english ? "en" : "vi";
  for (const el of document.querySelectorAll("[data-en]")) {
    if (!el.dataset.vi) el.dataset.vi = el.textContent;
    el.textContent = english ? el.dataset.en : el.dataset.vi;
  }
  for (const b of document.querySelectorAll(".lang-toggle")) b.textContent = english ? "Tiếng Việt" : "English";
}

// ---- talking to the server ----

async function api(method, path, body) {
  const headers = { "Accept-Language": english ? "en" : "vi" };
  if (session) headers.Authorization = "Bearer " + session.token;
  if (body !== undefined) headers["Content-Type"] = "application/json";
  const response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const json = await response.json().catch(() => ({}));
  if (response.status === 401 && session) {
    logout(tt("Phiên đăng nhập đã hết hạn; vui lòng đăng nhập lại.", "Your session has ended; please sign in again."));
    throw new Error("");
  }
  if (!response.ok) throw new Error(json.error ? json.error.message : tt("Lỗi ", "Error ") + response.status);
  return json;
}

function say(text, ok = true, secret = null) {
  const el = $("message");
  el.className = "message " + (ok ? "ok" : "bad");
  el.textContent = text || "";
  if (secret) {
    const code = document.createElement("span");
    code.className = "secret";
    code.id = "secret";
    code.textContent = secret;
    el.append(" ", code);
  }
}

const failed = (e) => { if (e.message) say(e.message, false); };
const centerPath = () => `/api/centers/${encodeURIComponent(center)}`;
const isAdmin = () => session && session.role === "admin";

// ---- sign in ----

async function login(event) {
  event.preventDefault();
  $("login-error").textContent = "";
  try {
    session = null;
    const s = await api("POST", "/api/auth/login", { username: $("username").value.trim(), password: $("password").value });
    if (s.role === "clerk") throw new Error(tt("Tài khoản cán bộ quầy không dùng trang quản trị.", "Clerk accounts cannot use the administration page."));
    session = s;
    sessionStorage.setItem("luot-admin", JSON.stringify(session));
    $("password").value = "";
    await open();
  } catch (e) {
    session = null;
    $("login-error").textContent = e.message;
  }
}

function logout(reason) {
  session = null;
  sessionStorage.removeItem("luot-admin");
  $("app").hidden = true;
  $("login").hidden = false;
  $("admin").dataset.view = "login";
  $("login-error").textContent = reason || "";
}

async function open() {
  const list = await api("GET", "/api/centers");
  centers = list.centers.filter((c) => !session.center || c.id === session.center);
  center = centers.some((c) => c.id === center) ? center : centers[0].id;
  $("center").replaceChildren(...centers.map((c) => new Option(c.name, c.id)));
  $("center").value = center;
  $("who").textContent = `${session.username} · ${t(ROLES[session.role])}`;
  $("login").hidden = true;
  $("app").hidden = false;
  $("admin").dataset.view = "app";
  $("admin").dataset.role = session.role;
  for (const b of document.querySelectorAll("[data-tab=accounts],[data-tab=kiosks]")) b.hidden = !isAdmin();
  await loadSettings();
  show(isAdmin() || !["accounts", "kiosks"].includes(tab) ? tab : "fields");
}

// ---- tabs ----

function show(name) {
  tab = name;
  for (const b of document.querySelectorAll("[data-tab]")) b.toggleAttribute("aria-current", b.dataset.tab === name);
  for (const b of document.querySelectorAll("[data-tab]")) if (b.dataset.tab === name) b.setAttribute("aria-current", "page");
  for (const s of document.querySelectorAll(".tab")) s.hidden = s.id !== "tab-" + name;
  say("");
  if (name === "accounts") loadAccounts().catch(failed);
  if (name === "kiosks") loadKiosks().catch(failed);
  if (name === "audit") { auditOffset = 0; loadAudit().catch(failed); }
  if (name === "priority") loadPriority().catch(failed);
}

// ---- settings: one document for fields, counters, rules, screens and rating ----

async function loadSettings() {
  settings = await api("GET", centerPath() + "/settings");
  draft = structuredClone(settings);
  renderSettings();
}

async function saveSettings(done) {
  const body = { fields: draft.fields, counters: draft.counters, policy: draft.policy, display: draft.display, ratingLevels: draft.ratingLevels };
  try {
    settings = await api("PUT", centerPath() + "/settings", body);
    draft = structuredClone(settings);
    renderSettings();
    say(done || tt("Đã lưu. Ki-ốt và màn hình đã cập nhật.", "Saved. Kiosks and screens have updated."));
    return true;
  } catch (e) {
    failed(e);
    return false;
  }
}

function input(value, attrs = {}, onInput = null) {
  const el = document.createElement("input");
  Object.assign(el, attrs);
  el.value = value ?? "";
  if (onInput) el.addEventListener("input", () => onInput(el));
  return el;
}

function cell(...children) {
  const td = document.createElement("td");
  td.append(...children);
  return td;
}

function renderSettings() {
  const readOnly = !isAdmin();
  // Fields
  $("fields-rows").replaceChildren(...draft.fields.map((f) => {
    const tr = document.createElement("tr");
    tr.dataset.field = f.code;
    tr.classList.toggle("off", f.disabled);
    const active = input("", { type: "checkbox", checked: !f.disabled, disabled: readOnly }, (el) => { f.disabled = !el.checked; });
    active.addEventListener("change", () => { f.disabled = !active.checked; tr.classList.toggle("off", f.disabled); });
    tr.append(
      cell(input(f.code, { readOnly: true })),
      cell(input(f.name, { maxLength: 200, readOnly }, (el) => { f.name = el.value; })),
      cell(input(f.prefix, { maxLength: 3, readOnly }, (el) => { f.prefix = el.value.toUpperCase(); })),
      cell(input(f.targetWaitMinutes, { type: "number", min: 1, max: 600, readOnly }, (el) => { f.targetWaitMinutes = Number(el.value); })),
      cell(input(f.defaultServiceMinutes, { type: "number", min: 1, max: 240, readOnly }, (el) => { f.defaultServiceMinutes = Number(el.value); })),
      cell(active));
    return tr;
  }));
  // Counters
  $("counters-list").replaceChildren(...draft.counters.map((c, i) => counterCard(c, i, readOnly)));
  // Rules
  $("policy-ratio").value = draft.policy.priorityRatio;
  $("policy-routing").value = draft.policy.routing;
  $("policy-gap").value = draft.policy.recallMinGapSeconds;
  // Screens
  $("display-notice").value = draft.display.notice || "";
  $("display-template").value = draft.display.announcementTemplate;
  $("display-reading").value = draft.display.numberReading;
  $("display-zero").value = draft.display.zeroTens;
  $("display-voice").value = draft.display.voice;
  $("display-repeat").value = draft.display.repeat;
  $("display-highlight").value = draft.display.highlightSeconds;
  // Rating
  $("rating-count").value = String(draft.ratingLevels.length);
  renderRatingLabels(readOnly);
  // Account form: counters of this center
  renderAccountChoices();
  for (const el of document.querySelectorAll(".save, #counter-add, #field-add button, #tab-policy input, #tab-policy select, #tab-display input, #tab-display select, #tab-display textarea, #rating-count")) {
    el.disabled = readOnly;
  }
  $("field-add").hidden = readOnly;
}

function counterCard(c, index, readOnly) {
  const card = document.createElement("div");
  card.className = "card";
  card.dataset.counter = c.id;
  const head = document.createElement("div");
  head.className = "head";
  const isNew = !settings.counters.some((s) => s.id === c.id);
  const id = input(c.id, { readOnly: readOnly || !isNew, maxLength: 32, placeholder: tt("Mã", "Id") }, (el) => { c.id = el.value.trim(); });
  const name = input(c.name, { readOnly, maxLength: 200 }, (el) => { c.name = el.value; });
  const remove = document.createElement("button");
  remove.type = "button";
  remove.className = "danger small";
  remove.textContent = tt("Xóa", "Remove");
  remove.disabled = readOnly;
  remove.addEventListener("click", () => { draft.counters.splice(index, 1); renderSettings(); });
  head.append(id, name, remove);
  const order = document.createElement("ol");
  order.className = "order";
  const served = c.fields.map((code) => draft.fields.find((f) => f.code === code)).filter(Boolean);
  const others = draft.fields.filter((f) => !c.fields.includes(f.code));
  served.forEach((f, i) => order.append(orderRow(c, f, true, i, readOnly)));
  others.forEach((f) => order.append(orderRow(c, f, false, -1, readOnly)));
  card.append(head, order);
  return card;
}

function orderRow(counter, field, serves, position, readOnly) {
  const li = document.createElement("li");
  li.classList.toggle("unused", !serves);
  const box = input("", { type: "checkbox", checked: serves, disabled: readOnly });
  box.addEventListener("change", () => {
    counter.fields = box.checked ? [...counter.fields, field.code] : counter.fields.filter((x) => x !== field.code);
    renderSettings();
  });
  const label = document.createElement("span");
  label.textContent = `${field.name} (${field.code})`;
  li.append(box, label);
  if (serves) {
    for (const [text, delta] of [["↑", -1], ["↓", 1]]) {
      const b = document.createElement("button");
      b.type = "button";
      b.className = "small";
      b.textContent = text;
      b.title = delta < 0 ? tt("Ưu tiên hơn", "Earlier") : tt("Sau", "Later");
      const target = position + delta;
      b.disabled = readOnly || target < 0 || target >= counter.fields.length;
      b.addEventListener("click", () => {
        const list = [...counter.fields];
        [list[position], list[target]] = [list[target], list[position]];
        counter.fields = list;
        renderSettings();
      });
      li.append(b);
    }
  }
  return li;
}

function renderRatingLabels(readOnly) {
  $("rating-labels").replaceChildren(...draft.ratingLevels.map((label, i) => {
    const li = document.createElement("li");
    li.append(input(label, { maxLength: 60, readOnly }, (el) => { draft.ratingLevels[i] = el.value; }));
    return li;
  }));
}

const DEFAULT_LABELS = {
  2: ["Hài lòng", "Không hài lòng"],
  3: ["Rất hài lòng", "Hài lòng", "Không hài lòng"],
  4: ["Rất hài lòng", "Hài lòng", "Bình thường", "Không hài lòng"],
  5: ["Rất hài lòng", "Hài lòng", "Bình thường", "Không hài lòng", "Rất không hài lòng"],
};

function wireSettingsForms() {
  for (const b of document.querySelectorAll(".save")) b.addEventListener("click", () => saveSettings());
  $("field-add").addEventListener("submit", async (event) => {
    event.preventDefault();
    const field = {
      code: $("field-code").value.trim().toUpperCase(), name: $("field-name").value.trim(),
      prefix: $("field-prefix").value.trim().toUpperCase(), targetWaitMinutes: Number($("field-target").value),
      defaultServiceMinutes: Number($("field-service").value), disabled: false,
    };
    draft.fields.push(field);
    if (await saveSettings(tt(`Đã thêm lĩnh vực ${field.name}. Ki-ốt đã hiện nút mới.`, `Field ${field.name} added. Kiosks show it now.`))) {
      $("field-add").reset();
    } else {
      draft.fields.pop();
    }
  });
  $("counter-add").addEventListener("click", () => {
    const ids = draft.counters.map((c) => Number(c.id)).filter((n) => !Number.isNaN(n));
    const id = String((ids.length ? Math.max(...ids) : 0) + 1);
    draft.counters.push({ id, name: tt("Quầy ", "Counter ") + id, fields: [] });
    renderSettings();
  });
  $("policy-ratio").addEventListener("input", (e) => { draft.policy.priorityRatio = Number(e.target.value); });
  $("policy-routing").addEventListener("change", (e) => { draft.policy.routing = e.target.value; });
  $("policy-gap").addEventListener("input", (e) => { draft.policy.recallMinGapSeconds = Number(e.target.value); });
  const display = { "display-notice": "notice", "display-template": "announcementTemplate", "display-reading": "numberReading",
    "display-zero": "zeroTens", "display-voice": "voice" };
  for (const [id, key] of Object.entries(display)) $(id).addEventListener("input", (e) => { draft.display[key] = e.target.value; });
  $("display-repeat").addEventListener("input", (e) => { draft.display.repeat = Number(e.target.value); });
  $("display-highlight").addEventListener("input", (e) => { draft.display.highlightSeconds = Number(e.target.value); });
  $("rating-count").addEventListener("change", (e) => {
    draft.ratingLevels = [...DEFAULT_LABELS[Number(e.target.value)]];
    renderRatingLabels(!isAdmin());
  });
}

// ---- accounts ----

function renderAccountChoices() {
  const roles = Object.keys(ROLES).map((r) => new Option(t(ROLES[r]), r));
  $("account-role").replaceChildren(...roles);
  $("account-counter").replaceChildren(new Option("—", ""), ...draft.counters.map((c) => new Option(c.name, c.id)));
}

async function loadAccounts() {
  const { accounts } = await api("GET", "/api/admin/accounts");
  $("accounts-rows").replaceChildren(...accounts.map((a) => {
    const tr = document.createElement("tr");
    tr.dataset.username = a.username;
    tr.classList.toggle("off", a.disabled);
    const status = document.createElement("span");
    status.className = a.disabled ? "status-off" : "status-on";
    status.textContent = a.disabled ? tt("Đã khóa", "Disabled") : tt("Hoạt động", "Active");
    const buttons = cell();
    buttons.className = "buttons";
    const toggle = button(a.disabled ? tt("Mở khóa", "Enable") : tt("Khóa", "Disable"), a.disabled ? "small" : "small danger", async () => {
      await api("POST", `/api/admin/accounts/${encodeURIComponent(a.username)}/${a.disabled ? "enable" : "disable"}`);
      await loadAccounts();
      say(a.disabled ? tt(`Đã mở khóa ${a.username}.`, `${a.username} enabled.`) : tt(`Đã khóa ${a.username}; phiên đăng nhập của họ đã dừng.`, `${a.username} disabled; their sessions ended.`));
    });
    toggle.dataset.action = a.disabled ? "enable" : "disable";
    const reset = button(tt("Đặt lại mật khẩu", "Reset password"), "small", async () => {
      const r = await api("POST", `/api/admin/accounts/${encodeURIComponent(a.username)}/reset-password`, {});
      say(tt(`Mật khẩu mới của ${a.username} (chỉ hiện một lần):`, `New password for ${a.username} (shown once):`), true, r.password);
    });
    reset.dataset.action = "reset";
    // An admin cannot disable their own account (the server refuses it too).
    if (a.username !== session.username) buttons.append(toggle, " ");
    buttons.append(reset);
    const centerName = a.center ? (centers.find((c) => c.id === a.center) || { name: a.center }).name : tt("Tất cả", "All");
    tr.append(cell(a.username), cell(a.displayName || ""), cell(t(ROLES[a.role])), cell(centerName),
      cell(a.role === "clerk" && a.center === center ? counterPicker(a) : a.counter || ""), cell(status), buttons);
    return tr;
  }));
}

/** A clerk's counter, changed in place (their open session ends; they sign in again at the new counter). */
function counterPicker(account) {
  const select = document.createElement("select");
  select.className = "counter-of";
  select.append(...draft.counters.map((c) => new Option(c.name, c.id)));
  if (!draft.counters.some((c) => c.id === account.counter)) select.append(new Option(account.counter, account.counter));
  select.value = account.counter;
  select.addEventListener("change", async () => {
    try {
      await api("POST", `/api/admin/accounts/${encodeURIComponent(account.username)}`,
        { role: "clerk", center: account.center, counter: select.value, displayName: account.displayName || undefined });
      say(tt(`${account.username} chuyển sang ${select.selectedOptions[0].text}.`, `${account.username} moved to ${select.selectedOptions[0].text}.`));
      await loadAccounts();
    } catch (e) {
      failed(e);
      select.value = account.counter;
    }
  });
  return select;
}

function button(text, className, action) {
  const b = document.createElement("button");
  b.type = "button";
  b.className = className;
  b.textContent = text;
  b.addEventListener("click", () => action().catch(failed));
  return b;
}

async function createAccount(event) {
  event.preventDefault();
  const role = $("account-role").value;
  const body = { username: $("account-username").value.trim(), role, displayName: $("account-name").value.trim() || undefined };
  if (role !== "admin" || session.center) body.center = center;
  if (role === "clerk") body.counter = $("account-counter").value || undefined;
  if ($("account-password").value) body.password = $("account-password").value;
  try {
    const a = await api("POST", "/api/admin/accounts", body);
    $("account-add").reset();
    await loadAccounts();
    if (a.password) say(tt(`Đã tạo ${a.username}. Mật khẩu (chỉ hiện một lần):`, `${a.username} created. Password (shown once):`), true, a.password);
    else say(tt(`Đã tạo ${a.username}.`, `${a.username} created.`));
  } catch (e) {
    failed(e);
  }
}

// ---- kiosks ----

async function loadKiosks() {
  const { kiosks } = await api("GET", `/api/admin/centers/${encodeURIComponent(center)}/kiosks`);
  $("kiosks-rows").replaceChildren(...kiosks.map((k) => {
    const tr = document.createElement("tr");
    tr.dataset.kiosk = k.id;
    tr.classList.toggle("off", k.disabled);
    const printer = k.connected ? `${tt("Đang kết nối", "Connected")} · ${k.printer}` : tt("Chưa kết nối", "Not connected");
    const status = document.createElement("span");
    status.className = k.disabled ? "status-off" : "status-on";
    status.textContent = k.disabled ? tt("Đã tắt", "Disabled") : tt("Hoạt động", "Active");
    const base = `/api/admin/centers/${encodeURIComponent(center)}/kiosks/${encodeURIComponent(k.id)}/`;
    const buttons = cell(
      button(tt("Đổi khóa", "New key"), "small", async () => {
        const r = await api("POST", base + "rotate-key");
        say(tt(`Khóa mới của ki-ốt ${k.id} (chỉ hiện một lần; khóa cũ hết hiệu lực):`, `New key of kiosk ${k.id} (shown once; the old key no longer works):`), true, r.key);
      }), " ",
      button(k.disabled ? tt("Bật", "Enable") : tt("Tắt", "Disable"), k.disabled ? "small" : "small danger", async () => {
        await api("POST", base + (k.disabled ? "enable" : "disable"));
        await loadKiosks();
      }));
    buttons.className = "buttons";
    tr.append(cell(k.id), cell(k.name || ""), cell(printer), cell(status), buttons);
    return tr;
  }));
}

async function createKiosk(event) {
  event.preventDefault();
  try {
    const k = await api("POST", `/api/admin/centers/${encodeURIComponent(center)}/kiosks`,
      { id: $("kiosk-id").value.trim(), name: $("kiosk-name").value.trim() || undefined });
    $("kiosk-add").reset();
    await loadKiosks();
    say(tt(`Đã thêm ki-ốt ${k.id}. Khóa (chỉ hiện một lần):`, `Kiosk ${k.id} added. Key (shown once):`), true, k.key);
  } catch (e) {
    failed(e);
  }
}

// ---- change log and priority tickets ----

function describe(entry) {
  if (!entry.detail) return "";
  if (entry.detail.changes) {
    return entry.detail.changes.map((c) => {
      const [kind, target] = c.split(":");
      return (CHANGES[kind] ? t(CHANGES[kind]) : kind) + (target ? " " + target : "");
    }).join(", ");
  }
  return Object.entries(entry.detail).filter(([, v]) => v !== null && v !== undefined).map(([k, v]) => {
    const value = k === "role" && ROLES[v] ? t(ROLES[v]) : v === true ? tt("có", "yes") : v === false ? tt("không", "no") : v;
    return `${DETAIL_KEYS[k] ? t(DETAIL_KEYS[k]) : k}: ${value}`;
  }).join(", ");
}

function time(iso) {
  return iso ? new Date(iso).toLocaleString(english ? "en-GB" : "vi-VN") : "";
}

async function loadAudit(more = false) {
  const q = new URLSearchParams({ center, limit: "50", offset: String(auditOffset) });
  if ($("audit-from").value) q.set("from", $("audit-from").value);
  if ($("audit-to").value) q.set("to", $("audit-to").value);
  const page = await api("GET", "/api/admin/audit?" + q);
  const rows = page.entries.map((e) => {
    const tr = document.createElement("tr");
    const detail = document.createElement("pre");
    detail.className = "detail";
    detail.textContent = describe(e);
    tr.append(cell(time(e.at)), cell(e.actor), cell(ACTIONS[e.action] ? t(ACTIONS[e.action]) : e.action), cell(e.target || ""), cell(detail));
    return tr;
  });
  if (more) $("audit-rows").append(...rows);
  else $("audit-rows").replaceChildren(...rows);
  $("audit-more").hidden = !page.more;
}

async function loadPriority() {
  const q = $("priority-day").value ? "?day=" + $("priority-day").value : "";
  const page = await api("GET", centerPath() + "/priority-tickets" + q);
  if (!$("priority-day").value) $("priority-day").value = page.day;
  $("priority-rows").replaceChildren(...page.tickets.map((p) => {
    const tr = document.createElement("tr");
    const granted = p.grantedBy || tt(`Tự chọn tại ki-ốt ${p.kiosk || ""}`, `Chosen at kiosk ${p.kiosk || ""}`);
    tr.append(cell(p.number), cell(p.fieldName), cell(p.priorityGroup ? t(GROUPS[p.priorityGroup]) : "—"), cell(granted),
      cell(time(p.issuedAt)), cell(STATUS[p.status] ? t(STATUS[p.status]) : p.status));
    return tr;
  }));
  if (!page.tickets.length) {
    const tr = document.createElement("tr");
    const td = cell(tt("Không có vé ưu tiên trong ngày này.", "No priority tickets that day."));
    td.colSpan = 6;
    tr.append(td);
    $("priority-rows").append(tr);
  }
}

// ---- start ----

function start() {
  applyLanguage();
  $("login").addEventListener("submit", login);
  $("logout").addEventListener("click", () => logout(""));
  for (const b of document.querySelectorAll(".lang-toggle")) {
    b.addEventListener("click", () => {
      english = !english;
      localStorage.setItem("luot-admin-lang", english ? "en" : "vi");
      applyLanguage();
      if (session && draft) { renderSettings(); show(tab); }
    });
  }
  for (const b of document.querySelectorAll("[data-tab]")) b.addEventListener("click", () => show(b.dataset.tab));
  $("center").addEventListener("change", () => { center = $("center").value; loadSettings().then(() => show(tab)).catch(failed); });
  wireSettingsForms();
  $("account-add").addEventListener("submit", createAccount);
  $("kiosk-add").addEventListener("submit", createKiosk);
  $("audit-load").addEventListener("click", () => { auditOffset = 0; loadAudit().catch(failed); });
  $("audit-more").addEventListener("click", () => { auditOffset += 50; loadAudit(true).catch(failed); });
  $("priority-load").addEventListener("click", () => loadPriority().catch(failed));
  if (session) open().catch(() => logout(""));
}

start();
