package vn.luot.server.reliability;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Makes the requests of a fuzzing run from one seeded random source: a valid step of the day now and then (so the
 * queue moves while the rest hits it), and otherwise a request to a real route (the table below is the router of
 * HttpApi and AdminApi) with one or more parts broken: path parameters, method, body, headers, query, syntax.
 *
 * <p>Routes that change more than the day's queue (close-day, settings, accounts, kiosks) get an admin's token only
 * with a body or a name that must be refused, so the run never closes the day or locks out its own clerks.
 */
final class HttpFuzzer {
  /** Who a route's valid form is sent by. */
  enum Who { NOBODY, CLERK, ADMIN, READER }

  /** A route of the router: method, path template, who may use it, whether a valid call may be sent as is. */
  record Route(String method, String template, Who who, boolean safe) {
    String key() {
      return method + " " + template;
    }
  }

  static final List<Route> ROUTES = List.of(
      new Route("GET", "/health", Who.NOBODY, true),
      new Route("GET", "/metrics", Who.NOBODY, true),
      new Route("POST", "/api/auth/login", Who.NOBODY, true),
      new Route("GET", "/api/centers", Who.NOBODY, true),
      new Route("GET", "/api/centers/:center", Who.NOBODY, true),
      new Route("GET", "/api/centers/:center/display", Who.NOBODY, true),
      new Route("POST", "/api/centers/:center/tickets", Who.NOBODY, true),
      new Route("POST", "/api/centers/:center/tickets/:ticket/cancel", Who.CLERK, true),
      new Route("POST", "/api/centers/:center/counters/:counter/call-next", Who.CLERK, true),
      new Route("POST", "/api/centers/:center/counters/:counter/recall", Who.CLERK, true),
      new Route("POST", "/api/centers/:center/counters/:counter/start", Who.CLERK, true),
      new Route("POST", "/api/centers/:center/counters/:counter/finish", Who.CLERK, true),
      new Route("POST", "/api/centers/:center/counters/:counter/no-show", Who.CLERK, true),
      new Route("POST", "/api/centers/:center/counters/:counter/transfer", Who.CLERK, true),
      new Route("POST", "/api/centers/:center/counters/:counter/pause", Who.CLERK, true),
      new Route("POST", "/api/centers/:center/counters/:counter/resume", Who.CLERK, true),
      new Route("POST", "/api/centers/:center/tickets/:ticket/reprint", Who.CLERK, true),
      new Route("POST", "/api/centers/:center/fields/:field/pause", Who.ADMIN, true),
      new Route("POST", "/api/centers/:center/fields/:field/resume", Who.ADMIN, true),
      new Route("GET", "/api/centers/:center/kiosks", Who.READER, true),
      new Route("POST", "/api/centers/:center/close-day", Who.ADMIN, false),
      new Route("GET", "/api/centers/:center/stats", Who.READER, true),
      new Route("GET", "/api/centers/:center/reports.csv", Who.READER, true),
      new Route("GET", "/api/centers/:center/dashboard", Who.READER, true),
      new Route("GET", "/api/centers/:center/counters/:counter/today", Who.CLERK, true),
      new Route("GET", "/api/centers/:center/counters/:counter/rating", Who.NOBODY, true),
      new Route("POST", "/api/centers/:center/counters/:counter/rating", Who.NOBODY, true),
      new Route("GET", "/api/track/:token", Who.NOBODY, true),
      new Route("GET", "/api/track/:token/qr.svg", Who.NOBODY, true),
      new Route("POST", "/api/track/:token/rating", Who.NOBODY, true),
      new Route("POST", "/api/track/:token/cancel", Who.NOBODY, true),
      new Route("GET", "/api/centers/:center/settings", Who.READER, true),
      new Route("PUT", "/api/centers/:center/settings", Who.ADMIN, false),
      new Route("GET", "/api/centers/:center/priority-tickets", Who.READER, true),
      new Route("GET", "/api/admin/audit", Who.ADMIN, true),
      new Route("GET", "/api/admin/accounts", Who.ADMIN, true),
      new Route("POST", "/api/admin/accounts", Who.ADMIN, false),
      new Route("POST", "/api/admin/accounts/:username", Who.ADMIN, false),
      new Route("POST", "/api/admin/accounts/:username/disable", Who.ADMIN, false),
      new Route("POST", "/api/admin/accounts/:username/enable", Who.ADMIN, false),
      new Route("POST", "/api/admin/accounts/:username/reset-password", Who.ADMIN, false),
      new Route("GET", "/api/admin/centers/:center/kiosks", Who.ADMIN, true),
      new Route("POST", "/api/admin/centers/:center/kiosks", Who.ADMIN, false),
      new Route("POST", "/api/admin/centers/:center/kiosks/:kiosk/rotate-key", Who.ADMIN, false),
      new Route("POST", "/api/admin/centers/:center/kiosks/:kiosk/disable", Who.ADMIN, false),
      new Route("POST", "/api/admin/centers/:center/kiosks/:kiosk/enable", Who.ADMIN, false),
      new Route("GET", "/ws/centers/:center", Who.NOBODY, true),
      new Route("GET", "/ws/track/:token", Who.NOBODY, true),
      new Route("GET", "/ws/centers/:center/kiosks/:kiosk/jobs", Who.NOBODY, true),
      new Route("GET", "/t/:token", Who.NOBODY, true),
      new Route("GET", "/display/index.html", Who.NOBODY, true));

