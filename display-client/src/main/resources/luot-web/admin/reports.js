// Reports for a date range: key figures, three charts (uPlot, served from the server's own jar), tables by
// field, counter, clerk and hour, the CSV download, and a one-page A4 summary to print (?print=1 shows it on screen).
// Every figure is the server's (GET /stats); the page only formats and draws.

import { requireReader, get, claims } from "./report-session.js";
import { minutes, percent, plain, el } from "./report-format.js";

const params = new URLSearchParams(location.search);
const center = params.get("center") || "default";
const $ = (id) => document.getElementById(id);
const OUTCOMES = [["COMPLETED", "Đã giải quyết", "Completed"], ["MISSING_DOCUMENTS", "Thiếu hồ sơ", "Missing documents"],
  ["REDIRECTED", "Nơi khác", "Redirected"], ["OTHER", "Khác", "Other"]];
const charts = [];
let report = null;
let centerName = "";

const base = () => `/api/centers/${encodeURIComponent(center)}`;

async function load(from, to) {
  $("report").dataset.state = "loading";
  const query = from ? `?from=${from}&to=${to}` : "";
  try {
    report = await get(base() + "/stats" + query);
    $("message").textContent = "";
    $("from").value = report.from;
    $("to").value = report.to;
    history.replaceState(null, "", `?${new URLSearchParams({ ...Object.fromEntries(params), from: report.from, to: report.to })}`);
    render();
    $("report").dataset.state = "ready";
  } catch (e) {
    if (e.message) $("message").textContent = e.message;
    $("report").dataset.state = "error";
  }
}

/** The field with the longest waits: the highest P90 wait (then mean), among fields where anyone was called. */
function worstField() {
  const called = report.fields.filter((f) => f.waitSeconds.count > 0);
  if (!called.length) return null;
  return called.reduce((a, b) => (b.waitSeconds.p90 > a.waitSeconds.p90
    || (b.waitSeconds.p90 === a.waitSeconds.p90 && b.waitSeconds.mean > a.waitSeconds.mean) ? b : a));
}

function dateVi(iso) {
  const [y, m, d] = iso.split("-");
  return `${d}/${m}/${y}`;
}

function render() {
  const t = report.total;
  const range = report.from === report.to ? `Ngày ${dateVi(report.from)}` : `Từ ${dateVi(report.from)} đến ${dateVi(report.to)}`;
  document.title = `Lượt — Báo cáo ${range.toLowerCase()}`;
  $("print-center").textContent = centerName;
  $("print-range").textContent = range;
  $("totals").replaceChildren(
    tile("Đã cấp số", "Issued", plain(t.issued)),
    tile("Đã phục vụ", "Served", plain(t.served)),
    tile("Vắng mặt", "No-show", plain(t.noShow)),
    tile("Chờ trung vị", "Median wait", minutes(t.waitSeconds.count ? t.waitSeconds.median : null) + " ph"),
    tile("Chờ P90", "P90 wait", minutes(t.waitSeconds.count ? t.waitSeconds.p90 : null) + " ph"),
    tile("Trong chỉ tiêu", "Within target", percent(t.withinTargetShare)),
    tile("Hài lòng", "Rating (1–3)", t.ratings.count ? `${plain(t.ratings.mean)} (${t.ratings.count})` : "—"));
  const worst = worstField();
  $("worst").textContent = worst
    ? `Lĩnh vực chờ lâu nhất: ${worst.name} — P90 ${minutes(worst.waitSeconds.p90)} phút, trung vị ${minutes(worst.waitSeconds.median)} phút (chỉ tiêu ${worst.targetWaitMinutes} phút).`
    : "Chưa có công dân nào được gọi trong khoảng thời gian này.";
  $("worst").dataset.field = worst ? worst.code : "";
  fill($("by-field"), "Lĩnh vực", "Field", report.fields, (f) => f.name, worst && worst.code, (f) => f.code);
  fill($("by-counter"), "Quầy", "Counter", report.counters, (c) => c.name);
  fill($("by-clerk"), "Cán bộ", "Clerk", report.clerks, (c) => c.clerk);
  fill($("by-hour"), "Giờ", "Hour", report.hours, (h) => `${String(h.hour).padStart(2, "0")}:00–${String(h.hour).padStart(2, "0")}:59`);
  printTable(worst);
  $("printed-at").textContent = new Date().toLocaleString("vi-VN", { hour: "2-digit", minute: "2-digit", day: "2-digit", month: "2-digit", year: "numeric" });
  $("printed-by").textContent = claims().sub || "";
  drawCharts();
}

