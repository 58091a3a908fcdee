package org.metersync.application;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Exponential back-off with jitter: the n-th consecutive failure waits a random time between half
 * and all of {@code initial * 2^(n-1)}, capped at {@code max}. Jitter spreads out tenants (and
 * instances) that failed together, so they do not all retry at once.
 */
public final class Backoff {

  private final Duration initial;
  private final Duration max;
  private final RandomGenerator random;

  public Backoff(Duration initial, Duration max, RandomGenerator random) {
    this.initial = requireNonNull(initial, "initial");
    this.max = requireNonNull(max, "max");
    this.random = requireNonNull(random, "random");
    if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
      throw new IllegalArgumentException(
          "back-off needs 0 < initial <= max, was " + initial + " and " + max);
    }
  }

  /** The wait after {@code failures} consecutive failures (at least 1). */
  public Duration delay(int failures) {
    if (failures < 1) {
      throw new IllegalArgumentException("failures must be at least 1, was " + failures);
    }
    long ceiling = ceilingMillis(failures);
    long floor = ceiling / 2;
    return Duration.ofMillis(floor + random.nextLong(ceiling - floor + 1));
  }

  /** The largest wait after {@code failures} failures: {@code min(max, initial * 2^(n-1))}. */
  public long ceilingMillis(int failures) {
    long initialMillis = initial.toMillis();
    long maxMillis = max.toMillis();
    int doublings = Math.min(failures - 1, 62);
    if (initialMillis > (maxMillis >> Math.min(doublings, 62))) {
      return maxMillis;
    }
    return Math.min(maxMillis, initialMillis << doublings);
  }
}
