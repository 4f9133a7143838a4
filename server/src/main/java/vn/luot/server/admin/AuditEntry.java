package vn.luot.server.admin;

import java.time.Instant;

/**
 * One change as the audit log keeps it: who, what, when.
 *
 * @param center the center changed, or null for a change not tied to one center
 * @param action what was done, e.g. {@code account.create}, {@code kiosk.rotateKey}, {@code settings.change}
 * @param target what it was done to (a username, a kiosk id, a center)
 * @param detail JSON with the particulars, or null; never a password or a key
 */
public record AuditEntry(String id, Instant at, String actor, String center, String action, String target,
                         String detail) {}
