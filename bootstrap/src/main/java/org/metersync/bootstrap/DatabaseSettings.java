package org.metersync.bootstrap;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * Where the sync database is.
 *
 * @param url the JDBC URL; empty to run an embedded PostgreSQL in {@code embeddedDataDirectory}
 * @param password never logged
 */
public record DatabaseSettings(
    Optional<String> url,
    String user,
    String password,
    int poolSize,
    Duration connectTimeout,
    Path embeddedDataDirectory,
    int embeddedPort) {

  public DatabaseSettings {
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
