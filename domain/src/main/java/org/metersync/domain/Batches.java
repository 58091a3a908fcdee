package org.metersync.domain;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Splits a sequence into batches; the rules a batch of readings keeps. */
public final class Batches {

  private Batches() {}

  /**
   * Splits {@code items} into consecutive batches of {@code size}, the last one possibly smaller:
   * in order, nothing lost or repeated. The batches are views of an immutable copy.
   */
  public static <T> List<List<T>> split(List<T> items, int size) {
    requireNonNull(items, "items");
    if (size < 1) {
      throw new IllegalArgumentException("batch size must be at least 1, was " + size);
    }
    List<T> copy = List.copyOf(items);
    int count = copy.size() / size + (copy.size() % size == 0 ? 0 : 1);
    List<List<T>> batches = new ArrayList<>(count);
    // Steps by what is left rather than by size, so that no index overflows for a huge size.
    for (int from = 0; from < copy.size(); ) {
      int to = from + Math.min(size, copy.size() - from);
      batches.add(copy.subList(from, to));
      from = to;
    }
    return batches;
  }

  /**
   * {@code batch} if no reading id occurs in it twice: a client system answers once per id, so a
   * repeated id would leave one of its readings without a verdict.
   *
   * @throws IllegalArgumentException naming the tenant and the first repeated id
   */
  public static List<MeterReading> requireDistinctIds(TenantId tenantId, List<MeterReading> batch) {
    requireNonNull(tenantId, "tenantId");
    Set<ReadingId> ids = new HashSet<>();
    for (MeterReading reading : batch) {
      if (!ids.add(reading.id())) {
        throw new IllegalArgumentException(
            "tenant " + tenantId + ": batch holds reading " + reading.id() + " twice");
      }
    }
    return batch;
  }
}
