package org.metersync.adapters.postgres;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A PostgreSQL server run by this process, for machines with no database configured. Its data
 * directory persists across runs; only one process can use a data directory at a time.
 */
public final class EmbeddedPostgresServer implements AutoCloseable {

  private final EmbeddedPostgres postgres;
  private final Path dataDirectory;

  private EmbeddedPostgresServer(EmbeddedPostgres postgres, Path dataDirectory) {
    this.postgres = postgres;
    this.dataDirectory = dataDirectory;
  }

  /**
   * Starts a server on {@code dataDirectory}, initializing it on first use.
   *
   * @param port the port to listen on, or 0 for any free port
   */
  public static EmbeddedPostgresServer start(Path dataDirectory, int port) {
    try {
      Files.createDirectories(dataDirectory);
      EmbeddedPostgres.Builder builder =
          EmbeddedPostgres.builder()
              .setDataDirectory(dataDirectory)
              .setCleanDataDirectory(false)
              .setServerConfig("max_connections", "100");
      if (port != 0) {
        builder.setPort(port);
      }
      return new EmbeddedPostgresServer(builder.start(), dataDirectory);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "could not start the embedded PostgreSQL in " + dataDirectory + ": " + e.getMessage(), e);
    }
  }

  public String jdbcUrl() {
    return "jdbc:postgresql://localhost:" + postgres.getPort() + "/postgres";
  }

  public String user() {
    return "postgres";
  }

  public int port() {
    return postgres.getPort();
  }

  public Path dataDirectory() {
    return dataDirectory;
  }

  @Override
  public void close() {
    try {
      postgres.close();
    } catch (IOException e) {
      throw new UncheckedIOException("could not stop the embedded PostgreSQL", e);
    }
  }
}