  /** The valid steps of a day, weighted: issuing and the counters' actions most, the rest now and then. */
  private static final List<String> DAY = List.of(
      "POST /api/centers/:center/tickets", "POST /api/centers/:center/tickets",
      "POST /api/centers/:center/tickets", "POST /api/centers/:center/tickets",
      "POST /api/centers/:center/counters/:counter/call-next", "POST /api/centers/:center/counters/:counter/call-next",
      "POST /api/centers/:center/counters/:counter/call-next",
      "POST /api/centers/:center/counters/:counter/recall",
      "POST /api/centers/:center/counters/:counter/start", "POST /api/centers/:center/counters/:counter/start",
      "POST /api/centers/:center/counters/:counter/finish", "POST /api/centers/:center/counters/:counter/finish",
      "POST /api/centers/:center/counters/:counter/no-show",
      "POST /api/centers/:center/counters/:counter/transfer",
      "POST /api/centers/:center/counters/:counter/pause",
      "POST /api/centers/:center/counters/:counter/resume", "POST /api/centers/:center/counters/:counter/resume",
      "POST /api/centers/:center/tickets/:ticket/cancel",
      "POST /api/centers/:center/tickets/:ticket/reprint",
      "POST /api/centers/:center/fields/:field/pause",
      "POST /api/centers/:center/fields/:field/resume", "POST /api/centers/:center/fields/:field/resume",
      "POST /api/centers/:center/counters/:counter/rating",
      "POST /api/track/:token/rating", "POST /api/track/:token/cancel", "GET /api/track/:token",
      "GET /api/centers/:center", "GET /api/centers/:center/dashboard", "GET /api/centers/:center/counters/:counter/today");

  private static final String[] METHODS = {"GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "HEAD", "TRACE", "get",
      "FOO", "CONNECT"};
  private static final String[] CONTENT_TYPES = {"application/json", "text/plain", "application/x-www-form-urlencoded",
      "multipart/form-data; boundary=xyz", "application/json; charset=latin1", "application/xml", "", "*/*",
      "application/json; charset=utf-16"};
  private static final String[] LANGUAGES = {"en", "vi", "en-US,en;q=0.9", "vi-VN,en;q=0.5", "*", "", ";;;,,",
      "zz-ZZ", "en;q=abc", "tiếng Việt"};
  private static final String[] ENUMS = {"ELDERLY", "elderly", "SUBMIT", "COMPLETED", "LONG_WAIT", "OTHER", "none", ""};

  /**
   * The one raw request Vert.x answers itself, before any route, with 501 and a closed connection: a request line
   * whose HTTP version it does not know.
   */
  static final String UNKNOWN_VERSION = "raw: unknown HTTP version";

  private final SplittableRandom random;
  private final Desk desk;
  private final Map<String, Route> byKey = new java.util.HashMap<>();

  HttpFuzzer(SplittableRandom random, Desk desk) {
    this.random = random;
    this.desk = desk;
    for (Route r : ROUTES) byKey.put(r.key(), r);
  }

