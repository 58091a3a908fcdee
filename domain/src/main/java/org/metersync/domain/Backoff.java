package org.metersync.domain;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * Exponential back-off with jitter: the n-th consecutive failure waits between half and all of
 * {@code initial * 2^(n-1)}, capped at {@code max}. Jitter spreads out tenants (and instances) that
 * failed together, so they do not all retry at once; it is passed in, so the rule stays pure.
 */
public record Backoff(Duration initial, Duration max) {

  public Backoff {
    requireNonNull(initial, "initial");
    requireNonNull(max, "max");
    if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
      throw new IllegalArgumentException(
          "back-off needs 0 < initial <= max, was " + initial + " and " + max);
    }
  }

  /**
   * The wait after {@code failures} consecutive failures (at least 1).
   *
   * @param jitter where in {@code [ceiling / 2, ceiling]} the wait falls, from 0 (inclusive) to 1
   *     (exclusive); a random number, drawn by the caller
   */
  public Duration delay(int failures, double jitter) {
    if (!(jitter >= 0 && jitter < 1)) {
      throw new IllegalArgumentException("jitter must be in [0, 1), was " + jitter);
    }
    long ceiling = ceilingMillis(failures);
    long floor = ceiling / 2;
    long spread = (long) (jitter * (ceiling - floor + 1));
    return Duration.ofMillis(Math.min(ceiling, floor + spread));
  }

  /** The largest wait after {@code failures} failures: {@code min(max, initial * 2^(n-1))}. */
  public long ceilingMillis(int failures) {
    if (failures < 1) {
      throw new IllegalArgumentException("failures must be at least 1, was " + failures);
    }
    long initialMillis = initial.toMillis();
    long maxMillis = max.toMillis();
    int doublings = Math.min(failures - 1, 62);
    if (initialMillis > (maxMillis >> doublings)) {
      return maxMillis;
    }
    return Math.min(maxMillis, initialMillis << doublings);
  }
}
