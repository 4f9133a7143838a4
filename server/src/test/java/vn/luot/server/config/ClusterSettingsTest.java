package vn.luot.server.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Cluster settings from the file's cluster section, environment variables on top, and their checks. */
@DisplayName("Cluster settings")
class ClusterSettingsTest {
  @TempDir Path dir;

  @Test
  @DisplayName("without any setting the node is the single SQLite node")
  void defaultIsSingle() {
    ClusterSettings c = ConfigLoader.load(null, Map.of()).cluster();
    assertFalse(c.enabled());
    assertFalse(c.onPostgres());
    assertEquals(ClusterSettings.SINGLE, c);
  }

  @Test
  @DisplayName("the file's cluster section is read, and environment variables win over it")
  void fileThenEnvironment() throws Exception {
    Path file = dir.resolve("luot.yaml");
    Files.writeString(file, """
        cluster:
          enabled: true
          postgres: postgresql://luot:secret@10.0.0.20:5432/luot
          members: [10.0.0.11:5701, 10.0.0.12:5701]
          host: 10.0.0.11
          port: 5801
          name: thanh-hoa
          engineIdleSeconds: 120
        centers:
          - id: c1
            name: "Trung tâm"
            fields: [{ code: DD, name: "Đất đai", prefix: A }]
            counters: [{ id: "1", name: "Quầy 1", fields: [DD] }]
        """, StandardCharsets.UTF_8);
    ClusterSettings fromFile = ConfigLoader.load(file, Map.of()).cluster();
    assertEquals(new ClusterSettings("postgresql://luot:secret@10.0.0.20:5432/luot", true,
        List.of("10.0.0.11:5701", "10.0.0.12:5701"), "10.0.0.11", 5801, "thanh-hoa", Duration.ofSeconds(120)), fromFile);

    ClusterSettings env = ConfigLoader.load(file, Map.of(ClusterSettings.ENV_HOST, "10.0.0.12",
        ClusterSettings.ENV_MEMBERS, "a:5701, b:5701,", ClusterSettings.ENV_CLUSTER, "false")).cluster();
    assertEquals("10.0.0.12", env.host());
    assertEquals(List.of("a:5701", "b:5701"), env.members());
    assertFalse(env.enabled());
    assertTrue(env.onPostgres(), "still on the file's PostgreSQL");
  }

  @Test
  @DisplayName("the cluster demo file of the README loads: fifty centers")
  void clusterDemoFile() {
    ServerConfig c = ConfigLoader.load(Path.of("..", "docs", "cluster-demo.yaml"), Map.of());
    assertEquals(50, c.centers().size());
    assertEquals("Bộ phận Một cửa phường số 50", c.centers().get(49).name());
  }

  @Test
  @DisplayName("cluster mode without PostgreSQL, a bad member, port or flag value is refused with the reason")
  void refusals() {
    ConfigException noDb = assertThrows(ConfigException.class,
        () -> ConfigLoader.load(null, Map.of(ClusterSettings.ENV_CLUSTER, "true")));
    assertTrue(noDb.getMessage().contains("PostgreSQL"), noDb.getMessage());
    assertThrows(ConfigException.class, () -> ConfigLoader.load(null, Map.of(ClusterSettings.ENV_CLUSTER, "yes")));
    assertThrows(ConfigException.class, () -> ConfigLoader.load(null, Map.of(ClusterSettings.ENV_PORT, "0")));
    assertThrows(ConfigException.class,
        () -> ConfigLoader.load(null, Map.of(ClusterSettings.ENV_MEMBERS, "host with space:5701")));
    assertThrows(ConfigException.class,
        () -> ConfigLoader.load(null, Map.of(ClusterSettings.ENV_ENGINE_IDLE, "0")));
  }
}
