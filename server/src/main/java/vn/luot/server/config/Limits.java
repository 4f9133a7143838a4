package vn.luot.server.config;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Abuse limits (docs/OPERATIONS.md, "Abuse limits"). Set under {@code limits:} in the config file or with
 * {@code LUOT_LIMITS_*} environment variables (the key in upper snake case: issuePerKioskBurst is
 * LUOT_LIMITS_ISSUE_PER_KIOSK_BURST).
 *
 * @param issuePerKioskPerSecond   tickets a kiosk id earns back per second
 * @param issuePerKioskBurst       tickets a kiosk may issue back to back
 * @param issuePerAddressPerSecond tickets a client address earns back per second
 * @param issuePerAddressBurst     tickets an address may issue back to back
 * @param loginFailuresPerUser     failed logins of one username before 429, within the window
 * @param loginFailuresPerAddress  failed logins from one address before 429, within the window
 * @param loginWindowSeconds       the window over which failures are forgiven again
 * @param webSocketsPerAddress     concurrent WebSockets one address may hold
 * @param webSocketMessageBytes    the largest WebSocket frame or message a client may send
 * @param webSocketStallSeconds    how long a screen's socket may stay too full to write to before it is closed
 * @param trustForwardedFor        take the client address from X-Forwarded-For (only behind a proxy that sets it)
 */
public record Limits(double issuePerKioskPerSecond, int issuePerKioskBurst, double issuePerAddressPerSecond,
                     int issuePerAddressBurst, int loginFailuresPerUser, int loginFailuresPerAddress,
                     int loginWindowSeconds, int webSocketsPerAddress, int webSocketMessageBytes,
                     int webSocketStallSeconds, boolean trustForwardedFor) {
  public static final Limits DEFAULT = new Limits(2, 10, 20, 100, 5, 20, 300, 200, 4 * 1024, 30, false);
  public static final String ENV_PREFIX = "LUOT_LIMITS_";

  public Limits {
    if (issuePerKioskPerSecond <= 0 || issuePerKioskBurst < 1 || issuePerAddressPerSecond <= 0 || issuePerAddressBurst < 1
        || loginFailuresPerUser < 1 || loginFailuresPerAddress < 1 || loginWindowSeconds < 1 || webSocketsPerAddress < 1
        || webSocketMessageBytes < 256 || webSocketStallSeconds < 1) {
      throw new ConfigException("limits: every limit must be positive (webSocketMessageBytes at least 256)", null);
    }
  }

  /** The file's values over the defaults, then the environment's over both. */
  static Limits resolve(Map<String, Object> file, Map<String, String> env) {
    Map<String, Object> values = new LinkedHashMap<>();
    Limits d = DEFAULT;
    values.put("issuePerKioskPerSecond", d.issuePerKioskPerSecond);
    values.put("issuePerKioskBurst", d.issuePerKioskBurst);
    values.put("issuePerAddressPerSecond", d.issuePerAddressPerSecond);
    values.put("issuePerAddressBurst", d.issuePerAddressBurst);
    values.put("loginFailuresPerUser", d.loginFailuresPerUser);
    values.put("loginFailuresPerAddress", d.loginFailuresPerAddress);
    values.put("loginWindowSeconds", d.loginWindowSeconds);
    values.put("webSocketsPerAddress", d.webSocketsPerAddress);
    values.put("webSocketMessageBytes", d.webSocketMessageBytes);
    values.put("webSocketStallSeconds", d.webSocketStallSeconds);
    values.put("trustForwardedFor", d.trustForwardedFor);
    if (file != null) {
      for (Map.Entry<String, Object> e : file.entrySet()) {
        if (!values.containsKey(e.getKey())) throw new ConfigException("limits: unknown key " + e.getKey(), null);
        if (e.getValue() != null) values.put(e.getKey(), e.getValue());
      }
    }
    for (String key : values.keySet()) {
      String name = ENV_PREFIX + key.replaceAll("([A-Z])", "_$1").toUpperCase(java.util.Locale.ROOT);
      if (env.containsKey(name)) values.put(key, env.get(name).trim());
    }
    return new Limits(number(values, "issuePerKioskPerSecond"), (int) number(values, "issuePerKioskBurst"),
        number(values, "issuePerAddressPerSecond"), (int) number(values, "issuePerAddressBurst"),
        (int) number(values, "loginFailuresPerUser"), (int) number(values, "loginFailuresPerAddress"),
        (int) number(values, "loginWindowSeconds"), (int) number(values, "webSocketsPerAddress"),
        (int) number(values, "webSocketMessageBytes"), (int) number(values, "webSocketStallSeconds"),
        bool(values, "trustForwardedFor"));
  }

  private static double number(Map<String, Object> values, String key) {
    Object v = values.get(key);
    if (v instanceof Number n) return n.doubleValue();
    try {
      return Double.parseDouble(String.valueOf(v));
    } catch (NumberFormatException e) {
      throw new ConfigException("limits." + key + " must be a number, not " + v, e);
    }
  }

  private static boolean bool(Map<String, Object> values, String key) {
    Object v = values.get(key);
    if (v instanceof Boolean b) return b;
    String s = String.valueOf(v);
    if (s.equalsIgnoreCase("true") || s.equalsIgnoreCase("false")) return Boolean.parseBoolean(s);
    throw new ConfigException("limits." + key + " must be true or false, not " + v, null);
  }
}
