package vn.luot.server.domain;

/**
 * The printing of a kiosk ticket: which copy is due (1 the first print, 2 the first reprint…) and how it went.
 *
 * @param reason why the last copy failed (PAPER_OUT, OFFLINE…), or null
 */
public record PrintJob(String ticketId, String kiosk, int copy, PrintStatus status, String reason) {}