  /** A valid step of the day with probability {@code validShare}, otherwise a broken request. */
  FuzzRequest next(double validShare) {
    if (random.nextDouble() < validShare) return valid(byKey.get(pick(DAY)));
    return switch (random.nextInt(12)) {
      case 0 -> raw();
      case 1 -> traversal();
      default -> broken(pick(ROUTES));
    };
  }

  // ---- valid steps ----

  private FuzzRequest valid(Route route) {
    String counter = pick(desk.counters);
    String token = switch (route.who()) {
      case NOBODY -> null;
      case CLERK -> random.nextInt(5) == 0 ? desk.admin : desk.clerk(counter);
      case ADMIN -> desk.admin;
      case READER -> random.nextBoolean() ? desk.admin : desk.supervisor;
    };
    Desk.Issued ticket = desk.someTicket(random);
    List<Map.Entry<String, String>> headers = new ArrayList<>();
    headers.add(Map.entry("Content-Type", "application/json"));
    if (token != null) headers.add(Map.entry("Authorization", "Bearer " + token));
    if (route.template().endsWith("/tickets") && random.nextInt(4) == 0) {
      headers.add(Map.entry("Idempotency-Key", "fuzz-" + random.nextInt(desk.issued.size() + 50)));
    }
    JsonObject body = validBody(route, ticket);
    String target = fill(route.template(), "default", counter, ticket == null ? "20000101-A001" : ticket.id(),
        ticket == null ? "default.AAAAAAAAAAAAAAAAAAAAAA" : ticket.trackToken(), pick(desk.fields), "fuzz-nobody", "KF");
    return new FuzzRequest(route.method(), target, headers,
        route.method().equals("GET") ? null : body.encode().getBytes(StandardCharsets.UTF_8), route.key(), true, null);
  }

  private JsonObject validBody(Route route, Desk.Issued ticket) {
    String t = route.template();
    JsonObject b = new JsonObject();
    if (t.endsWith("/tickets")) {
      b.put("field", pick(desk.fields)).put("kiosk", random.nextInt(3) == 0 ? "KF" : "K" + random.nextInt(4));
      if (random.nextInt(5) == 0) b.put("priority", true).put("priorityGroup", pick(List.of("ELDERLY", "disability", "PREGNANT", "MERIT")));
      if (random.nextInt(3) == 0) b.put("purpose", pick(List.of("SUBMIT", "SUPPLEMENT", "ENQUIRE", "COLLECT")));
      if (random.nextInt(6) == 0) b.put("dossierCode", "HS-" + random.nextInt(1000) + "/Đất");
    } else if (t.endsWith("/finish")) {
      if (random.nextBoolean()) b.put("outcome", pick(List.of("COMPLETED", "MISSING_DOCUMENTS", "REDIRECTED", "OTHER")));
    } else if (t.endsWith("/transfer")) {
      b.put("field", pick(desk.fields));
      if (random.nextBoolean()) b.put("note", "chuyển sang quầy khác – thiếu giấy tờ");
    } else if (t.endsWith("/pause")) {
      if (random.nextBoolean()) b.put("reason", "nghỉ giữa giờ");
    } else if (t.endsWith("/counters/:counter/rating")) {
      b.put("ticket", ticket == null ? "20000101-A001" : ticket.id()).put("score", 1 + random.nextInt(3));
    } else if (t.endsWith("/rating")) {
      b.put("score", 1 + random.nextInt(3));
      if (random.nextBoolean()) b.put("reason", pick(List.of("LONG_WAIT", "ATTITUDE", "UNCLEAR_GUIDANCE", "OTHER")));
    } else if (t.equals("/api/auth/login")) {
      b.put("username", pick(List.of("clerk1", "admin", "nobody"))).put("password", "wrong-password-" + random.nextInt(9));
    }
    return b;
  }

  // ---- broken requests ----

