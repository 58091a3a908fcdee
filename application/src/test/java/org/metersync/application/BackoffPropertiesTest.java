package org.metersync.application;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.time.Duration;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BackoffPropertiesTest {

  @Test
  void delay_anyFailureCount_withinHalfAndAllOfTheCappedExponential() {
    qt().withExamples(200)
        .forAll(
            integers().between(1, 10_000),
            integers().between(1, 100),
            integers().between(1, 500),
            longs().all())
        .checkAssert(
            (initialMs, factor, failures, seed) -> {
              Duration initial = Duration.ofMillis(initialMs);
              Duration max = initial.multipliedBy(factor);
              Backoff backoff = new Backoff(initial, max, new SplittableRandom(seed));
              long ceiling = backoff.ceilingMillis(failures);
              long delay = backoff.delay(failures).toMillis();

              assertTrue(ceiling <= max.toMillis());
              assertTrue(ceiling >= initial.toMillis());
              assertTrue(delay >= ceiling / 2 && delay <= ceiling, delay + " vs " + ceiling);
            });
  }

  @Test
  void ceilingMillis_doublesUntilCapped() {
    Backoff backoff =
        new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(10), new SplittableRandom(1));

    assertEquals(1000, backoff.ceilingMillis(1));
    assertEquals(2000, backoff.ceilingMillis(2));
    assertEquals(8000, backoff.ceilingMillis(4));
    assertEquals(10_000, backoff.ceilingMillis(5));
    assertEquals(10_000, backoff.ceilingMillis(Integer.MAX_VALUE));
  }

  @Test
  void new_maxBelowInitial_throwsNamingBoth() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1), new SplittableRandom()));

    assertEquals("back-off needs 0 < initial <= max, was PT2S and PT1S", e.getMessage());
  }
}
