package vn.luot.printer.agent;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.logging.Logger;
import vn.luot.printer.device.PrinterConnection;
import vn.luot.printer.escpos.PrinterStatus;
import vn.luot.printer.escpos.StatusReport;

/**
 * The agent's link to the server: holds the WebSocket {@code /ws/centers/{center}/kiosks/{kiosk}/jobs}, hands each
 * job to the {@link JobRunner}, and sends back what happened. All its state lives on its Vert.x context; the print
 * thread's reports are brought back onto it.
 *
 * <pre>
 * server → agent  {"type":"job","jobId":…,"center":{…},"ticket":{…}}
 * agent → server  {"type":"printed","jobId":…}
 *                 {"type":"failed","jobId":…,"reason":"PAPER_OUT|COVER_OPEN|OFFLINE|ERROR","detail":…}
 *                 {"type":"status","printer":"OK|PAPER_LOW|PAPER_OUT|COVER_OPEN|OFFLINE|ERROR|UNKNOWN","detail":…}
 * </pre>
 * Status goes on connect, whenever it changes, and every status interval. When the server or network goes away the
 * agent reconnects after 0.5 s, doubling to 10 s between tries; acknowledgements lost meanwhile are repaired by the
 * server re-sending the job, which the agent then acknowledges from its log without printing.
 */
public final class AgentVerticle extends VerticleBase {
  private static final Logger LOG = Logger.getLogger(AgentVerticle.class.getName());
  /** WebSocket pings keep NAT and proxies from dropping an idle link and reveal a dead one. */
  static final Duration PING_INTERVAL = Duration.ofSeconds(15);
  /** No frame (not even a pong) for this long: the link is dead, reconnect. */
  static final Duration READ_IDLE_TIMEOUT = Duration.ofSeconds(45);

  private final AgentOptions options;
  private final PrinterConnection printer;
  private final PrintedLog log;

  private WebSocketClient client;
  private JobRunner runner;
  private WebSocket socket;
  private Duration nextReconnect;
  private int failedConnects;
  private StatusReport lastSent;
  private boolean stopping;

  public AgentVerticle(AgentOptions options, PrinterConnection printer, PrintedLog log) {
    this.options = Objects.requireNonNull(options, "options");
    this.printer = Objects.requireNonNull(printer, "printer");
    this.log = Objects.requireNonNull(log, "log");
  }

  /** The WebSocket path for a center and kiosk. */
  static String jobsPath(URI server, String center, String kiosk) {
    String base = server.getRawPath() == null ? "" : server.getRawPath();
    while (base.endsWith("/")) base = base.substring(0, base.length() - 1);
    return base + "/ws/centers/" + encode(center) + "/kiosks/" + encode(kiosk) + "/jobs";
  }

  @Override
  public Future<?> start() {
    nextReconnect = options.reconnectMin();
    runner = new JobRunner(printer, PrintPipeline.of(options), log, options.server(), options.attempts(),
        options.retryDelay(), new OnContext());
    client = vertx.createWebSocketClient(new WebSocketClientOptions()
        .setConnectTimeout((int) Duration.ofSeconds(5).toMillis())
        .setReadIdleTimeout((int) READ_IDLE_TIMEOUT.toSeconds()));
    vertx.setPeriodic(options.statusInterval().toMillis(), id -> reportStatus());
    vertx.setPeriodic(PING_INTERVAL.toMillis(), id -> {
      if (socket != null && !socket.isClosed()) socket.writePing(io.vertx.core.buffer.Buffer.buffer("luot"));
    });
    LOG.info(() -> "print agent for kiosk " + options.kiosk() + " of center " + options.center() + ", printer "
        + printer.description() + ", paper " + options.paper().millimetres() + " mm, " + options.mode()
        + " mode; server " + options.server());
    connect();
    return Future.succeededFuture();
  }

  @Override
  public Future<?> stop() {
    stopping = true;
    Future<Void> printing = runner == null ? Future.succeededFuture() : vertx.executeBlocking(() -> {
      runner.close();
      return null;
    });
    return printing.eventually(() -> client == null ? Future.succeededFuture() : client.close());
  }