  /** A real route with one to three of its parts broken. */
  private FuzzRequest broken(Route route) {
    String method = route.method();
    String center = "default";
    String counter = pick(desk.counters);
    Desk.Issued ticket = desk.someTicket(random);
    String ticketId = ticket == null ? "20000101-A001" : ticket.id();
    String token = ticket == null ? "default.AAAAAAAAAAAAAAAAAAAAAA" : ticket.trackToken();
    String field = pick(desk.fields);
    String username = "fuzz-" + random.nextInt(20);
    String kiosk = "KF";
    String auth = authFor(route, counter);
    String contentType = "application/json";
    String language = null;
    String idempotencyKey = null;
    String query = "";
    byte[] body = route.method().equals("GET") ? null : validBody(route, ticket).encode().getBytes(StandardCharsets.UTF_8);
    List<Map.Entry<String, String>> extra = new ArrayList<>();

    int breaks = 1 + (random.nextInt(4) == 0 ? random.nextInt(3) : 0);
    for (int i = 0; i < breaks; i++) {
      switch (random.nextInt(10)) {
        case 0 -> {
          String bad = badParam();
          switch (random.nextInt(6)) {
            case 0 -> center = bad;
            case 1 -> counter = bad;
            case 2 -> ticketId = bad;
            case 3 -> token = random.nextBoolean() ? bad : tamper(token);
            case 4 -> field = bad;
            default -> { username = bad; kiosk = bad; }
          }
        }
        case 1 -> method = pick(METHODS);
        case 2, 3, 4 -> body = badBody(route, ticket);
        case 5 -> auth = badAuth();
        case 6 -> contentType = pick(CONTENT_TYPES);
        case 7 -> {
          language = random.nextInt(10) == 0 ? "en," + "x".repeat(9_000) : pick(LANGUAGES);
          idempotencyKey = badIdempotencyKey();
        }
        case 8 -> query = badQuery();
        default -> extra.add(badHeader());
      }
    }
    // Routes that reach past the day's queue: an admin's token only with something that must be refused.
    if (!route.safe() && auth != null && auth.equals("Bearer " + desk.admin)) {
      body = refusedBody();
      username = "fuzz-" + random.nextInt(20);
      kiosk = "fuzz-kiosk";
    }
    List<Map.Entry<String, String>> headers = new ArrayList<>();
    if (contentType != null && !contentType.isEmpty()) headers.add(Map.entry("Content-Type", contentType));
    if (auth != null) headers.add(Map.entry("Authorization", auth));
    if (language != null) headers.add(Map.entry("Accept-Language", language));
    if (idempotencyKey != null) headers.add(Map.entry("Idempotency-Key", idempotencyKey));
    headers.addAll(extra);
    if (route.template().startsWith("/ws/") && random.nextBoolean()) {
      headers.add(Map.entry("Upgrade", random.nextBoolean() ? "websocket" : "h2c"));
      headers.add(Map.entry("Connection", "Upgrade"));
      if (random.nextBoolean()) headers.add(Map.entry("Sec-WebSocket-Version", pick(List.of("13", "8", "x", ""))));
    }
    String target = fill(route.template(), center, counter, ticketId, token, field, username, kiosk) + query;
    return new FuzzRequest(method, target, headers, body, route.key(), false, null);
  }

  private String authFor(Route route, String counter) {
    return switch (route.who()) {
      case NOBODY -> random.nextInt(8) == 0 ? "Bearer " + desk.clerk(counter) : null;
      case CLERK -> "Bearer " + (random.nextInt(4) == 0 ? desk.admin : desk.clerk(counter));
      case ADMIN -> "Bearer " + (random.nextInt(4) == 0 ? desk.supervisor : desk.admin);
      case READER -> "Bearer " + (random.nextBoolean() ? desk.supervisor : desk.clerk(counter));
    };
  }

  /** A path parameter the route must refuse: unknown, wrongly shaped, Unicode, control bytes, huge, bad escapes. */
  private String badParam() {
    return switch (random.nextInt(14)) {
      case 0 -> "nope";
      case 1 -> "";
      case 2 -> enc("Quầy-1");
      case 3 -> enc("Đất đai");
      case 4 -> "%zz";
      case 5 -> "%";
      case 6 -> "%00";
      case 7 -> "%FF%FE";
      case 8 -> "a".repeat(1 + random.nextInt(2_000));
      case 9 -> "x".repeat(5_000 + random.nextInt(5_000));
      case 10 -> enc("<script>alert(1)</script>");
      case 11 -> "99999999999999999999";
      case 12 -> enc("' OR 1=1 --");
      default -> enc(randomText(1 + random.nextInt(40)));
    };
  }

  private String tamper(String token) {
    char[] c = token.toCharArray();
    int i = random.nextInt(c.length);
    c[i] = c[i] == 'A' ? 'B' : 'A';
    return random.nextBoolean() ? new String(c) : token + "A";
  }

