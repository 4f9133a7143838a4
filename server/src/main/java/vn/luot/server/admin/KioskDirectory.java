package vn.luot.server.admin;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The stored kiosks, kept in memory so a print agent's key is checked without a database read on every connection.
 * Replaced whole after each change (or a notice from another node). Safe to read from any thread.
 */
public final class KioskDirectory {
  /** What a print agent's key proves. */
  public enum Check { OK, UNKNOWN, DISABLED, WRONG_KEY }

  private volatile Map<String, KioskRecord> kiosks = Map.of();

  public void replace(List<KioskRecord> all) {
    Map<String, KioskRecord> byKey = new LinkedHashMap<>();
    for (KioskRecord k : all) byKey.put(k.center() + "/" + k.id(), k);
    kiosks = Map.copyOf(byKey);
  }

  public List<KioskRecord> of(String center) {
    return kiosks.values().stream().filter(k -> k.center().equals(center))
        .sorted(java.util.Comparator.comparing(KioskRecord::id)).toList();
  }

  public Check check(String center, String id, String presentedKey) {
    KioskRecord k = kiosks.get(center + "/" + id);
    if (k == null) return Check.UNKNOWN;
    if (k.disabled()) return Check.DISABLED;
    byte[] presented = hash(presentedKey).getBytes(StandardCharsets.US_ASCII);
    return MessageDigest.isEqual(presented, k.keyHash().getBytes(StandardCharsets.US_ASCII)) ? Check.OK : Check.WRONG_KEY;
  }

  /** SHA-256 in hex: enough for keys the server makes long and random (a password would need Argon2). */
  public static String hash(String key) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
