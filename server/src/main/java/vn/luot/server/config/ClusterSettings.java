package vn.luot.server.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Where the journal lives and whether this node is one of several equal nodes. Without a PostgreSQL URL the node is
 * the default single SQLite node; with one it keeps its journal there; with cluster on, it also joins the other
 * members over Hazelcast (TCP/IP, an explicit member list, no multicast) so events reach every node's screens.
 *
 * @param postgres    the shared journal, {@code postgresql://user:password@host:5432/db} (null: SQLite)
 * @param enabled     join a cluster (needs postgres)
 * @param members     the other (and own) members, {@code host} or {@code host:port}; empty: only this node so far
 * @param host        the interface Hazelcast and the clustered event bus bind to, and tell the others
 * @param port        Hazelcast's port (the next free one up to +9 if taken); the event bus takes a free port
 * @param name        the cluster's name: nodes with another name never join it
 * @param engineIdle  how long a center's engine may go unused before it is stopped (it starts again on first use)
 */
public record ClusterSettings(String postgres, boolean enabled, List<String> members, String host, int port,
                              String name, Duration engineIdle) {
  static final Pattern MEMBER = Pattern.compile("[A-Za-z0-9.:\\[\\]-]{1,255}?(:[0-9]{1,5})?");
  static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]{1,64}");
  public static final ClusterSettings SINGLE = new ClusterSettings(null, false, List.of(), "127.0.0.1",
      5701, "luot", Duration.ofMinutes(10));

  public static final String ENV_POSTGRES = "LUOT_POSTGRES";
  public static final String ENV_CLUSTER = "LUOT_CLUSTER";
  public static final String ENV_MEMBERS = "LUOT_CLUSTER_MEMBERS";
  public static final String ENV_HOST = "LUOT_CLUSTER_HOST";
  public static final String ENV_PORT = "LUOT_CLUSTER_PORT";
  public static final String ENV_NAME = "LUOT_CLUSTER_NAME";
  public static final String ENV_ENGINE_IDLE = "LUOT_ENGINE_IDLE_SECONDS";

  public ClusterSettings {
    members = List.copyOf(members);
    if (enabled && postgres == null) {
      throw new ConfigException("cluster mode needs a shared PostgreSQL journal (--postgres or " + ENV_POSTGRES + ")", null);
    }
    if (port < 1 || port > 65535) throw new ConfigException("cluster port must be 1..65535, not " + port, null);
    if (!NAME.matcher(name).matches()) throw new ConfigException("cluster name must match " + NAME.pattern(), null);
    for (String m : members) {
      if (!MEMBER.matcher(m).matches()) throw new ConfigException("cluster member is not host or host:port: " + m, null);
    }
    if (engineIdle.isNegative() || engineIdle.isZero()) throw new ConfigException("engine idle time must be positive", null);
  }

  /** The file's cluster section with environment variables on top. */
  static ClusterSettings resolve(ConfigFile.Cluster file, Map<String, String> env) {
    ConfigFile.Cluster f = file == null ? new ConfigFile.Cluster(null, null, null, null, null, null, null) : file;
    String postgres = env.getOrDefault(ENV_POSTGRES, f.postgres());
    boolean enabled = env.containsKey(ENV_CLUSTER) ? bool(env.get(ENV_CLUSTER), ENV_CLUSTER)
        : Boolean.TRUE.equals(f.enabled());
    List<String> members = env.containsKey(ENV_MEMBERS) ? members(env.get(ENV_MEMBERS))
        : f.members() == null ? List.of() : f.members();
    String host = env.getOrDefault(ENV_HOST, f.host() == null ? SINGLE.host() : f.host());
    int port = env.containsKey(ENV_PORT) ? integer(env.get(ENV_PORT), ENV_PORT) : f.port() == null ? SINGLE.port() : f.port();
    String name = env.getOrDefault(ENV_NAME, f.name() == null ? SINGLE.name() : f.name());
    int idle = env.containsKey(ENV_ENGINE_IDLE) ? integer(env.get(ENV_ENGINE_IDLE), ENV_ENGINE_IDLE)
        : f.engineIdleSeconds() == null ? (int) SINGLE.engineIdle().toSeconds() : f.engineIdleSeconds();
    return new ClusterSettings(postgres, enabled, members, host, port, name, Duration.ofSeconds(idle));
  }

  /** {@code a:5701,b:5701} → [a:5701, b:5701]; blanks ignored. */
  public static List<String> members(String list) {
    List<String> out = new ArrayList<>();
    for (String m : list.split(",")) {
      if (!m.isBlank()) out.add(m.trim());
    }
    return out;
  }

  private static boolean bool(String s, String name) {
    if ("true".equalsIgnoreCase(s) || "1".equals(s)) return true;
    if ("false".equalsIgnoreCase(s) || "0".equals(s) || s.isEmpty()) return false;
    throw new ConfigException(name + " must be true or false, not " + s, null);
  }

  private static int integer(String s, String name) {
    try {
      return Integer.parseInt(s.trim());
    } catch (NumberFormatException e) {
      throw new ConfigException(name + " must be a number, not " + s, e);
    }
  }

  public boolean onPostgres() {
    return postgres != null;
  }

  public ClusterSettings withPostgres(String url) {
    return new ClusterSettings(url, enabled, members, host, port, name, engineIdle);
  }

  public ClusterSettings withEnabled(boolean on) {
    return new ClusterSettings(postgres, on, members, host, port, name, engineIdle);
  }

  public ClusterSettings withMembers(List<String> list) {
    return new ClusterSettings(postgres, enabled, list, host, port, name, engineIdle);
  }

  public ClusterSettings withHost(String h) {
    return new ClusterSettings(postgres, enabled, members, h, port, name, engineIdle);
  }

  public ClusterSettings withPort(int p) {
    return new ClusterSettings(postgres, enabled, members, host, p, name, engineIdle);
  }

  public ClusterSettings withEngineIdle(Duration d) {
    return new ClusterSettings(postgres, enabled, members, host, port, name, d);
  }
}
