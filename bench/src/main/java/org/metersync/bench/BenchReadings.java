package org.metersync.bench;

import java.math.BigDecimal;
import java.time.Instant;
import org.metersync.domain.MeterReading;
import org.metersync.domain.ReadingId;

/**
 * The benchmark's readings. Reading {@code n} (from 1) of the download feed is the same wherever it
 * is made: in the loopback client system's answers and in the floor's {@code COPY}. Pending local
 * readings are made by SQL ({@code BenchDatabase.insertPending}) in the shape the demo uses.
 */
final class BenchReadings {

  static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
  static final String UNIT = "kWh";
  private static final int METERS = 25;
  private static final long SECONDS_APART = 900;

  private BenchReadings() {}

  static String id(long n) {
    return "dl-" + n;
  }

  static String meterId(long n) {
    return "meter-" + (n % METERS);
  }

  static Instant takenAt(long n) {
    return START.plusSeconds(n * SECONDS_APART);
  }

  /** {@code n × 0.37}, exactly, as a plain decimal. */
  static String value(long n) {
    return decimal(n).toPlainString();
  }

  /** Reading {@code n} of the download feed, as the service stores it. */
  static MeterReading downloaded(long n) {
    return new MeterReading(ReadingId.of(id(n)), meterId(n), takenAt(n), decimal(n), UNIT);
  }

  private static BigDecimal decimal(long n) {
    return BigDecimal.valueOf(n * 37, 2);
  }
}
