package org.metersync.testkit;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.metersync.domain.MeterReading;
import org.metersync.domain.ReadingId;

/** The readings the contract checks use; public so a kind's own tests can use the same. */
public final class ContractReadings {

  private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

  private ContractReadings() {}

  /** {@code count} readings {@code prefix-1}, {@code prefix-2}, … of meter M-1001, unit kWh. */
  public static List<MeterReading> readings(String prefix, int count) {
    List<MeterReading> readings = new ArrayList<>(count);
    for (int i = 1; i <= count; i++) {
      readings.add(
          new MeterReading(
              ReadingId.of(prefix + "-" + i),
              "M-1001",
              START.plusSeconds(900L * i),
              new BigDecimal("100.25").add(BigDecimal.valueOf(i)),
              "kWh"));
    }
    return readings;
  }

  /** {@code count} readings r-1, r-2, …. */
  public static List<MeterReading> readings(int count) {
    return readings("r", count);
  }

  /** {@code reading} as edited locally after an upload: same id, another value. */
  public static MeterReading edited(MeterReading reading) {
    return new MeterReading(
        reading.id(),
        reading.meterId(),
        reading.takenAt(),
        reading.value().add(new BigDecimal("1.5")),
        reading.unit());
  }

  /** {@code reading} with its time moved by a minute: same id and value. */
  public static MeterReading retimed(MeterReading reading) {
    return new MeterReading(
        reading.id(),
        reading.meterId(),
        reading.takenAt().plusSeconds(60),
        reading.value(),
        reading.unit());
  }

  /**
   * Readings that break careless code: ids and meter ids with quotes, URL and query syntax, spaces
   * and non-ASCII letters, an id of the longest length; decimals beyond a {@code double}, with
   * trailing zeros, an exponent, a negative and a zero; instants at millisecond precision far
   * apart. All unit kWh: some kinds keep one unit per meter.
   */
  public static List<MeterReading> tricky() {
    return List.of(
        tricky("it's \"quoted\"", "M-'1'", "2026-01-01T00:15:00Z", "0.000001"),
        tricky("a' or parameters/readingId eq 'b", "M-1001", "2024-02-29T23:59:59.999Z", "100.250"),
        tricky("r/1?x=2&y=#f%20+", "M/2?&#", "1970-01-01T00:00:00Z", "1E+3"),
        tricky("zählerstand Ω 読み取り", "Zähler Ω", "2026-03-29T01:30:00.001Z", "-0.5"),
        tricky("x".repeat(ReadingId.MAX_LENGTH), "M-1001", "2099-12-31T23:59:59.123Z", "0"),
        tricky(
            "r-big",
            "m".repeat(MeterReading.MAX_METER_ID_LENGTH),
            "2000-01-01T12:00:00Z",
            "12345678901234567890.123456789012"));
  }

  private static MeterReading tricky(String id, String meterId, String takenAt, String value) {
    return new MeterReading(
        ReadingId.of(id), meterId, Instant.parse(takenAt), new BigDecimal(value), "kWh");
  }

  /**
   * Whether {@code a} and {@code b} carry the same reading: same id, meter, instant and unit, and a
   * numerically equal value (a remote may write {@code 100.250} as {@code 100.25}).
   */
  public static boolean sameData(MeterReading a, MeterReading b) {
    return a.id().equals(b.id())
        && a.meterId().equals(b.meterId())
        && a.takenAt().equals(b.takenAt())
        && a.value().compareTo(b.value()) == 0
        && a.unit().equals(b.unit());
  }
}
