// The satisfaction scale and the reasons, shared by the counter's rating tablet (/rate/) and the citizen's
// tracking page (/t/{token}). Labels come from the center (GET /api/centers/{center} → ratingLevels: [{score, label}])
// when it configures them; otherwise the defaults below for the center's number of levels (2..5).

const DEFAULT_LEVELS = {
  2: [[2, "Hài lòng", "Satisfied", "🙂"], [1, "Không hài lòng", "Not satisfied", "🙁"]],
  3: [[3, "Rất hài lòng", "Very satisfied", "😀"], [2, "Hài lòng", "Satisfied", "🙂"], [1, "Không hài lòng", "Not satisfied", "🙁"]],
  4: [[4, "Rất hài lòng", "Very satisfied", "😀"], [3, "Hài lòng", "Satisfied", "🙂"],
    [2, "Chưa hài lòng", "Not quite satisfied", "😐"], [1, "Không hài lòng", "Not satisfied", "🙁"]],
  5: [[5, "Rất hài lòng", "Very satisfied", "😀"], [4, "Hài lòng", "Satisfied", "🙂"], [3, "Bình thường", "Neutral", "😐"],
    [2, "Không hài lòng", "Not satisfied", "🙁"], [1, "Rất không hài lòng", "Very dissatisfied", "😞"]],
};

/** Why an unhappy citizen was unhappy: the server's RatingReason names, in the order the buttons show them. */
export const REASONS = [
  ["LONG_WAIT", "Chờ lâu", "Long wait"],
  ["ATTITUDE", "Thái độ", "Staff attitude"],
  ["UNCLEAR_GUIDANCE", "Hướng dẫn chưa rõ", "Unclear guidance"],
  ["OTHER", "Khác", "Other"],
];

/**
 * The levels to offer, best first: [{score, label, en, icon}].
 * @param scale      the center's number of levels (ratingScale in the server's answers)
 * @param configured the center's own labels, [{score, label}], or undefined
 */
export function ratingLevels(scale, configured) {
  const defaults = DEFAULT_LEVELS[scale] || DEFAULT_LEVELS[3];
  const byScore = new Map((Array.isArray(configured) ? configured : []).map((l) => [l.score, l.label]));
  return defaults.map(([score, label, en, icon]) => ({
    score, icon, label: byScore.get(score) || label, en: byScore.has(score) ? "" : en,
  }));
}

/** The lower half of the scale, which may come with a reason (the server's QueuePolicy.unhappy). */
export function unhappy(score, scale) {
  return score <= Math.floor(scale / 2);
}

/** The center's configured labels, if its info has any (an older server has none). */
export async function configuredLevels(center) {
  try {
    const r = await fetch(`/api/centers/${encodeURIComponent(center)}`);
    if (!r.ok) return undefined;
    return (await r.json()).ratingLevels;
  } catch (e) {
    return undefined;
  }
}

/** A big button with a Vietnamese label over its English one. */
export function choiceButton(icon, label, en, data) {
  const b = document.createElement("button");
  b.type = "button";
  Object.assign(b.dataset, data);
  if (icon) b.append(Object.assign(document.createElement("span"), { className: "icon", textContent: icon }));
  b.append(Object.assign(document.createElement("span"), { className: "vi", textContent: label }));
  if (en) b.append(Object.assign(document.createElement("span"), { className: "en", textContent: en }));
  return b;
}
