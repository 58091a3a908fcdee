package org.metersync.application.fakes;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;
import org.metersync.domain.MeterReading;
import org.metersync.domain.ReadingId;

/** Valid readings for tests, distinct by number and by prefix. */
public final class TestReadings {

  public static final Instant BASE = Instant.parse("2024-01-01T00:00:00Z");

  private TestReadings() {}

  /** Reading {@code n}: id {@code r-n}, one of seven meters, value {@code n} kWh. */
  public static MeterReading reading(int n) {
    return reading("r-", n);
  }

  /** Reading {@code n} with id {@code prefix + n}, so that local and remote ids can differ. */
  public static MeterReading reading(String prefix, int n) {
    return new MeterReading(
        ReadingId.of(prefix + n),
        "meter-" + (n % 7),
        BASE.plusSeconds(n),
        BigDecimal.valueOf(n),
        "kWh");
  }

  /** Readings 1 to {@code count}. */
  public static List<MeterReading> readings(int count) {
    return readings("r-", count);
  }

  public static List<MeterReading> readings(String prefix, int count) {
    return IntStream.rangeClosed(1, count).mapToObj(n -> reading(prefix, n)).toList();
  }
}
