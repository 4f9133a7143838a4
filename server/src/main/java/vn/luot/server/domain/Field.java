package vn.luot.server.domain;

import java.util.Objects;

/**
 * A procedure field (lĩnh vực) citizens take a ticket for, such as Đất đai.
 *
 * @param code                  short stable code used on the wire, e.g. {@code DD}
 * @param name                  display name in Vietnamese
 * @param prefix                letter(s) in front of the number, unique in a center, e.g. {@code A} gives {@code A012}
 * @param targetWaitMinutes     the waiting time a leader considers acceptable; reports count the share within it
 * @param defaultServiceMinutes used to estimate waiting before any ticket of the day has been served
 * @param disabled              no new tickets (the kiosk hides it); tickets already issued are still served. A field
 *                              is disabled rather than removed, because tickets and reports keep naming it
 */
public record Field(String code, String name, String prefix, int targetWaitMinutes, int defaultServiceMinutes,
                    boolean disabled) {
  public Field(String code, String name, String prefix, int targetWaitMinutes, int defaultServiceMinutes) {
    this(code, name, prefix, targetWaitMinutes, defaultServiceMinutes, false);
  }

  public Field {
    Objects.requireNonNull(code, "code");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(prefix, "prefix");
    if (targetWaitMinutes <= 0) throw new IllegalArgumentException("targetWaitMinutes must be positive for field " + code);
    if (defaultServiceMinutes <= 0) throw new IllegalArgumentException("defaultServiceMinutes must be positive for field " + code);
  }
}
