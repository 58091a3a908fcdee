package org.metersync.adapters.http;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.metersync.domain.MeterReading;
import org.metersync.domain.ReadingId;

/** Readings for tests. */
public final class TestReadings {

  private TestReadings() {}

  public static MeterReading reading(String id, String meterId, String takenAt, String value) {
    return new MeterReading(
        ReadingId.of(id), meterId, Instant.parse(takenAt), new BigDecimal(value), "kWh");
  }

  /** {@code count} readings r-1, r-2, … of meter M-1001, fifteen minutes apart. */
  public static List<MeterReading> readings(int count) {
    List<MeterReading> readings = new ArrayList<>(count);
    Instant start = Instant.parse("2026-01-01T00:00:00Z");
    for (int i = 1; i <= count; i++) {
      readings.add(
          new MeterReading(
              ReadingId.of("r-" + i),
              "M-1001",
              start.plusSeconds(900L * i),
              new BigDecimal("100.25").add(BigDecimal.valueOf(i)),
              "kWh"));
    }
    return readings;
  }
}
