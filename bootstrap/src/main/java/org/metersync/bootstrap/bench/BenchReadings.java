package org.metersync.bootstrap.bench;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * The benchmark's readings. Reading {@code n} (from 1) of the download feed is the same wherever it
 * is made: in the loopback client system's answers and in the floor's {@code COPY}. Pending local
 * readings are made by SQL ({@link #INSERT_PENDING}) in the shape the demo uses.
 */
final class BenchReadings {

  static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
  static final String UNIT = "kWh";
  private static final int METERS = 25;
  private static final long SECONDS_APART = 900;

  /** Pending local readings {@code local-1..local-N} of one tenant, oldest first. */
  static final String INSERT_PENDING =
      "INSERT INTO meter_reading (tenant_id, meter_reading_id, meter_id, taken_at, value, unit)"
          + " SELECT ?, 'local-' || g, 'meter-' || (g % 25),"
          + " timestamptz '2026-01-01 00:00:00Z' + g * interval '15 minutes',"
          + " round((g * 0.37)::numeric, 3), 'kWh' FROM generate_series(1, ?) g ORDER BY g";

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
    return BigDecimal.valueOf(n * 37, 2).toPlainString();
  }
}