  private void connect() {
    if (stopping) return;
    URI server = options.server();
    boolean ssl = "https".equals(server.getScheme());
    int port = server.getPort() != -1 ? server.getPort() : ssl ? 443 : 80;
    String path = jobsPath(server, options.center(), options.kiosk());
    WebSocketConnectOptions connect = new WebSocketConnectOptions()
        .setHost(server.getHost()).setPort(port).setSsl(ssl).setURI(path);
    if (options.key() != null) connect.addHeader("Authorization", "Bearer " + options.key());
    client.connect(connect).onComplete(result -> {
      if (result.failed()) {
        failedConnects++;
        // the first failure, then about once a minute: a long outage should not flood the kiosk's log
        if (failedConnects == 1 || failedConnects % 6 == 0) {
          int count = failedConnects;
          LOG.warning(() -> "cannot connect to " + server + path + ": " + result.cause().getMessage()
              + (count > 1 ? " (" + count + " tries)" : "") + "; retrying in " + nextReconnect.toMillis() + " ms");
        }
        scheduleReconnect();
        return;
      }
      onConnected(result.result(), path);
    });
  }

  private void onConnected(WebSocket ws, String path) {
    if (stopping) {
      ws.close();
      return;
    }
    LOG.info(() -> "connected to " + options.server() + path);
    socket = ws;
    nextReconnect = options.reconnectMin();
    failedConnects = 0;
    ws.textMessageHandler(this::onMessage);
    ws.exceptionHandler(e -> LOG.warning(() -> "server link error: " + e.getMessage()));
    ws.closeHandler(v -> {
      if (socket == ws) socket = null;
      if (stopping) return;
      LOG.warning(() -> "server link closed; reconnecting in " + nextReconnect.toMillis() + " ms");
      scheduleReconnect();
    });
    reportStatus();
  }

  private void scheduleReconnect() {
    if (stopping) return;
    long delay = nextReconnect.toMillis();
    Duration doubled = nextReconnect.multipliedBy(2);
    nextReconnect = doubled.compareTo(options.reconnectMax()) > 0 ? options.reconnectMax() : doubled;
    vertx.setTimer(delay, id -> connect());
  }

  private void onMessage(String text) {
    JsonObject message;
    try {
      message = new JsonObject(text);
    } catch (DecodeException e) {
      LOG.warning(() -> "ignoring a message that is not JSON: " + abbreviate(text));
      return;
    }
    String type = message.getValue("type") instanceof String s ? s : "";
    if (!type.equals("job")) {
      LOG.fine(() -> "ignoring message of type '" + type + "'");
      return;
    }
    try {
      PrintJob job = PrintJob.fromJson(message);
      LOG.info(() -> "job " + job.jobId() + ": " + job.number() + " " + job.fieldName());
      runner.submit(job);
    } catch (PrintJob.BadJobException e) {
      LOG.warning(() -> e.getMessage() + ": " + abbreviate(text));
      if (e.jobId() != null) send(failedMessage(e.jobId(), PrinterStatus.ERROR, e.getMessage()));
    }
  }

  /** Reads the status (on the print thread, after queued jobs) and sends it. */
  private void reportStatus() {
    if (stopping) return;
    runner.checkStatus().whenComplete((status, error) -> {
      if (error != null) LOG.warning(() -> "status check failed: " + error);
      else context.runOnContext(v -> sendStatus(status));
    });
  }

  private void sendStatus(StatusReport status) {
    if (send(new JsonObject().put("type", "status").put("printer", status.status().name()).put("detail", status.detail()))) {
      if (lastSent == null || lastSent.status() != status.status()) {
        LOG.info(() -> "printer status " + status.status() + " (" + status.detail() + ")");
      }
      lastSent = status;
    }
  }

  private boolean send(JsonObject message) {
    WebSocket ws = socket;
    if (ws == null || ws.isClosed()) {
      LOG.fine(() -> "not connected; dropping " + message.getString("type") + " (the server re-sends unacknowledged jobs)");
      return false;
    }
    ws.writeTextMessage(message.encode());
    return true;
  }

  static JsonObject failedMessage(String jobId, PrinterStatus reason, String detail) {
    return new JsonObject().put("type", "failed").put("jobId", jobId).put("reason", reason.name()).put("detail", detail);
  }

  private static String abbreviate(String text) {
    return text.length() <= 200 ? text : text.substring(0, 200) + "…";
  }

  private static String encode(String segment) {
    return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
  }

  /** The runner's reports, brought onto this verticle's context. */
  private final class OnContext implements JobRunner.Listener {
    @Override
    public void printed(String jobId) {
      context.runOnContext(v -> send(new JsonObject().put("type", "printed").put("jobId", jobId)));
    }

    @Override
    public void failed(String jobId, PrinterStatus reason, String detail) {
      context.runOnContext(v -> send(failedMessage(jobId, reason, detail)));
    }

    @Override
    public void observed(StatusReport status) {
      context.runOnContext(v -> {
        if (lastSent == null || lastSent.status() != status.status()) sendStatus(status);
      });
    }
  }
}
