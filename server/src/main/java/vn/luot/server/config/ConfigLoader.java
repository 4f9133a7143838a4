package vn.luot.server.config;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import vn.luot.server.auth.Role;
import vn.luot.server.auth.UserAccount;
import vn.luot.server.domain.CenterConfig;
import vn.luot.server.domain.DisplaySettings;
import vn.luot.server.domain.Counter;
import vn.luot.server.domain.Field;
import vn.luot.server.domain.QueuePolicy;
import vn.luot.server.domain.RoutingMode;

/**
 * Reads the configuration: a YAML or JSON file (or the built-in demo center), then environment variables on top.
 * Blocking; runs once before the server starts.
 */
public final class ConfigLoader {
  public static final String DEMO_RESOURCE = "/demo-center.yaml";
  static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");
  static final Pattern CODE = Pattern.compile("[A-Z0-9]{1,16}");
  static final Pattern PREFIX = Pattern.compile("[A-Z]{1,3}");
  static final Pattern COUNTER_ID = Pattern.compile("[A-Za-z0-9-]{1,32}");
  static final Pattern KIOSK_ID = Pattern.compile("[A-Za-z0-9_.-]{1,64}");

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  private ConfigLoader() {}

  /**
   * @param file the config file, or null for the demo center
   * @param env  environment variables (System.getenv() in production)
   */
  public static ServerConfig load(Path file, Map<String, String> env) {
    ConfigFile parsed = file == null ? readDemo() : read(file);
    ConfigFile.Server server = Optional.ofNullable(parsed.server()).orElse(new ConfigFile.Server(null, null, null));
    ConfigFile.Auth auth = Optional.ofNullable(parsed.auth()).orElse(new ConfigFile.Auth(null, null));

    int port = env.containsKey(ServerConfig.ENV_PORT) ? parsePort(env.get(ServerConfig.ENV_PORT), ServerConfig.ENV_PORT)
        : Optional.ofNullable(server.port()).orElse(ServerConfig.DEFAULT_PORT);
    String host = env.getOrDefault(ServerConfig.ENV_HOST, Optional.ofNullable(server.host()).orElse(ServerConfig.DEFAULT_HOST));
    Path data = Path.of(env.getOrDefault(ServerConfig.ENV_DATA,
        Optional.ofNullable(server.data()).orElse(ServerConfig.DEFAULT_DATA.toString())));
    String secret = env.getOrDefault(ServerConfig.ENV_TOKEN_SECRET, auth.tokenSecret());
    if (secret != null && secret.length() < 32) throw new ConfigException("auth.tokenSecret must have at least 32 characters", null);
    Duration ttl = auth.tokenTtlHours() == null ? ServerConfig.DEFAULT_TOKEN_TTL : Duration.ofHours(auth.tokenTtlHours());

    if (parsed.centers() == null || parsed.centers().isEmpty()) throw new ConfigException("no center configured", null);
    List<CenterConfig> centers = new ArrayList<>();
    Map<String, Map<String, String>> kioskKeys = new java.util.LinkedHashMap<>();
    String demoKioskKey = env.getOrDefault(ServerConfig.ENV_DEMO_KIOSK_KEY, ServerConfig.DEFAULT_DEMO_KIOSK_KEY);
    for (ConfigFile.Center c : parsed.centers()) {
      // The screen settings are part of the center's settings (an administrator changes them live).
      CenterConfig center = center(c).withDisplay(display(c));
      if (kioskKeys.containsKey(center.id())) throw new ConfigException("center id repeated: " + center.id(), null);
      kioskKeys.put(center.id(), kiosks(c, demoKioskKey));
      centers.add(center);
    }

    boolean demo = parsed.users() == null || parsed.users().isEmpty();
    // Without users, the demo accounts (DemoAccounts), seeded with this password when the server starts.
    String demoPassword = demo
        ? env.getOrDefault(ServerConfig.ENV_DEMO_PASSWORD, ServerConfig.DEFAULT_DEMO_PASSWORD) : null;
    List<UserAccount> users = demo ? List.of() : users(parsed.users(), centers);
    return new ServerConfig(host, port, data, secret, ttl, List.copyOf(centers), Map.copyOf(kioskKeys),
        List.copyOf(users), demoPassword, ClusterSettings.resolve(parsed.cluster(), env),
        Limits.resolve(parsed.limits(), env));
  }

  private static ConfigFile readDemo() {
    try (InputStream in = ConfigLoader.class.getResourceAsStream(DEMO_RESOURCE)) {
      return YAML.readValue(in, ConfigFile.class);
    } catch (IOException e) {
      throw new ConfigException("cannot read the built-in demo configuration", e);
    }
  }

  private static ConfigFile read(Path file) {
    if (!Files.isReadable(file)) throw new ConfigException("cannot read config file " + file, null);
    try {
      // YAML is a superset of JSON, so one reader takes both.
      return YAML.readValue(file.toFile(), ConfigFile.class);
    } catch (IOException e) {
      throw new ConfigException("config file " + file + " is not valid: " + e.getMessage(), e);
    }
  }

