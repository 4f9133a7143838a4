package vn.luot.printer.layout;

import java.text.MessageFormat;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.MissingResourceException;
import java.util.ResourceBundle;

/**
 * The printed words of a ticket, read from {@code TicketLabels.properties} so the Vietnamese lives in one
 * resource and not in the layout code. Both layouts take their lines from here.
 */
public final class TicketLabels {
  private static final Locale VIETNAMESE = Locale.forLanguageTag("vi-VN");
  private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("dd/MM/yyyy HH:mm", VIETNAMESE);
  /** Priority groups the server sends ({@code priorityGroup} in the job message). */
  public static final List<String> PRIORITY_GROUPS = List.of("ELDERLY", "DISABILITY", "PREGNANT", "MERIT");

  private final ResourceBundle bundle;

  public TicketLabels() {
    this.bundle = ResourceBundle.getBundle("vn.luot.printer.layout.TicketLabels", Locale.ROOT);
  }

  public String numberCaption() { return text("numberCaption"); }

  /** "Ngày giờ: 28/11/2026 14:05", in the offset the time carries. */
  public String issuedAt(OffsetDateTime at) { return format("issuedAt", DATE_TIME.format(at)); }

  public String ahead(int people) { return format("ahead", Integer.toString(people)); }

  public String estimatedWait(int minutes) {
    return minutes < 1 ? text("estimatedWaitUnderOne") : format("estimatedWait", Integer.toString(minutes));
  }

  public String footer() { return text("footer"); }

  /**
   * The printed priority line for a priority ticket: "Ưu tiên — Người cao tuổi", or just "Ưu tiên" when the group
   * is absent or one this agent does not know yet (the server may add groups).
   */
  public String priority(String group) {
    if (group == null) return text("priority");
    try {
      return format("priorityWithGroup", bundle.getString("priorityGroup." + group));
    } catch (MissingResourceException unknown) {
      return text("priority");
    }
  }

  /** Every label as printed with sample values; the glyph test checks the font draws all of them. */
  public List<String> all() {
    List<String> all = new ArrayList<>(List.of(numberCaption(), issuedAt(OffsetDateTime.now()), ahead(3),
        estimatedWait(12), estimatedWait(0), footer(), priority(null)));
    for (String group : PRIORITY_GROUPS) all.add(priority(group));
    return Collections.unmodifiableList(all);
  }

  private String text(String key) { return bundle.getString(key); }

  private String format(String key, String value) {
    return new MessageFormat(bundle.getString(key), VIETNAMESE).format(new Object[] {value});
  }
}
