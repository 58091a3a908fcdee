package org.metersync.domain;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * When a tenant runs next: after a cycle that ran or was skipped, at the sync interval; after a
 * failure, at its back-off; while the client system does not answer, at the connectivity-check
 * interval. A client system's {@code Retry-After} is never cut short.
 */
public record SyncSchedule(
    Duration syncInterval, Duration connectivityCheckInterval, Backoff backoff) {

  public SyncSchedule {
    requirePositive(syncInterval, "syncInterval");
    requirePositive(connectivityCheckInterval, "connectivityCheckInterval");
    requireNonNull(backoff, "backoff");
  }

  /**
   * The next run after {@code result}.
   *
   * @param consecutiveFailures failures in a row, this one included; what decides the back-off of a
   *     {@link CycleResult.Failed} (at least 1 then), ignored otherwise
   * @param jitter see {@link Backoff#delay(int, double)}
   */
  public NextRun next(CycleResult result, int consecutiveFailures, Instant now, double jitter) {
    requireNonNull(result, "result");
    requireNonNull(now, "now");
    if (result instanceof CycleResult.Failed failed) {
      Duration wait = backoff.delay(consecutiveFailures, jitter);
      return after(now, wait, NextRun.Reason.BACKOFF, failed.retryAfter());
    }
    if (result instanceof CycleResult.Unreachable unreachable) {
      return after(
          now,
          connectivityCheckInterval,
          NextRun.Reason.CONNECTIVITY_CHECK,
          unreachable.retryAfter());
    }
    return new NextRun(now.plus(syncInterval), NextRun.Reason.INTERVAL);
  }

  private static NextRun after(
      Instant now, Duration wait, NextRun.Reason reason, Optional<Duration> retryAfter) {
    if (retryAfter.isPresent() && retryAfter.get().compareTo(wait) > 0) {
      return new NextRun(now.plus(retryAfter.get()), NextRun.Reason.RETRY_AFTER);
    }
    return new NextRun(now.plus(wait), reason);
  }

  private static void requirePositive(Duration duration, String name) {
    requireNonNull(duration, name);
    if (duration.isNegative() || duration.isZero()) {
      throw new IllegalArgumentException(name + " must be positive, was " + duration);
    }
  }
}
