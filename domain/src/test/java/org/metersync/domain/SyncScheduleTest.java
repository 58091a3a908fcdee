package org.metersync.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SyncScheduleTest {

  private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
  private final SyncSchedule schedule =
      new SyncSchedule(
          Duration.ofMinutes(5),
          Duration.ofSeconds(30),
          new Backoff(Duration.ofSeconds(1), Duration.ofMinutes(5)));

  @Test
  void next_synced_afterTheSyncInterval() {
    assertEquals(
        new NextRun(NOW.plus(Duration.ofMinutes(5)), NextRun.Reason.INTERVAL),
        schedule.next(new CycleResult.Synced(), 7, NOW, 0.3));
  }

  @Test
  void next_skipped_afterTheSyncInterval() {
    assertEquals(
        new NextRun(NOW.plus(Duration.ofMinutes(5)), NextRun.Reason.INTERVAL),
        schedule.next(new CycleResult.Skipped(), 0, NOW, 0.3));
  }

  @Test
  void next_thirdFailure_backsOffWithinTwoToFourSeconds() {
    assertEquals(
        new NextRun(NOW.plusMillis(2000), NextRun.Reason.BACKOFF),
        schedule.next(failed(Optional.empty()), 3, NOW, 0.0));
    assertEquals(
        new NextRun(NOW.plusMillis(3000), NextRun.Reason.BACKOFF),
        schedule.next(failed(Optional.empty()), 3, NOW, 0.5));
  }

  @Test
  void next_manyFailures_cappedAtTheBackoffMaximum() {
    assertEquals(
        new NextRun(NOW.plus(Duration.ofMinutes(5)), NextRun.Reason.BACKOFF),
        schedule.next(failed(Optional.empty()), 1000, NOW, Math.nextDown(1.0)));
  }

  @Test
  void next_failedWithLongerRetryAfter_waitsTheRetryAfter() {
    assertEquals(
        new NextRun(NOW.plus(Duration.ofHours(1)), NextRun.Reason.RETRY_AFTER),
        schedule.next(failed(Optional.of(Duration.ofHours(1))), 1, NOW, 0.5));
  }

  @Test
  void next_failedWithShorterRetryAfter_backsOff() {
    assertEquals(
        new NextRun(NOW.plusMillis(750), NextRun.Reason.BACKOFF),
        schedule.next(failed(Optional.of(Duration.ofMillis(100))), 1, NOW, 0.5));
  }

  @Test
  void next_unreachable_afterTheConnectivityCheckInterval() {
    assertEquals(
        new NextRun(NOW.plusSeconds(30), NextRun.Reason.CONNECTIVITY_CHECK),
        schedule.next(new CycleResult.Unreachable(Optional.empty()), 9, NOW, 0.5));
  }

  @Test
  void next_unreachableWithLongerRetryAfter_waitsTheRetryAfter() {
    assertEquals(
        new NextRun(NOW.plusSeconds(120), NextRun.Reason.RETRY_AFTER),
        schedule.next(
            new CycleResult.Unreachable(Optional.of(Duration.ofSeconds(120))), 1, NOW, 0.5));
  }

  @Test
  void failed_negativeRetryAfter_asksNothing() {
    assertEquals(
        Optional.empty(), new CycleResult.Failed(Optional.of(Duration.ofSeconds(-5))).retryAfter());
  }

  @Test
  void next_failedWithoutAFailureCounted_refused() {
    assertThrows(
        IllegalArgumentException.class, () -> schedule.next(failed(Optional.empty()), 0, NOW, 0.5));
  }

  @Test
  void new_zeroInterval_refusedNamingIt() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                new SyncSchedule(
                    Duration.ZERO,
                    Duration.ofSeconds(1),
                    new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(1))));

    assertEquals("syncInterval must be positive, was PT0S", e.getMessage());
  }

  private static CycleResult failed(Optional<Duration> retryAfter) {
    return new CycleResult.Failed(retryAfter);
  }
}
