// Number and time formats shared by the dashboard and the reports: Vietnamese conventions (decimal comma).

const number = new Intl.NumberFormat("vi-VN", { maximumFractionDigits: 1 });

/** Seconds as minutes with one decimal, e.g. 742.5 → "12,4"; "—" when there is nothing to show. */
export function minutes(seconds) {
  return seconds == null ? "—" : number.format(Math.round(seconds / 6) / 10);
}

/** A share 0..1 as a percentage, e.g. 0.667 → "66,7 %". */
export function percent(share) {
  return share == null ? "—" : number.format(Math.round(share * 1000) / 10) + " %";
}

export function plain(n) {
  return n == null ? "—" : number.format(n);
}

/** A running wait as m:ss, or h:mm:ss past an hour. */
export function clock(seconds) {
  if (seconds == null) return "—";
  const s = Math.max(0, Math.floor(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const mm = h ? String(m).padStart(2, "0") : String(m);
  return (h ? h + ":" : "") + mm + ":" + String(s % 60).padStart(2, "0");
}

/** The time of an ISO-8601 instant as the center shows it (hh:mm, from the offset the server wrote). */
export function hhmm(iso) {
  return iso ? iso.slice(11, 16) : "—";
}

/** The wall-clock time hh:mm:ss of the center, laterMs after an ISO-8601 instant written with its offset. */
export function localTime(iso, laterMs = 0) {
  const m = /([+-])(\d\d):(\d\d)$/.exec(iso);
  const offsetMs = m ? (m[1] === "-" ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3])) * 60000 : 0;
  return new Date(Date.parse(iso) + laterMs + offsetMs).toISOString().slice(11, 19);
}

export function el(tag, props = {}, ...children) {
  const node = Object.assign(document.createElement(tag), props);
  node.append(...children.filter((c) => c != null));
  return node;
}