function tile(vi, en, value) {
  return el("div", { className: "tile" }, el("div", { className: "label" }, vi, el("span", { className: "en", textContent: en })),
    el("div", { className: "value", textContent: value }));
}

function th(vi, en) {
  return el("th", {}, vi, en ? el("span", { className: "en", textContent: en }) : null);
}

/** One table: a row per group, the total at the foot; the worst field's row marked. */
function fill(table, vi, en, groups, name, worstKey, key) {
  const head = el("tr", {}, th(vi, en), th("Cấp số", "Issued"), th("Phục vụ", "Served"), th("Vắng", "No-show"),
    th("Chờ TB", "Wait mean"), th("Chờ trung vị", "median"), th("Chờ P90", "p90"), th("Chờ max", "max"),
    th("Phục vụ TB", "Service mean"), th("Trung vị", "median"), th("P90", "p90"), th("Max", "max"),
    th("Trong chỉ tiêu", "Within target"), th("Hài lòng", "Rating"),
    ...OUTCOMES.map(([, vi2, en2]) => th(vi2, en2)));
  const rows = groups.map((g) => {
    const tr = row(name(g), g);
    if (worstKey && key && key(g) === worstKey) tr.className = "worst";
    return tr;
  });
  table.replaceChildren(el("thead", {}, head), el("tbody", {}, ...rows), el("tfoot", {}, row("Tổng cộng", report.total)));
}

function row(label, g) {
  const w = g.waitSeconds, s = g.serviceSeconds;
  const d = (dist, k) => (dist.count ? minutes(dist[k]) : "—");
  return el("tr", {}, ...[label, plain(g.issued), plain(g.served), plain(g.noShow),
    d(w, "mean"), d(w, "median"), d(w, "p90"), d(w, "max"), d(s, "mean"), d(s, "median"), d(s, "p90"), d(s, "max"),
    percent(g.withinTargetShare), g.ratings.count ? `${plain(g.ratings.mean)} (${g.ratings.count})` : "—",
    ...OUTCOMES.map(([code]) => plain(g.outcomes[code]))].map((text) => el("td", { textContent: String(text) })));
}

/** The compact table of the printed page: what a supervision meeting reads first. */
function printTable(worst) {
  const head = el("tr", {}, th("Lĩnh vực"), th("Cấp số"), th("Phục vụ"), th("Vắng"), th("Chờ trung vị (ph)"),
    th("Chờ P90 (ph)"), th("Chờ max (ph)"), th("Chỉ tiêu (ph)"), th("Trong chỉ tiêu"), th("Hài lòng"));
  const line = (label, g, target) => el("tr", {}, ...[label, plain(g.issued), plain(g.served), plain(g.noShow),
    g.waitSeconds.count ? minutes(g.waitSeconds.median) : "—", g.waitSeconds.count ? minutes(g.waitSeconds.p90) : "—",
    g.waitSeconds.count ? minutes(g.waitSeconds.max) : "—", target == null ? "" : String(target),
    percent(g.withinTargetShare), g.ratings.count ? plain(g.ratings.mean) : "—"].map((x) => el("td", { textContent: x })));
  const rows = report.fields.map((f) => {
    const tr = line(f.name, f, f.targetWaitMinutes);
    if (worst && f.code === worst.code) tr.className = "worst";
    return tr;
  });
  $("print-fields").replaceChildren(el("thead", {}, head), el("tbody", {}, ...rows), el("tfoot", {}, line("Tổng cộng", report.total, null)));
}

// ---- charts ----

const COLORS = { blue: "#0b5cad", red: "#a3141b", green: "#1b7f3b", amber: "#c77700" };

/** A bar chart over categories (x = 0..n-1, labelled), one or two series side by side. */
function barChart(target, labels, series, { yMax } = {}) {
  const width = Math.max(260, target.clientWidth);
  const bars = (align) => uPlot.paths.bars({ size: [series.length > 1 ? 0.38 : 0.6, 48], align });
  const opts = {
    width, height: 230,
    scales: { x: { time: false, range: [-0.5, labels.length - 0.5] }, y: { range: (u, min, max) => [0, yMax ?? Math.max(1, max * 1.15)] } },
    axes: [
      { splits: () => labels.map((_, i) => i), values: () => labels, gap: 4, size: 36, font: "12px 'Be Vietnam Pro', sans-serif", grid: { show: false } },
      { font: "12px 'Be Vietnam Pro', sans-serif", size: 46, grid: { stroke: "#e3e8f0" } },
    ],
    legend: { show: true, live: false },
    cursor: { show: false },
    series: [{}, ...series.map((s, i) => ({
      label: s.label, stroke: s.color, fill: s.color + "cc", width: 0,
      paths: bars(series.length > 1 ? (i === 0 ? -1 : 1) : 0), points: { show: false },
    }))],
  };
  const data = [labels.map((_, i) => i), ...series.map((s) => s.values)];
  target.replaceChildren();
  const chart = new uPlot(opts, data, target);
  charts.push({ chart, target });
  return chart;
}

