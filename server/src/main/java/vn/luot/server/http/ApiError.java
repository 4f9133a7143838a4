package vn.luot.server.http;

import java.util.Map;

/**
 * A request that is refused, with the HTTP status, the stable code and the details that fill the translated
 * message. Thrown or failed by handlers; the one failure handler turns it into {@code {"error":{…}}}.
 */
public final class ApiError extends RuntimeException {
  private final int status;
  private final String code;
  private final Map<String, String> details;

  public ApiError(int status, String code, Map<String, String> details) {
    super(code, null, false, false);
    this.status = status;
    this.code = code;
    this.details = Map.copyOf(details);
  }

  public static ApiError of(int status, String code) {
    return new ApiError(status, code, Map.of());
  }

  public static ApiError of(int status, String code, String key, String value) {
    return new ApiError(status, code, Map.of(key, String.valueOf(value)));
  }

  /** A body property with a wrong value; {@code reason} names a message of the bundle (reason.*). */
  public static ApiError invalidValue(String name, String reason) {
    return new ApiError(400, "INVALID_FIELD_VALUE", Map.of("name", name, "reason", "@reason." + reason));
  }

  public static ApiError invalidValue(String name, String reason, Map<String, String> more) {
    Map<String, String> details = new java.util.HashMap<>(more);
    details.put("name", name);
    details.put("reason", "@reason." + reason);
    return new ApiError(400, "INVALID_FIELD_VALUE", details);
  }

  /** A query parameter or header with a wrong value; {@code reason} names a message of the bundle (reason.*). */
  public static ApiError invalid(String code, String name, String reason) {
    return new ApiError(400, code, Map.of("name", name, "reason", "@reason." + reason));
  }

  public int status() { return status; }
  public String code() { return code; }
  public Map<String, String> details() { return details; }
}
