package vn.luot.server.push;

import io.netty.buffer.ByteBuf;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.logging.Logger;
import vn.luot.server.engine.Engines;
import vn.luot.server.wire.WireFormat;

/**
 * The stream of one center to the sockets of one event loop. Every subscriber first gets a snapshot at some seq,
 * then every later event in seq order; a gap, a reconnect or a socket too slow to keep up earns a fresh snapshot
 * instead, so nothing grows without bound and nobody shows stale data.
 */
final class CenterFeed {
  private static final Logger LOG = Logger.getLogger(CenterFeed.class.getName());
  private static final long RETRY_MS = 1_000;

  private final Vertx vertx;
  /** The event loop's context: everything of this feed runs on it. */
  private final Context context;
  private final Engines engines;
  private final TicketArchive archive;
  private final PushHub.StallPolicy stall;
  private final String center;
  private final Set<Subscriber> subscribers = new LinkedHashSet<>();
  /** The subscribers as an array, to go through per event without a copy each time; null after a change. */
  private Subscriber[] everyone;
  private MessageConsumer<JsonArray> consumer;
  /** The newest seq seen on the bus; a cached snapshot older than it is not served. */
  private long newestSeq = -1;
  /** A snapshot shared by the screens of one kind, with its frames (see {@link #frames}). */
  private record Shared(JsonObject snapshot, ByteBuf frames) {}

  /** Per counter ("" for the lobby), the last snapshot read and the read in flight (see {@link #sharedSnapshot}). */
  private final Map<String, Shared> cachedSnapshots = new HashMap<>();
  private final Map<String, Future<JsonObject>> snapshotsInFlight = new HashMap<>();
  /** The last message sent on its own and its frames (see {@link #frames}); this feed runs on one event loop. */
  private JsonObject lastEncoded;
  private ByteBuf lastFrames;

  CenterFeed(Vertx vertx, Engines engines, TicketArchive archive, PushHub.StallPolicy stall, String center) {
    this.vertx = vertx;
    this.context = vertx.getOrCreateContext();
    this.engines = engines;
    this.archive = archive;
    this.stall = stall;
    this.center = center;
  }

  /** @param closed run once when the subscriber's socket closes */
  void add(Subscriber s, Runnable closed) {
    if (consumer == null) {
      consumer = vertx.eventBus().localConsumer(BusPublisher.address(center), m -> onAppend(m.body()));
    }
    // While anyone here follows the center, its engine stays up to pass on what other nodes append.
    if (subscribers.isEmpty()) engines.follow(center);
    subscribers.add(s);
    everyone = null;
    s.socket.closeHandler(v -> {
      vertx.cancelTimer(s.stallTimer);
      s.whenWritable(null);
      everyone = null;
      if (subscribers.remove(s) && subscribers.isEmpty()) engines.unfollow(center);
      closed.run();
    });
    s.socket.textMessageHandler(text -> onClientMessage(s, text));
    resync(s);
  }

  /** Sends a WebSocket ping to each subscriber, so dead connections are noticed and proxies keep live ones. */
  void ping() {
    for (Subscriber s : subscribers) {
      if (!s.socket.isClosed() && s.writable()) s.socket.writePing(io.vertx.core.buffer.Buffer.buffer());
    }
  }

  private void onClientMessage(Subscriber s, String text) {
    String type = ClientMessage.parse(text).type();
    if ("resync".equals(type) && !s.awaitingSnapshot) resync(s);
    else if ("ping".equals(type)) send(s, new JsonObject().put("type", "pong"));
  }

