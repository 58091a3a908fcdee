package org.metersync.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BatchesTest {

  @Test
  void requireDistinctIds_distinct_returnsTheBatch() {
    List<MeterReading> batch = List.of(TestReadings.reading(1), TestReadings.reading(2));

    assertEquals(batch, Batches.requireDistinctIds(TenantId.of("acme"), batch));
  }

  @Test
  void requireDistinctIds_sameIdTwice_refusedNamingTenantAndId() {
    MeterReading reading = TestReadings.reading(1);

    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                Batches.requireDistinctIds(
                    TenantId.of("acme"), List.of(reading, TestReadings.reading(2), reading)));
    assertEquals("tenant acme: batch holds reading " + reading.id() + " twice", e.getMessage());
  }

  @Test
  void split_emptyList_returnsNoBatches() {
    assertEquals(List.of(), Batches.split(List.of(), 3));
  }

  @Test
  void split_exactMultiple_returnsFullBatches() {
    assertEquals(List.of(List.of(1, 2), List.of(3, 4)), Batches.split(List.of(1, 2, 3, 4), 2));
  }

  @Test
  void split_remainder_lastBatchIsSmaller() {
    assertEquals(
        List.of(List.of(1, 2, 3), List.of(4, 5)), Batches.split(List.of(1, 2, 3, 4, 5), 3));
  }

  @Test
  void split_sizeOne_returnsSingletons() {
    assertEquals(List.of(List.of("a"), List.of("b")), Batches.split(List.of("a", "b"), 1));
  }

  @Test
  void split_sizeLargerThanList_returnsOneBatch() {
    assertEquals(List.of(List.of(1, 2)), Batches.split(List.of(1, 2), 10_000));
  }

  @Test
  void split_sizeMaxInt_returnsOneBatchWithoutOverflow() {
    // Regression: the batch count (n + size - 1) / size used to overflow here.
    assertEquals(List.of(List.of(1, 2)), Batches.split(List.of(1, 2), Integer.MAX_VALUE));
  }

  @ParameterizedTest
  @ValueSource(ints = {0, -1, Integer.MIN_VALUE})
  void split_sizeBelowOne_throwsNamingTheSize(int size) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Batches.split(List.of(1), size));

    assertEquals("batch size must be at least 1, was " + size, e.getMessage());
  }

  @Test
  void split_nullItems_throwsNullPointer() {
    assertThrows(NullPointerException.class, () -> Batches.split(null, 1));
  }

  @Test
  void split_inputChangedAfterwards_batchesUnaffected() {
    List<Integer> items = new ArrayList<>(List.of(1, 2, 3));

    List<List<Integer>> batches = Batches.split(items, 2);
    items.clear();

    assertEquals(List.of(List.of(1, 2), List.of(3)), batches);
  }

  @Test
  void split_batches_areImmutable() {
    List<List<Integer>> batches = Batches.split(List.of(1, 2, 3), 2);

    assertThrows(UnsupportedOperationException.class, () -> batches.get(0).set(0, 9));
  }
}