  private String badAuth() {
    String jwt = desk.clerk("1");
    String[] parts = jwt.split("\\.");
    String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
    String adminPayload = Base64.getUrlEncoder().withoutPadding()
        .encodeToString(payload.replace("\"clerk\"", "\"admin\"").getBytes(StandardCharsets.UTF_8));
    String noneHeader = Base64.getUrlEncoder().withoutPadding()
        .encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
    return switch (random.nextInt(11)) {
      case 0 -> "Bearer";
      case 1 -> "Bearer ";
      case 2 -> "Basic YWRtaW46ZGVtbw==";
      case 3 -> "Bearer " + parts[0] + "." + adminPayload + "." + parts[2];
      case 4 -> "Bearer " + noneHeader + "." + adminPayload + ".";
      case 5 -> "Bearer " + jwt.substring(0, jwt.length() - 3);
      case 6 -> "Bearer " + "x".repeat(7_000 + random.nextInt(3_000));
      case 7 -> "Bearer a.b.c";
      case 8 -> "bearer " + desk.admin.toUpperCase(java.util.Locale.ROOT);
      case 9 -> "Bearer " + enc(randomText(20));
      default -> "Bearer ...";
    };
  }

  private String badIdempotencyKey() {
    return switch (random.nextInt(6)) {
      case 0 -> "";
      case 1 -> "k".repeat(129);
      case 2 -> "khóa-tiếng-việt";
      case 3 -> "a b";
      case 4 -> "fuzz-" + random.nextInt(50);
      default -> "k".repeat(6_000);
    };
  }

  private String badQuery() {
    String[] names = {"from", "to", "by", "sep", "lang", "day", "counter", "center", "limit", "before", "x"};
    String[] values = {"", "2026-13-45", "yesterday", "-1", "99999999999", "%zz", enc("Đ"), "2026-11-28", "counter",
        "field", ";", "en", "a".repeat(3_000), "1e9", "null"};
    StringBuilder q = new StringBuilder("?");
    int n = 1 + random.nextInt(3);
    for (int i = 0; i < n; i++) {
      if (i > 0) q.append(random.nextInt(8) == 0 ? ";" : "&");
      q.append(pick(names)).append('=').append(values[random.nextInt(values.length)]);
    }
    return random.nextInt(10) == 0 ? "?&&==&" : q.toString();
  }

  private Map.Entry<String, String> badHeader() {
    return switch (random.nextInt(7)) {
      case 0 -> Map.entry("X-Huge", "h".repeat(9_000 + random.nextInt(10_000)));
      case 1 -> Map.entry("X-Many", "v".repeat(100));
      case 2 -> Map.entry("Expect", "100-continue");
      case 3 -> Map.entry("Content-Encoding", pick(List.of("gzip", "deflate", "br", "bogus")));
      case 4 -> Map.entry("Accept", "text/html;q=x");
      case 5 -> Map.entry("Cookie", "a=" + "c".repeat(500));
      default -> Map.entry("X-Tiếng-Việt", "giá trị");
    };
  }

  /** A body the route must refuse, of every kind: broken JSON, wrong types, missing and unknown properties… */
  private byte[] badBody(Route route, Desk.Issued ticket) {
    JsonObject valid = validBody(route, ticket);
    return switch (random.nextInt(16)) {
      case 0 -> truncate(valid.encode());
      case 1 -> utf8(pick(List.of("[]", "null", "123", "\"text\"", "{'a':1}", "{\"a\":1,}", "{", "}", "[{}]", "true",
          "{\"a\":}", "{\"a\" 1}", "\uFEFF{}", "{} {}", "{\"score\":NaN}", "{\"score\":Infinity}", "{/*c*/}", "  ")));
      case 2, 3 -> utf8(wrongType(valid).encode());
      case 4 -> utf8(valid.copy().put(pick(List.of("x", "__proto__", "constructor", "FIELD", "")), 1).encode());
      case 5 -> utf8(withoutOne(valid).encode());
      case 6 -> utf8("{\"field\":\"" + "A".repeat(60_000 + random.nextInt(10_000)) + "\"}");
      case 7 -> utf8("{\"a\":" + "[".repeat(2_000 + random.nextInt(20_000)) + "]".repeat(5) + "}");
      case 8 -> utf8("{\"a\":" + "{\"b\":".repeat(1_000 + random.nextInt(2_000)) + "1" + "}".repeat(50) + "}");
      case 9 -> invalidUtf8(valid);
      case 10 -> new byte[0];
      case 11 -> utf8(duplicateKey(valid));
      case 12 -> utf8(valid.encode().replaceAll("\\d+", pick(List.of("-1", "0", "1e309", "9223372036854775808",
          "1.5", "-0", "2147483648", "99999999999999999999999999"))));
      case 13 -> randomBytes(1 + random.nextInt(300));
      case 14 -> utf8("a".repeat(70_000 + random.nextInt(50_000)));
      default -> utf8(new JsonObject().put("score", pick(List.of(0, -1, 4, 1_000_000, Long.MAX_VALUE)))
          .put("field", pick(ENUMS)).encode());
    };
  }

