package vn.luot.server.cluster;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.logging.Logger;
import vn.luot.server.domain.event.Recorded;
import vn.luot.server.engine.Replication;
import vn.luot.server.journal.EventCodec;

/**
 * Hints between the nodes of a cluster: each batch an engine made durable is published on the clustered event bus
 * at {@code luot.journal.{center}}, with the events in the journal's own encoding, and the engines of that center on
 * the other nodes apply it. The journal stays the truth: a hint that does not follow on makes an engine reload.
 */
public final class BusReplication implements Replication {
  private static final Logger LOG = Logger.getLogger(BusReplication.class.getName());
  /** A screen whose center's hints were lost is at most this late (one indexed read per center and period). */
  static final long CHECK_JOURNAL_MILLIS = 5_000;
  private final Vertx vertx;
  private final String nodeId;
  private final EventCodec codec = new EventCodec();

  public BusReplication(Vertx vertx, String nodeId) {
    this.vertx = vertx;
    this.nodeId = nodeId;
  }

  public static String address(String center) {
    return "luot.journal." + center;
  }

  @Override
  public void appended(String center, List<Recorded> events) {
    if (events.isEmpty()) return;
    JsonArray encoded = new JsonArray();
    for (Recorded r : events) {
      encoded.add(new JsonArray().add(r.seq()).add(codec.typeOf(r.event())).add(codec.encode(r.event())));
    }
    vertx.eventBus().publish(address(center), new JsonObject().put("origin", nodeId).put("events", encoded));
  }

  @Override
  public Future<Runnable> listen(String center, Consumer<List<Recorded>> others) {
    MessageConsumer<JsonObject> consumer = vertx.eventBus().consumer(address(center), m -> {
      if (nodeId.equals(m.body().getString("origin"))) return;
      List<Recorded> events;
      try {
        events = decode(m.body().getJsonArray("events"));
      } catch (RuntimeException e) {
        // A node of another version, say: ignore the hint; the next append here will meet the journal's key.
        LOG.warning("unreadable hint for " + center + " from " + m.body().getString("origin") + ": " + e);
        return;
      }
      others.accept(events);
    });
    return consumer.completion().map(v -> consumer::unregister);
  }

  @Override
  public long checkJournalMillis() {
    return CHECK_JOURNAL_MILLIS;
  }

  private List<Recorded> decode(JsonArray encoded) {
    List<Recorded> out = new ArrayList<>(encoded.size());
    for (int i = 0; i < encoded.size(); i++) {
      JsonArray e = encoded.getJsonArray(i);
      out.add(new Recorded(e.getLong(0), codec.decode(e.getString(1), e.getString(2))));
    }
    return out;
  }
}
