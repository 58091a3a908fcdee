package org.metersync.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RemoteCostTest {

  @Test
  void of_noOption_emptyTheClientSystemAnswersAtOnce() {
    assertEquals(Optional.empty(), RemoteCost.of(null, null, null));
  }

  @Test
  void of_frostLike_10msPerRequestAnd0point6msPerReading_310msPer500() {
    RemoteCost cost = RemoteCost.of("frost-like", null, null).orElseThrow();

    assertEquals(RemoteCost.FROST_LIKE, cost);
    assertEquals(Duration.ofMillis(310).toNanos(), cost.nanos(500));
    assertEquals(Duration.ofMillis(10).toNanos(), cost.nanos(0));
    assertEquals("10 ms per request + 0.6 ms per reading (frost-like)", cost.describe());
  }

  @Test
  void of_presetWithOneCostReplaced_customWithTheOtherFromThePreset() {
    RemoteCost cost = RemoteCost.of("FROST-LIKE", "20ms", null).orElseThrow();

    assertEquals(new RemoteCost(Duration.ofMillis(20), Duration.ofNanos(600_000), "custom"), cost);
  }

  @Test
  void of_costsWithoutPreset_theOtherIsZero() {
    RemoteCost cost = RemoteCost.of(null, null, "250us").orElseThrow();

    assertEquals(new RemoteCost(Duration.ZERO, Duration.ofNanos(250_000), "custom"), cost);
    assertEquals("0 ms per request + 0.25 ms per reading (custom)", cost.describe());
  }

  @Test
  void of_presetCostsRepeated_keepsThePresetsName() {
    assertEquals("frost-like", RemoteCost.of("frost-like", "10ms", "0.6ms").orElseThrow().name());
  }

  @Test
  void parseDuration_numberAndUnit_exactNanoseconds() {
    assertEquals(Duration.ofMillis(10), RemoteCost.parseDuration("--x", "10ms"));
    assertEquals(Duration.ofNanos(600_000), RemoteCost.parseDuration("--x", "0.6ms"));
    assertEquals(Duration.ofNanos(250_000), RemoteCost.parseDuration("--x", "250us"));
    assertEquals(Duration.ofNanos(250_000), RemoteCost.parseDuration("--x", "250µs"));
    assertEquals(Duration.ofMillis(1500), RemoteCost.parseDuration("--x", " 1.5 s "));
    assertEquals(Duration.ZERO, RemoteCost.parseDuration("--x", "0"));
  }

  @Test
  void parseDuration_notADuration_namesTheOptionAndTheValue() {
    for (String text : List.of("fast", "10", "-1ms", "10min", "1e3ms", "")) {
      IllegalArgumentException e =
          assertThrows(
              IllegalArgumentException.class,
              () -> RemoteCost.of(null, text, null),
              "'" + text + "'");

      assertTrue(e.getMessage().startsWith("--remote-request-cost must be a duration"), text);
      assertTrue(e.getMessage().contains("'" + text + "'"), e.getMessage());
    }
  }

  @Test
  void of_costAboveTheLimit_namesTheOptionAndTheLimit() {
    IllegalArgumentException request =
        assertThrows(IllegalArgumentException.class, () -> RemoteCost.of(null, "61s", null));
    IllegalArgumentException reading =
        assertThrows(IllegalArgumentException.class, () -> RemoteCost.of(null, null, "1.5s"));

    assertEquals(
        "--remote-request-cost must be between 0 and 60000 ms, was 61000 ms", request.getMessage());
    assertEquals(
        "--remote-reading-cost must be between 0 and 1000 ms, was 1500 ms", reading.getMessage());
  }

  @Test
  void of_unknownPreset_namesTheOptionAndThePresets() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> RemoteCost.of("slow", null, null));

    assertEquals("--remote must name a preset (frost-like), was 'slow'", e.getMessage());
  }

  @Test
  void nanos_negativeReadings_refused() {
    assertThrows(IllegalArgumentException.class, () -> RemoteCost.FROST_LIKE.nanos(-1));
  }
}
