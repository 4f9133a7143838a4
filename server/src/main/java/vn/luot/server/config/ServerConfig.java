package vn.luot.server.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import vn.luot.server.auth.UserAccount;
import vn.luot.server.domain.CenterConfig;

/**
 * Everything the server needs to start, resolved from defaults, the config file, environment variables and the
 * command line (later ones win).
 *
 * @param tokenSecret  signs login tokens; when null, one is made once and kept in the data folder
 * @param kioskKeys    per center, each kiosk's key (its print agent must present it)
 * @param users        the accounts the config file names (stored at the start where missing; docs/OPERATIONS.md)
 * @param demoPassword when the file names no users, the password of the demo accounts ({@link DemoAccounts}), else null
 * @param cluster      the journal's database and cluster membership ({@link ClusterSettings#SINGLE}: one SQLite node)
 * @param limits       abuse limits: ticket issue and login rates, WebSocket connections and message size
 */
public record ServerConfig(String host, int port, Path dataDir, String tokenSecret, Duration tokenTtl,
                           List<CenterConfig> centers, Map<String, Map<String, String>> kioskKeys,
                           List<UserAccount> users, String demoPassword, ClusterSettings cluster, Limits limits) {
  public static final int DEFAULT_PORT = 8080;
  public static final String DEFAULT_HOST = "0.0.0.0";
  public static final Path DEFAULT_DATA = Path.of("data");
  public static final Duration DEFAULT_TOKEN_TTL = Duration.ofHours(12);
  public static final String DEFAULT_DEMO_PASSWORD = "demo";

  /** Environment variables that override the file. */
  public static final String ENV_PORT = "LUOT_PORT";
  public static final String ENV_HOST = "LUOT_HOST";
  public static final String ENV_DATA = "LUOT_DATA";
  public static final String ENV_TOKEN_SECRET = "LUOT_TOKEN_SECRET";
  public static final String ENV_DEMO_PASSWORD = "LUOT_DEMO_PASSWORD";
  /** The key of the demo kiosks K1–K4 of a center that configures none. */
  public static final String ENV_DEMO_KIOSK_KEY = "LUOT_DEMO_KIOSK_KEY";
  public static final String DEFAULT_DEMO_KIOSK_KEY = "demo-kiosk-key";
  public static final int DEMO_KIOSKS = 4;

  /** True when the demo accounts are active (the server warns about it). */
  public boolean demoAccounts() {
    return demoPassword != null;
  }

  public ServerConfig withPort(int newPort) {
    return new ServerConfig(host, newPort, dataDir, tokenSecret, tokenTtl, centers, kioskKeys, users, demoPassword,
        cluster, limits);
  }

  public ServerConfig withDataDir(Path newDataDir) {
    return new ServerConfig(host, port, newDataDir, tokenSecret, tokenTtl, centers, kioskKeys, users, demoPassword,
        cluster, limits);
  }

  public ServerConfig withCluster(ClusterSettings newCluster) {
    return new ServerConfig(host, port, dataDir, tokenSecret, tokenTtl, centers, kioskKeys, users, demoPassword,
        newCluster, limits);
  }
}
