package org.metersync.adapters.postgres;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A PostgreSQL server run by this process, for machines with no database configured. Its data
 * directory persists across runs; only one process can use a data directory at a time.
 */
public final class EmbeddedPostgresServer implements AutoCloseable {

  private final EmbeddedPostgres postgres;
  private final Path dataDirectory;
  private final int port;

  private EmbeddedPostgresServer(EmbeddedPostgres postgres, Path dataDirectory, int port) {
    this.postgres = postgres;
    this.dataDirectory = dataDirectory;
    this.port = port;
  }

  /**
   * The server another process of this service already runs on {@code dataDirectory}, if any; a
   * command run beside the service then uses it instead of starting a second server.
   */
  public static Optional<EmbeddedPostgresServer> attach(Path dataDirectory) {
    Path pidFile = dataDirectory.resolve("postmaster.pid");
    try {
      // postmaster.pid: line 1 is the server's process id, line 4 its port.
      List<String> lines = Files.readAllLines(pidFile);
      if (lines.size() < 4) {
        return Optional.empty();
      }
      long pid = Long.parseLong(lines.get(0).trim());
      int port = Integer.parseInt(lines.get(3).trim());
      boolean alive = ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
      return alive
          ? Optional.of(new EmbeddedPostgresServer(null, dataDirectory, port))
          : Optional.empty();
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException | NumberFormatException e) {
      return Optional.empty();
    }
  }

  /** Whether this process started the server (and so stops it on close). */
  public boolean owned() {
    return postgres != null;
  }

  /**
   * Starts a server on {@code dataDirectory}, initializing it on first use.
   *
   * @param port the port to listen on, or 0 for any free port
   */
  public static EmbeddedPostgresServer start(Path dataDirectory, int port) {
    return start(dataDirectory, port, Map.of());
  }

  /**
   * Starts a server on {@code dataDirectory} with {@code settings} on top of the embedded server's
   * own (which include {@code synchronous_commit=off}).
   *
   * @param port the port to listen on, or 0 for any free port
   */
  public static EmbeddedPostgresServer start(
      Path dataDirectory, int port, Map<String, String> settings) {
    try {
      Files.createDirectories(dataDirectory);
      EmbeddedPostgres.Builder builder =
          EmbeddedPostgres.builder()
              .setDataDirectory(dataDirectory)
              .setCleanDataDirectory(false)
              .setServerConfig("max_connections", "100");
      settings.forEach(builder::setServerConfig);
      if (port != 0) {
        builder.setPort(port);
      }
      EmbeddedPostgres started = builder.start();
      return new EmbeddedPostgresServer(started, dataDirectory, started.getPort());
    } catch (IOException e) {
      throw new UncheckedIOException(
          "could not start the embedded PostgreSQL in " + dataDirectory + ": " + e.getMessage(), e);
    }
  }

  public String jdbcUrl() {
    return "jdbc:postgresql://localhost:" + port + "/postgres";
  }

  public String user() {
    return "postgres";
  }

  public int port() {
    return port;
  }

  public Path dataDirectory() {
    return dataDirectory;
  }

  @Override
  public void close() {
    if (postgres == null) {
      return;
    }
    try {
      postgres.close();
    } catch (IOException e) {
      throw new UncheckedIOException("could not stop the embedded PostgreSQL", e);
    }
  }
}
