package vn.luot.server.reliability;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * What the fuzzing run knows of the center, as its clients would: the staff's tokens, the fields and counters, and
 * the tickets issued so far (id and tracking token), which the requests then name.
 */
final class Desk {
  /** A ticket as the run knows it; after a transfer, the new ticket keeps the tracking token. */
  record Issued(String id, String trackToken) {}

  final String admin;
  final String supervisor;
  final Map<String, String> clerks;
  final List<String> fields;
  final List<String> counters;
  final List<Issued> issued = new ArrayList<>();
  /** The print agent's key of kiosk KF, made by the run's admin. */
  final String kioskKey;

  Desk(String admin, String supervisor, Map<String, String> clerks, List<String> fields, List<String> counters,
       String kioskKey) {
    this.admin = admin;
    this.supervisor = supervisor;
    this.clerks = clerks;
    this.fields = fields;
    this.counters = counters;
    this.kioskKey = kioskKey;
  }

  String clerk(String counter) {
    return clerks.getOrDefault(counter, clerks.values().iterator().next());
  }

  /** A known ticket, recent ones more often (they are the ones still open); null before the first. */
  Issued someTicket(SplittableRandom random) {
    if (issued.isEmpty()) return null;
    int n = issued.size();
    return issued.get(random.nextBoolean() ? n - 1 - random.nextInt(Math.min(n, 30)) : random.nextInt(n));
  }

  void issued(String id, String trackToken) {
    issued.add(new Issued(id, trackToken));
  }

  /** A transferred ticket's new id, followed by the same tracking token as the one it came from. */
  void transferred(String from, String newId) {
    for (int i = issued.size() - 1; i >= 0; i--) {
      if (issued.get(i).id().equals(from)) {
        issued.add(new Issued(newId, issued.get(i).trackToken()));
        return;
      }
    }
  }
}