  /** A body no route takes: with an unknown property, or not JSON at all. */
  private byte[] refusedBody() {
    return random.nextBoolean() ? utf8("{\"fuzz\":true}") : utf8(pick(List.of("[", "{\"a\":", "[]", "1")));
  }

  private JsonObject wrongType(JsonObject valid) {
    JsonObject b = valid.copy();
    String name = b.isEmpty() ? pick(List.of("field", "score", "outcome", "reason", "ticket")) : pick(new ArrayList<>(b.fieldNames()));
    Object wrong = switch (random.nextInt(10)) {
      case 0 -> 42;
      case 1 -> -3.5;
      case 2 -> true;
      case 3 -> new JsonArray().add("DD");
      case 4 -> new JsonObject().put("code", "DD");
      case 5 -> "";
      case 6 -> "\u0000\u0007";
      case 7 -> Long.MIN_VALUE;
      case 8 -> randomText(1 + random.nextInt(600));
      default -> pick(ENUMS);
    };
    return b.put(name, wrong);
  }

  private JsonObject withoutOne(JsonObject valid) {
    JsonObject b = valid.copy();
    if (!b.isEmpty()) b.remove(pick(new ArrayList<>(b.fieldNames())));
    return b;
  }

  private String duplicateKey(JsonObject valid) {
    String s = valid.encode();
    if (valid.isEmpty()) return "{\"a\":1,\"a\":2}";
    String name = valid.fieldNames().iterator().next();
    return s.substring(0, s.length() - 1) + ",\"" + name + "\":\"ZZ\"}";
  }

