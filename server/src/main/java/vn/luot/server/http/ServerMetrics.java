package vn.luot.server.http;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.concurrent.ConcurrentHashMap;
import vn.luot.server.domain.CenterState;
import vn.luot.server.domain.event.Recorded;
import vn.luot.server.engine.EventSink;
import vn.luot.server.journal.EventCodec;

/**
 * Lượt's own meters beside Vert.x's: events journaled by type (tickets issued, calls…), rejected commands by code,
 * journal batch sizes (how well group commit works) and stalled WebSockets closed.
 */
public final class ServerMetrics implements EventSink {
  private final MeterRegistry registry;
  private final EventCodec names = new EventCodec();
  private final ConcurrentHashMap<String, Counter> events = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, Counter> rejections = new ConcurrentHashMap<>();
  private final DistributionSummary batchSize;
  private final Counter stalledSocketsClosed;

  public ServerMetrics(MeterRegistry registry) {
    this.registry = registry;
    this.batchSize = DistributionSummary.builder("luot_journal_batch_appends")
        .description("appends committed together in one journal transaction").register(registry);
    this.stalledSocketsClosed = Counter.builder("luot_ws_dropped_slow")
        .description("WebSockets closed because they stayed too full to write to (stalled screens)").register(registry);
  }

  public MeterRegistry registry() {
    return registry;
  }

  @Override
  public void published(String center, Recorded recorded, CenterState after) {
    String type = names.typeOf(recorded.event());
    events.computeIfAbsent(center + "/" + type, k -> Counter.builder("luot_events")
        .description("events journaled, by center and type").tags(Tags.of("center", center, "type", type))
        .register(registry)).increment();
  }

  void rejected(String center, String code) {
    rejections.computeIfAbsent(center + "/" + code, k -> Counter.builder("luot_rejections")
        .description("commands refused by the queue rules, by code").tags(Tags.of("center", center, "code", code))
        .register(registry)).increment();
  }

  public void journalBatch(int appends) {
    batchSize.record(appends);
  }

  /** A stream socket the server closed because it stopped taking data (PushHub's stall limit). */
  public void stalledSocketClosed() {
    stalledSocketsClosed.increment();
  }
}
