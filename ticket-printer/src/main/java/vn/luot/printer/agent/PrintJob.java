package vn.luot.printer.agent;

import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import vn.luot.printer.layout.TicketData;
import vn.luot.printer.layout.TicketLabels;

/**
 * A print job as the server sends it:
 * <pre>
 * {"type":"job","jobId":"20261128-A012#1","center":{"id":"default","name":"Trung tâm …"},
 *  "ticket":{"id":"20261128-A012","number":"A012","field":"DD","fieldName":"Đất đai","priority":false,
 *            "priorityGroup":null,"issuedAt":"2026-11-28T14:05:09.123+07:00","ahead":3,
 *            "estimatedWaitMinutes":12,"trackToken":"default.xxxx"}}
 * </pre>
 * Parsed and checked at the edge, so the rest of the agent handles only well-formed jobs.
 */
public record PrintJob(String jobId, String centerName, String ticketId, String number, String fieldName,
                       boolean priority, String priorityGroup, OffsetDateTime issuedAt, int ahead,
                       int estimatedWaitMinutes, String trackToken) {

  /** Job ids go into the printed-jobs log one per line, so they must be single-line and short. */
  static final int MAX_JOB_ID_LENGTH = 200;

  /** A job message that cannot be printed; the message names the missing or bad member. */
  public static final class BadJobException extends Exception {
    private final String jobId;

    BadJobException(String jobId, String message) {
      super(message);
      this.jobId = jobId;
    }

    /** The job id if the message had one, so the server can be told; else null. */
    public String jobId() { return jobId; }
  }

  public static PrintJob fromJson(JsonObject message) throws BadJobException {
    String jobId = message.getValue("jobId") instanceof String s && !s.isBlank() ? s : null;
    if (jobId == null) throw new BadJobException(null, "job without a jobId");
    if (jobId.length() > MAX_JOB_ID_LENGTH || jobId.chars().anyMatch(Character::isISOControl)) {
      throw new BadJobException(null, "unusable jobId (control characters or longer than " + MAX_JOB_ID_LENGTH + ")");
    }
    try {
      JsonObject center = object(message, "center");
      JsonObject ticket = object(message, "ticket");
      return new PrintJob(jobId,
          text(center, "name"),
          text(ticket, "id"),
          text(ticket, "number"),
          text(ticket, "fieldName"),
          Boolean.TRUE.equals(ticket.getValue("priority")),
          ticket.getValue("priorityGroup") instanceof String g ? g : null,
          OffsetDateTime.parse(text(ticket, "issuedAt")),
          count(ticket, "ahead"),
          count(ticket, "estimatedWaitMinutes"),
          text(ticket, "trackToken"));
    } catch (IllegalArgumentException | ClassCastException | DateTimeParseException e) {
      throw new BadJobException(jobId, "bad job " + jobId + ": " + e.getMessage());
    }
  }

  /** What the ticket says; the QR code holds {@code <server>/t/<trackToken>}. */
  public TicketData toTicketData(URI server, TicketLabels labels) {
    return new TicketData(centerName, fieldName, number, priority ? labels.priority(priorityGroup) : null, issuedAt,
        ahead, estimatedWaitMinutes, trackUrl(server, trackToken));
  }

  static String trackUrl(URI server, String trackToken) {
    String base = server.toString();
    while (base.endsWith("/")) base = base.substring(0, base.length() - 1);
    return base + "/t/" + trackToken;
  }

  private static JsonObject object(JsonObject json, String key) {
    Object value = json.getValue(key);
    if (!(value instanceof JsonObject o)) throw new IllegalArgumentException("'" + key + "' is not an object");
    return o;
  }

  private static String text(JsonObject json, String key) {
    Object value = json.getValue(key);
    if (!(value instanceof String s) || s.isBlank()) throw new IllegalArgumentException("'" + key + "' is missing");
    return s;
  }

  private static int count(JsonObject json, String key) {
    Object value = json.getValue(key);
    if (!(value instanceof Number n) || n.intValue() < 0) {
      throw new IllegalArgumentException("'" + key + "' is not a count");
    }
    return n.intValue();
  }
}
