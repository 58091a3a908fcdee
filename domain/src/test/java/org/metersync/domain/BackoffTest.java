package org.metersync.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {

  private final Backoff backoff = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(10));

  @Test
  void ceilingMillis_doublesUntilCapped() {
    assertEquals(1000, backoff.ceilingMillis(1));
    assertEquals(2000, backoff.ceilingMillis(2));
    assertEquals(8000, backoff.ceilingMillis(4));
    assertEquals(10_000, backoff.ceilingMillis(5));
    assertEquals(10_000, backoff.ceilingMillis(Integer.MAX_VALUE));
  }

  @Test
  void delay_jitterAtItsEnds_halfAndAllOfTheCeiling() {
    assertEquals(Duration.ofMillis(2000), backoff.delay(3, 0.0));
    assertEquals(Duration.ofMillis(4000), backoff.delay(3, Math.nextDown(1.0)));
    assertEquals(Duration.ofMillis(3000), backoff.delay(3, 0.5));
  }

  @Test
  void delay_jitterOutsideZeroToOne_refused() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> backoff.delay(1, 1.0));

    assertEquals("jitter must be in [0, 1), was 1.0", e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> backoff.delay(1, -0.1));
    assertThrows(IllegalArgumentException.class, () -> backoff.delay(1, Double.NaN));
  }

  @Test
  void delay_noFailure_refused() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> backoff.delay(0, 0.5));

    assertEquals("failures must be at least 1, was 0", e.getMessage());
  }

  @Test
  void new_maxBelowInitial_throwsNamingBoth() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1)));

    assertEquals("back-off needs 0 < initial <= max, was PT2S and PT1S", e.getMessage());
  }
}
