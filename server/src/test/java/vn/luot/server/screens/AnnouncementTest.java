package vn.luot.server.screens;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static vn.luot.server.screens.Browser.waitConnected;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.openqa.selenium.chrome.ChromeDriver;
import vn.luot.server.support.Api;
import vn.luot.server.support.MutableClock;
import vn.luot.server.support.TestServer;

/**
 * What the lobby says, checked in the browser itself (the browser is our JavaScript test runner): the page's own
 * modules are imported into a served page and called, and the real announcement queue is listened to.
 */
@Browser.Required
@DisplayName("Announcements in Vietnamese from the voice pack")
class AnnouncementTest {
  @TempDir static Path profile;
  @TempDir static Path data;
  static ChromeDriver driver;
  static MutableClock clock;
  static TestServer server;
  static String base;

  @BeforeAll
  static void start() {
    clock = new MutableClock(Instant.now());
    server = TestServer.start(data, clock);
    base = "http://localhost:" + server.port();
    driver = Browser.start(profile, 1280, 720);
    driver.get(base + "/display/counter.html?counter=1"); // any page of the server: modules load from its origin
  }

  @AfterAll
  static void stop() {
    if (driver != null) driver.quit();
    if (server != null) server.close();
  }

  /** Imports words.js and announce.js into the page, fetches the manifest, and returns what {@code body} returns. */
  static Object inPage(String body, Object... args) {
    Object result = Browser.async(driver, """
        const args = Array.from(arguments).slice(0, -1);
        Promise.all([import('/display/js/words.js'), import('/display/js/announce.js'),
                     fetch('/display/voice/vi/manifest.json').then((r) => r.json())])
          .then(([words, announce, manifest]) => done(JSON.stringify((() => { %s })())))
          .catch((e) => done('ERROR ' + e));
        """.formatted(body), args);
    String json = String.valueOf(result);
    if (json.startsWith("ERROR")) throw new AssertionError(json);
    return json;
  }

  static JsonObject sequenceFor(String number, String counter) {
    return new JsonObject((String) inPage("""
        const call = { number: args[0], counter: args[1], recall: false };
        const said = words.announcementWords(call);
        const clips = announce.clipSequence(said, manifest);
        return { words: said, files: clips.files, missing: clips.missing, manifest: said.map((w) => manifest[w] ?? null) };
        """, number, counter));
  }

  @Test
  @DisplayName("A012 at counter 5 is announced as: mời công dân có số, a, mười, hai, đến quầy số, năm — each a clip of the pack")
  void a012AtCounter5() {
    JsonObject s = sequenceFor("A012", "5");
    assertEquals(List.of("mời công dân có số", "a", "mười", "hai", "đến quầy số", "năm"), s.getJsonArray("words").getList());
    assertEquals(List.of("mowif-coong-daan-cos-soos.wav", "a.wav", "muwowif.wav", "hai.wav", "ddeens-quaayf-soos.wav", "nawm.wav"),
        s.getJsonArray("files").getList());
    assertEquals(s.getJsonArray("manifest"), s.getJsonArray("files"), "each word is the manifest's clip for it");
    assertEquals(List.of(), s.getJsonArray("missing").getList());
  }

  @Test
  @DisplayName("B105 at counter 12 is announced as: …, bê, một, trăm, linh, năm, …, mười, hai — each a clip of the pack")
  void b105AtCounter12() {
    JsonObject s = sequenceFor("B105", "12");
    assertEquals(List.of("mời công dân có số", "bê", "một", "trăm", "linh", "năm", "đến quầy số", "mười", "hai"),
        s.getJsonArray("words").getList());
    assertEquals(List.of("mowif-coong-daan-cos-soos.wav", "bee.wav", "mootj.wav", "trawm.wav", "linh.wav", "nawm.wav",
        "ddeens-quaayf-soos.wav", "muwowif.wav", "hai.wav"), s.getJsonArray("files").getList());
    assertEquals(s.getJsonArray("manifest"), s.getJsonArray("files"));
    assertEquals(List.of(), s.getJsonArray("missing").getList());
  }

