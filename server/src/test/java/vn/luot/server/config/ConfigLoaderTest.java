package vn.luot.server.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import vn.luot.server.auth.PasswordHasher;
import vn.luot.server.auth.Role;
import vn.luot.server.auth.UserAccount;
import vn.luot.server.domain.CenterConfig;
import vn.luot.server.domain.RoutingMode;

@DisplayName("Reading the configuration")
class ConfigLoaderTest {
  static final PasswordHasher HASHER = new PasswordHasher();
  static String hash;
  @TempDir Path dir;

  @BeforeAll
  static void hashOnce() {
    hash = HASHER.hash("s3cret-pass");
  }

  @Test
  @DisplayName("With no file, the demo center runs with six fields, eight counters and demo accounts using LUOT_DEMO_PASSWORD")
  void demoCenter() {
    ServerConfig c = ConfigLoader.load(null, Map.of(ServerConfig.ENV_DEMO_PASSWORD, "pw-from-env"));
    CenterConfig center = c.centers().get(0);
    assertEquals("default", center.id());
    assertEquals("Trung tâm Phục vụ Hành chính công TP Thanh Hóa", center.name());
    assertEquals(List.of("DD", "HT", "CT", "KD", "XD", "LD"), center.fields().stream().map(f -> f.code()).toList());
    assertEquals(List.of("A", "B", "C", "D", "E", "F"), center.fields().stream().map(f -> f.prefix()).toList());
    assertEquals("Lao động – Thương binh và Xã hội", center.field("LD").orElseThrow().name());
    assertEquals(8, center.counters().size());
    assertEquals("DD", center.counter("1").orElseThrow().fields().get(0), "counter 1 serves Đất đai first");
    assertTrue(c.demoAccounts());
    assertEquals("pw-from-env", c.demoPassword());
    assertEquals(List.of(), c.users(), "no accounts of the file's own");
    assertEquals(ServerConfig.DEFAULT_PORT, c.port());
    assertEquals(ServerConfig.DEFAULT_DATA, c.dataDir());
  }

  @Test
  @DisplayName("The demo accounts: admin, supervisor and a clerk per counter 1–8, hashed once and only when one is missing")
  void demoAccounts() {
    CenterConfig center = ConfigLoader.load(null, Map.of()).centers().get(0);
    List<String> hashesMade = new ArrayList<>();
    Supplier<String> hashing = () -> {
      String h = HASHER.hash("pw");
      hashesMade.add(h);
      return h;
    };
    List<UserAccount> all = DemoAccounts.missing(center, name -> true, hashing);
    assertEquals(List.of("admin", "supervisor", "clerk1", "clerk2", "clerk3", "clerk4", "clerk5", "clerk6", "clerk7",
        "clerk8"), all.stream().map(UserAccount::username).toList());
    assertEquals(1, hashesMade.size(), "one hash for all of them");
    UserAccount clerk5 = all.get(6);
    assertEquals(Role.CLERK, clerk5.role());
    assertEquals("5", clerk5.counter());
    assertEquals(center.id(), clerk5.center());
    assertEquals(Role.ADMIN, all.get(0).role());
    assertEquals(null, all.get(0).center(), "the admin is every center's");
    assertTrue(HASHER.verify("pw", clerk5.passwordHash()));
    assertFalse(HASHER.verify("demo", clerk5.passwordHash()));

    assertEquals(List.of("clerk3"), DemoAccounts.missing(center, "clerk3"::equals, hashing).stream()
        .map(UserAccount::username).toList());
    assertEquals(2, hashesMade.size());
    assertEquals(List.of(), DemoAccounts.missing(center, name -> false, hashing), "a restart: every account stored");
    assertEquals(2, hashesMade.size(), "and no hash made");
  }

  @Test
  @DisplayName("A YAML file names centers, fields, counters, users and rules; environment variables override it")
  void yamlFileWithEnvironmentOverrides() throws IOException {
    Path file = write("luot.yaml", """
        server: { port: 9000, data: /srv/luot }
        auth: { tokenSecret: "0123456789abcdef0123456789abcdef", tokenTtlHours: 8 }
        centers:
          - id: phuong-hac-thanh
            name: "Trung tâm phường Hạc Thành"
            policy: { priorityRatio: 3, routing: OLDEST_FIRST, recallMinGapSeconds: 20 }
            fields:
              - { code: DD, name: "Đất đai", prefix: A }
              - { code: HT, name: "Hộ tịch", prefix: B, targetWaitMinutes: 15 }
            counters:
              - { id: "1", fields: [DD, HT] }
        users:
          - { username: canbo1, role: clerk, center: phuong-hac-thanh, counter: "1", passwordHash: "%s" }
          - { username: admin, role: admin, passwordHash: "%s" }
        """.formatted(hash, hash));
    ServerConfig c = ConfigLoader.load(file, Map.of(ServerConfig.ENV_PORT, "9100"));
    assertEquals(9100, c.port(), "the environment wins over the file");
    assertEquals(Path.of("/srv/luot"), c.dataDir());
    assertEquals(8, c.tokenTtl().toHours());
    assertFalse(c.demoAccounts());
    CenterConfig center = c.centers().get(0);
    assertEquals(3, center.policy().priorityRatio());
    assertEquals(RoutingMode.OLDEST_FIRST, center.policy().routing());
    assertEquals(20, center.policy().recallMinGap().toSeconds());
    assertEquals(15, center.field("HT").orElseThrow().targetWaitMinutes());
    assertEquals("Quầy 1", center.counter("1").orElseThrow().name(), "a counter without a name is called Quầy N");
    assertEquals(2, c.users().size());
  }

