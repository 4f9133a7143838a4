package vn.luot.server.push;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import vn.luot.server.domain.CenterConfig;
import vn.luot.server.engine.Engines;
import vn.luot.server.journal.Journal;
import vn.luot.server.wire.WireFormat;

/**
 * Where a citizen's tracking token leads: to the live ticket while it is in today's queue, and afterwards (the day
 * rolled over) to its last state in the ticket projection, so a phone opened tomorrow still shows "EXPIRED" or
 * "DONE" instead of nothing.
 */
public final class TicketArchive {
  private final Vertx vertx;
  private final Engines engines;
  private final Journal journal;

  public TicketArchive(Vertx vertx, Engines engines, Journal journal) {
    this.vertx = vertx;
    this.engines = engines;
    this.journal = journal;
  }

  /** The live view, or null when today's queue does not hold the ticket. */
  public Future<JsonObject> live(String center, String token) {
    return engines.read(center, state -> state.ticketByTrackToken(token).map(t -> WireFormat.track(state, t)).orElse(null));
  }

  /** The view from the projection, or null when the token was never issued. */
  public Future<JsonObject> archived(String center, String token) {
    CenterConfig config = engines.center(center).orElseThrow();
    return vertx.executeBlocking(() -> journal.ticketByTrackToken(center, token)
        .map(row -> WireFormat.track(config, row)).orElse(null), false);
  }

  /** Live if possible, else archived, else null. */
  public Future<JsonObject> view(String center, String token) {
    return live(center, token).compose(view -> view != null ? Future.succeededFuture(view) : archived(center, token));
  }
}
