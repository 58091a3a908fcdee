package org.metersync.domain;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;

/** Readings for tests: small, valid and distinct by number. */
final class TestReadings {

  static final Instant BASE = Instant.parse("2024-01-01T00:00:00Z");

  private TestReadings() {}

  static MeterReading reading(int n) {
    return new MeterReading(
        ReadingId.of("r-" + n),
        "meter-" + (n % 7),
        BASE.plusSeconds(n),
        BigDecimal.valueOf(n),
        "kWh");
  }

  static PendingReading pending(int n, int attempts) {
    return new PendingReading(reading(n), n, 1, attempts);
  }

  static List<PendingReading> pending(int count) {
    return IntStream.rangeClosed(1, count).mapToObj(n -> pending(n, 0)).toList();
  }
}
