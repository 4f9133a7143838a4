package vn.luot.server.domain;

/**
 * Stable codes for commands that do not apply to the current state. Each says whether the thing named does not
 * exist ({@link Kind#NOT_FOUND}), the request itself is wrong ({@link Kind#INVALID}) or the state forbids it now
 * ({@link Kind#CONFLICT}); the HTTP layer maps the kind to 404, 422 or 409.
 */
public enum RejectionCode {
  FIELD_UNKNOWN(Kind.NOT_FOUND),
  COUNTER_UNKNOWN(Kind.NOT_FOUND),
  TICKET_UNKNOWN(Kind.NOT_FOUND),
  COUNTER_PAUSED(Kind.CONFLICT),
  COUNTER_NOT_PAUSED(Kind.CONFLICT),
  COUNTER_BUSY(Kind.CONFLICT),
  NOTHING_CALLED(Kind.CONFLICT),
  NOTHING_SERVING(Kind.CONFLICT),
  ALREADY_STARTED(Kind.CONFLICT),
  RECALL_TOO_SOON(Kind.CONFLICT),
  TRANSFER_SAME_FIELD(Kind.INVALID),
  TICKET_NOT_WAITING(Kind.CONFLICT),
  NOT_FINISHED(Kind.CONFLICT),
  ALREADY_RATED(Kind.CONFLICT),
  RATING_CLOSED(Kind.CONFLICT),
  REASON_ONLY_WHEN_UNHAPPY(Kind.INVALID),
  SCORE_OUT_OF_RANGE(Kind.INVALID),
  IDEMPOTENCY_KEY_REUSED(Kind.CONFLICT),
  PRIORITY_GROUP_WITHOUT_PRIORITY(Kind.INVALID),
  CENTER_CLOSED(Kind.CONFLICT),
  FIELD_PAUSED(Kind.CONFLICT),
  FIELD_NOT_PAUSED(Kind.CONFLICT),
  NOT_PRINTED_AT_KIOSK(Kind.CONFLICT);

  /** What sort of refusal this is. */
  public enum Kind { NOT_FOUND, INVALID, CONFLICT }

  private final Kind kind;

  RejectionCode(Kind kind) {
    this.kind = kind;
  }

  public Kind kind() {
    return kind;
  }
}
