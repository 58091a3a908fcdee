package org.metersync.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.doubles;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

class SyncSchedulePropertiesTest {

  private static final int EXAMPLES = 300;

  /** Settings in the ranges the configuration accepts. */
  private static Gen<SyncSchedule> schedules() {
    Gen<Backoff> backoffs =
        longs()
            .between(10, 3_600_000)
            .zip(longs().between(1, 1_000), (initial, factor) -> backoff(initial, factor));
    return longs()
        .between(1_000, Duration.ofDays(7).toMillis())
        .zip(
            longs().between(100, 86_400_000),
            backoffs,
            (interval, check, backoff) ->
                new SyncSchedule(Duration.ofMillis(interval), Duration.ofMillis(check), backoff));
  }

  private static Backoff backoff(long initialMs, long factor) {
    long maxMs = Math.min(initialMs * factor, 86_400_000);
    return new Backoff(Duration.ofMillis(initialMs), Duration.ofMillis(Math.max(initialMs, maxMs)));
  }

  /** Absent in a third of the cases; sometimes negative (a date already past). */
  private static Gen<Optional<Duration>> retryAfters() {
    return longs()
        .between(-60_000, 2 * 86_400_000L)
        .map(ms -> ms % 3 == 0 ? Optional.empty() : Optional.of(Duration.ofMillis(ms)));
  }

  private static Gen<CycleResult> results() {
    return integers()
        .between(0, 3)
        .zip(
            retryAfters(),
            (kind, retryAfter) ->
                switch (kind) {
                  case 0 -> new CycleResult.Synced();
                  case 1 -> new CycleResult.Skipped();
                  case 2 -> new CycleResult.Failed(retryAfter);
                  default -> new CycleResult.Unreachable(retryAfter);
                });
  }

  private static Gen<Integer> failures() {
    return integers().between(1, 80).mix(integers().between(1, Integer.MAX_VALUE - 1), 10);
  }

  private static Gen<Double> jitters() {
    return doubles().between(0, Math.nextDown(1.0));
  }

  private static Gen<Instant> instants() {
    return longs()
        .between(0, Instant.parse("2100-01-01T00:00:00Z").toEpochMilli())
        .map(Instant::ofEpochMilli);
  }

  @Test
  @DisplayName("1. the next run is never earlier than now, and later for every result")
  void neverEarlierThanNow() {
    AtomicInteger examples = new AtomicInteger();
    qt().withExamples(EXAMPLES)
        .forAll(schedules(), results(), failures(), instants())
        .checkAssert(
            (schedule, result, failures, now) -> {
              examples.incrementAndGet();
              NextRun next = schedule.next(result, failures, now, 0.0);

              assertTrue(next.at().isAfter(now), next + " after " + now);
            });
    assertAtLeast100(examples);
  }

  @Test
  @DisplayName(
      "2. the wait is never beyond the longest setting (interval, check interval, back-off cap)"
          + " except as a Retry-After demands, and then exactly that")
  void neverBeyondTheCapExceptRetryAfter() {
    AtomicInteger examples = new AtomicInteger();
    qt().withExamples(EXAMPLES)
        .forAll(schedules(), results(), failures(), jitters())
        .checkAssert(
            (schedule, result, failures, jitter) -> {
              examples.incrementAndGet();
              Instant now = Instant.EPOCH;
              NextRun next = schedule.next(result, failures, now, jitter);
              Duration wait = Duration.between(now, next.at());

              if (next.reason() == NextRun.Reason.RETRY_AFTER) {
                assertEquals(Optional.of(wait), retryAfter(result));
              } else {
                Duration cap =
                    Collections.max(
                        List.of(
                            schedule.syncInterval(),
                            schedule.connectivityCheckInterval(),
                            schedule.backoff().max()));
                assertTrue(wait.compareTo(cap) <= 0, wait + " beyond " + cap);
              }
              if (next.reason() == NextRun.Reason.BACKOFF) {
                assertTrue(wait.compareTo(schedule.backoff().max()) <= 0, wait + " beyond cap");
              }
            });
    assertAtLeast100(examples);
  }