  @Test
  @DisplayName("A JSON file is read as well")
  void jsonFile() throws IOException {
    Path file = write("luot.json", """
        {"centers": [{"id": "xa-dong-tho", "name": "Trung tâm xã Đông Thọ",
          "fields": [{"code": "CT", "name": "Chứng thực", "prefix": "C"}],
          "counters": [{"id": "1", "name": "Quầy 1", "fields": ["CT"]}]}]}
        """);
    ServerConfig c = ConfigLoader.load(file, Map.of());
    assertEquals("Trung tâm xã Đông Thọ", c.centers().get(0).name());
    assertTrue(c.demoAccounts(), "no users configured: demo accounts, with the warning");
  }

  @ParameterizedTest(name = "{0}")
  @DisplayName("A mistake in the file stops the start with a message naming it")
  @CsvSource(delimiter = '|', value = {
      "unknown key          | centers: [{id: a, name: A, colour: red, fields: [{code: DD, name: D, prefix: A}], counters: []}] | colour",
      "repeated prefix      | centers: [{id: a, name: A, fields: [{code: DD, name: D, prefix: A}, {code: HT, name: H, prefix: A}], counters: []}] | prefix repeated",
      "counter of no field  | centers: [{id: a, name: A, fields: [{code: DD, name: D, prefix: A}], counters: [{id: '1', fields: [XX]}]}] | unknown field XX",
      "bad center id        | centers: [{id: 'Trung Tâm', name: A, fields: [{code: DD, name: D, prefix: A}], counters: []}] | id must match",
      "bad zone             | centers: [{id: a, name: A, zone: Mars/Olympus, fields: [{code: DD, name: D, prefix: A}], counters: []}] | unknown zone",
      "bad routing          | centers: [{id: a, name: A, policy: {routing: RANDOM}, fields: [{code: DD, name: D, prefix: A}], counters: []}] | RANDOM",
      "no centers           | centers: [] | no center",
      "plain password       | centers: [{id: a, name: A, fields: [{code: DD, name: D, prefix: A}], counters: []}]\\nusers: [{username: x, role: admin, passwordHash: hunter2}] | Argon2",
      "clerk without counter| centers: [{id: a, name: A, fields: [{code: DD, name: D, prefix: A}], counters: []}]\\nusers: [{username: x, role: clerk, center: a, passwordHash: $argon2id$x}] | counter",
      "unknown role         | centers: [{id: a, name: A, fields: [{code: DD, name: D, prefix: A}], counters: []}]\\nusers: [{username: x, role: boss, passwordHash: $argon2id$x}] | role",
  })
  void mistakes(String name, String yaml, String expected) throws IOException {
    Path file = write("bad.yaml", yaml.replace("\\n", "\n"));
    ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(file, Map.of()));
    assertTrue(e.getMessage().contains(expected), () -> "message should mention '" + expected + "': " + e.getMessage());
  }

  @Test
  @DisplayName("A port that is not a number in LUOT_PORT is refused")
  void badPortInEnvironment() {
    ConfigException e = assertThrows(ConfigException.class,
        () -> ConfigLoader.load(null, Map.of(ServerConfig.ENV_PORT, "eighty")));
    assertTrue(e.getMessage().contains(ServerConfig.ENV_PORT));
  }

  private Path write(String name, String text) throws IOException {
    Path file = dir.resolve(name);
    Files.writeString(file, text, StandardCharsets.UTF_8);
    return file;
  }

  @Test
  @DisplayName("Abuse limits: defaults, the file's limits section, LUOT_LIMITS_* over it, and bad values refused")
  void limits() throws IOException {
    assertEquals(Limits.DEFAULT, ConfigLoader.load(null, Map.of()).limits());
    Path file = dir.resolve("limits.yaml");
    String center = "centers:\n  - id: c1\n    name: C\n    fields: [{ code: DD, name: D, prefix: A }]\n    counters: []\n";
    Files.writeString(file, center + "limits:\n  issuePerKioskBurst: 4\n  loginFailuresPerUser: 7\n  trustForwardedFor: true\n",
        StandardCharsets.UTF_8);
    Limits limits = ConfigLoader.load(file, Map.of("LUOT_LIMITS_LOGIN_FAILURES_PER_USER", "9",
        "LUOT_LIMITS_WEB_SOCKET_MESSAGE_BYTES", "8192")).limits();
    assertEquals(4, limits.issuePerKioskBurst());
    assertEquals(9, limits.loginFailuresPerUser());
    assertEquals(8192, limits.webSocketMessageBytes());
    assertTrue(limits.trustForwardedFor());
    assertEquals(Limits.DEFAULT.issuePerAddressBurst(), limits.issuePerAddressBurst());

    Files.writeString(file, center + "limits:\n  issuePerKiosk: 4\n", StandardCharsets.UTF_8);
    assertTrue(assertThrows(ConfigException.class, () -> ConfigLoader.load(file, Map.of()))
        .getMessage().contains("issuePerKiosk"));
    assertThrows(ConfigException.class, () -> ConfigLoader.load(null,
        Map.of("LUOT_LIMITS_ISSUE_PER_KIOSK_BURST", "0")));
    assertThrows(ConfigException.class, () -> ConfigLoader.load(null,
        Map.of("LUOT_LIMITS_TRUST_FORWARDED_FOR", "yes")));
  }
}
