package vn.luot.server.http;

import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;
import vn.luot.server.config.Limits;

/**
 * The node's abuse limits (docs/OPERATIONS.md): ticket issue per kiosk and per address, failed logins per username
 * and per address, WebSockets per address. One instance serves every event loop of a node. A refusal is a 429
 * with Retry-After, decided before anything reaches an engine, so nothing is journaled for it.
 */
public final class AbuseGuard {
  /** The most kiosks, addresses or usernames each limiter remembers. */
  static final int MAX_KEYS = 10_000;

  private final Limits limits;
  private final RateLimiter issueByKiosk;
  private final RateLimiter issueByAddress;
  private final RateLimiter loginByUser;
  private final RateLimiter loginByAddress;
  private final Map<String, Integer> sockets = new ConcurrentHashMap<>();

  public AbuseGuard(Limits limits, LongSupplier nanoTime) {
    this.limits = limits;
    this.issueByKiosk = new RateLimiter(limits.issuePerKioskPerSecond(), limits.issuePerKioskBurst(), MAX_KEYS, nanoTime);
    this.issueByAddress = new RateLimiter(limits.issuePerAddressPerSecond(), limits.issuePerAddressBurst(), MAX_KEYS, nanoTime);
    // N failures earn back over the window: N per window seconds.
    this.loginByUser = new RateLimiter((double) limits.loginFailuresPerUser() / limits.loginWindowSeconds(),
        limits.loginFailuresPerUser(), MAX_KEYS, nanoTime);
    this.loginByAddress = new RateLimiter((double) limits.loginFailuresPerAddress() / limits.loginWindowSeconds(),
        limits.loginFailuresPerAddress(), MAX_KEYS, nanoTime);
  }

  public Limits limits() {
    return limits;
  }

  /** Mounted before the issue handler: the address's and the kiosk's (body "kiosk") buckets each give a token. */
  public void issue(RoutingContext ctx) {
    long wait = issueByAddress.acquire(address(ctx.request()));
    if (wait == 0) {
      String kiosk = kioskOf(ctx);
      if (kiosk != null) wait = issueByKiosk.acquire(ctx.pathParam("center") + "/" + kiosk);
    }
    if (wait == 0) ctx.next();
    else ctx.fail(tooMany(wait));
  }

  /**
   * Takes an attempt from the username's and the address's budget of failures, or refuses with 429 when either is
   * spent. The caller reports the outcome with {@link #loginSucceeded}.
   */
  public void loginAttempt(HttpServerRequest request, String username) {
    String address = address(request);
    long wait = Math.max(loginByUser.wait(username), loginByAddress.wait(address));
    if (wait > 0) throw tooMany(wait);
    loginByUser.acquire(username);
    loginByAddress.acquire(address);
  }

  /** A successful login clears its username's failures and gives the address its attempt back. */
  public void loginSucceeded(HttpServerRequest request, String username) {
    loginByUser.reset(username);
    loginByAddress.refund(address(request));
  }

  /**
   * Counts a WebSocket about to open against the request's address, or refuses with 429 when the address holds
   * the maximum. The answer gives the place back (once, however often it runs): when the socket ends, or when the
   * upgrade does not happen.
   */
  public Runnable openSocket(HttpServerRequest request) {
    String address = address(request);
    boolean[] granted = new boolean[1];
    sockets.compute(address, (k, n) -> {
      int next = n == null ? 1 : n + 1;
      granted[0] = next <= limits.webSocketsPerAddress();
      return granted[0] ? Integer.valueOf(next) : n;
    });
    if (!granted[0]) throw tooMany(TimeUnit.SECONDS.toNanos(1));
    AtomicBoolean released = new AtomicBoolean();
    return () -> {
      if (released.compareAndSet(false, true)) sockets.computeIfPresent(address, (k, n) -> n <= 1 ? null : n - 1);
    };
  }

  /**
   * Gives the place back when the socket ends (the feeds keep closeHandler for themselves), and closes a socket whose
   * message outgrew the limit.
   */
  public static ServerWebSocket releasing(ServerWebSocket socket, Runnable release) {
    socket.endHandler(v -> release.run());
    // A message over the limit sent in several small frames: Vert.x reports it here and keeps the socket open. Close
    // it as a single oversized frame is closed (found by fuzzing).
    socket.exceptionHandler(e -> {
      if (e instanceof IllegalStateException && !socket.isClosed()) socket.close((short) 1009, "message too big");
    });
    return socket;
  }

  /** WebSockets open (or opening) on this node, for tests and metrics. */
  public int sockets(String address) {
    return sockets.getOrDefault(address, 0);
  }

  /** The client's address: the socket's peer, or the last X-Forwarded-For entry when the operator trusts it. */
  String address(HttpServerRequest request) {
    if (limits.trustForwardedFor()) {
      String forwarded = request.getHeader("X-Forwarded-For");
      // The last entry is the one our proxy added; earlier ones are whatever the client sent.
      if (forwarded != null && !forwarded.isBlank()) return forwarded.substring(forwarded.lastIndexOf(',') + 1).trim();
    }
    return request.remoteAddress() == null ? "?" : request.remoteAddress().hostAddress();
  }

  private static String kioskOf(RoutingContext ctx) {
    try {
      JsonObject body = ctx.body().asJsonObject();
      return body != null && body.getValue("kiosk") instanceof String s ? s : null;
    } catch (RuntimeException e) {
      return null;  // the issue handler refuses the body in its own words
    }
  }

  private static ApiError tooMany(long waitNanos) {
    long seconds = Math.max(1, (waitNanos + 999_999_999L) / 1_000_000_000L);
    return ApiError.of(429, "TOO_MANY_REQUESTS", "retryAfter", String.valueOf(seconds));
  }
}
