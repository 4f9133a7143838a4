package vn.luot.server.journal;

import java.time.Instant;
import java.time.LocalDate;

/**
 * One row of the ticket projection, as reports read it. Durations in milliseconds, null when not applicable.
 * {@code ratingReason} is a {@code RatingReason} name or null.
 */
public record TicketRow(String id, LocalDate day, String number, String field, boolean priority, String priorityGroup,
                        String purpose, String status, Instant issuedAt, Instant calledAt, String counter, String clerk,
                        String outcome, String transferredFrom, Integer rating, Long waitMs, Long serviceMs,
                        String ratingReason) {}
