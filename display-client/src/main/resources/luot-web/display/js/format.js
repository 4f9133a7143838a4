// Vietnamese date and clock in the center's time zone.

const WEEKDAYS = ["Chủ Nhật", "Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy"];

function parts(date, zone) {
  const f = new Intl.DateTimeFormat("en-GB", {
    timeZone: zone || "Asia/Ho_Chi_Minh", year: "numeric", month: "2-digit", day: "2-digit",
    hour: "2-digit", minute: "2-digit", second: "2-digit", weekday: "short", hourCycle: "h23",
  });
  const p = {};
  for (const { type, value } of f.formatToParts(date)) p[type] = value;
  return p;
}

const WEEKDAY_INDEX = { Sun: 0, Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6 };

/** "Thứ Bảy, 28/11/2026" */
export function vietnameseDate(date, zone) {
  const p = parts(date, zone);
  return `${WEEKDAYS[WEEKDAY_INDEX[p.weekday]]}, ${p.day}/${p.month}/${p.year}`;
}

/** "14:05:09" */
export function clock(date, zone) {
  const p = parts(date, zone);
  return `${p.hour}:${p.minute}:${p.second}`;
}

/** "14:05" */
export function hourMinute(iso, zone) {
  const p = parts(new Date(iso), zone);
  return `${p.hour}:${p.minute}`;
}
