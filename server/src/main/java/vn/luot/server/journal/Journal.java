package vn.luot.server.journal;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import vn.luot.server.domain.CenterSettings;
import vn.luot.server.domain.event.Recorded;

/**
 * The durable, append-only record of every center's events, and the ticket projection reports read. Appends are
 * asynchronous and complete only once durable; reads block and belong on a worker thread.
 */
public interface Journal extends AutoCloseable {

  /**
   * Appends the next events of a center, together with their projection, in one durable step. Fails with
   * {@link SeqConflictException} when the first seq is not the next one (another writer got there first), or with
   * {@link JournalUnavailableException} when storage fails; in both cases nothing of it was written.
   */
  default CompletableFuture<Void> append(String center, List<Recorded> events) {
    return append(center, events, NO_EPOCH);
  }

  /** No fencing: a failed append does not refuse later ones (each stands alone). */
  long NO_EPOCH = -1;

  /**
   * As {@link #append(String, List)}, for a writer that pipelines: when an append of a center fails, every later
   * append of that center with the same (or an older) epoch fails too, with {@link SeqConflictException}: it was
   * decided on top of the failed one, and another writer may since have filled that seq. The writer takes a
   * {@link #newEpoch()} once it has caught up, and its appends go in again.
   */
  CompletableFuture<Void> append(String center, List<Recorded> events, long epoch);

  /** An epoch greater than every one handed out before by this journal. */
  long newEpoch();

  /** The events of the center's current service day: from its last DayOpened on (all, if none yet). Blocking. */
  List<Recorded> loadCurrentDay(String center);

  /** The events after the given seq. Blocking. */
  List<Recorded> loadAfter(String center, long seq);

  /** Projection rows of the center whose service day lies in [from, to]. Blocking. */
  List<TicketRow> tickets(String center, LocalDate from, LocalDate to);

  /** The newest projection row holding a tracking token (after a transfer, the new ticket). Blocking. */
  Optional<TicketRow> ticketByTrackToken(String center, String trackToken);

  /**
   * The center's settings as the newest Event.SettingsChanged before the given seq left them; empty when none was
   * (the config file's settings hold). Blocking.
   */
  Optional<CenterSettings> settingsBefore(String center, long seq);

  /** Whether storage answers now. Blocking. */
  boolean healthy();

  /**
   * Why the last write failed (disk full, read-only filesystem, database gone), while no write has succeeded since;
   * empty when writes work. Cheap: it reads what the writer last saw, it does not try a write.
   */
  default Optional<StorageFailure> writeFailure() {
    return Optional.empty();
  }

  @Override
  void close();
}
