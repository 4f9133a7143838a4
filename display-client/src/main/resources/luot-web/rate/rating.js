// The satisfaction scale and the reasons, shared by the counter's rating tablet (/rate/) and the citizen's
// tracking page (/t/{token}). Labels come from the center (GET /api/centers/{center} → ratingLevels: [{score, label}])
// when it configures them; otherwise the defaults below for the center's number of levels (2..5).

/** [score, Vietnamese, English, mood of the face from -1 to 1], best first. */
const DEFAULT_LEVELS = {
  2: [[2, "Hài lòng", "Satisfied", 0.7], [1, "Không hài lòng", "Not satisfied", -0.8]],
  3: [[3, "Rất hài lòng", "Very satisfied", 1], [2, "Hài lòng", "Satisfied", 0.5], [1, "Không hài lòng", "Not satisfied", -0.8]],
  4: [[4, "Rất hài lòng", "Very satisfied", 1], [3, "Hài lòng", "Satisfied", 0.5],
    [2, "Chưa hài lòng", "Not quite satisfied", -0.4], [1, "Không hài lòng", "Not satisfied", -0.9]],
  5: [[5, "Rất hài lòng", "Very satisfied", 1], [4, "Hài lòng", "Satisfied", 0.5], [3, "Bình thường", "Neutral", 0],
    [2, "Không hài lòng", "Not satisfied", -0.5], [1, "Rất không hài lòng", "Very dissatisfied", -1]],
};

/** Why an unhappy citizen was unhappy: the server's RatingReason names, in the order the buttons show them. */
export const REASONS = [
  ["LONG_WAIT", "Chờ lâu", "Long wait"],
  ["ATTITUDE", "Thái độ", "Staff attitude"],
  ["UNCLEAR_GUIDANCE", "Hướng dẫn chưa rõ", "Unclear guidance"],
  ["OTHER", "Khác", "Other"],
];

/**
 * The levels to offer, best first: [{score, label, en, mood}], mood from -1 (worst) to 1 (best) for the face.
 * @param scale      the center's number of levels (ratingScale in the server's answers)
 * @param configured the center's own labels, [{score, label}], or undefined
 */
export function ratingLevels(scale, configured) {
  const defaults = DEFAULT_LEVELS[scale] || DEFAULT_LEVELS[3];
  const byScore = new Map((Array.isArray(configured) ? configured : []).map((l) => [l.score, l.label]));
  return defaults.map(([score, label, en, mood]) => ({
    score, mood,
    label: byScore.get(score) || label, en: byScore.has(score) ? "" : en,
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

const SVG = "http://www.w3.org/2000/svg";

/**
 * A face drawn in SVG (emoji fonts differ between tablets and phones, some have none): the mouth curves up for
 * mood 1, lies flat for 0 and turns down for -1; the colour goes from red through amber to green.
 */
export function face(mood) {
  const svg = document.createElementNS(SVG, "svg");
  svg.setAttribute("viewBox", "0 0 100 100");
  svg.setAttribute("class", "face");
  svg.setAttribute("aria-hidden", "true");
  const colour = mood > 0.3 ? "#1b7f3b" : mood < -0.3 ? "#b3261e" : "#c07a00";
  const part = (tag, attrs) => {
    const el = document.createElementNS(SVG, tag);
    for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
    svg.append(el);
  };
  part("circle", { cx: 50, cy: 50, r: 45, fill: "none", stroke: colour, "stroke-width": 6 });
  part("circle", { cx: 35, cy: 40, r: 6, fill: colour });
  part("circle", { cx: 65, cy: 40, r: 6, fill: colour });
  const y = 68 - mood * 4;
  part("path", { d: `M 30 ${y} Q 50 ${y + mood * 24} 70 ${y}`, fill: "none", stroke: colour, "stroke-width": 6, "stroke-linecap": "round" });
  return svg;
}

/** A big button with a face (or none), its Vietnamese label and the English one under it. */
export function choiceButton(mood, label, en, data) {
  const b = document.createElement("button");
  b.type = "button";
  Object.assign(b.dataset, data);
  if (mood !== null) b.append(face(mood));
  b.append(Object.assign(document.createElement("span"), { className: "vi", textContent: label }));
  if (en) b.append(Object.assign(document.createElement("span"), { className: "en", textContent: en }));
  return b;
}
