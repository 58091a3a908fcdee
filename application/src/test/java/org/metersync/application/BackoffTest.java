package org.metersync.application;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BackoffTest {

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
