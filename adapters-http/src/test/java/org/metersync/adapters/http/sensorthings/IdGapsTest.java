package org.metersync.adapters.http.sensorthings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class IdGapsTest {

  private static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");

  private static IdGaps.Range range(long first, long last, long second) {
    return new IdGaps.Range(first, last, T0.plusSeconds(second));
  }

  @Test
  void between_idsSkipped_oneRangeSeenNow() {
    IdGaps gaps = IdGaps.NONE.between(3, 8, T0.plusMillis(1_500));

    assertEquals(List.of(range(4, 7, 1)), gaps.ranges(), "kept to the second");
    assertSame(gaps, gaps.between(8, 9, T0));
  }

  @Test
  void without_idInsideARange_splitsItKeepingWhenSeen() {
    IdGaps gaps = new IdGaps(List.of(range(4, 4, 0), range(9, 12, 5)));

    assertEquals(List.of(range(9, 12, 5)), gaps.without(4).ranges());
    assertEquals(
        List.of(range(4, 4, 0), range(9, 9, 5), range(11, 12, 5)), gaps.without(10).ranges());
    assertSame(gaps, gaps.without(5));
  }

  @Test
  void missedSince_dropsOnlyRangesSeenBeforeTheCutoff() {
    IdGaps gaps = new IdGaps(List.of(range(1, 2, 0), range(5, 5, 10), range(8, 9, 20)));

    IdGaps.Trimmed trimmed = gaps.missedSince(T0.plusSeconds(10));

    assertEquals(List.of(range(5, 5, 10), range(8, 9, 20)), trimmed.kept().ranges());
    assertEquals(List.of(range(1, 2, 0)), trimmed.dropped());
  }

  @Test
  void atMost_overTheBound_dropsMissedLongestThenLowest() {
    IdGaps gaps =
        new IdGaps(List.of(range(1, 1, 5), range(3, 3, 0), range(5, 5, 0), range(7, 7, 9)));

    IdGaps.Trimmed trimmed = gaps.atMost(2);

    assertEquals(List.of(range(3, 3, 0), range(5, 5, 0)), trimmed.dropped());
    assertEquals(List.of(range(1, 1, 5), range(7, 7, 9)), trimmed.kept().ranges());
    assertEquals(List.of(), gaps.atMost(4).dropped());
  }

  @Test
  void filter_singleIdAndRange_primaryKeyTerms() {
    assertEquals("id eq 4", range(4, 4, 0).filter());
    assertEquals("(id ge 9 and id le 12)", range(9, 12, 0).filter());
  }

  @Test
  void new_overlappingOrBackwards_refused() {
    assertThrows(IllegalArgumentException.class, () -> range(5, 4, 0));
    assertThrows(
        IllegalArgumentException.class, () -> new IdGaps(List.of(range(1, 3, 0), range(3, 4, 0))));
    assertThrows(IllegalArgumentException.class, () -> IdGaps.NONE.between(5, 5, T0));
  }
}
