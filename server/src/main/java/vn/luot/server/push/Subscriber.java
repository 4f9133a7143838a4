package vn.luot.server.push;

import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.JsonObject;
import java.util.ArrayDeque;

/**
 * One screen, counter display or phone on a center's stream. Holds the last seq it was brought up to; events are
 * held back while its snapshot is on the way, and skipped while its socket is too slow to take them.
 */
final class Subscriber {
  /** Events held while a snapshot is on the way; past this the subscriber simply gets another snapshot. */
  static final int MAX_HELD = 256;

  final ServerWebSocket socket;
  /** Ends the connection at once, queue and all (PushHub#cutOff). */
  final Runnable cutOff;
  /** Only this counter's events (others' are skipped), or null for all. */
  final String counter;
  /** The ticket followed, or null for a screen. */
  final String trackToken;
  String trackField;
  long lastSeq = -1;
  boolean awaitingSnapshot;
  boolean stale;
  /** Closes the socket should it stay stale too long (PushHub.StallPolicy); -1 while none is set. */
  long stallTimer = -1;
  boolean overflow;
  boolean refreshing;
  boolean refreshAgain;
  final ArrayDeque<JsonObject> held = new ArrayDeque<>();

  Subscriber(ServerWebSocket socket, Runnable cutOff, String counter, String trackToken) {
    this.socket = socket;
    this.cutOff = cutOff;
    this.counter = counter;
    this.trackToken = trackToken;
  }

  boolean tracksTicket() {
    return trackToken != null;
  }
}
