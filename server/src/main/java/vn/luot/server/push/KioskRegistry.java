package vn.luot.server.push;

import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the print agents last said about their printers: connected or not, and the printer's state (OK, PAPER_OUT,
 * COVER_OPEN, OFFLINE…). Kept in memory; shared by the event loops of one node.
 */
public final class KioskRegistry {
  /** One kiosk as the administrator sees it. */
  public record KioskStatus(String center, String kiosk, boolean connected, String printer, String detail,
                            Instant since, Instant lastSeen) {}

  private final ConcurrentHashMap<String, KioskStatus> kiosks = new ConcurrentHashMap<>();
  /** The newest agent connection of each kiosk: only it is sent jobs, so two agents never print the same ticket. */
  private final ConcurrentHashMap<String, Object> current = new ConcurrentHashMap<>();
  private final Clock clock;

  public KioskRegistry(Clock clock) {
    this.clock = clock;
  }

  /** Registers a new agent connection of the kiosk; it replaces any older one. */
  void connected(String center, String kiosk, Object connection) {
    current.put(key(center, kiosk), connection);
    Instant now = clock.instant();
    kiosks.compute(key(center, kiosk), (k, old) -> new KioskStatus(center, kiosk, true,
        old == null ? "UNKNOWN" : old.printer(), old == null ? null : old.detail(), now, now));
  }

  boolean isCurrent(String center, String kiosk, Object connection) {
    return current.get(key(center, kiosk)) == connection;
  }

  void disconnected(String center, String kiosk, Object connection) {
    if (!current.remove(key(center, kiosk), connection)) return; // a newer connection already took over
    Instant now = clock.instant();
    kiosks.computeIfPresent(key(center, kiosk), (k, old) -> new KioskStatus(center, kiosk, false, old.printer(),
        old.detail(), now, old.lastSeen()));
  }

  void printer(String center, String kiosk, String printer, String detail) {
    Instant now = clock.instant();
    kiosks.compute(key(center, kiosk), (k, old) -> {
      boolean changed = old == null || !printer.equals(old.printer());
      return new KioskStatus(center, kiosk, true, printer, detail, changed ? now : old.since(), now);
    });
  }

  public List<KioskStatus> of(String center) {
    return kiosks.values().stream().filter(k -> k.center().equals(center))
        .sorted(Comparator.comparing(KioskStatus::kiosk)).toList();
  }

  private static String key(String center, String kiosk) {
    return center + "/" + kiosk;
  }
}
