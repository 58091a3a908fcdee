package org.metersync.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.metersync.adapters.postgres.PlainJdbcFlows;

class StatementTimesTest {

  @Test
  void ofNanos_oddCount_meanMiddleAndMaxInMilliseconds() {
    StatementTimes.Timings timings =
        StatementTimes.Timings.ofNanos(9_000_000, 1_000_000, 2_000_000);

    assertEquals(new StatementTimes.Timings(3, 4.0, 2.0, 9.0), timings);
  }

  @Test
  void ofNanos_evenCount_medianIsTheMeanOfTheMiddleTwo() {
    assertEquals(
        2.5, StatementTimes.Timings.ofNanos(4_000_000, 1_000_000, 3_000_000, 2_000_000).medianMs());
  }

  @Test
  void ofNanos_none_allZero() {
    assertEquals(StatementTimes.Timings.NONE, StatementTimes.Timings.ofNanos());
    assertEquals(
        0,
        new StatementTimes(StatementTimes.Timings.NONE, StatementTimes.Timings.NONE)
            .markMaxToMedian());
  }

  @Test
  void timings_maxBelowMedian_refused() {
    assertThrows(IllegalArgumentException.class, () -> new StatementTimes.Timings(2, 1, 2, 1));
  }

  @Test
  void markMaxToMedian_slowestMarkOverTheMedianMark() {
    StatementTimes times =
        new StatementTimes(
            StatementTimes.Timings.ofNanos(1_000_000),
            StatementTimes.Timings.ofNanos(2_000_000, 2_000_000, 12_000_000));

    assertEquals(6.0, times.markMaxToMedian());
  }

  @Test
  void timer_selectsAndMarksByOperation_otherStatementsIgnored() {
    StatementTimer timer = new StatementTimer();

    timer.accept(PlainJdbcFlows.SELECT_OPERATION, 1_000_000);
    timer.accept(PlainJdbcFlows.MARK_OPERATION, 3_000_000);
    timer.accept(PlainJdbcFlows.SELECT_OPERATION, 2_000_000);
    timer.accept("tenant.read", 50_000_000);

    StatementTimes times = timer.times();
    assertEquals(new StatementTimes.Timings(2, 1.5, 1.5, 2.0), times.select());
    assertEquals(new StatementTimes.Timings(1, 3.0, 3.0, 3.0), times.mark());
  }
}
