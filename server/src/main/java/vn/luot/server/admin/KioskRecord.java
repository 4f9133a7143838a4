package vn.luot.server.admin;

/**
 * A kiosk whose print agent may receive jobs.
 *
 * @param keyHash SHA-256 (hex) of the kiosk's key; the key itself is shown once and never stored
 */
public record KioskRecord(String center, String id, String name, String keyHash, boolean disabled) {}
