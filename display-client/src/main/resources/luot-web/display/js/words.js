// What an announcement says, as a list of Vietnamese words and phrases: pure functions, no DOM, no audio.
// "A012" at counter 5 becomes ["mời công dân có số", "a", "mười", "hai", "đến quầy số", "năm"].

const DIGITS = ["không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín"];

// How Vietnamese names the letters of a ticket prefix when reading it aloud.
export const LETTERS = {
  A: "a", B: "bê", C: "xê", D: "dê", E: "e", F: "ép", G: "giê", H: "hát", I: "i", J: "gi", K: "ca",
  L: "e-lờ", M: "em-mờ", N: "en-nờ", O: "o", P: "pê", Q: "quy", R: "e-rờ", S: "ét-xì", T: "tê", U: "u",
  V: "vê", W: "vê kép", X: "ích-xì", Y: "i dài", Z: "dét",
};

/** 0..99 the way people say it: 15 mười lăm, 21 hai mươi mốt, 24 hai mươi tư, 10 mười, 20 hai mươi. */
function twoDigits(n) {
  const tens = Math.floor(n / 10);
  const unit = n % 10;
  if (tens === 0) return [DIGITS[unit]];
  const words = tens === 1 ? ["mười"] : [DIGITS[tens], "mươi"];
  if (unit === 0) return words;
  if (unit === 5) return [...words, "lăm"];
  if (unit === 1 && tens > 1) return [...words, "mốt"];
  if (unit === 4 && tens > 1) return [...words, "tư"];
  return [...words, DIGITS[unit]];
}

/** 0..999: 105 một trăm linh năm (or lẻ), 110 một trăm mười, 300 ba trăm. */
function threeDigits(n, zeroTens) {
  const hundreds = Math.floor(n / 100);
  const rest = n % 100;
  if (hundreds === 0) return twoDigits(rest);
  const words = [DIGITS[hundreds], "trăm"];
  if (rest === 0) return words;
  if (rest < 10) return [...words, zeroTens, DIGITS[rest]];
  return [...words, ...twoDigits(rest)];
}

/**
 * A whole number read as a number, up to 999 999.
 * @param {number} n
 * @param {"linh"|"lẻ"} zeroTens the word for an empty tens place (northern "linh", southern "lẻ")
 */
export function readNumber(n, zeroTens = "linh") {
  if (!Number.isInteger(n) || n < 0) throw new Error("not a whole number: " + n);
  if (n < 1000) return threeDigits(n, zeroTens);
  const thousands = Math.floor(n / 1000);
  const rest = n % 1000;
  const words = [...threeDigits(thousands, zeroTens), "nghìn"];
  if (rest === 0) return words;
  if (rest < 100) return [...words, "không", "trăm", ...(rest < 10 ? [zeroTens, DIGITS[rest]] : twoDigits(rest))];
  return [...words, ...threeDigits(rest, zeroTens)];
}

/** Each digit on its own: "012" → không một hai. */
export function readDigits(digits) {
  return [...digits].map((d) => DIGITS[Number(d)]);
}

/**
 * A ticket number or counter name read aloud: letters by their Vietnamese names, runs of digits as a number
 * ("number") or digit by digit ("digits").
 */
export function readLabel(label, reading = "number", zeroTens = "linh") {
  const words = [];
  for (const part of String(label).toUpperCase().match(/[A-Z]|[0-9]+/g) || []) {
    if (/[0-9]/.test(part)) {
      words.push(...(reading === "digits" ? readDigits(part) : readNumber(Number(part), zeroTens)));
    } else if (LETTERS[part]) {
      words.push(LETTERS[part]);
    }
  }
  return words;
}

export const DEFAULT_TEMPLATE = "Mời công dân có số {number} đến quầy số {counter}";

/**
 * The words of one announcement from the center's template: literal phrases stay whole (a clip may exist for
 * the whole phrase), {number} and {counter} are read out.
 */
export function announcementWords(call, settings = {}) {
  const template = settings.template || DEFAULT_TEMPLATE;
  const reading = settings.numberReading || "number";
  const zeroTens = settings.zeroTens || "linh";
  const words = [];
  for (const piece of template.split(/(\{number\}|\{counter\})/)) {
    if (piece === "{number}") words.push(...readLabel(call.number, reading, zeroTens));
    else if (piece === "{counter}") words.push(...readLabel(call.counter, "number", zeroTens));
    else if (piece.trim()) words.push(piece.trim().toLowerCase());
  }
  return words;
}

/** The sentence for speech synthesis, with the same template. */
export function announcementText(call, settings = {}) {
  const template = settings.template || DEFAULT_TEMPLATE;
  return template.replace("{number}", call.number).replace("{counter}", call.counter);
}
