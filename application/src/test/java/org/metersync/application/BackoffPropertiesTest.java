package org.metersync.application;

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
}
