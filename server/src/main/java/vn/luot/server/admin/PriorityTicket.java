package vn.luot.server.admin;

import java.time.Instant;

/** A priority ticket of the day and who granted it (null when taken at a kiosk by the citizen). */
public record PriorityTicket(String id, String number, String field, String priorityGroup, String grantedBy,
                             String kiosk, String status, Instant issuedAt) {}
