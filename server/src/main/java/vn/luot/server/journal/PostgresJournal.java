package vn.luot.server.journal;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.flywaydb.database.postgresql.PostgreSQLConfigurationExtension;

/**
 * The shared journal of a cluster: one PostgreSQL database that every node writes, with the same schema (the same
 * Flyway migrations) and the same key (center, seq) as SQLite. Connections come from a small HikariCP pool with short
 * timeouts, so a lost database shows as a quick failure (and a 503) rather than a hang, and a fresh connection is
 * taken once it is back.
 */
public final class PostgresJournal {
  /** How long to wait for a connection, and for a statement's answer, before calling the database lost. */
  static final int CONNECT_TIMEOUT_SECONDS = 5;
  static final int SOCKET_TIMEOUT_SECONDS = 30;
  static final String MIGRATIONS = "classpath:db/migration";

  private PostgresJournal() {}

  /**
   * Migrates the schema (Flyway takes a lock, so nodes starting together migrate once) and opens the journal.
   * Blocking.
   *
   * @param url {@code postgresql://user:password@host:port/db?…} (libpq form) or {@code jdbc:postgresql://…}
   */
  public static JdbcJournal open(String url, Consumer<Integer> batchObserver) {
    HikariDataSource pool;
    try {
      pool = new HikariDataSource(poolConfig(url));
    } catch (RuntimeException e) {
      throw new JournalUnavailableException("cannot connect to PostgreSQL at " + redacted(url) + ": " + e.getMessage(), e);
    }
    try {
      migrations(pool).load().migrate();
    } catch (RuntimeException e) {
      pool.close();
      throw new JournalUnavailableException("cannot migrate the journal on " + redacted(url) + ": " + e.getMessage(), e);
    }
    return new JdbcJournal(new JdbcJournal.ConnectionFactory() {
      @Override
      public java.sql.Connection open() throws java.sql.SQLException {
        return pool.getConnection();
      }

      @Override
      public void close() {
        pool.close();
      }
    }, batchObserver);
  }

  /**
   * The schema's migrations. Flyway's default on PostgreSQL (an advisory lock held by a transaction) runs each
   * migration on a second connection, committed just before the lock's transaction that holds its history row: a node
   * killed between the two commits leaves the change made but unrecorded, and every start after that runs it again and
   * fails ("column … already exists"). With a session lock Flyway uses one connection, and a migration commits with
   * its history row or not at all. Nodes starting together still migrate one at a time.
   */
  static FluentConfiguration migrations(DataSource dataSource) {
    FluentConfiguration flyway = Flyway.configure().dataSource(dataSource).locations(MIGRATIONS);
    flyway.getConfigurationExtension(PostgreSQLConfigurationExtension.class).setTransactionalLock(false);
    return flyway;
  }

  static HikariConfig poolConfig(String url) {
    JdbcUrl jdbc = JdbcUrl.parse(url);
    HikariConfig config = new HikariConfig();
    config.setPoolName("luot-journal");
    config.setJdbcUrl(jdbc.url());
    if (jdbc.user() != null) config.setUsername(jdbc.user());
    if (jdbc.password() != null) config.setPassword(jdbc.password());
    // The journal holds one write and one read connection; Flyway and the health check borrow briefly.
    config.setMaximumPoolSize(4);
    config.setMinimumIdle(1);
    config.setConnectionTimeout(CONNECT_TIMEOUT_SECONDS * 1000L);
    config.setValidationTimeout(2_000);
    config.setKeepaliveTime(30_000);
    // Start even if the database is down for a moment? No: a node without its journal must not serve.
    config.setInitializationFailTimeout(CONNECT_TIMEOUT_SECONDS * 1000L);
    config.addDataSourceProperty("connectTimeout", CONNECT_TIMEOUT_SECONDS);
    config.addDataSourceProperty("socketTimeout", SOCKET_TIMEOUT_SECONDS);
    config.addDataSourceProperty("tcpKeepAlive", true);
    config.addDataSourceProperty("ApplicationName", "luot");
    return config;
  }

  /** The URL without its password, for messages. */
  public static String redacted(String url) {
    return url == null ? null : url.replaceAll("(//[^:/@]+):[^@/]*@", "$1:***@");
  }

  /** A JDBC URL and the credentials a libpq-style URL carries in its user-info part. */
  record JdbcUrl(String url, String user, String password) {
    static JdbcUrl parse(String url) {
      if (url == null || url.isBlank()) throw new IllegalArgumentException("no PostgreSQL URL");
      if (url.startsWith("jdbc:postgresql:")) return new JdbcUrl(url, null, null);
      if (!url.startsWith("postgresql://") && !url.startsWith("postgres://")) {
        throw new IllegalArgumentException("a PostgreSQL URL starts with postgresql:// or jdbc:postgresql://");
      }
      URI uri = URI.create(url);
      String user = null;
      String password = null;
      if (uri.getRawUserInfo() != null) {
        String[] parts = uri.getRawUserInfo().split(":", 2);
        user = URLDecoder.decode(parts[0], StandardCharsets.UTF_8);
        if (parts.length > 1) password = URLDecoder.decode(parts[1], StandardCharsets.UTF_8);
      }
      String host = uri.getHost() == null ? "localhost" : uri.getHost();
      String port = uri.getPort() < 0 ? "" : ":" + uri.getPort();
      String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/postgres" : uri.getRawPath();
      String query = uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery();
      return new JdbcUrl("jdbc:postgresql://" + host + port + path + query, user, password);
    }
  }
}
