package vn.luot.server.config;

import java.util.List;

/**
 * The shape of a configuration file (YAML or JSON, read with Jackson). Absent keys take the defaults in
 * {@link ServerConfig}; unknown keys are an error, so a typo does not pass silently.
 */
public record ConfigFile(Server server, Auth auth, List<Center> centers, List<User> users, Cluster cluster,
                         java.util.Map<String, Object> limits) {

  /** Cluster mode and the shared journal; see {@link ClusterSettings}. */
  public record Cluster(Boolean enabled, String postgres, List<String> members, String host, Integer port, String name,
                        Integer engineIdleSeconds) {}

  public record Server(Integer port, String host, String data) {}

  /**
   * @param tokenSecret   signs login tokens; every node of a cluster needs the same one
   * @param tokenTtlHours how long a login lasts
   */
  public record Auth(String tokenSecret, Integer tokenTtlHours) {}

  public record Center(String id, String name, String zone, Policy policy, List<Field> fields, List<Counter> counters,
                       Display display, List<Kiosk> kiosks) {}

  /**
   * A kiosk PC whose print agent may receive print jobs.
   *
   * @param key a secret of at least 16 characters the agent presents (--key); jobs carry tracking tokens
   */
  public record Kiosk(String id, String key) {}

  /** What the screens show and say; see {@link vn.luot.server.domain.DisplaySettings}. */
  public record Display(String notice, String announcementTemplate, String numberReading, String zeroTens, String voice,
                        Integer repeat, Integer highlightSeconds) {}

  public record Policy(Integer priorityRatio, String routing, Integer recallMinGapSeconds, Integer ratingLevels) {}

  public record Field(String code, String name, String prefix, Integer targetWaitMinutes, Integer defaultServiceMinutes) {}

  public record Counter(String id, String name, List<String> fields) {}

  /**
   * @param role         clerk, supervisor or admin
   * @param center       the center a clerk or supervisor belongs to; admins see every center when absent
   * @param counter      a clerk's counter
   * @param passwordHash an Argon2 hash in PHC form ($argon2id$…), never a password
   */
  public record User(String username, String role, String center, String counter, String passwordHash,
                     String displayName) {}
}
