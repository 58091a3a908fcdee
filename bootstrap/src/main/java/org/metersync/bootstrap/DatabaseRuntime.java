package org.metersync.bootstrap;

import com.zaxxer.hikari.HikariDataSource;
import java.util.Optional;
import javax.sql.DataSource;
import org.metersync.adapters.postgres.DataSources;
import org.metersync.adapters.postgres.EmbeddedPostgresServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The sync database this process uses: the configured server, or an embedded one it runs. */
public final class DatabaseRuntime implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(DatabaseRuntime.class);

  private final Optional<EmbeddedPostgresServer> embedded;
  private final HikariDataSource dataSource;
  private final String description;

  private DatabaseRuntime(
      Optional<EmbeddedPostgresServer> embedded, HikariDataSource dataSource, String description) {
    this.embedded = embedded;
    this.dataSource = dataSource;
    this.description = description;
  }

  public static DatabaseRuntime start(DatabaseSettings settings) {
    if (settings.url().isPresent()) {
      String url = settings.url().get();
      log.info("sync database: {} as user {}", url, settings.user());
      return new DatabaseRuntime(
          Optional.empty(),
          DataSources.pooled(
              url,
              settings.user(),
              settings.password(),
              settings.poolSize(),
              settings.connectTimeout()),
          url);
    }
    Optional<EmbeddedPostgresServer> running =
        EmbeddedPostgresServer.attach(settings.embeddedDataDirectory());
    EmbeddedPostgresServer server =
        running.orElseGet(
            () ->
                EmbeddedPostgresServer.start(
                    settings.embeddedDataDirectory(),
                    settings.embeddedPort(),
                    settings.embeddedServerSettings()));
    log.info(
        "no database.url configured: {} embedded PostgreSQL on port {} with its data in {}",
        server.owned() ? "started an" : "using the running",
        server.port(),
        server.dataDirectory().toAbsolutePath());
    return new DatabaseRuntime(
        Optional.of(server),
        DataSources.pooled(
            server.jdbcUrl(), server.user(), null, settings.poolSize(), settings.connectTimeout()),
        "embedded PostgreSQL in " + server.dataDirectory().toAbsolutePath());
  }

  public DataSource dataSource() {
    return dataSource;
  }

  /** Where the database is, for people: a URL, or the embedded server's data directory. */
  public String description() {
    return description;
  }

  @Override
  public void close() {
    dataSource.close();
    embedded.ifPresent(EmbeddedPostgresServer::close);
  }
}