  static CenterConfig center(ConfigFile.Center c) {
    String where = "center " + c.id();
    require(c.id() != null && ID.matcher(c.id()).matches(), where + ": id must match " + ID.pattern());
    require(c.name() != null && !c.name().isBlank(), where + ": name is required");
    require(c.fields() != null && !c.fields().isEmpty(), where + ": at least one field is required");
    require(c.counters() != null, where + ": counters are required");
    ZoneId zone;
    try {
      zone = ZoneId.of(c.zone() == null ? "Asia/Ho_Chi_Minh" : c.zone());
    } catch (RuntimeException e) {
      throw new ConfigException(where + ": unknown zone " + c.zone(), e);
    }
    List<Field> fields = new ArrayList<>();
    for (ConfigFile.Field f : c.fields()) {
      require(f.code() != null && CODE.matcher(f.code()).matches(), where + ": field code must match " + CODE.pattern());
      require(f.prefix() != null && PREFIX.matcher(f.prefix()).matches(), where + ": prefix of " + f.code() + " must match " + PREFIX.pattern());
      require(f.name() != null && !f.name().isBlank(), where + ": field " + f.code() + " needs a name");
      fields.add(new Field(f.code(), f.name(), f.prefix(), orDefault(f.targetWaitMinutes(), 30),
          orDefault(f.defaultServiceMinutes(), 10)));
    }
    List<Counter> counters = new ArrayList<>();
    for (ConfigFile.Counter k : c.counters()) {
      require(k.id() != null && COUNTER_ID.matcher(k.id()).matches(), where + ": counter id must match " + COUNTER_ID.pattern());
      counters.add(new Counter(k.id(), k.name() == null ? "Quầy " + k.id() : k.name(),
          k.fields() == null ? List.of() : k.fields()));
    }
    ConfigFile.Policy p = Optional.ofNullable(c.policy()).orElse(new ConfigFile.Policy(null, null, null, null));
    try {
      QueuePolicy policy = new QueuePolicy(
          orDefault(p.priorityRatio(), QueuePolicy.DEFAULT.priorityRatio()),
          p.routing() == null ? QueuePolicy.DEFAULT.routing() : RoutingMode.valueOf(p.routing()),
          p.recallMinGapSeconds() == null ? QueuePolicy.DEFAULT.recallMinGap() : Duration.ofSeconds(p.recallMinGapSeconds()),
          orDefault(p.ratingLevels(), QueuePolicy.DEFAULT.ratingLevels()));
      return new CenterConfig(c.id(), c.name(), zone, fields, counters, policy);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(where + ": " + e.getMessage(), e);
    }
  }

  /** The center's kiosks and their keys; a center that names none gets the demo kiosks K1–K4 with the demo key. */
  private static Map<String, String> kiosks(ConfigFile.Center c, String demoKey) {
    Map<String, String> keys = new java.util.LinkedHashMap<>();
    if (c.kiosks() == null || c.kiosks().isEmpty()) {
      for (int i = 1; i <= ServerConfig.DEMO_KIOSKS; i++) keys.put("K" + i, demoKey);
      return Map.copyOf(keys);
    }
    for (ConfigFile.Kiosk k : c.kiosks()) {
      require(k.id() != null && KIOSK_ID.matcher(k.id()).matches(), "center " + c.id() + ": kiosk id must match " + KIOSK_ID.pattern());
      require(k.key() != null && k.key().length() >= 16, "center " + c.id() + ": kiosk " + k.id() + " needs a key of 16 characters or more");
      if (keys.put(k.id(), k.key()) != null) throw new ConfigException("center " + c.id() + ": kiosk repeated: " + k.id(), null);
    }
    return Map.copyOf(keys);
  }

  private static DisplaySettings display(ConfigFile.Center c) {
    ConfigFile.Display d = c.display();
    if (d == null) return DisplaySettings.DEFAULT;
    DisplaySettings x = DisplaySettings.DEFAULT;
    try {
      return new DisplaySettings(d.notice() == null ? x.notice() : d.notice(),
          d.announcementTemplate() == null ? x.template() : d.announcementTemplate(),
          d.numberReading() == null ? x.numberReading() : d.numberReading(),
          d.zeroTens() == null ? x.zeroTens() : d.zeroTens(),
          d.voice() == null ? x.voice() : d.voice(),
          d.repeat() == null ? x.repeat() : d.repeat(),
          d.highlightSeconds() == null ? x.highlightSeconds() : d.highlightSeconds());
    } catch (IllegalArgumentException e) {
      throw new ConfigException("center " + c.id() + " display: " + e.getMessage(), e);
    }
  }

  private static List<UserAccount> users(List<ConfigFile.User> list, List<CenterConfig> centers) {
    List<UserAccount> out = new ArrayList<>();
    for (ConfigFile.User u : list) {
      require(u.username() != null && !u.username().isBlank(), "a user has no username");
      Role role = Role.parse(u.role()).orElseThrow(() ->
          new ConfigException("user " + u.username() + ": role must be clerk, supervisor or admin", null));
      require(u.passwordHash() != null && u.passwordHash().startsWith("$argon2"),
          "user " + u.username() + ": passwordHash must be an Argon2 hash (see docs/OPERATIONS.md, hash-password)");
      if (u.center() != null) {
        CenterConfig center = centers.stream().filter(c -> c.id().equals(u.center())).findFirst().orElseThrow(() ->
            new ConfigException("user " + u.username() + ": unknown center " + u.center(), null));
        if (u.counter() != null) {
          require(center.counter(u.counter()).isPresent(), "user " + u.username() + ": unknown counter " + u.counter());
        }
      }
      try {
        out.add(new UserAccount(u.username(), role, u.center(), u.counter(), u.passwordHash(), u.displayName()));
      } catch (IllegalArgumentException e) {
        throw new ConfigException(e.getMessage(), e);
      }
    }
    return out;
  }

  private static int parsePort(String s, String name) {
    try {
      int port = Integer.parseInt(s.trim());
      if (port < 0 || port > 65535) throw new NumberFormatException();
      return port;
    } catch (NumberFormatException e) {
      throw new ConfigException(name + " must be a port number 0..65535, not " + s, e);
    }
  }

  private static int orDefault(Integer v, int d) {
    return v == null ? d : v;
  }

  private static void require(boolean ok, String message) {
    if (!ok) throw new ConfigException(message, null);
  }
}
