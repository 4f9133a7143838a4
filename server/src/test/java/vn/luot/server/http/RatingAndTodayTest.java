package vn.luot.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import vn.luot.server.support.Api;
import vn.luot.server.support.MutableClock;
import vn.luot.server.support.TestServer;

@DisplayName("Rating from a counter's tablet and from the phone; a clerk's figures for today")
class RatingAndTodayTest {
  static final String RATING = "/api/centers/default/counters/1/rating";

  @TempDir Path data;
  MutableClock clock = new MutableClock(Instant.parse("2026-03-10T02:00:00Z")); // 09:00 in Hà Nội
  TestServer server;
  Api api;
  String clerk;

  @BeforeEach
  void start() {
    server = TestServer.start(data, clock);
    api = server.api();
    clerk = api.login("clerk1");
  }

  @AfterEach
  void stop() {
    server.close();
  }

  /** Issues a DD ticket, calls it at counter 1, serves it for the given minutes and finishes it. */
  private JsonObject serve(int minutes) {
    JsonObject issued = api.issue("DD");
    assertEquals(200, api.counter("1", "call-next", clerk).status());
    clock.advance(Duration.ofMinutes(minutes));
    assertEquals(200, api.counter("1", "finish", clerk).status());
    return issued;
  }

  private Api.Response rateAt(String counter, String body) {
    return api.post("/api/centers/default/counters/" + counter + "/rating", body);
  }

  private static String rating(String ticket, int score) {
    return new JsonObject().put("ticket", ticket).put("score", score).encode();
  }

  @Test
  @DisplayName("The tablet is told which ticket it may ask about; one rating is taken, a second is ALREADY_RATED")
  void oneRatingPerTicket() {
    assertNull(api.get(RATING).json().getValue("pending"), "nothing finished yet, nothing to ask");
    JsonObject done = serve(5);
    JsonObject tablet = api.get(RATING).json();
    assertEquals(3, tablet.getInteger("ratingScale"));
    assertEquals("Quầy 1", tablet.getString("counterName"));
    JsonObject pending = tablet.getJsonObject("pending");
    assertEquals(done.getString("id"), pending.getString("ticket"));
    assertEquals(done.getString("number"), pending.getString("number"));
    assertTrue(!pending.containsKey("trackToken") && !tablet.encode().contains(done.getString("trackToken")),
        "the tablet never sees a tracking token");

    assertEquals(204, rateAt("1", rating(done.getString("id"), 3)).status());
    Api.Response again = rateAt("1", rating(done.getString("id"), 1));
    assertEquals(409, again.status());
    assertEquals("ALREADY_RATED", again.errorCode());
    Api.Response fromPhone = api.post("/api/track/" + done.getString("trackToken") + "/rating", "{\"score\":1}");
    assertEquals(409, fromPhone.status(), "the phone cannot rate it a second time either");
    assertNull(api.get(RATING).json().getValue("pending"), "a rated ticket is no longer asked about");

    JsonObject ratings = api.get("/api/centers/default/stats", api.login("supervisor")).json()
        .getJsonObject("total").getJsonObject("ratings");
    assertEquals(1, ratings.getInteger("count"));
    assertEquals(1, ratings.getJsonObject("byScore").getInteger("3"));
    assertTrue(api.get("/api/track/" + done.getString("trackToken")).json().getBoolean("rated"));
  }

  @Test
  @DisplayName("Only the ticket the counter finished last, at that counter, within 3 minutes: otherwise RATING_CLOSED")
  void onlyTheTicketJustFinished() {
    JsonObject first = serve(4);
    JsonObject second = serve(6);
    Api.Response older = rateAt("1", rating(first.getString("id"), 3));
    assertEquals(409, older.status());
    assertEquals("RATING_CLOSED", older.errorCode());
    assertTrue(older.json().getJsonObject("error").getString("message").contains(first.getString("number")));
    Api.Response otherCounter = rateAt("2", rating(second.getString("id"), 3));
    assertEquals("RATING_CLOSED", otherCounter.errorCode());

    clock.advance(Duration.ofMinutes(3).plusSeconds(1));
    assertNull(api.get(RATING).json().getValue("pending"), "the window has closed");
    Api.Response late = rateAt("1", rating(second.getString("id"), 3));
    assertEquals(409, late.status());
    assertEquals("RATING_CLOSED", late.errorCode());
    // The citizen's own phone has no window: the token proves whose ticket it is.
    assertEquals(204, api.post("/api/track/" + second.getString("trackToken") + "/rating", "{\"score\":2}").status());
  }

  @Test
  @DisplayName("A ticket still at the counter cannot be rated from the tablet")
  void notWhileServing() {
    JsonObject issued = api.issue("DD");
    api.counter("1", "call-next", clerk);
    Api.Response r = rateAt("1", rating(issued.getString("id"), 3));
    assertEquals(409, r.status());
    assertEquals("RATING_CLOSED", r.errorCode());
  }

