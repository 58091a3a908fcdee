package org.metersync.adapters.http;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * How the one shared HTTP client behaves; the same for every tenant.
 *
 * @param connectTimeout the longest wait to open a connection
 * @param readTimeout the longest silence while reading an answer
 * @param writeTimeout the longest stall while sending a request
 * @param callTimeout the longest a whole call may take, 0 for no limit
 * @param maxIdleConnections idle connections kept in the pool
 * @param keepAlive how long an idle connection is kept
 * @param userAgent the {@code User-Agent} header, such as {@code meter-sync/1.2.0}
 */
public record HttpSettings(
    Duration connectTimeout,
    Duration readTimeout,
    Duration writeTimeout,
    Duration callTimeout,
    int maxIdleConnections,
    Duration keepAlive,
    String userAgent) {

  public HttpSettings {
    requireNonNull(connectTimeout, "connectTimeout");
    requireNonNull(readTimeout, "readTimeout");
    requireNonNull(writeTimeout, "writeTimeout");
    requireNonNull(callTimeout, "callTimeout");
    requireNonNull(keepAlive, "keepAlive");
    requireNonNull(userAgent, "userAgent");
    requireNotNegative(connectTimeout, "connectTimeout");
    requireNotNegative(readTimeout, "readTimeout");
    requireNotNegative(writeTimeout, "writeTimeout");
    requireNotNegative(callTimeout, "callTimeout");
    requireNotNegative(keepAlive, "keepAlive");
    if (maxIdleConnections < 0) {
      throw new IllegalArgumentException("maxIdleConnections must be >= 0: " + maxIdleConnections);
    }
    if (userAgent.isBlank()) {
      throw new IllegalArgumentException("userAgent must not be blank");
    }
  }

  /** Sensible defaults for a service talking to a few dozen client systems. */
  public static HttpSettings defaults(String version) {
    requireNonNull(version, "version");
    return new HttpSettings(
        Duration.ofSeconds(10),
        Duration.ofSeconds(30),
        Duration.ofSeconds(30),
        Duration.ofMinutes(2),
        10,
        // Shorter than most servers' idle timeouts, so a pooled connection is rarely stale.
        Duration.ofSeconds(30),
        "meter-sync/" + version);
  }

  private static void requireNotNegative(Duration duration, String name) {
    if (duration.isNegative()) {
      throw new IllegalArgumentException(name + " must not be negative: " + duration);
    }
  }
}