  /**
   * The events of one append (BusPublisher), to every subscriber: each socket is written what it gets of them in one
   * buffer and flushed at once, one system call per socket per command. Each socket's objects are touched once per
   * append; with a flush left to the end of the turn, a thousand of them were touched twice.
   */
  private void onAppend(JsonArray bus) {
    int count = bus.size();
    // Read once here, not once per screen: a thousand screens made that a few thousand map lookups per event.
    Envelope[] events = new Envelope[count];
    for (int i = 0; i < count; i++) {
      events[i] = Envelope.of(bus.getJsonObject(i));
      if (events[i].seq() > newestSeq) newestSeq = events[i].seq();
    }
    if (everyone == null) everyone = subscribers.toArray(new Subscriber[0]);
    for (int from = 0; from < count; from += AppendFrames.MAX) {
      int to = Math.min(count, from + AppendFrames.MAX);
      JsonObject[] messages = new JsonObject[to - from];
      for (int i = from; i < to; i++) messages[i - from] = events[i].message();
      AppendFrames joined = new AppendFrames(messages);
      try {
        for (Subscriber s : everyone) {
          long mask = 0;
          for (int i = from; i < to; i++) {
            if (deliver(s, events[i])) mask |= 1L << (i - from);
          }
          if (mask != 0) send(s, joined.frames(mask));
        }
      } finally {
        joined.release();
      }
    }
  }

  /**
   * Brings the subscriber's seq up to {@code envelope}'s (holding it while a snapshot is on the way, asking for a
   * snapshot after a gap), and says whether the subscriber is to be sent its message.
   */
  private boolean deliver(Subscriber s, Envelope envelope) {
    if (s.awaitingSnapshot) {
      if (s.held.size() < Subscriber.MAX_HELD) s.held.add(envelope);
      else s.overflow = true;
      return false;
    }
    long seq = envelope.seq();
    if (seq <= s.lastSeq) return false;
    if (seq != s.lastSeq + 1) {
      resync(s);
      return false;
    }
    s.lastSeq = seq;
    if (s.stale) return false;
    if (s.tracksTicket()) {
      boolean own = s.trackToken.equals(envelope.trackToken());
      if (own || s.trackField == null || envelope.field() == null || s.trackField.equals(envelope.field())) {
        refreshTicket(s);
      }
      return own;
    }
    String counter = envelope.counter();
    return s.counter == null || counter == null || s.counter.equals(counter);
  }

  /** Sends one message on its own: a snapshot, an event held while it was on the way, a pong, a phone's view. */
  private void send(Subscriber s, JsonObject message) {
    send(s, frames(message));
  }

  /**
   * The frames of a message sent on its own, encoded once however many sockets it goes to: a reconnect storm sends
   * the shared snapshots, and the events held meanwhile, to thousands. Messages are not changed once built. The feed
   * keeps one reference to each shared snapshot's frames, until it is replaced, and one to the last other message's,
   * until the next.
   */
  private ByteBuf frames(JsonObject message) {
    for (Shared shared : cachedSnapshots.values()) {
      if (shared.snapshot() == message) return shared.frames();
    }
    if (message != lastEncoded) {
      if (lastFrames != null) lastFrames.release();
      lastFrames = TextFrames.encode(message.encode());
      lastEncoded = message;
    }
    return lastFrames;
  }

  /** Writes a duplicate of {@code frames} (the caller keeps its reference) and flushes. */
  private void send(Subscriber s, ByteBuf frames) {
    if (s.socket.isClosed()) return;
    if (!s.writable()) {
      if (!s.stale) stalled(s);
      return;
    }
    s.writeAndFlush(frames.retainedDuplicate());
  }

  /**
   * Too slow to keep up: stop queueing for it, and bring it up to date once it drains. One that does not drain
   * within the stall limit is cut off, and its queue freed: a screen reconnects by itself and gets a snapshot anyway.
   */
  private void stalled(Subscriber s) {
    s.stale = true;
    s.stallTimer = vertx.setTimer(stall.limitMs(), id -> {
      if (s.socket.isClosed()) return;
      LOG.fine("cutting off a stream socket of " + center + " stalled for " + stall.limitMs() + " ms");
      stall.closed().run();
      // The client's kernel still hands it what had reached it, then the end of the stream; the close handler
      // runs as usual.
      s.cutOff();
    });
    s.whenWritable(() -> context.runOnContext(v -> {
      vertx.cancelTimer(s.stallTimer);
      s.stale = false;
      resync(s);
    }));
  }

