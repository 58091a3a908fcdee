package org.metersync.adapters.postgres.testing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The PostgreSQL server the tests run against: an embedded one started once per test JVM, or the
 * server named by the system property {@value #JDBC_URL_PROPERTY} (or the environment variable
 * {@value #JDBC_URL_ENV}), with user and password from {@code metersync.test.user}/{@code
 * METERSYNC_TEST_USER} and {@code metersync.test.password}/{@code METERSYNC_TEST_PASSWORD}. Either
 * way every caller gets a database of its own, created fresh.
 */
public final class TestPostgres {

  public static final String JDBC_URL_PROPERTY = "metersync.test.jdbcUrl";
  public static final String JDBC_URL_ENV = "METERSYNC_TEST_JDBC_URL";

  private static final AtomicInteger SEQUENCE = new AtomicInteger();
  private static Server server;

  private TestPostgres() {}

  private record Server(String baseUrl, String user, String password) {}

  /** A new, empty database on the test server; dropped again by {@link TestDatabase#close()}. */
  public static TestDatabase newDatabase() {
    Server s = server();
    String name =
        ("ms_" + ProcessHandle.current().pid() + "_" + SEQUENCE.incrementAndGet())
            .toLowerCase(Locale.ROOT);
    execute(s, "postgres", "CREATE DATABASE " + name);
    return new TestDatabase(name, withDatabase(s.baseUrl(), name), s.user(), s.password());
  }

  static void drop(String name) {
    execute(server(), "postgres", "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
  }

  private static synchronized Server server() {
    if (server == null) {
      String url = setting(JDBC_URL_PROPERTY, JDBC_URL_ENV);
      if (url != null) {
        server =
            new Server(
                url,
                setting("metersync.test.user", "METERSYNC_TEST_USER"),
                setting("metersync.test.password", "METERSYNC_TEST_PASSWORD"));
      } else {
        server = startEmbedded();
      }
    }
    return server;
  }

  private static Server startEmbedded() {
    try {
      // Stopped by the library's own shutdown hook when the test JVM exits.
      EmbeddedPostgres postgres = EmbeddedPostgres.builder().start();
      return new Server(
          "jdbc:postgresql://localhost:" + postgres.getPort() + "/postgres", "postgres", null);
    } catch (IOException e) {
      throw new UncheckedIOException("could not start the embedded PostgreSQL for tests", e);
    }
  }

  private static String setting(String property, String environment) {
    String value = System.getProperty(property);
    if (value == null || value.isBlank()) {
      value = System.getenv(environment);
    }
    return value == null || value.isBlank() ? null : value;
  }

  /** The server's URL with its database replaced by {@code database}, keeping any parameters. */
  static String withDatabase(String url, String database) {
    int query = url.indexOf('?');
    String base = query < 0 ? url : url.substring(0, query);
    String params = query < 0 ? "" : url.substring(query);
    int slash = base.lastIndexOf('/');
    if (slash < "jdbc:postgresql://".length()) {
      throw new IllegalArgumentException(
          JDBC_URL_PROPERTY + " must be a URL like jdbc:postgresql://host:port/db: " + url);
    }
    return base.substring(0, slash + 1) + database + params;
  }

  private static void execute(Server s, String database, String sql) {
    Properties props = new Properties();
    if (s.user() != null) {
      props.setProperty("user", s.user());
    }
    if (s.password() != null) {
      props.setProperty("password", s.password());
    }
    try (Connection c = DriverManager.getConnection(withDatabase(s.baseUrl(), database), props);
        Statement st = c.createStatement()) {
      st.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException("test database setup failed: " + sql, e);
    }
  }
}
