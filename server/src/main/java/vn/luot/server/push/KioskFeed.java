package vn.luot.server.push;

import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.HashSet;
import java.util.Set;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import vn.luot.server.domain.PrintJob;
import vn.luot.server.domain.PrintStatus;
import vn.luot.server.domain.command.Command;
import vn.luot.server.engine.Engines;
import vn.luot.server.wire.WireFormat;

/**
 * The print agent of one kiosk, on its WebSocket: it is sent every ticket of its kiosk still to print (on connect,
 * and whenever one is issued or a reprint is asked), and answers with printed / failed and its printer's status,
 * which become journal events and the kiosk's entry in the registry.
 */
public final class KioskFeed {
  private static final Logger LOG = Logger.getLogger(KioskFeed.class.getName());
  static final Pattern JOB_ID = Pattern.compile("(.{1,80})#([0-9]{1,4})");
  static final Pattern TOKEN = Pattern.compile("[A-Z_]{1,32}");

  private final Vertx vertx;
  private final Engines engines;
  private final KioskRegistry registry;
  private final String center;
  private final String kiosk;
  private final ServerWebSocket socket;
  /** Jobs sent on this connection, so a job is sent once per connection (the agent also keeps its own log). */
  private final Set<String> sent = new HashSet<>();
  private MessageConsumer<JsonArray> consumer;

  private KioskFeed(Vertx vertx, Engines engines, KioskRegistry registry, String center, String kiosk,
                    ServerWebSocket socket) {
    this.vertx = vertx;
    this.engines = engines;
    this.registry = registry;
    this.center = center;
    this.kiosk = kiosk;
    this.socket = socket;
  }

  public static void attach(Vertx vertx, Engines engines, KioskRegistry registry, String center, String kiosk,
                            ServerWebSocket socket) {
    new KioskFeed(vertx, engines, registry, center, kiosk, socket).start();
  }

  private void start() {
    registry.connected(center, kiosk, this);
    engines.follow(center);
    consumer = vertx.eventBus().localConsumer(BusPublisher.address(center), m -> onAppend(m.body()));
    socket.textMessageHandler(this::onAgentMessage);
    // A disabled kiosk or a new key ends this connection at once; the agent must reconnect with the current key.
    MessageConsumer<String> revoked = vertx.eventBus().consumer(
        vn.luot.server.admin.AdminService.revokedAddress(center, kiosk), m -> socket.close((short) 4401, "kiosk key revoked"));
    socket.closeHandler(v -> {
      revoked.unregister();
      engines.unfollow(center);
      consumer.unregister();
      registry.disconnected(center, kiosk, this);
    });
    sendPending();
  }

  /** The events of one append (BusPublisher): one look at the pending jobs however many of them print here. */
  private void onAppend(JsonArray envelopes) {
    if (!registry.isCurrent(center, kiosk, this)) {
      // Another agent of this kiosk connected since: this one steps aside, so no ticket prints twice.
      socket.close((short) 4409, "another agent took over this kiosk");
      return;
    }
    for (int i = 0; i < envelopes.size(); i++) {
      JsonObject envelope = envelopes.getJsonObject(i);
      String type = envelope.getJsonObject("message").getString("type");
      if (kiosk.equals(envelope.getString("kiosk")) && ("issued".equals(type) || "reprint".equals(type))) {
        sendPending();
        return;
      }
    }
  }

  /** Every job of this kiosk still pending that this connection has not been sent yet, in issue order. */
  private void sendPending() {
    engines.read(center, state -> {
      JsonArray jobs = new JsonArray();
      for (PrintJob job : state.printJobs()) {
        if (kiosk.equals(job.kiosk()) && job.status() == PrintStatus.PENDING) jobs.add(WireFormat.printJob(state, job));
      }
      return jobs;
    }).onSuccess(jobs -> {
      if (!registry.isCurrent(center, kiosk, this)) return;
      for (int i = 0; i < jobs.size(); i++) {
        JsonObject job = jobs.getJsonObject(i);
        if (sent.add(job.getString("jobId")) && !socket.isClosed()) socket.writeTextMessage(job.encode());
      }
    }).onFailure(e -> LOG.warning("jobs of kiosk " + kiosk + " not read: " + e.getMessage()));
  }

  private void onAgentMessage(String text) {
    ClientMessage message = ClientMessage.parse(text);
    JsonObject m = message.body();
    String type = message.type();
    switch (type) {
      case "printed", "failed" -> jobAnswer(type, m);
      case "status" -> {
        String printer = m.getValue("printer") instanceof String p && TOKEN.matcher(p).matches() ? p : "UNKNOWN";
        String detail = m.getValue("detail") instanceof String d ? d.substring(0, Math.min(200, d.length())) : null;
        registry.printer(center, kiosk, printer, detail);
      }
      default -> { }
    }
  }

  private void jobAnswer(String type, JsonObject m) {
    if (!registry.isCurrent(center, kiosk, this)) return; // a replaced connection no longer speaks for the kiosk
    Matcher job = m.getValue("jobId") instanceof String id ? JOB_ID.matcher(id) : null;
    if (job == null || !job.matches()) return;
    String ticketId = job.group(1);
    int copy = Integer.parseInt(job.group(2));
    String reason = m.getValue("reason") instanceof String r && TOKEN.matcher(r).matches() ? r : "ERROR";
    Command command = "printed".equals(type)
        ? new Command.RecordPrinted(ticketId, copy, kiosk)
        : new Command.RecordPrintFailed(ticketId, copy, kiosk, reason);
    engines.execute(center, command).onComplete(ar -> {
      if (ar.failed()) {
        LOG.warning("print answer for " + ticketId + " not recorded: " + ar.cause().getMessage());
      } else if (!ar.result().accepted()) {
        LOG.info("print answer for " + ticketId + " refused: " + ar.result().rejection().code());
      }
    });
  }
}
