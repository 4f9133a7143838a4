package vn.luot.server.engine;

import io.vertx.core.Future;
import java.util.List;
import java.util.function.Consumer;
import vn.luot.server.domain.event.Recorded;

/**
 * How the engines of one center on different nodes learn of each other's appends. Only a hint: the journal is the
 * truth, so a hint lost, late or out of order costs an engine one reload from the journal, never a wrong state.
 */
public interface Replication {
  /** A single node: nobody else appends. */
  Replication NONE = new Replication() {
    @Override
    public void appended(String center, List<Recorded> events) {}

    @Override
    public Future<Runnable> listen(String center, Consumer<List<Recorded>> others) {
      return Future.succeededFuture(() -> {});
    }

    @Override
    public long checkJournalMillis() {
      return 0;
    }
  };

  /** Tells the other nodes of events this node just made durable. */
  void appended(String center, List<Recorded> events);

  /**
   * Hands the events other nodes made durable to {@code others}, on the caller's context; completes, once listening,
   * with what stops it.
   */
  Future<Runnable> listen(String center, Consumer<List<Recorded>> others);

  /**
   * How often an idle engine reads the journal for appends whose hint never came (a lost message, a partition);
   * 0 for never.
   */
  long checkJournalMillis();
}
