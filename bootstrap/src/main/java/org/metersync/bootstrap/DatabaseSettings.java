package org.metersync.bootstrap;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Where the sync database is.
 *
 * @param url the JDBC URL; empty to run an embedded PostgreSQL in {@code embeddedDataDirectory}
 * @param password never logged
 * @param embeddedServerSettings server settings for the embedded PostgreSQL on top of its own (the
 *     benchmark sets {@code synchronous_commit}); none for the service
 */
public record DatabaseSettings(
    Optional<String> url,
    String user,
    String password,
    int poolSize,
    Duration connectTimeout,
    Path embeddedDataDirectory,
    int embeddedPort,
    Map<String, String> embeddedServerSettings) {

  /** Settings with the embedded PostgreSQL's own server settings, as the service runs it. */
  public DatabaseSettings(
      Optional<String> url,
      String user,
      String password,
      int poolSize,
      Duration connectTimeout,
      Path embeddedDataDirectory,
      int embeddedPort) {
    this(
        url,
        user,
        password,
        poolSize,
        connectTimeout,
        embeddedDataDirectory,
        embeddedPort,
        Map.of());
  }

  public DatabaseSettings {
    embeddedServerSettings = Map.copyOf(embeddedServerSettings);
    requireNonNull(url, "url");
    requireNonNull(connectTimeout, "connectTimeout");
    requireNonNull(embeddedDataDirectory, "embeddedDataDirectory");
  }

  @Override
  public String toString() {
    return "DatabaseSettings[url="
        + url.orElse("(embedded in " + embeddedDataDirectory + ")")
        + ", user="
        + user
        + ", poolSize="
        + poolSize
        + "]";
  }
}
