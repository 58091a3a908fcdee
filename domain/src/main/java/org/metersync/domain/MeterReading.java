package org.metersync.domain;

import static java.util.Objects.requireNonNull;

import java.math.BigDecimal;
import java.time.Instant;

/** One reading of one meter, as the field took it. */
public record MeterReading(
    ReadingId id, String meterId, Instant takenAt, BigDecimal value, String unit) {

  public static final int MAX_METER_ID_LENGTH = 128;
  public static final int MAX_UNIT_LENGTH = 32;

  public MeterReading {
    requireNonNull(id, "reading id");
    requireNonNull(meterId, "meter id");
    requireNonNull(takenAt, "taken at");
    requireNonNull(value, "value");
    requireNonNull(unit, "unit");
    if (meterId.isBlank() || meterId.length() > MAX_METER_ID_LENGTH) {
      throw new IllegalArgumentException(
          "meter id must be 1-" + MAX_METER_ID_LENGTH + " characters, reading " + id);
    }
    if (unit.length() > MAX_UNIT_LENGTH) {
      throw new IllegalArgumentException(
          "unit must be at most " + MAX_UNIT_LENGTH + " characters, reading " + id);
    }
  }
}