  private byte[] invalidUtf8(JsonObject valid) {
    byte[] head = utf8("{\"" + (valid.isEmpty() ? "field" : valid.fieldNames().iterator().next()) + "\":\"");
    byte[][] bad = {{(byte) 0xC3, 0x28}, {(byte) 0xFF}, {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, {(byte) 0xE2, (byte) 0x82},
        {(byte) 0xC0, (byte) 0xAF}, {(byte) 0xF8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80}};
    byte[] middle = bad[random.nextInt(bad.length)];
    byte[] tail = utf8("\"}");
    byte[] all = new byte[head.length + middle.length + tail.length];
    System.arraycopy(head, 0, all, 0, head.length);
    System.arraycopy(middle, 0, all, head.length, middle.length);
    System.arraycopy(tail, 0, all, head.length + middle.length, tail.length);
    return all;
  }

  private byte[] truncate(String json) {
    return utf8(json.substring(0, random.nextInt(Math.max(1, json.length()))));
  }

  // ---- requests outside any route ----

  /** Bytes that are not a well-formed request: the decoder must refuse them in the error shape. */
  private FuzzRequest raw() {
    String host = "Host: localhost\r\n";
    String[] heads = {
        "GET / HTTP/9.9\r\n" + host + "\r\n",
        "GET  /health  HTTP/1.1\r\n" + host + "\r\n",
        "G\u0000T /health HTTP/1.1\r\n" + host + "\r\n",
        "GET /api/centers/%zz HTTP/1.1\r\n" + host + "\r\n",
        "GET /api/centers/" + "a".repeat(9_000) + " HTTP/1.1\r\n" + host + "\r\n",
        "GET /health HTTP/1.1\r\n" + host + "Bad Header\r\n\r\n",
        "GET /health HTTP/1.1\r\n" + host + ": no-name\r\n\r\n",
        "POST /api/centers/default/tickets HTTP/1.1\r\n" + host + "Content-Length: -5\r\n\r\n",
        "POST /api/centers/default/tickets HTTP/1.1\r\n" + host + "Content-Length: abc\r\n\r\n",
        "POST /api/centers/default/tickets HTTP/1.1\r\n" + host + "Content-Length: 2\r\nContent-Length: 3\r\n\r\n{}",
        "POST /api/centers/default/tickets HTTP/1.1\r\n" + host + "Transfer-Encoding: chunked\r\n\r\nZZ\r\n{}\r\n0\r\n\r\n",
        "POST /api/centers/default/tickets HTTP/1.1\r\n" + host + "Transfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n",
        "GET /health\r\n\r\n",
        "GET http://evil.example/health HTTP/1.1\r\n" + host + "\r\n",
        "GET /health HTTP/1.1\r\n\r\n",
        "GET /health?" + "q".repeat(5_000) + " HTTP/1.1\r\n" + host + "\r\n",
        "GET /health HTTP/1.1\r\n" + host + "X: " + "y".repeat(12_000) + "\r\n\r\n",
        "\r\n\r\nGET /health HTTP/1.1\r\n" + host + "\r\n",
        "GET /health HTTP/1.1\n" + host.replace("\r", "") + "\n"};
    int i = random.nextInt(heads.length + 1);
    byte[] bytes = i == heads.length ? concat(utf8("GET /"), randomBytes(1 + random.nextInt(200)), utf8(" HTTP/1.1\r\n\r\n"))
        : heads[i].getBytes(StandardCharsets.ISO_8859_1);
    return FuzzRequest.raw(i == 0 ? UNKNOWN_VERSION : "raw #" + i, bytes);
  }

  /** Paths that climb out of a route or the static folder; sent as GET or HEAD, which change nothing. */
  private FuzzRequest traversal() {
    String[] paths = {"/../../../../etc/passwd", "/api/centers/default/../../../pom.xml", "/%2e%2e/%2e%2e/etc/passwd",
        "/display/..%2F..%2Fluot.db", "/luot-web/../luot.db", "//etc/passwd", "/api/../health", "/ws/../api/centers",
        "/t/..%2F..%2Fapi%2Fcenters", "/display/%00.html", "/api/centers/default/./././", "/fonts/../../i18n/messages.properties",
        "/display/index.html%20", "/DISPLAY/INDEX.HTML", "/api", "/api/", "/ws", "/ws/", "/" + "x/".repeat(1_500)};
    return new FuzzRequest(random.nextBoolean() ? "GET" : "HEAD", pick(List.of(paths)), List.of(), null, null, false, null);
  }

  // ---- small helpers ----

  static String fill(String template, String center, String counter, String ticket, String token, String field,
                     String username, String kiosk) {
    return template.replace(":center", center).replace(":counter", counter).replace(":ticket", ticket)
        .replace(":token", token).replace(":field", field).replace(":username", username).replace(":kiosk", kiosk);
  }

  private String randomText(int length) {
    StringBuilder s = new StringBuilder();
    String alphabet = "aăâbcdđeêghiklmnoôơpqrstuưvxyẠẶỆỢỰ ‘’“”–—\t\\\"'<>&%/?#;:{}[]😀\u200B\u202E";
    for (int i = 0; i < length; i++) s.append(alphabet.charAt(random.nextInt(alphabet.length())));
    return s.toString().replace("\uD83D", "").replace("\uDE00", "🙂");
  }

  private byte[] randomBytes(int n) {
    byte[] b = new byte[n];
    for (int i = 0; i < n; i++) b[i] = (byte) random.nextInt(256);
    return b;
  }

  private static byte[] concat(byte[]... parts) {
    int n = 0;
    for (byte[] p : parts) n += p.length;
    byte[] all = new byte[n];
    int at = 0;
    for (byte[] p : parts) {
      System.arraycopy(p, 0, all, at, p.length);
      at += p.length;
    }
    return all;
  }

  static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private <T> T pick(List<T> list) {
    return list.get(random.nextInt(list.size()));
  }

  private String pick(String[] array) {
    return array[random.nextInt(array.length)];
  }
}