  @Test
  @DisplayName("3. a Retry-After is never cut short")
  void retryAfterRespected() {
    AtomicInteger examples = new AtomicInteger();
    qt().withExamples(EXAMPLES)
        .forAll(schedules(), results(), failures(), jitters())
        .checkAssert(
            (schedule, result, failures, jitter) -> {
              examples.incrementAndGet();
              Instant now = Instant.EPOCH;
              NextRun next = schedule.next(result, failures, now, jitter);

              retryAfter(result)
                  .ifPresent(
                      retryAfter ->
                          assertFalse(
                              next.at().isBefore(now.plus(retryAfter)),
                              next + " before " + retryAfter));
            });
    assertAtLeast100(examples);
  }

  @Test
  @DisplayName("4. with the same jitter, one more failure in a row never waits less")
  void monotoneInConsecutiveFailures() {
    AtomicInteger examples = new AtomicInteger();
    qt().withExamples(EXAMPLES)
        .forAll(schedules(), retryAfters(), failures(), jitters())
        .checkAssert(
            (schedule, retryAfter, failures, jitter) -> {
              examples.incrementAndGet();
              CycleResult failed = new CycleResult.Failed(retryAfter);
              NextRun fewer = schedule.next(failed, failures, Instant.EPOCH, jitter);
              NextRun more = schedule.next(failed, failures + 1, Instant.EPOCH, jitter);

              assertFalse(more.at().isBefore(fewer.at()), more + " before " + fewer);
            });
    assertAtLeast100(examples);
  }

  @Test
  @DisplayName("5. a cycle that ran resets the schedule: the interval, whatever failed before")
  void successResets() {
    AtomicInteger examples = new AtomicInteger();
    qt().withExamples(EXAMPLES)
        .forAll(schedules(), failures(), jitters(), instants())
        .checkAssert(
            (schedule, failures, jitter, now) -> {
              examples.incrementAndGet();
              NextRun next = schedule.next(new CycleResult.Synced(), failures, now, jitter);

              assertEquals(
                  new NextRun(now.plus(schedule.syncInterval()), NextRun.Reason.INTERVAL), next);
              assertEquals(schedule.next(new CycleResult.Synced(), 0, now, 0.0), next);
            });
    assertAtLeast100(examples);
  }

  @Test
  @DisplayName("6. a back-off falls within half and all of the capped exponential")
  void backoffWithinHalfAndAllOfTheCappedExponential() {
    AtomicInteger examples = new AtomicInteger();
    qt().withExamples(EXAMPLES)
        .forAll(
            longs().between(1, 10_000),
            longs().between(1, 100),
            integers().between(1, 500),
            jitters())
        .checkAssert(
            (initialMs, factor, failures, jitter) -> {
              examples.incrementAndGet();
              Backoff backoff =
                  new Backoff(Duration.ofMillis(initialMs), Duration.ofMillis(initialMs * factor));
              long ceiling = backoff.ceilingMillis(failures);
              long delay = backoff.delay(failures, jitter).toMillis();

              assertTrue(ceiling <= backoff.max().toMillis());
              assertTrue(ceiling >= initialMs);
              assertTrue(delay >= ceiling / 2 && delay <= ceiling, delay + " vs " + ceiling);
            });
    assertAtLeast100(examples);
  }

  private static Optional<Duration> retryAfter(CycleResult result) {
    if (result instanceof CycleResult.Failed failed) {
      return failed.retryAfter();
    }
    if (result instanceof CycleResult.Unreachable unreachable) {
      return unreachable.retryAfter();
    }
    return Optional.empty();
  }

  /**
   * QuickTheories stops early once it keeps generating values it has tried; make sure it did not.
   */
  private static void assertAtLeast100(AtomicInteger examples) {
    assertTrue(examples.get() >= 100, "only " + examples.get() + " examples ran");
  }
}