  private void resync(Subscriber s) {
    if (s.socket.isClosed()) return;
    s.awaitingSnapshot = true;
    s.held.clear();
    s.overflow = false;
    snapshotFor(s).onComplete(ar -> {
      if (s.socket.isClosed()) return;
      if (ar.failed()) {
        LOG.fine("snapshot of " + center + " failed, retrying: " + ar.cause().getMessage());
        vertx.setTimer(RETRY_MS, id -> resync(s));
        return;
      }
      if (ar.result() == null) {
        // The ticket followed is no longer in today's queue (the day rolled over).
        s.socket.close((short) 4404, "ticket unknown");
        return;
      }
      JsonObject snapshot = ar.result();
      s.awaitingSnapshot = false;
      s.lastSeq = snapshot.getLong("seq");
      send(s, snapshot);
      if (s.overflow) {
        resync(s);
        return;
      }
      List<Envelope> held = new ArrayList<>(s.held);
      s.held.clear();
      for (Envelope envelope : held) {
        if (deliver(s, envelope)) send(s, envelope.message());
      }
    });
  }

  private Future<JsonObject> snapshotFor(Subscriber s) {
    if (s.tracksTicket()) {
      String token = s.trackToken;
      return engines.read(center, state -> state.ticketByTrackToken(token)
          .map(t -> WireFormat.trackSnapshot(state, t).put("field", t.field()))
          .orElse(null))
          .map(snap -> {
            if (snap != null) s.trackField = (String) snap.remove("field");
            return snap;
          });
    }
    return sharedSnapshot(s.counter);
  }

  /**
   * The snapshot of the lobby (counter null) or of one counter's screen: one engine read serves every screen that
   * asks for the same one in the meantime, and its result every later one until the next event: a reconnect storm
   * reads and encodes once per counter.
   */
  private Future<JsonObject> sharedSnapshot(String counter) {
    String key = counter == null ? "" : counter;
    Shared cached = cachedSnapshots.get(key);
    if (cached != null && cached.snapshot().getLong("seq") >= newestSeq) return Future.succeededFuture(cached.snapshot());
    Future<JsonObject> inFlight = snapshotsInFlight.get(key);
    if (inFlight != null) return inFlight;
    Future<JsonObject> read = engines.read(center, counter == null ? WireFormat::snapshot
        : state -> WireFormat.snapshot(state)
            .put("counter", state.counter(counter).map(c -> WireFormat.counter(state, c)).orElse(null)));
    snapshotsInFlight.put(key, read);
    read.onComplete(ar -> {
      snapshotsInFlight.remove(key, read);
      if (ar.failed()) return;
      Shared replaced = cachedSnapshots.put(key, new Shared(ar.result(), TextFrames.encode(ar.result().encode())));
      if (replaced != null) replaced.frames().release();
    });
    return read;
  }

  /**
   * A phone's ticket view after anything that may move it: coalesced so one read is in flight per phone. It follows
   * the ticket to its new field after a transfer; when the day has ended and the ticket left the queue, the phone
   * gets its last state from the archive and the stream closes, as nothing more will happen to it.
   */
  private void refreshTicket(Subscriber s) {
    if (s.refreshing) {
      s.refreshAgain = true;
      return;
    }
    s.refreshing = true;
    long seq = s.lastSeq;
    archive.live(center, s.trackToken).onComplete(ar -> {
      s.refreshing = false;
      if (ar.failed()) return;
      JsonObject view = ar.result();
      if (view == null) {
        archive.archived(center, s.trackToken).onSuccess(last -> {
          if (last != null) send(s, new JsonObject().put("type", "ticket").put("seq", seq).put("ticket", last));
          s.socket.close((short) 1000, "ticket closed");
        });
        return;
      }
      s.trackField = view.getString("field");
      if (!s.stale) send(s, new JsonObject().put("type", "ticket").put("seq", seq).put("ticket", view));
      if (s.refreshAgain) {
        s.refreshAgain = false;
        refreshTicket(s);
      }
    });
  }
}
