package org.metersync.spi;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.time.Duration;

/**
 * What the service shares with every kind of client system.
 *
 * @param credentials resolves a tenant's credential reference to its secret
 * @param clock the service's clock
 * @param timeouts how long a call may take
 * @param userAgent how the service names itself to a client system ({@code meter-sync/1.2.3})
 * @param calls told about every exchange with a client system, for metrics
 * @param maxResponseBytes the largest answer a kind reads from a client system, unless a tenant's
 *     options say otherwise: a larger one fails the call, so that no client system can exhaust the
 *     service's memory
 */
public record ClientSystemContext(
    Credentials credentials,
    Clock clock,
    Timeouts timeouts,
    String userAgent,
    CallObserver calls,
    long maxResponseBytes) {

  /** The default of {@code maxResponseBytes}: 16 MiB. */
  public static final long DEFAULT_MAX_RESPONSE_BYTES = 16L * 1024 * 1024;

  public ClientSystemContext {
    requireNonNull(credentials, "credentials");
    requireNonNull(clock, "clock");
    requireNonNull(timeouts, "timeouts");
    requireNonNull(userAgent, "userAgent");
    requireNonNull(calls, "calls");
    if (maxResponseBytes < 1) {
      throw new IllegalArgumentException("maxResponseBytes must be positive: " + maxResponseBytes);
    }
  }

  /** With the default {@code maxResponseBytes}. */
  public ClientSystemContext(
      Credentials credentials,
      Clock clock,
      Timeouts timeouts,
      String userAgent,
      CallObserver calls) {
    this(credentials, clock, timeouts, userAgent, calls, DEFAULT_MAX_RESPONSE_BYTES);
  }

  /**
   * For tests and tools: the process environment, the system clock, default timeouts, no metrics.
   */
  public static ClientSystemContext defaults(String userAgent) {
    return new ClientSystemContext(
        Credentials.fromSystemEnvironment(),
        Clock.systemUTC(),
        Timeouts.DEFAULTS,
        userAgent,
        CallObserver.NONE);
  }

  /**
   * @param connect to establish a connection
   * @param read between two pieces of an answer (and to write a request)
   * @param call for a whole call, answer included
   */
  public record Timeouts(Duration connect, Duration read, Duration call) {

    public static final Timeouts DEFAULTS =
        new Timeouts(Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofSeconds(120));

    public Timeouts {
      requireNonNull(connect, "connect");
      requireNonNull(read, "read");
      requireNonNull(call, "call");
    }
  }
}
