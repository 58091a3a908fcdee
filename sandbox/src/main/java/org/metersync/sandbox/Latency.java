package org.metersync.sandbox;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Delay added before every authenticated request is handled: none, fixed, or uniformly drawn from
 * {@code [min, max]} in whole milliseconds.
 */
public record Latency(Duration min, Duration max) {

  public static final Latency NONE = new Latency(Duration.ZERO, Duration.ZERO);

  public Latency {
    requireNonNull(min, "min");
    requireNonNull(max, "max");
    if (min.isNegative() || max.compareTo(min) < 0) {
      throw new IllegalArgumentException("latency needs 0 <= min <= max: " + min + ", " + max);
    }
  }

  public static Latency fixed(Duration delay) {
    return new Latency(delay, delay);
  }

  public static Latency between(Duration min, Duration max) {
    return new Latency(min, max);
  }

  boolean isNone() {
    return max.isZero();
  }

  /** The delay for one request; draws from {@code random} only for a true range. */
  Duration next(RandomGenerator random) {
    if (min.equals(max)) {
      return min;
    }
    return Duration.ofMillis(random.nextLong(min.toMillis(), max.toMillis() + 1));
  }
}