function drawCharts() {
  for (const c of charts.splice(0)) c.chart.destroy();
  const hours = report.hours.filter((h) => h.waitSeconds.count > 0);
  const hourLabels = hours.map((h) => `${h.hour}h`);
  if (hours.length) {
    barChart($("chart-hours"), hourLabels, [
      { label: "Trung vị / median", color: COLORS.blue, values: hours.map((h) => Math.round(h.waitSeconds.median / 6) / 10) },
      { label: "P90", color: COLORS.red, values: hours.map((h) => Math.round(h.waitSeconds.p90 / 6) / 10) },
    ]);
  } else {
    $("chart-hours").replaceChildren(el("p", { className: "empty", textContent: "Chưa có số liệu chờ. / No waits yet." }));
  }
  const fields = report.fields;
  barChart($("chart-fields"), fields.map((f) => f.code), [
    { label: "Cấp số / issued", color: COLORS.blue, values: fields.map((f) => f.issued) },
    { label: "Phục vụ / served", color: COLORS.green, values: fields.map((f) => f.served) },
  ]);
  barChart($("chart-target"), fields.map((f) => f.code), [
    { label: "Trong chỉ tiêu / within target (%)", color: COLORS.amber,
      values: fields.map((f) => (f.withinTargetShare == null ? null : Math.round(f.withinTargetShare * 1000) / 10)) },
  ], { yMax: 100 });
  for (const target of ["chart-fields", "chart-target"]) {
    $(target).append(el("p", { className: "legend-codes", textContent: fields.map((f) => `${f.code}: ${f.name}`).join(" · ") }));
  }
}

const resize = new ResizeObserver(() => {
  for (const { chart, target } of charts) {
    const width = Math.max(260, target.clientWidth);
    if (Math.abs(chart.width - width) > 4) chart.setSize({ width, height: 230 });
  }
});

// ---- download and print ----

async function downloadCsv() {
  const query = new URLSearchParams({ from: $("from").value, to: $("to").value, by: $("csv-by").value, sep: $("csv-sep").value });
  try {
    const response = await get(`${base()}/reports.csv?${query}`, { raw: true });
    const name = /filename="([^"]+)"/.exec(response.headers.get("Content-Disposition") || "");
    const link = el("a", { href: URL.createObjectURL(await response.blob()), download: name ? name[1] : "luot.csv" });
    document.body.append(link);
    link.click();
    setTimeout(() => {
      URL.revokeObjectURL(link.href);
      link.remove();
    }, 1000);
  } catch (e) {
    if (e.message) $("message").textContent = e.message;
  }
}

/** The last n days up to today (the browser's date: the desk is in the center's zone). */
function lastDays(n) {
  const today = new Date();
  const from = new Date(today.getFullYear(), today.getMonth(), today.getDate() - (n - 1));
  const iso = (d) => `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-${String(d.getDate()).padStart(2, "0")}`;
  return [iso(from), iso(today)];
}

async function start() {
  const info = await fetch(base()).then((r) => r.json()).catch(() => ({}));
  centerName = info.name || center;
  $("center-name").textContent = centerName;
  if (params.get("print") === "1") document.body.classList.add("print-mode");
  window.addEventListener("beforeprint", () => document.body.classList.add("print-mode"));
  window.addEventListener("afterprint", () => {
    if (params.get("print") !== "1") document.body.classList.remove("print-mode");
  });
  $("range").addEventListener("submit", (e) => {
    e.preventDefault();
    load($("from").value, $("to").value);
  });
  for (const b of document.querySelectorAll("[data-days]")) {
    // "Today" asks the server's today (the center's zone); longer spans end on the desk's date.
    b.addEventListener("click", () => (b.dataset.days === "1" ? load() : load(...lastDays(Number(b.dataset.days)))));
  }
  $("csv").addEventListener("click", downloadCsv);
  $("print").addEventListener("click", () => window.print());
  resize.observe($("report"));
  await load(params.get("from"), params.get("to") || params.get("from"));
}

requireReader(start);
