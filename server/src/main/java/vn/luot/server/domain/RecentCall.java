package vn.luot.server.domain;

import java.time.Instant;

/** A call shown on the lobby screen. */
public record RecentCall(String ticketId, String number, String field, String counter, Instant at, boolean recall) {}
