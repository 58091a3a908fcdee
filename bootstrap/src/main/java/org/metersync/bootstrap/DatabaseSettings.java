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
 * @param transactionPooling the URL leads to a pooler in transaction mode (PgBouncer): no
 *     server-side prepared statements, no LISTEN
 * @param leaseTtl how long a tenant's lease lasts unless renewed (decision 0009)
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
    boolean transactionPooling,
    Duration leaseTtl,
    Map<String, String> embeddedServerSettings) {

  /** The default lease time to live: the default {@code http.callTimeoutMs} plus the margin. */
  public static final Duration DEFAULT_LEASE_TTL = Duration.ofSeconds(90);

  public DatabaseSettings {
    embeddedServerSettings = Map.copyOf(embeddedServerSettings);
    requireNonNull(url, "url");
    requireNonNull(connectTimeout, "connectTimeout");
    requireNonNull(embeddedDataDirectory, "embeddedDataDirectory");
    requireNonNull(leaseTtl, "leaseTtl");
  }

  @Override
  public String toString() {
    return "DatabaseSettings[url="
        + url.orElse("(embedded in " + embeddedDataDirectory + ")")
        + ", user="
        + user
        + ", poolSize="
        + poolSize
        + ", transactionPooling="
        + transactionPooling
        + ", leaseTtl="
        + leaseTtl
        + "]";
  }
}
