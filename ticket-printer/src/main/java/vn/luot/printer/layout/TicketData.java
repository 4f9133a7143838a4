package vn.luot.printer.layout;

import java.time.OffsetDateTime;
import java.util.Objects;

/**
 * What one printed ticket says, already in the citizen's language: the input of both layouts.
 *
 * @param centerName           the center's display name, e.g. "Trung tâm Phục vụ Hành chính công TP Thanh Hóa"
 * @param fieldName            the procedure field's display name, e.g. "Đất đai"
 * @param number               the ticket number, e.g. "A012"
 * @param priorityLabel        a printed priority line such as "Ưu tiên — Người cao tuổi", or null for a normal ticket
 * @param issuedAt             when the ticket was issued, shown in its own offset (the center's zone)
 * @param ahead                people waiting before this ticket
 * @param estimatedWaitMinutes the server's estimate
 * @param trackUrl             the link in the QR code, e.g. "http://10.0.0.2:8080/t/default.xxxx"
 */
public record TicketData(String centerName, String fieldName, String number, String priorityLabel,
                         OffsetDateTime issuedAt, int ahead, int estimatedWaitMinutes, String trackUrl) {

  public TicketData {
    Objects.requireNonNull(centerName, "centerName");
    Objects.requireNonNull(fieldName, "fieldName");
    Objects.requireNonNull(number, "number");
    Objects.requireNonNull(issuedAt, "issuedAt");
    Objects.requireNonNull(trackUrl, "trackUrl");
    if (number.isBlank()) throw new IllegalArgumentException("number is blank");
    if (trackUrl.isBlank()) throw new IllegalArgumentException("trackUrl is blank");
    if (ahead < 0) throw new IllegalArgumentException("ahead < 0: " + ahead);
    if (estimatedWaitMinutes < 0) throw new IllegalArgumentException("estimatedWaitMinutes < 0: " + estimatedWaitMinutes);
  }
}
