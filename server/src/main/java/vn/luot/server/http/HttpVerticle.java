package vn.luot.server.http;

import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import java.util.ArrayList;
import java.util.List;
import vn.luot.server.config.Limits;
import vn.luot.server.push.PushHub;
import vn.luot.server.push.TicketArchive;

/**
 * One event loop's HTTP and WebSocket server. Several instances share the port; each has its own push hub, so a
 * socket is only ever touched from the loop that accepted it.
 */
public final class HttpVerticle extends VerticleBase {
  /** A connection silent this long is closed; screens get a ping every 30 s, so live ones never are. */
  public static final int IDLE_TIMEOUT_SECONDS = 120;

  private final String host;
  private final int port;
  private final Limits limits;
  private final Future<Services> services;
  private HttpServer server;
  private PushHub hub;
  /** The API once the services are ready; until then requests wait in {@link #parked}. */
  private HttpApi api;
  private Router router;
  private final List<HttpServerRequest> parked = new ArrayList<>();

  /**
   * @param services ready once the journal is open and the engines run: the port is open before, and what arrives
   *                 meanwhile waits for them (see {@link #start})
   */
  public HttpVerticle(String host, int port, Limits limits, Future<Services> services) {
    this.host = host;
    this.port = port;
    this.limits = limits;
    this.services = services;
  }

  /**
   * Listens at once, before the rest of the start is done. After a restart, screens and kiosks that try again in
   * the meantime are then held until the server is ready, and served the moment it is, rather than refused and left
   * to wait out their next attempt (a display waits up to 1 s between attempts in the first 10 s of an outage, 3 s
   * after; docs/RELIABILITY.md, reconnect storm).
   */
  @Override
  public Future<?> start() {
    services.onComplete(ar -> context.runOnContext(v -> ready(ar)));
    server = vertx.createHttpServer(new HttpServerOptions()
            .setHost(host)
            .setPort(port)
            // Client messages on a WebSocket are tiny (resync, ping); anything larger closes the socket.
            .setMaxWebSocketFrameSize(limits.webSocketMessageBytes())
            .setMaxWebSocketMessageSize(limits.webSocketMessageBytes())
            .setIdleTimeout(IDLE_TIMEOUT_SECONDS)
            .setCompressionSupported(true)
            // No HTTP/2 over cleartext: "Upgrade: h2c" without its HTTP2-Settings header left the request unanswered
            // until the idle timeout (found by fuzzing). Lượt speaks HTTP/1.1; a proxy in front may speak HTTP/2.
            .setHttp2ClearTextEnabled(false)
            // No permessage-deflate: every socket that compresses keeps a zlib state outside the heap (10,000 lobby
            // screens: 1.5 GiB resident instead of 0.6), and each call would be compressed once per screen. The
            // messages are small JSON, mostly on the center's own network (docs/BENCHMARKS.md, footprint).
            .setPerMessageWebSocketCompressionSupported(false)
            .setPerFrameWebSocketCompressionSupported(false))
        .requestHandler(this::request)
        .invalidRequestHandler(this::invalidRequest);
    return server.listen();
  }

  private void request(HttpServerRequest request) {
    if (router != null) {
      router.handle(request);
    } else if (services.failed()) {
      startFailed(request);
    } else {
      // Paused, nothing of its body is read (or lost) before the router has its handlers in place.
      request.pause();
      parked.add(request);
    }
  }

  private void invalidRequest(HttpServerRequest request) {
    if (api != null) api.invalidRequest(request);
    else HttpServerRequest.DEFAULT_INVALID_REQUEST_HANDLER.handle(request);
  }

  /** Runs on this verticle's event loop once the services are ready, or could not be made. */
  private void ready(AsyncResult<Services> ar) {
    if (ar.succeeded()) {
      Services s = ar.result();
      TicketArchive archive = new TicketArchive(vertx, s.engines(), s.journal());
      hub = new PushHub(vertx, s.engines(), archive,
          new PushHub.StallPolicy(limits.webSocketStallSeconds() * 1000L, s.metrics()::stalledSocketClosed));
      api = new HttpApi(vertx, s, hub, archive);
      router = api.router();
      for (HttpServerRequest request : parked) {
        router.handle(request);
        request.resume();
      }
    } else {
      // The start failed, and the server is closing: nobody is left waiting on a connection that will not answer.
      parked.forEach(HttpVerticle::startFailed);
    }
    parked.clear();
  }

  /** 503 SERVICE_UNAVAILABLE, as the API says it when its journal cannot be reached. */
  private static void startFailed(HttpServerRequest request) {
    request.response().setStatusCode(503).putHeader("Content-Type", "application/json; charset=utf-8")
        .putHeader("Connection", "close")
        .end(HttpApi.errorBody(ApiError.of(503, "SERVICE_UNAVAILABLE"), request.getHeader("Accept-Language")).encode());
  }

  @Override
  public Future<?> stop() {
    if (hub != null) hub.close();
    return server.close();
  }

  public int actualPort() {
    return server.actualPort();
  }

  public int subscribers() {
    return hub == null ? 0 : hub.subscribers();
  }
}
