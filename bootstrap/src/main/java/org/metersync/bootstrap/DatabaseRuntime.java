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
  private final boolean probeForPooler;

  private DatabaseRuntime(
      Optional<EmbeddedPostgresServer> embedded,
      HikariDataSource dataSource,
      String description,
      boolean probeForPooler) {
    this.embedded = embedded;
    this.dataSource = dataSource;
    this.description = description;
    this.probeForPooler = probeForPooler;
  }

  public static DatabaseRuntime start(DatabaseSettings settings) {
    return start(settings, InstanceId.create());
  }

  /** As above, the connections named after {@code instance}. */
  public static DatabaseRuntime start(DatabaseSettings settings, InstanceId instance) {
    if (settings.url().isPresent()) {
      String url = settings.url().get();
      log.info(
          "sync database: {} as user {}{}; this instance is {}",
          url,
          settings.user(),
          settings.transactionPooling() ? " through a transaction pooler" : "",
          instance);
      HikariDataSource pool =
          DataSources.pooled(
              url,
              settings.user(),
              settings.password(),
              settings.poolSize(),
              settings.connectTimeout(),
              instance.applicationName(),
              settings.transactionPooling());
      return new DatabaseRuntime(Optional.empty(), pool, url, !settings.transactionPooling());
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
            server.jdbcUrl(),
            server.user(),
            null,
            settings.poolSize(),
            settings.connectTimeout(),
            instance.applicationName(),
            settings.transactionPooling()),
        "embedded PostgreSQL in " + server.dataDirectory().toAbsolutePath(),
        false);
  }

  /**
   * Refuses a pooler in transaction mode that the settings do not declare: through one, server-side
   * prepared statements collide ("prepared statement S_1 already exists") and LISTEN hears nothing.
   */
  public void refuseUndeclaredTransactionPooler() {
    if (!probeForPooler) {
      return;
    }
    Optional<Integer> shared = DataSources.sharedServerProcess(dataSource);
    if (shared.isPresent()) {
      throw new ConfigurationException(
          "database.url "
              + description
              + " leads to a connection pooler in transaction mode (two open connections were"
              + " served by one server process, "
              + shared.get()
              + "): set database.transactionPooling=true, which turns off server-side prepared"
              + " statements and LISTEN, or connect to PostgreSQL directly or through session"
              + " pooling (see README, Connection poolers)");
    }
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
