package vn.luot.server.http;

import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import java.util.Set;

/**
 * What a client got wrong below the level of our routes is a 4xx in the error shape, not a 500. Found by fuzzing
 * (docs/RELIABILITY.md): a query string with a bad %-escape made every {@code getParam} throw; a method no route has
 * ({@code get}, {@code TRACE}) or a GET with a form Content-Type made the body handler throw; a form body was read
 * as an empty JSON body; a body whose chunked framing Netty cannot decode failed with the decoder's own exception.
 */
final class MalformedRequests {
  /** The methods some route takes; for any other, 405 before the body handler looks at the request. */
  private static final Set<HttpMethod> ROUTED = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.POST, HttpMethod.PUT,
      HttpMethod.DELETE, HttpMethod.PATCH);

  private MalformedRequests() {}

  /** The first handler of every request. */
  static void check(RoutingContext ctx) {
    if (!ROUTED.contains(ctx.request().method())) {
      ctx.fail(ApiError.of(405, "METHOD_NOT_ALLOWED"));
      return;
    }
    String type = ctx.request().getHeader(io.vertx.core.http.HttpHeaders.CONTENT_TYPE);
    if (type != null && ctx.request().path().startsWith("/api/") && isForm(type)) {
      ctx.fail(ApiError.of(415, "UNSUPPORTED_MEDIA_TYPE"));
      return;
    }
    try {
      ctx.request().params();
    } catch (IllegalArgumentException badEscape) {
      ctx.fail(ApiError.of(400, "BAD_REQUEST"));
      return;
    }
    ctx.next();
  }

  /**
   * A form body is decoded by the body handler into form attributes and never reaches our JSON reader, which then
   * saw an empty body, that is {}: a POST …/close-day sent as a form closed the day whatever it said. On a GET the
   * body handler threw instead (a 500).
   */
  private static boolean isForm(String contentType) {
    String t = contentType.toLowerCase(java.util.Locale.ROOT).trim();
    return t.startsWith("application/x-www-form-urlencoded") || t.startsWith("multipart/");
  }

  /**
   * Whether a failure is Netty's HTTP decoder refusing the client's bytes (a chunk size that is not hex): the body
   * handler passes it on as it is, without a status that says whose fault it was.
   */
  static boolean isUndecodable(Throwable failure) {
    StackTraceElement[] at = failure.getStackTrace();
    return at.length > 0 && at[0].getClassName().startsWith("io.netty.handler.codec.http.");
  }
}
