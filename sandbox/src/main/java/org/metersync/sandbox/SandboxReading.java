package org.metersync.sandbox;

import static java.util.Objects.requireNonNull;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.metersync.domain.MeterReading;
import org.metersync.domain.ReadingId;

/**
 * A reading as the sandbox holds it: exactly the reference-rest wire fields, the value an exact
 * decimal kept with the scale it was written with.
 */
public record SandboxReading(
    String id, String meterId, Instant takenAt, BigDecimal value, String unit) {

  private static final Instant GENERATED_FROM = Instant.parse("2026-01-01T00:00:00Z");
  private static final Duration GENERATED_STEP = Duration.ofMinutes(15);
  private static final int GENERATED_METERS = 10;

  public SandboxReading {
    requireNonNull(id, "id");
    requireNonNull(meterId, "meterId");
    requireNonNull(takenAt, "takenAt");
    requireNonNull(value, "value");
    requireNonNull(unit, "unit");
    if (id.isBlank() || id.length() > ReadingId.MAX_LENGTH) {
      throw new IllegalArgumentException("id must be 1-128 characters, not blank: '" + id + "'");
    }
    if (meterId.isBlank() || meterId.length() > MeterReading.MAX_METER_ID_LENGTH) {
      throw new IllegalArgumentException("meterId must be 1-128 characters, reading " + id);
    }
    if (unit.length() > MeterReading.MAX_UNIT_LENGTH) {
      throw new IllegalArgumentException("unit must be at most 32 characters, reading " + id);
    }
  }

  public static SandboxReading of(MeterReading reading) {
    return new SandboxReading(
        reading.id().value(),
        reading.meterId(),
        reading.takenAt(),
        reading.value(),
        reading.unit());
  }

  public MeterReading toMeterReading() {
    return new MeterReading(ReadingId.of(id), meterId, takenAt, value, unit);
  }

  /**
   * Whether {@code other} carries the same data: same meter, instant and unit, and a numerically
   * equal value ({@code 100.25} and {@code 100.250} are the same reading).
   */
  public boolean sameDataAs(SandboxReading other) {
    return id.equals(other.id)
        && meterId.equals(other.meterId)
        && takenAt.equals(other.takenAt)
        && value.compareTo(other.value) == 0
        && unit.equals(other.unit);
  }

  /**
   * {@code count} deterministic readings {@code <prefix>-<n>} for n = {@code first}, {@code first +
   * 1}, …: ten meters, a quarter hour apart, values with three decimals. The same arguments always
   * give the same readings.
   */
  public static List<SandboxReading> generate(String prefix, long first, int count) {
    requireNonNull(prefix, "prefix");
    if (count < 0 || first < 0) {
      throw new IllegalArgumentException("first and count must not be negative");
    }
    List<SandboxReading> readings = new ArrayList<>(count);
    for (long n = first; n < first + count; n++) {
      readings.add(
          new SandboxReading(
              prefix + "-" + n,
              "M-" + (1000 + n % GENERATED_METERS),
              GENERATED_FROM.plus(GENERATED_STEP.multipliedBy(n / GENERATED_METERS)),
              // A meter's counter grows with each reading; the last digit varies the scale.
              BigDecimal.valueOf(100_000 + (n / GENERATED_METERS) * 1_237 + n % 7, 3),
              "kWh"));
    }
    return readings;
  }
}
