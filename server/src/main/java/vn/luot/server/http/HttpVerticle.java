package vn.luot.server.http;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
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
  private final Services services;
  private HttpServer server;
  private PushHub hub;

  public HttpVerticle(String host, int port, Services services) {
    this.host = host;
    this.port = port;
    this.services = services;
  }

  @Override
  public Future<?> start() {
    TicketArchive archive = new TicketArchive(vertx, services.engines(), services.journal());
    hub = new PushHub(vertx, services.engines(), archive,
        new PushHub.StallPolicy(services.guard().limits().webSocketStallSeconds() * 1000L,
            services.metrics()::stalledSocketClosed));
    HttpApi api = new HttpApi(vertx, services, hub, archive);
    server = vertx.createHttpServer(new HttpServerOptions()
            .setHost(host)
            .setPort(port)
            // Client messages on a WebSocket are tiny (resync, ping); anything larger closes the socket.
            .setMaxWebSocketFrameSize(services.guard().limits().webSocketMessageBytes())
            .setMaxWebSocketMessageSize(services.guard().limits().webSocketMessageBytes())
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
        .requestHandler(api.router())
        .invalidRequestHandler(api::invalidRequest);
    return server.listen();
  }

  @Override
  public Future<?> stop() {
    hub.close();
    return server.close();
  }

  public int actualPort() {
    return server.actualPort();
  }

  public int subscribers() {
    return hub.subscribers();
  }
}