  @Test
  @DisplayName("An unhappy rating may carry a reason; it is kept and counted in the stats")
  void reasonCounted() {
    JsonObject done = serve(5);
    String body = new JsonObject().put("ticket", done.getString("id")).put("score", 1).put("reason", "LONG_WAIT").encode();
    assertEquals(204, rateAt("1", body).status());
    JsonObject phone = serve(5);
    assertEquals(204, api.post("/api/track/" + phone.getString("trackToken") + "/rating",
        "{\"score\":1,\"reason\":\"ATTITUDE\"}").status());
    JsonObject ratings = api.get("/api/centers/default/stats", api.login("supervisor")).json()
        .getJsonObject("total").getJsonObject("ratings");
    assertEquals(2, ratings.getJsonObject("byScore").getInteger("1"));
    assertEquals(1, ratings.getJsonObject("reasons").getInteger("LONG_WAIT"));
    assertEquals(1, ratings.getJsonObject("reasons").getInteger("ATTITUDE"));
  }

  @ParameterizedTest(name = "{0} → {1} {2}")
  @CsvSource(delimiter = '|', value = {
      "{\"ticket\":\"T\",\"score\":3,\"reason\":\"LONG_WAIT\"} | 422 | REASON_ONLY_WHEN_UNHAPPY",
      "{\"ticket\":\"T\",\"score\":1,\"reason\":\"BORED\"}     | 400 | INVALID_FIELD_VALUE",
      "{\"ticket\":\"T\",\"score\":4}                          | 400 | INVALID_FIELD_VALUE",
      "{\"ticket\":\"T\"}                                      | 400 | MISSING_FIELD",
      "{\"score\":2}                                           | 400 | MISSING_FIELD",
      "{\"ticket\":\"a b\",\"score\":2}                        | 400 | INVALID_FIELD_VALUE",
      "{\"ticket\":\"T\",\"score\":2,\"token\":\"x\"}          | 400 | UNKNOWN_PROPERTY",
      "[1]                                                     | 400 | INVALID_JSON",
  })
  @DisplayName("Bad ratings from a tablet are refused with a clear 4xx and change nothing")
  void badInput(String body, int status, String code) {
    JsonObject done = serve(5);
    Api.Response r = rateAt("1", body.replace("\"T\"", "\"" + done.getString("id") + "\""));
    assertEquals(status, r.status(), r.body());
    assertEquals(code, r.errorCode());
    Api.Response en = api.post(RATING, body.replace("\"T\"", "\"" + done.getString("id") + "\""), null,
        Map.of("Accept-Language", "en"));
    assertTrue(!en.json().getJsonObject("error").getString("message").isBlank());
    assertEquals(done.getString("id"), api.get(RATING).json().getJsonObject("pending").getString("ticket"),
        "still waiting for its one rating");
  }

  @Test
  @DisplayName("Rating at a counter that does not exist is COUNTER_UNKNOWN (404)")
  void unknownCounter() {
    JsonObject done = serve(5);
    assertEquals(404, api.get("/api/centers/default/counters/99/rating").status());
    Api.Response r = rateAt("99", rating(done.getString("id"), 3));
    assertEquals(404, r.status());
    assertEquals("COUNTER_UNKNOWN", r.errorCode());
  }

  @Test
  @DisplayName("Today at counter 1: served, no-show, transferred, median wait and service, ratings; only for its clerk and readers")
  void clerkFiguresToday() {
    JsonObject a = serve(4); // waited 0, served 4 min
    clock.advance(Duration.ofMinutes(1));
    serve(6);
    api.issue("DD");
    api.issue("DD");
    clock.advance(Duration.ofMinutes(2));
    api.counter("1", "call-next", clerk);
    assertEquals(200, api.counter("1", "no-show", clerk).status());
    api.counter("1", "call-next", clerk);
    clock.advance(Duration.ofMinutes(2));
    assertEquals(200, api.post("/api/centers/default/counters/1/transfer", "{\"field\":\"HT\"}", clerk).status());
    api.post("/api/track/" + a.getString("trackToken") + "/rating", "{\"score\":3}");
    // Counter 2's work is not counter 1's.
    String clerk2 = api.login("clerk2");
    api.issue("CT");
    api.counter("2", "call-next", clerk2);
    api.counter("2", "finish", clerk2);

    Api.Response r = api.get("/api/centers/default/counters/1/today", clerk);
    assertEquals(200, r.status(), r.body());
    JsonObject today = r.json();
    assertEquals("2026-03-10", today.getString("day"));
    assertEquals(4, today.getInteger("called"));
    assertEquals(2, today.getInteger("served"));
    assertEquals(1, today.getInteger("noShow"));
    assertEquals(1, today.getInteger("transferred"));
    assertEquals(240.0, today.getJsonObject("serviceSeconds").getDouble("median"), "served 4 and 6 min, 2 before the transfer");
    assertEquals(60.0, today.getJsonObject("waitSeconds").getDouble("median"), "waits 0, 0, 120, 120 s");
    assertEquals(1, today.getJsonObject("ratings").getInteger("count"));

    assertEquals(403, api.get("/api/centers/default/counters/1/today", clerk2).status(), "another counter's clerk");
    assertEquals(200, api.get("/api/centers/default/counters/1/today", api.login("supervisor")).status());
    assertEquals(200, api.get("/api/centers/default/counters/1/today", api.login("admin")).status());
    assertEquals(401, api.get("/api/centers/default/counters/1/today").status());
    assertEquals("COUNTER_UNKNOWN", api.get("/api/centers/default/counters/99/today", api.login("admin")).errorCode());
  }
}
