package vn.luot.server.domain;

import java.util.Set;

/**
 * How a center's screens look and speak: an optional scrolling notice, the announcement wording, how numbers are
 * read, the voice, and how long a new call stays highlighted.
 *
 * @param template       the sentence, with {number} and {counter}; its fixed words must exist in the voice pack
 *                       when the voice is "clips" (docs/OPERATIONS.md lists them)
 * @param numberReading  "number" (A012 → a mười hai) or "digits" (a không một hai)
 * @param zeroTens       "linh" (northern, 105 một trăm linh năm) or "lẻ" (southern)
 * @param voice          "clips" (the shipped voice pack, works offline), "speech" (the browser's vi-VN voice,
 *                       falling back to clips), or "off"
 * @param repeat         how many times each call is announced
 */
public record DisplaySettings(String notice, String template, String numberReading, String zeroTens, String voice,
                              int repeat, int highlightSeconds) {
  public static final String DEFAULT_TEMPLATE = "Mời công dân có số {number} đến quầy số {counter}";
  public static final DisplaySettings DEFAULT =
      new DisplaySettings("", DEFAULT_TEMPLATE, "number", "linh", "clips", 1, 10);

  public DisplaySettings {
    if (!template.contains("{number}") || !template.contains("{counter}")) {
      throw new IllegalArgumentException("the announcement template needs {number} and {counter}");
    }
    if (!Set.of("number", "digits").contains(numberReading)) throw new IllegalArgumentException("numberReading: number or digits");
    if (!Set.of("linh", "lẻ").contains(zeroTens)) throw new IllegalArgumentException("zeroTens: linh or lẻ");
    if (!Set.of("clips", "speech", "off").contains(voice)) throw new IllegalArgumentException("voice: clips, speech or off");
    if (repeat < 1 || repeat > 3) throw new IllegalArgumentException("repeat: 1..3");
    if (highlightSeconds < 1 || highlightSeconds > 120) throw new IllegalArgumentException("highlightSeconds: 1..120");
  }
}