  @ParameterizedTest(name = "{0} → {1}")
  @DisplayName("Numbers are read the Vietnamese way (mốt, tư, lăm, linh/lẻ, mươi/mười), or digit by digit")
  @CsvSource(delimiter = '|', textBlock = """
      readNumber(1)              | một
      readNumber(4)              | bốn
      readNumber(5)              | năm
      readNumber(10)             | mười
      readNumber(11)             | mười một
      readNumber(14)             | mười bốn
      readNumber(15)             | mười lăm
      readNumber(20)             | hai mươi
      readNumber(21)             | hai mươi mốt
      readNumber(24)             | hai mươi tư
      readNumber(25)             | hai mươi lăm
      readNumber(100)            | một trăm
      readNumber(101)            | một trăm linh một
      readNumber(105)            | một trăm linh năm
      readNumber(110)            | một trăm mười
      readNumber(115)            | một trăm mười lăm
      readNumber(121)            | một trăm hai mươi mốt
      readNumber(999)            | chín trăm chín mươi chín
      readNumber(1000)           | một nghìn
      readNumber(1005)           | một nghìn không trăm linh năm
      readNumber(105, 'lẻ')      | một trăm lẻ năm
      readDigits('012')          | không một hai
      readLabel('A012', 'digits') | a không một hai
      readLabel('B105', 'digits') | bê một không năm
      readLabel('A012')          | a mười hai
      """)
  void readsNumbers(String expression, String expected) {
    String words = (String) inPage("return words." + expression + ";");
    assertEquals(Arrays.asList(expected.split(" ")), new JsonArray(words).getList());
  }

  @Test
  @DisplayName("A call and its recall are both played on the lobby (chime, then the clips), the recall marked as such")
  void recallIsAnnouncedAgain() {
    Api api = server.api();
    for (int i = 0; i < 12; i++) api.issue("DD");
    String clerk1 = api.login("clerk1");
    for (int i = 0; i < 11; i++) assertEquals(200, api.counter("1", "call-next", clerk1).status()); // A001…A011
    driver.get(base + "/display/");
    waitConnected(driver);

    String clerk5 = api.login("clerk5");
    assertEquals("A012", api.counter("5", "call-next", clerk5).json().getString("number"));
    JsonArray played = Browser.waitPlayed(driver, 1, Duration.ofSeconds(20));
    List<String> expected = new ArrayList<>(List.of("chime.wav"));
    expected.addAll(List.of("mowif-coong-daan-cos-soos.wav", "a.wav", "muwowif.wav", "hai.wav", "ddeens-quaayf-soos.wav", "nawm.wav"));
    assertEquals(Map.of("number", "A012", "counter", "5", "recall", false), callOf(played.getJsonObject(0)));
    assertEquals(expected, played.getJsonObject(0).getJsonArray("clips").getList());

    Api.Response tooSoon = api.counter("5", "recall", clerk5);
    assertEquals("RECALL_TOO_SOON", tooSoon.errorCode(), "the server refuses a recall within 10 s of the call");
    clock.advance(Duration.ofSeconds(11));
    assertEquals(200, api.counter("5", "recall", clerk5).status());
    played = Browser.waitPlayed(driver, 2, Duration.ofSeconds(20));
    assertEquals(2, played.size());
    assertEquals(Map.of("number", "A012", "counter", "5", "recall", true), callOf(played.getJsonObject(1)));
    assertEquals(expected, played.getJsonObject(1).getJsonArray("clips").getList());

    List<Object> started = Browser.audioLog(driver).stream().filter(e -> "play".equals(e.get("kind"))).map(e -> e.get("file")).toList();
    List<String> twice = new ArrayList<>(expected);
    twice.addAll(expected);
    assertEquals(twice, started, "the clips really played, once per announcement");
    assertEquals(1, Browser.maxClipsAtOnce(driver));
  }

  private static Map<String, Object> callOf(JsonObject entry) {
    JsonObject call = entry.getJsonObject("call");
    return Map.of("number", call.getString("number"), "counter", call.getString("counter"), "recall", call.getBoolean("recall"));
  }
}
