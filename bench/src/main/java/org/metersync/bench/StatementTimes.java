package org.metersync.bench;

import static java.util.Objects.requireNonNull;

import java.util.Arrays;

/**
 * How long an upload run's per-batch statements took, from the client's side (execution and fetch):
 * its selects (the last finds nothing left) and its marks.
 */
record StatementTimes(Timings select, Timings mark) {

  StatementTimes {
    requireNonNull(select, "select");
    requireNonNull(mark, "mark");
  }

  /** The slowest mark as a multiple of the median mark; 0 without marks. */
  double markMaxToMedian() {
    return mark.medianMs() == 0 ? 0 : mark.maxMs() / mark.medianMs();
  }

  /** One kind of statement's times, in milliseconds. */
  record Timings(int count, double meanMs, double medianMs, double maxMs) {

    static final Timings NONE = new Timings(0, 0, 0, 0);

    Timings {
      if (count < 0 || meanMs < 0 || medianMs < 0 || maxMs < medianMs) {
        throw new IllegalArgumentException(
            "impossible timings: " + count + " " + meanMs + " " + medianMs + " " + maxMs);
      }
    }

    /**
     * The timings of these durations in nanoseconds; the median of an even count is the mean of the
     * middle two.
     */
    static Timings ofNanos(long... nanos) {
      if (nanos.length == 0) {
        return NONE;
      }
      long[] sorted = nanos.clone();
      Arrays.sort(sorted);
      int n = sorted.length;
      double median = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + (double) sorted[n / 2]) / 2;
      return new Timings(
          n, Arrays.stream(sorted).average().orElse(0) / 1e6, median / 1e6, sorted[n - 1] / 1e6);
    }
  }
}
