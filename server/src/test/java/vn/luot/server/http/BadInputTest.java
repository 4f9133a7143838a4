package vn.luot.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ResourceBundle;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import vn.luot.server.support.Api;
import vn.luot.server.support.MutableClock;
import vn.luot.server.support.TestServer;
import vn.luot.server.support.WsClient;

/**
 * A long table of requests a kiosk, a phone or a stranger might get wrong. Each must be refused with a 4xx in the
 * one error shape, in Vietnamese by default and in English on request, and none may move the queue.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@DisplayName("Bad requests are refused in the error shape and change nothing")
class BadInputTest {
  private static final String TICKETS = "/api/centers/default/tickets";
  private static final String LOGIN = "/api/auth/login";
  private static final String STATS = "/api/centers/default/stats";
  /** Placeholders in the table, filled with the tracking tokens of the tickets seeded before it runs. */
  private static final String DONE = "{done}";
  private static final String WAITING = "{waiting}";
  private static final String UNKNOWN_TOKEN = "default.AAAAAAAAAAAAAAAAAAAAAA";
  private static final java.util.Set<String> ANSWERED_BEFORE_HEADERS = java.util.Set.of("URI_TOO_LONG", "HEADERS_TOO_LARGE");
  private static final Pattern CODE = Pattern.compile("[A-Z][A-Z0-9]*(_[A-Z0-9]+)*");
  /** Letters only Vietnamese uses among the languages a center meets; English text has none of them. */
  private static final Pattern VIETNAMESE =
      Pattern.compile("[ăâđêôơưĂÂĐÊÔƠƯáàảãạấầẩẫậắằẳẵặéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵ]");

  private static final ResourceBundle.Control NO_FALLBACK =
      ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES);
  private static final ResourceBundle VIETNAMESE_TEXT = ResourceBundle.getBundle("i18n.messages", Locale.ROOT, NO_FALLBACK);
  private static final ResourceBundle ENGLISH_TEXT = ResourceBundle.getBundle("i18n.messages", Locale.ENGLISH, NO_FALLBACK);

  @TempDir static Path data;
  private TestServer server;
  private Api api;
  private Vertx vertx;
  private final Map<String, String> tokens = new LinkedHashMap<>();
  private final Map<String, String> tracked = new LinkedHashMap<>();
  private final List<LogRecord> severe = new ArrayList<>();
  private final Handler severeCatcher = new Handler() {
    @Override public void publish(LogRecord r) {
      if (r.getLevel().intValue() >= Level.SEVERE.intValue()) synchronized (severe) { severe.add(r); }
    }
    @Override public void flush() { }
    @Override public void close() { }
  };
  private Baseline before;

  /** What the center looks like from outside: the view, the journal's latest seq, the seeded tickets, the meters. */
  private record Baseline(JsonObject center, long seq, JsonObject doneTicket, JsonObject waitingTicket, double events) { }

  @BeforeAll
  void seedAndStart() {
    server = TestServer.start(data, new MutableClock(Instant.parse("2026-03-02T02:00:00Z")));
    api = server.api();
    vertx = Vertx.vertx();
    for (String who : List.of("admin", "supervisor")) tokens.put(who, api.login(who));
    String admin = tokens.get("admin");

    // A served ticket (to rate), one still waiting, a call in progress at counter 3, counter 6 paused.
    JsonObject done = api.issue("DD");
    assertEquals(200, api.counter("1", "call-next", admin).status());
    assertEquals(200, api.counter("1", "finish", admin).status());
    tracked.put(DONE, done.getString("trackToken"));
    tracked.put(WAITING, api.issue("DD").getString("trackToken"));
    Api.Response keyed = api.post(TICKETS, "{\"field\":\"CT\"}", null, Map.of("Idempotency-Key", "seed-key-1"));
    assertEquals(201, keyed.status());
    api.issue("HT");
    assertEquals(200, api.counter("3", "call-next", admin).status());
    assertEquals(200, api.counter("6", "pause", admin).status());

    before = baseline();
    Logger.getLogger("").addHandler(severeCatcher);
  }

  @AfterAll
  void stop() {
    Logger.getLogger("").removeHandler(severeCatcher);
    vertx.close();
    server.close();
  }

  // ---- the table ----

  /** One bad request and the refusal it must earn. */
  record Bad(String what, String method, String path, byte[] body, Map<String, String> headers, String as,
             int status, String code) {
    static Bad post(String path, String body) {
      return new Bad("", "POST", path, body == null ? null : body.getBytes(StandardCharsets.UTF_8), Map.of(), null, 0, null);
    }

    static Bad get(String path) {
      return new Bad("", "GET", path, null, Map.of(), null, 0, null);
    }

    static Bad call(String method, String path) {
      return new Bad("", method, path, null, Map.of(), null, 0, null);
    }

    Bad bytes(byte[] raw) {
      return new Bad(what, method, path, raw, headers, as, status, code);
    }

    Bad header(String name, String value) {
      Map<String, String> h = new LinkedHashMap<>(headers);
      h.put(name, value);
      return new Bad(what, method, path, body, h, as, status, code);
    }

    Bad as(String user) {
      return new Bad(what, method, path, body, headers, user, status, code);
    }

    Bad is(String description, int expectedStatus, String expectedCode) {
      return new Bad(description, method, path, body, headers, as, expectedStatus, expectedCode);
    }

    @Override
    public String toString() {
      return what + " → " + status + " " + code;
    }
  }

  static Stream<Bad> badRequests() {
    String counter = "/api/centers/default/counters/";
    return Stream.of(
        // the body is not one JSON object
        Bad.post(TICKETS, "{\"field\": \"DD\"").is("a ticket request with malformed JSON", 400, "INVALID_JSON"),
        Bad.post(TICKETS, "field=DD").is("a ticket request that is a form, not JSON", 400, "INVALID_JSON"),
        Bad.post(TICKETS, "[\"DD\"]").is("a ticket request that is a JSON array", 400, "INVALID_JSON"),
        Bad.post(TICKETS, "\"DD\"").is("a ticket request that is a JSON string", 400, "INVALID_JSON"),
        Bad.post(TICKETS, "5").is("a ticket request that is a JSON number", 400, "INVALID_JSON"),
        Bad.post(TICKETS, "null").is("a ticket request that is JSON null", 400, "INVALID_JSON"),
        Bad.post(TICKETS, "true").is("a ticket request that is JSON true", 400, "INVALID_JSON"),
        Bad.post(TICKETS, "{\"field\":\"DD\"} {\"field\":\"HT\"}").is("two JSON objects in one body", 400, "INVALID_JSON"),
        Bad.post(TICKETS, "{\"field\":\"DD\"} garbage").is("a JSON object followed by garbage", 400, "INVALID_JSON"),
        Bad.post(TICKETS, null).bytes(new byte[] {'{', '"', 'f', 'i', 'e', 'l', 'd', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'})
            .is("a body that is not UTF-8", 400, "INVALID_JSON"),
        Bad.post(TICKETS, "[".repeat(30_000) + "]".repeat(30_000)).is("JSON nested 30 000 deep", 400, "INVALID_JSON"),
        Bad.post(TICKETS, "{\"field\":\"DD\",\"kiosk\":\"" + "K".repeat(70_000) + "\"}")
            .is("a body over 64 KB", 413, "BODY_TOO_LARGE"),
        // properties of the wrong name, type or shape
        Bad.post(TICKETS, "{\"field\":\"DD\",\"colour\":\"red\"}").is("an unknown property", 400, "UNKNOWN_PROPERTY"),
        Bad.post(TICKETS, "{\"field\":5}").is("field given as a number", 400, "INVALID_FIELD_VALUE"),
        Bad.post(TICKETS, "{\"field\":{\"code\":\"DD\"}}").is("field given as an object", 400, "INVALID_FIELD_VALUE"),
        Bad.post(TICKETS, "{\"field\":[\"DD\"]}").is("field given as an array", 400, "INVALID_FIELD_VALUE"),
        Bad.post(TICKETS, "{\"field\":\"DD\",\"priority\":\"yes\"}").is("priority given as \"yes\"", 400, "INVALID_FIELD_VALUE"),
        Bad.post(TICKETS, "{\"field\":\"DD\",\"priority\":1}").is("priority given as 1", 400, "INVALID_FIELD_VALUE"),
        Bad.post(TICKETS, "{\"kiosk\":\"K1\"}").is("no field", 400, "MISSING_FIELD"),
        Bad.post(TICKETS, "{}").is("an empty object", 400, "MISSING_FIELD"),
        Bad.post(TICKETS, null).is("no body at all", 400, "MISSING_FIELD"),
        Bad.post(TICKETS, "{\"field\":null}").is("field null", 400, "MISSING_FIELD"),
        Bad.post(TICKETS, "{\"field\":\"\"}").is("field empty", 400, "INVALID_FIELD_VALUE"),
        Bad.post(TICKETS, "{\"field\":\"dd\"}").is("field code in lower case", 400, "INVALID_FIELD_VALUE"),
        Bad.post(TICKETS, "{\"field\":\"" + "D".repeat(17) + "\"}").is("field code of 17 letters", 400, "INVALID_FIELD_VALUE"),
        Bad.post(TICKETS, "{\"field\":\"D\\u0000D\"}").is("field code with a NUL", 400, "INVALID_FIELD_VALUE"),
        Bad.post(TICKETS, "{\"field\":\"DD\",\"kiosk\":\"" + "K".repeat(65) + "\"}").is("kiosk name of 65 characters", 400, "INVALID_FIELD_VALUE"),
        Bad.post(TICKETS, "{\"field\":\"DD\",\"kiosk\":\"K\\u0001\"}").is("kiosk name with a control character", 400, "INVALID_FIELD_VALUE"),
        Bad.post(TICKETS, "{\"field\":\"DD\",\"kiosk\":\"K1\\n\"}").is("kiosk name ending in a newline", 400, "INVALID_FIELD_VALUE"),
        Bad.post(TICKETS, "{\"field\":\"DD\",\"dossierCode\":\"" + "9".repeat(65) + "\"}").is("dossier code of 65 characters", 400, "INVALID_FIELD_VALUE"),
        Bad.post(TICKETS, "{\"field\":\"DD\",\"dossierCode\":\"HS\\u0007001\"}").is("dossier code with a bell character", 400, "INVALID_FIELD_VALUE"),
        Bad.post(TICKETS, "{\"field\":\"DD\",\"priority\":true,\"priorityGroup\":\"KING\"}").is("an unknown priority group", 400, "INVALID_FIELD_VALUE"),
        Bad.post(TICKETS, "{\"field\":\"DD\",\"purpose\":\"CHAT\"}").is("an unknown purpose", 400, "INVALID_FIELD_VALUE"),
        Bad.post(TICKETS, "{\"field\":\"DD\",\"priorityGroup\":\"ELDERLY\"}")
            .is("a priority group without priority", 422, "PRIORITY_GROUP_WITHOUT_PRIORITY"),
        Bad.post(TICKETS, "{\"field\":\"DD\",\"priority\":false,\"priorityGroup\":\"PREGNANT\"}")
            .is("a priority group with priority false", 422, "PRIORITY_GROUP_WITHOUT_PRIORITY"),
        Bad.post(TICKETS, "{\"field\":\"ZZ\"}").is("an unknown field code", 404, "FIELD_UNKNOWN"),
        Bad.post("/api/centers/nowhere/tickets", "{\"field\":\"DD\"}").is("a ticket at an unknown center", 404, "CENTER_UNKNOWN"),
        // Idempotency-Key
        Bad.post(TICKETS, "{\"field\":\"DD\"}").header("Idempotency-Key", "has space").is("an Idempotency-Key with a space", 400, "INVALID_HEADER"),
        Bad.post(TICKETS, "{\"field\":\"DD\"}").header("Idempotency-Key", "k".repeat(129)).is("an Idempotency-Key of 129 characters", 400, "INVALID_HEADER"),
        Bad.post(TICKETS, "{\"field\":\"DD\"}").header("Idempotency-Key", "").is("an empty Idempotency-Key", 400, "INVALID_HEADER"),
        Bad.post(TICKETS, "{\"field\":\"DD\"}").header("Idempotency-Key", "khóa-1").is("an Idempotency-Key that is not ASCII", 400, "INVALID_HEADER"),
        Bad.post(TICKETS, "{\"field\":\"HT\"}").header("Idempotency-Key", "seed-key-1")
            .is("an Idempotency-Key reused for another field", 409, "IDEMPOTENCY_KEY_REUSED"),
        Bad.post(TICKETS, "{\"field\":\"CT\",\"priority\":true}").header("Idempotency-Key", "seed-key-1")
            .is("an Idempotency-Key reused with priority", 409, "IDEMPOTENCY_KEY_REUSED"),
        // centers and tracking tokens
        Bad.get("/api/centers/nowhere").is("an unknown center", 404, "CENTER_UNKNOWN"),
        Bad.get("/api/centers/%00").is("a center id that is a NUL", 404, "CENTER_UNKNOWN"),
        Bad.get("/api/track/" + UNKNOWN_TOKEN).is("an unknown track token", 404, "TICKET_UNKNOWN"),
        Bad.get("/api/track/not-a-token").is("a malformed track token", 404, "TICKET_UNKNOWN"),
        Bad.get("/api/track/nowhere.AAAAAAAAAAAAAAAAAAAAAA").is("a track token of an unknown center", 404, "TICKET_UNKNOWN"),
        Bad.get("/api/track/default." + "A".repeat(300)).is("a track token of 300 characters", 404, "TICKET_UNKNOWN"),
        // ratings
        Bad.post("/api/track/" + DONE + "/rating", "{\"score\":\"3\"}").is("score given as a string", 400, "INVALID_FIELD_VALUE"),
        Bad.post("/api/track/" + DONE + "/rating", "{\"score\":2.5}").is("score 2.5", 400, "INVALID_FIELD_VALUE"),
        Bad.post("/api/track/" + DONE + "/rating", "{\"score\":0}").is("score 0", 400, "INVALID_FIELD_VALUE"),
        Bad.post("/api/track/" + DONE + "/rating", "{\"score\":4}").is("score 4", 400, "INVALID_FIELD_VALUE"),
        Bad.post("/api/track/" + DONE + "/rating", "{\"score\":-1}").is("score -1", 400, "INVALID_FIELD_VALUE"),
        Bad.post("/api/track/" + DONE + "/rating", "{\"score\":1e2}").is("score 1e2", 400, "INVALID_FIELD_VALUE"),
        Bad.post("/api/track/" + DONE + "/rating", "{\"score\":99999999999}").is("score 99999999999", 400, "INVALID_FIELD_VALUE"),
        Bad.post("/api/track/" + DONE + "/rating", "{\"score\":true}").is("score true", 400, "INVALID_FIELD_VALUE"),
        Bad.post("/api/track/" + DONE + "/rating", "{}").is("no score", 400, "MISSING_FIELD"),
        Bad.post("/api/track/" + DONE + "/rating", "{\"score\":3,\"comment\":\"ok\"}").is("a rating with a comment property", 400, "UNKNOWN_PROPERTY"),
        Bad.post("/api/track/" + DONE + "/rating", "[3]").is("a rating that is an array", 400, "INVALID_JSON"),
        Bad.post("/api/track/" + UNKNOWN_TOKEN + "/rating", "{\"score\":3}").is("a rating for an unknown token", 404, "TICKET_UNKNOWN"),
        Bad.post("/api/track/garbage/rating", "{\"score\":3}").is("a rating for a malformed token", 404, "TICKET_UNKNOWN"),
        Bad.post("/api/track/" + WAITING + "/rating", "{\"score\":3}").is("a rating for a ticket still waiting", 409, "NOT_FINISHED"),
        Bad.post("/api/track/" + DONE + "/cancel", null).is("a citizen cancelling a ticket already served", 409, "TICKET_NOT_WAITING"),
        Bad.post("/api/track/" + UNKNOWN_TOKEN + "/cancel", null).is("a citizen cancelling an unknown ticket", 404, "TICKET_UNKNOWN"),
        // sign-in
        Bad.post(LOGIN, "{\"username\":\"admin\"}").is("a login without password", 400, "MISSING_FIELD"),
        Bad.post(LOGIN, "{\"password\":\"x\"}").is("a login without username", 400, "MISSING_FIELD"),
        Bad.post(LOGIN, "{\"username\":\"\",\"password\":\"x\"}").is("an empty username", 400, "INVALID_FIELD_VALUE"),
        Bad.post(LOGIN, "{\"username\":\"   \",\"password\":\"x\"}").is("a blank username", 400, "INVALID_FIELD_VALUE"),
        Bad.post(LOGIN, "{\"username\":\"" + "u".repeat(201) + "\",\"password\":\"x\"}").is("a username of 201 characters", 400, "INVALID_FIELD_VALUE"),
        Bad.post(LOGIN, "{\"username\":\"admin\",\"password\":12345}").is("a password that is a number", 400, "INVALID_FIELD_VALUE"),
        Bad.post(LOGIN, "{\"username\":\"admin\",\"password\":\"x\",\"remember\":true}").is("a login with an unknown property", 400, "UNKNOWN_PROPERTY"),
        Bad.post(LOGIN, "[\"admin\",\"x\"]").is("a login that is an array", 400, "INVALID_JSON"),
        // counter actions (as admin, who may act at every counter, so only the input is wrong)
        Bad.post(counter + "99/call-next", null).as("admin").is("calling at an unknown counter", 404, "COUNTER_UNKNOWN"),
        Bad.post("/api/centers/nowhere/counters/1/call-next", null).as("admin").is("calling at an unknown center", 404, "CENTER_UNKNOWN"),
        Bad.post(counter + "1/call-next", "{\"x\":1}").as("admin").is("call-next with a property it does not take", 400, "UNKNOWN_PROPERTY"),
        Bad.post(counter + "1/call-next", "[]").as("admin").is("call-next with an array body", 400, "INVALID_JSON"),
        Bad.post(counter + "6/call-next", null).as("admin").is("calling at a paused counter", 409, "COUNTER_PAUSED"),
        Bad.post(counter + "6/pause", null).as("admin").is("pausing a paused counter", 409, "COUNTER_PAUSED"),
        Bad.post(counter + "3/pause", null).as("admin").is("pausing a counter with a citizen called", 409, "COUNTER_BUSY"),
        Bad.post(counter + "2/resume", null).as("admin").is("resuming a counter that is not paused", 409, "COUNTER_NOT_PAUSED"),
        Bad.post(counter + "2/start", null).as("admin").is("starting at a counter that called nobody", 409, "NOTHING_CALLED"),
        Bad.post(counter + "2/finish", null).as("admin").is("finishing at a counter that serves nobody", 409, "NOTHING_SERVING"),
        Bad.post(counter + "2/no-show", null).as("admin").is("no-show at a counter that called nobody", 409, "NOTHING_CALLED"),
        Bad.post(counter + "2/recall", null).as("admin").is("recalling at a counter that called nobody", 409, "NOTHING_CALLED"),
        Bad.post(counter + "3/recall", null).as("admin").is("recalling the moment after calling", 409, "RECALL_TOO_SOON"),
        Bad.post(counter + "3/transfer", "{}").as("admin").is("a transfer without field", 400, "MISSING_FIELD"),
        Bad.post(counter + "3/transfer", "{\"field\":5}").as("admin").is("a transfer to field 5", 400, "INVALID_FIELD_VALUE"),
        Bad.post(counter + "3/transfer", "{\"field\":\"ZZ\"}").as("admin").is("a transfer to an unknown field", 404, "FIELD_UNKNOWN"),
        Bad.post(counter + "3/transfer", "{\"field\":\"HT\"}").as("admin").is("a transfer to the ticket's own field", 422, "TRANSFER_SAME_FIELD"),
        Bad.post(counter + "3/transfer", "{\"field\":\"CT\",\"note\":\"" + "n".repeat(501) + "\"}").as("admin")
            .is("a transfer note of 501 characters", 400, "INVALID_FIELD_VALUE"),
        Bad.post(counter + "3/transfer", "{\"field\":\"CT\",\"note\":\"a\\u001bb\"}").as("admin")
            .is("a transfer note with an escape character", 400, "INVALID_FIELD_VALUE"),
        Bad.post(counter + "2/pause", "{\"reason\":\"lunch\\r\\n\"}").as("admin").is("a pause reason with CR LF", 400, "INVALID_FIELD_VALUE"),
        Bad.post(counter + "2/pause", "{\"reason\":\"" + "r".repeat(501) + "\"}").as("admin").is("a pause reason of 501 characters", 400, "INVALID_FIELD_VALUE"),
        Bad.post(counter + "3/finish", "{\"outcome\":\"MAYBE\"}").as("admin").is("an unknown outcome", 400, "INVALID_FIELD_VALUE"),
        Bad.post(TICKETS + "/nope/cancel", null).as("admin").is("cancelling an unknown ticket id", 404, "TICKET_UNKNOWN"),
        // reports
        Bad.get(STATS + "?from=2026-03-02&to=2026-03-01").as("supervisor").is("stats with from after to", 400, "INVALID_PARAMETER"),
        Bad.get(STATS + "?from=yesterday").as("supervisor").is("stats from a word, not a date", 400, "INVALID_PARAMETER"),
        Bad.get(STATS + "?from=2026-02-30").as("supervisor").is("stats from 30 February", 400, "INVALID_PARAMETER"),
        Bad.get(STATS + "?from=2026-03-01&to=03/02/2026").as("supervisor").is("stats to a date in another format", 400, "INVALID_PARAMETER"),
        Bad.get(STATS + "?from=2025-01-01&to=2026-01-02").as("supervisor").is("stats over 367 days", 400, "INVALID_PARAMETER"),
        Bad.get("/api/centers/nowhere/stats").as("supervisor").is("stats of an unknown center", 404, "CENTER_UNKNOWN"),
        // routes, methods and the HTTP layer itself
        Bad.get("/api/nothing").is("an unknown API route", 404, "NOT_FOUND"),
        Bad.get("/nothing-here").is("an unknown page", 404, "NOT_FOUND"),
        Bad.call("DELETE", TICKETS).is("DELETE on the tickets route", 405, "METHOD_NOT_ALLOWED"),
        Bad.get(TICKETS).is("GET on the tickets route", 405, "METHOD_NOT_ALLOWED"),
        Bad.call("PUT", LOGIN).is("PUT on login", 405, "METHOD_NOT_ALLOWED"),
        Bad.get("/api/centers/default/counters/1/call-next").is("GET on call-next", 405, "METHOD_NOT_ALLOWED"),
        Bad.call("POST", "/api/centers/default").is("POST on a center", 405, "METHOD_NOT_ALLOWED"),
        Bad.call("POST", "/health").is("POST on health", 405, "METHOD_NOT_ALLOWED"),
        Bad.get("/api/centers/%ZZ").is("a path with a broken %-escape", 400, "BAD_REQUEST"),
        Bad.get("/api/track/%E0%A4%A").is("a path with a cut %-escape", 400, "BAD_REQUEST"),
        Bad.get("/api/centers/" + "x".repeat(10_000)).is("a request line of 10 000 characters", 414, "URI_TOO_LONG"),
        Bad.get("/api/centers/default").header("X-Padding", "p".repeat(10_000)).is("a header of 10 000 characters", 431, "HEADERS_TOO_LARGE"),
        // stream paths without a WebSocket upgrade, or for things that do not exist
        Bad.get("/ws/centers/default").is("a plain GET on the center stream", 400, "INVALID_HEADER"),
        Bad.get("/ws/track/" + WAITING).is("a plain GET on a ticket stream", 400, "INVALID_HEADER"),
        Bad.get("/ws/centers/nowhere").is("the stream of an unknown center", 404, "CENTER_UNKNOWN"),
        Bad.get("/ws/track/garbage").is("the stream of a malformed token", 404, "TICKET_UNKNOWN"));
  }

  @Order(1)
  @ParameterizedTest(name = "{0}")
  @MethodSource("badRequests")
  @DisplayName("Each bad request gets its 4xx in the error shape, in Vietnamese by default and in English on request")
  void refused(Bad bad) {
    RawHttp.Response vietnamese = send(bad, Map.of());
    assertErrorShape(bad, vietnamese);
    String viMessage = vietnamese.json().getJsonObject("error").getString("message");
    assertTrue(VIETNAMESE.matcher(viMessage).find(), "Vietnamese with its diacritics by default: " + viMessage);
    assertTrue(viMessage.startsWith(templateStart(VIETNAMESE_TEXT, bad.code())), "the Vietnamese text of " + bad.code() + ": " + viMessage);

    RawHttp.Response english = send(bad, Map.of("Accept-Language", "en"));
    assertErrorShape(bad, english);
    // The HTTP decoder refuses these before it has read Accept-Language, so they can only be in the default language.
    if (ANSWERED_BEFORE_HEADERS.contains(bad.code())) return;
    String enMessage = english.json().getJsonObject("error").getString("message");
    assertTrue(enMessage.startsWith(templateStart(ENGLISH_TEXT, bad.code())), "the English text of " + bad.code() + ": " + enMessage);
    assertNotEquals(viMessage, enMessage);
  }

  @Order(2)
  @ParameterizedTest(name = "Accept-Language \"{0}\" → {1}")
  @CsvSource(delimiter = '|', value = {
      "en            | There is no field \"ZZ\" at this center.",
      "en-US,en;q=0.9| There is no field \"ZZ\" at this center.",
      "EN-GB         | There is no field \"ZZ\" at this center.",
      "vi            | Không có lĩnh vực \"ZZ\" tại trung tâm này.",
      "vi-VN,en;q=0.8| Không có lĩnh vực \"ZZ\" tại trung tâm này.",
      "fr            | Không có lĩnh vực \"ZZ\" tại trung tâm này.",
      "*             | Không có lĩnh vực \"ZZ\" tại trung tâm này.",
      "''            | Không có lĩnh vực \"ZZ\" tại trung tâm này."})
  @DisplayName("The language follows the first choice in Accept-Language: English for en, Vietnamese otherwise")
  void languageChoice(String acceptLanguage, String expected) {
    Map<String, String> headers = acceptLanguage.isEmpty() ? Map.of() : Map.of("Accept-Language", acceptLanguage);
    RawHttp.Response r = RawHttp.exchange(server.port(), "POST", TICKETS, headers, "{\"field\":\"ZZ\"}".getBytes(StandardCharsets.UTF_8));
    assertEquals(404, r.status());
    assertEquals(expected, r.json().getJsonObject("error").getString("message"));
  }

  @Test
  @Order(3)
  @DisplayName("An English refusal of a wrong-typed value has no Vietnamese in it")
  void englishReasonIsEnglish() {
    RawHttp.Response r = RawHttp.exchange(server.port(), "POST", TICKETS, Map.of("Accept-Language", "en"),
        "{\"field\":5}".getBytes(StandardCharsets.UTF_8));
    String message = r.json().getJsonObject("error").getString("message");
    assertFalse(VIETNAMESE.matcher(message).find(), message);
  }

  /** Bytes the routes never see as such: refused below them, yet in the error shape. Each was a 500 or a plain-text
   * answer until fuzzing found it (reliability/FuzzTest). */
  record Below(String what, String request, int status, String code) {
    @Override
    public String toString() {
      return what + " → " + status + " " + code;
    }
  }

  static Stream<Below> belowTheRoutes() {
    String host = "Host: localhost\r\nConnection: close\r\n";
    String upgrade = "GET /ws/centers/default HTTP/1.1\r\nHost: localhost\r\nUpgrade: websocket\r\nConnection: Upgrade, close\r\n";
    return Stream.of(
        new Below("an HTTP/1.1 request without a Host header", "GET /health HTTP/1.1\r\nConnection: close\r\n\r\n",
            400, "BAD_REQUEST"),
        new Below("a query string with a bad %-escape", "GET /api/centers/default/stats?from=%zz HTTP/1.1\r\n" + host + "\r\n",
            400, "BAD_REQUEST"),
        new Below("a method in lower case, with a form body", "get /api/centers/default HTTP/1.1\r\n" + host
            + "Content-Type: multipart/form-data; boundary=x\r\nContent-Length: 2\r\n\r\n{}", 405, "METHOD_NOT_ALLOWED"),
        new Below("a GET with a form Content-Type", "GET /api/centers/default HTTP/1.1\r\n" + host
            + "Content-Type: application/x-www-form-urlencoded\r\n\r\n", 415, "UNSUPPORTED_MEDIA_TYPE"),
        new Below("TRACE", "TRACE /api/centers HTTP/1.1\r\n" + host + "\r\n", 405, "METHOD_NOT_ALLOWED"),
        new Below("a header name that is not a token", "GET /health HTTP/1.1\r\n" + host + "X-Tiếng-Việt: có\r\n\r\n",
            400, "BAD_REQUEST"),
        new Below("a WebSocket upgrade without Sec-WebSocket-Key", upgrade + "Sec-WebSocket-Version: 13\r\n\r\n",
            400, "INVALID_HEADER"),
        new Below("a WebSocket upgrade in version 8", upgrade + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
            + "Sec-WebSocket-Version: 8\r\n\r\n", 426, "INVALID_HEADER"));
  }

  @ParameterizedTest(name = "{0}")
  @Order(3)
  @MethodSource("belowTheRoutes")
  @DisplayName("Requests refused below the routes are refused in the error shape too")
  void refusedBelowTheRoutes(Below bad) {
    RawHttp.Response r = RawHttp.raw(server.port(), bad.request());
    assertErrorShape(new Bad(bad.what(), "RAW", "", null, Map.of(), null, bad.status(), bad.code()), r);
    if (bad.status() == 426) assertEquals("13", r.header("sec-websocket-version"), "the version the server speaks");
  }

  @Test
  @Order(3)
  @DisplayName("close-day sent by an admin as a form is refused: it was read as {} and closed the day")
  void formBodyIsNotAnEmptyBody() {
    RawHttp.Response r = RawHttp.raw(server.port(), "POST /api/centers/default/close-day HTTP/1.1\r\nHost: localhost\r\n"
        + "Connection: close\r\nAuthorization: Bearer " + tokens.get("admin") + "\r\n"
        + "Content-Type: multipart/form-data; boundary=x\r\nContent-Length: 13\r\n\r\n{\"fuzz\":true}");
    assertErrorShape(new Bad("close-day as a form", "RAW", "", null, Map.of(), null, 415, "UNSUPPORTED_MEDIA_TYPE"), r);
    // nothingMoved() then finds the day still open
  }

  @Test
  @Order(3)
  @DisplayName("A chunked body whose chunk size is not hex: the connection closes, nothing is logged as a server error")
  void undecodableChunk() {
    RawHttp.Response r;
    try {
      r = RawHttp.raw(server.port(), "POST " + TICKETS + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n"
          + "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nZZ\r\n{}\r\n0\r\n\r\n");
    } catch (IllegalStateException closedWithoutAnswer) {
      return; // Vert.x closes the connection on bytes it cannot decode; nothingMoved() checks no SEVERE was logged
    }
    assertErrorShape(new Bad("a chunk size that is not hex", "RAW", "", null, Map.of(), null, 400, "BAD_REQUEST"), r);
  }

  @Test
  @Order(3)
  @DisplayName("An HTTP/2 cleartext upgrade is answered at once as HTTP/1.1 (it used to go unanswered until the idle timeout)")
  void h2cUpgradeIsAnswered() throws Exception {
    try (java.net.Socket socket = new java.net.Socket("localhost", server.port())) {
      socket.setSoTimeout(10_000);
      socket.getOutputStream().write(("GET /health HTTP/1.1\r\nHost: localhost\r\nUpgrade: h2c\r\nConnection: Upgrade\r\n\r\n")
          .getBytes(StandardCharsets.ISO_8859_1));
      String statusLine = new java.io.BufferedReader(new java.io.InputStreamReader(socket.getInputStream(),
          StandardCharsets.ISO_8859_1)).readLine();
      assertEquals("HTTP/1.1 200 OK", statusLine);
    }
  }


  @Test
  @Order(4)
  @DisplayName("After the whole table the center is as it was: same view, same journal seq, same tickets, same event count, nothing logged as SEVERE")
  void nothingMoved() {
    Baseline after = baseline();
    assertEquals(before.center(), after.center(), "GET /api/centers/default");
    assertEquals(before.seq(), after.seq(), "the journal's latest seq, as a lobby snapshot shows it");
    assertEquals(before.doneTicket(), after.doneTicket());
    assertEquals(before.waitingTicket(), after.waitingTicket());
    assertEquals(before.events(), after.events(), "luot_events in /metrics");
    synchronized (severe) {
      assertTrue(severe.isEmpty(), () -> "SEVERE logged: " + severe.stream().map(r -> r.getMessage()
          + (r.getThrown() == null ? "" : " " + r.getThrown())).toList());
    }
  }

  // ---- steps ----

  private RawHttp.Response send(Bad bad, Map<String, String> extra) {
    Map<String, String> headers = new LinkedHashMap<>();
    if (bad.body() != null) headers.put("Content-Type", "application/json");
    headers.putAll(bad.headers());
    headers.putAll(extra);
    if (bad.as() != null) headers.put("Authorization", "Bearer " + tokens.get(bad.as()));
    String path = bad.path();
    for (Map.Entry<String, String> t : tracked.entrySet()) path = path.replace(t.getKey(), t.getValue());
    return RawHttp.exchange(server.port(), bad.method(), path, headers, bad.body());
  }

  private static void assertErrorShape(Bad bad, RawHttp.Response r) {
    String where = bad.what() + ": " + r.status() + " " + RawHttp.abbreviate(r.body());
    assertTrue(r.status() >= 400 && r.status() < 500, "a 4xx, never a 5xx — " + where);
    assertEquals(bad.status(), r.status(), where);
    String type = r.header("content-type");
    assertTrue(type != null && type.startsWith("application/json"), "JSON, not " + type + " — " + where);
    JsonObject body = r.json();
    assertEquals(java.util.Set.of("error"), body.fieldNames(), where);
    JsonObject error = body.getJsonObject("error");
    assertEquals(java.util.Set.of("code", "message"), error.fieldNames(), where);
    assertTrue(CODE.matcher(error.getString("code")).matches(), "SNAKE_CASE code — " + where);
    assertEquals(bad.code(), error.getString("code"), where);
    assertFalse(error.getString("message").isBlank(), where);
    assertFalse(r.body().contains("Exception") || r.body().contains("\tat ") || r.body().contains("vn.luot"),
        "no stack trace or class names — " + where);
  }

  /** A message's fixed opening, before its first {detail}. */
  private static String templateStart(ResourceBundle bundle, String code) {
    String template = bundle.getString(code);
    int brace = template.indexOf('{');
    return brace < 0 ? template : template.substring(0, brace);
  }

  private Baseline baseline() {
    long seq;
    try (WsClient lobby = WsClient.connect(vertx, server.port(), "/ws/centers/default")) {
      JsonObject snapshot = lobby.next();
      assertEquals("snapshot", snapshot.getString("type"));
      seq = snapshot.getLong("seq");
    }
    return new Baseline(api.center(), seq, api.get("/api/track/" + tracked.get(DONE)).json(),
        api.get("/api/track/" + tracked.get(WAITING)).json(), eventCount());
  }

  /** The sum of every luot_events series in /metrics: how many events the center has journaled. */
  private double eventCount() {
    String metrics = api.get("/metrics").body();
    double sum = 0;
    for (String line : metrics.split("\n")) {
      if (line.startsWith("luot_events")) sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
    }
    assertTrue(sum > 0, "luot_events is in /metrics");
    return sum;
  }
}
